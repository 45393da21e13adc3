// Documented limit: an `#[nmi_safe]` fn calling a fn whose name is also a module in scope
// (`mod join; pub use join::join;`) cannot be probed.
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
