// The way out of `err_call_collides_with_module.rs`: call through the full path, or use
// `nmi_unchecked!`.
#![deny(warnings)]

mod join {
    pub fn join() {}
}

pub use join::join;

use ctxlock::{nmi_safe, nmi_unchecked};

#[nmi_safe]
fn handler() {
    join::join();
    nmi_unchecked!("`join` is the plain fn of module `join`, which never blocks", join());
}

fn main() {
    handler();
}
