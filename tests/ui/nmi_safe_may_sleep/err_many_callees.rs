// Many callees in one block: the one after 35 unmarked calls is still found.
use ctxlock::{may_sleep, nmi_safe};

fn step() {}

#[may_sleep]
pub(crate) fn kexec_load() {}

#[nmi_safe]
fn crash_kexec() {
    step(); step(); step(); step(); step(); step(); step(); step();
    step(); step(); step(); step(); step(); step(); step(); step();
    step(); step(); step(); step(); step(); step(); step(); step();
    step(); step(); step(); step(); step(); step(); step(); step();
    step(); step(); step();
    kexec_load();
}

fn main() {}
