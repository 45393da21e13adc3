// Across crates, upstream's `#[nmi_safe]` fns and its types' methods are callable; its `#[may_sleep]`
// fns are fine in sleepable code.
#![deny(warnings)]

use ctxlock::{may_sleep, nmi_safe};
use ctxlock_test_upstream::{crash_kexec, kexec_load, record_crash, Image};

#[nmi_safe]
fn on_crash() -> u32 {
    record_crash() + crash_kexec().unwrap_or(0) + Image::new().size()
}

#[may_sleep]
fn load() {
    kexec_load(1);
    ctxlock_test_upstream::kexec::reload();
}

fn main() {
    load();
    let _ = on_crash();
}
