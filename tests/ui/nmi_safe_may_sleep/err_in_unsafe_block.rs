// Rule 5 in an `unsafe` block, and for an `unsafe fn`.
use ctxlock::{may_sleep, nmi_safe};

#[may_sleep]
pub(crate) unsafe fn kexec_load() {}

#[nmi_safe]
fn crash_kexec() {
    // SAFETY: none needed; the call is what the test is about.
    unsafe {
        kexec_load();
    }
}

fn main() {}
