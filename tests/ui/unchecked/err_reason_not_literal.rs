// The reason must be a string literal, written at the call; a const, an expression, or a missing
// reason are errors.
use ctxlock::{may_sleep, nmi_safe, nmi_unchecked};

const REASON: &str = "reviewed";

#[may_sleep]
fn flush() {}

#[nmi_safe]
fn on_crash() {
    nmi_unchecked!(REASON, flush());
    nmi_unchecked!(flush());
    nmi_unchecked!(concat!("re", "viewed"), flush());
}

fn main() {}
