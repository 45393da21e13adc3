// Rule 5 in `if let` conditions and branches.
use ctxlock::{may_sleep, nmi_safe};

#[may_sleep]
pub(crate) fn kexec_load() -> Option<u32> {
    None
}

#[nmi_safe]
fn crash_kexec() -> u32 {
    if let Some(size) = kexec_load() {
        size
    } else if let Some(size) = kexec_load() {
        size
    } else {
        kexec_load().unwrap_or(0)
    }
}

fn main() {}
