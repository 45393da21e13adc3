// A documented limit of rule 5 at compile time: a `#[may_sleep]` fn reached through a `use` import in
// its caller's module compiles: the import brings the fn's name only, not its marker's; `cargo ctxlock`
// finds the call. By a path through its module it is an error (`err_module_path.rs`), and so is an
// import inside the `#[nmi_safe]` body, which the attribute sees (`err_use_in_body.rs`).
#![deny(warnings)]
mod kexec {
    use ctxlock::may_sleep;

    #[may_sleep]
    pub fn kexec_load() {}
}

use ctxlock::nmi_safe;
use kexec::kexec_load;

#[nmi_safe]
fn crash_kexec() {
    kexec_load();
}

fn main() {
    crash_kexec();
}
