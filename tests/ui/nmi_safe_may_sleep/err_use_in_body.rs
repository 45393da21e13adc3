// Rule 5: an import inside the body, which the attribute sees, is followed, renamed or not (a glob
// inside the body is not: see `no_false_errors/ok_limit_body_glob_not_probed.rs`).
mod kexec {
    use ctxlock::may_sleep;

    #[may_sleep]
    pub fn kexec_load() {}
}

use ctxlock::nmi_safe;

#[nmi_safe]
fn crash_kexec() {
    use kexec::kexec_load;
    use kexec::{kexec_load as load_image};
    kexec_load();
    load_image();
}

fn main() {}
