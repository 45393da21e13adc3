// Rule 5: through a glob import.
mod kexec {
    use ctxlock::may_sleep;

    #[may_sleep]
    pub fn kexec_load() {}
}

use ctxlock::nmi_safe;
use kexec::*;

#[nmi_safe]
fn crash_kexec() {
    kexec_load();
}

fn main() {}
