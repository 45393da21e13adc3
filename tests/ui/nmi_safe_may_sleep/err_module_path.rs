// Rule 5: through a relative module path.
use ctxlock::nmi_safe;

mod kexec {
    use ctxlock::may_sleep;

    #[may_sleep]
    pub fn load() {}
}

#[nmi_safe]
fn crash_kexec() {
    kexec::load();
}

fn main() {}
