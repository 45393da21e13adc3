// A documented limit of rule 5 at compile time: a `#[may_sleep]` fn reached through `use … as` in the
// module compiles: the rename brings the fn's name only, not its marker's; `cargo ctxlock` finds the call.
#![deny(warnings)]
mod kexec {
    use ctxlock::may_sleep;

    #[may_sleep]
    pub fn kexec_load() {}
}

use ctxlock::nmi_safe;
use kexec::kexec_load as load_image;

#[nmi_safe]
fn crash_kexec() {
    load_image();
}

fn main() {
    crash_kexec();
}
