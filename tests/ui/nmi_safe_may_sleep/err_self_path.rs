// Rule 5: through `self::`.
use ctxlock::{may_sleep, nmi_safe};

#[may_sleep]
pub(crate) fn kexec_load() {}

#[nmi_safe]
fn crash_kexec() {
    self::kexec_load();
}

fn main() {}
