// `entry` on a declaration without a body: there is nothing to run inside `NmiScope`.
use ctxlock::nmi_safe;

trait Handler {
    #[nmi_safe(entry)]
    fn handle(&self);
}

fn main() {}
