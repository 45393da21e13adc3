// A `#[may_sleep]` fn reached through `use … as` in the module, at the file's top and in an inline
// module, even for a `pub` fn: `#[nmi_safe]` follows the rename, as the module's source says.
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

mod inner {
    use super::kexec::{kexec_load as load, kexec_load as reload};
    use ctxlock::nmi_safe;

    #[nmi_safe]
    pub fn crash() {
        load();
        reload();
    }
}

fn main() {
    crash_kexec();
    inner::crash();
}
