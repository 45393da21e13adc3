// `crate = "…"` takes a path, as a string literal.
use ctxlock::{may_sleep, nmi_safe};

#[nmi_safe(crate = "my ctxlock")]
fn handler() {}

#[may_sleep(crate = "")]
fn load() {}

#[nmi_safe(crate = ctxlock)]
fn crash() {}

fn main() {
    handler();
    load();
    crash();
}
