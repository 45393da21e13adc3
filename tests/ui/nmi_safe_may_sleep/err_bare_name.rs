// Rule 5: a `#[may_sleep]` fn of the same module, called by its bare name.
use ctxlock::{may_sleep, nmi_safe};

#[may_sleep]
fn kexec_load() {}

#[nmi_safe]
fn crash_kexec() {
    kexec_load();
}

fn main() {}
