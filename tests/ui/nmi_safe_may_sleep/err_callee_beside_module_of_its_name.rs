// Rule 5 for `#[may_sleep]` fns that share their name with a module, a re-export or a lowercase type:
// the probes look up only the marker's reserved name, so all of them are found, by bare name and by
// path.
#![allow(non_camel_case_types)]

use ctxlock::{may_sleep, nmi_safe};

mod not {}

#[may_sleep]
pub(crate) fn not() {}

pub mod sin {
    use ctxlock::may_sleep;

    #[may_sleep]
    pub fn sin() {}
}

pub use sin::sin;

pub struct stat {}

#[may_sleep]
pub fn stat() {}

#[nmi_safe]
fn crash_kexec() {
    not();
    sin::sin();
    stat();
}

fn main() {}
