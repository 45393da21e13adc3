// A plain fn re-exported beside the module of its name is probed without error, by its bare name, by
// the full path, and skipped inside `nmi_unchecked!`.
#![deny(warnings)]

mod join {
    pub fn join() {}
}

pub use join::join;

use ctxlock::{nmi_safe, nmi_unchecked};

#[nmi_safe]
fn handler() {
    join::join();
    join();
    nmi_unchecked!("`join` is the plain fn of module `join`, which never blocks", join());
}

fn main() {
    handler();
}
