// A callee whose name is also a module in scope (`mod join; pub use join::join;`) is probed like any
// other: the module's glob brings no marker.
#![deny(warnings)]
mod join {
    pub fn join() {}
}

pub use join::join;

use ctxlock::nmi_safe;

#[nmi_safe]
fn handler() {
    join();
}

fn main() {}
