// Rule 5 in nested blocks.
use ctxlock::{may_sleep, nmi_safe};

#[may_sleep]
pub(crate) fn kexec_load() {}

#[nmi_safe]
fn crash_kexec() {
    {
        {
            kexec_load();
        }
    }
}

fn main() {}
