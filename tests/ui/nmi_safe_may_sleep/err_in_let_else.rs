// Rule 5 in `let … else`: in the initialiser and in the `else` block.
use ctxlock::{may_sleep, nmi_safe};

#[may_sleep]
pub(crate) fn kexec_load() -> Option<u32> {
    None
}

#[nmi_safe]
fn crash_kexec() -> u32 {
    let Some(size) = kexec_load() else {
        kexec_load();
        return 0;
    };
    size
}

fn main() {}
