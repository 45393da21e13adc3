// Rule 5 in `loop`, `while`, `while let` and `for` bodies, and in loop conditions.
use ctxlock::{may_sleep, nmi_safe};

#[may_sleep]
pub(crate) fn kexec_load() -> bool {
    false
}

#[nmi_safe]
fn crash_kexec(tries: &[u8]) {
    loop {
        kexec_load();
        break;
    }
    while kexec_load() {}
    while let Some(_) = Some(kexec_load()) {
        break;
    }
    for _ in tries {
        kexec_load();
    }
}

fn main() {}
