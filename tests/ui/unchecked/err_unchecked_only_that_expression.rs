// The exception covers its own expression only: the calls around it are still checked.
use ctxlock::{may_sleep, nmi_safe, nmi_unchecked};

#[may_sleep]
pub(crate) fn flush() -> u32 {
    0
}

#[nmi_safe]
fn on_crash() -> u32 {
    let reviewed = nmi_unchecked!("queue drained before the handler is installed", flush());
    reviewed + flush()
}

fn main() {}
