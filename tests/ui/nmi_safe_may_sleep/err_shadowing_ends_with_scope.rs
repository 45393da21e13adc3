// A local closure shadows a `#[may_sleep]` fn only where it is in scope: before the `let`, and after
// its block ends, the name is the fn again.
use ctxlock::{may_sleep, nmi_safe};

#[may_sleep]
pub(crate) fn kexec_load() {}

#[nmi_safe]
fn crash_kexec() {
    kexec_load();
    {
        let kexec_load = || ();
        kexec_load();
    }
    kexec_load();
}

fn main() {}
