// More callees in one block than one probe group holds (32): the one past the limit is still found.
use ctxlock::{may_sleep, nmi_safe};

fn step() {}

#[may_sleep]
fn kexec_load() {}

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
