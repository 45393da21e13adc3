// A documented limit of rule 5 at compile time: a private `#[may_sleep]` fn carries no marker (it could
// be a trait impl's, where no extra item may stand), so calling it from an `#[nmi_safe]` fn compiles;
// `cargo ctxlock` finds the call. A `pub(crate)` one is an error (`err_bare_name.rs`).
#![deny(warnings)]

use ctxlock::{may_sleep, nmi_safe};

#[may_sleep]
fn kexec_load() {}

#[nmi_safe]
fn crash_kexec() {
    kexec_load();
}

fn main() {
    crash_kexec();
}
