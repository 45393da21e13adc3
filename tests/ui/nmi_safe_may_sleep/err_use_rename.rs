// Rule 5: through `use … as`: the message names the fn, not the alias.
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

fn main() {}
