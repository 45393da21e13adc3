// A `#[may_sleep]` fn reached through a `use` import in its caller's module: the import brings the fn's
// name only, and `#[nmi_safe]` follows it, as the module's source says, to the marker.
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
