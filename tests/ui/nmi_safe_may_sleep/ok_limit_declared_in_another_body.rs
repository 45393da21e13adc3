// A documented limit of rule 5 at compile time: a `#[may_sleep]` fn declared in the body of another fn
// (as in a doc test, whose code rustdoc wraps in `fn main`) is out of the probes' reach, even when it is
// pub, so calling it from an `#[nmi_safe]` fn of the same body compiles; `cargo ctxlock` finds the call.
// Declared in the `#[nmi_safe]` body itself, it is an error (`err_fn_declared_in_body.rs`).
#![deny(warnings)]

use ctxlock::{may_sleep, nmi_safe};

fn main() {
    #[may_sleep]
    pub fn kexec_load() {}

    #[nmi_safe]
    fn crash_kexec() {
        kexec_load();
    }

    crash_kexec();
}
