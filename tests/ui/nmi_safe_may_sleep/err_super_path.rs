// Rule 5: through `super::`, from a child module.
use ctxlock::may_sleep;

#[may_sleep]
pub fn kexec_load() {}

mod crash {
    use ctxlock::nmi_safe;

    #[nmi_safe]
    pub fn crash_kexec() {
        super::kexec_load();
    }
}

fn main() {}
