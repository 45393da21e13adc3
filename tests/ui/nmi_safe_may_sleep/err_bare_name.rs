// Rule 5: a `#[may_sleep]` fn of the same module, called by its bare name. It is `pub(crate)`; a private
// fn is one too (`err_private_bare_name.rs`).
use ctxlock::{may_sleep, nmi_safe};

#[may_sleep]
pub(crate) fn kexec_load() {}

#[nmi_safe]
fn crash_kexec() {
    kexec_load();
}

fn main() {}
