// Rule 5 in a method's body, for a free fn called by name.
use ctxlock::{may_sleep, nmi_safe};

#[may_sleep]
pub(crate) fn kexec_load() {}

struct Kernel;

impl Kernel {
    #[nmi_safe]
    fn crash(&self) {
        kexec_load();
    }
}

fn main() {}
