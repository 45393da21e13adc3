// `crate = "…"` naming no crate: the error points at the string the user wrote.
use ctxlock::{may_sleep, nmi_safe};

#[nmi_safe(crate = "not_ctxlock")]
fn handler() {}

#[may_sleep(crate = "not_ctxlock")]
fn load() {}

fn main() {
    handler();
    load();
}
