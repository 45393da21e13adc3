// Rule 5 in match arms (expression and block) and guards.
use ctxlock::{may_sleep, nmi_safe};

#[may_sleep]
pub(crate) fn kexec_load() -> bool {
    true
}

#[nmi_safe]
fn crash_kexec(code: u8) -> bool {
    match code {
        0 => kexec_load(),
        1 if kexec_load() => true,
        _ => {
            kexec_load();
            false
        }
    }
}

fn main() {}
