// The reason must say something: empty and blank reasons are errors at the reason.
use ctxlock::{may_sleep, nmi_safe, nmi_unchecked};

#[may_sleep]
fn flush() {}

#[nmi_safe]
fn on_crash() {
    nmi_unchecked!("", flush());
    nmi_unchecked!("   ", flush());
}

fn main() {}
