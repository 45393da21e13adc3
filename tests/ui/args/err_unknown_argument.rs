// An unknown argument is an error on the argument, listing what is allowed; the fn stays usable.
use ctxlock::{may_sleep, nmi_safe};

#[nmi_safe(entyr)]
fn handler() {}

#[may_sleep(entry)]
fn load() {}

#[nmi_safe(entry, signal = "SIGSEGV")]
fn segv() {}

fn main() {
    handler();
    load();
    segv();
}
