// Rule 5 in a closure's body, block or expression.
use ctxlock::{may_sleep, nmi_safe};

#[may_sleep]
pub(crate) fn kexec_load() {}

#[nmi_safe]
fn crash_kexec() {
    let later = || kexec_load();
    let block = || {
        kexec_load();
    };
    later();
    block();
}

fn main() {}
