// Flags take no value; `crate` takes one.
use ctxlock::{may_sleep, nmi_safe};

#[nmi_safe(entry = true)]
fn handler() {}

#[may_sleep(no_marker = "yes")]
fn load() {}

#[nmi_safe(crate)]
fn crash() {}

fn main() {
    handler();
    load();
    crash();
}
