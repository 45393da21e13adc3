// Rule 5: through a `crate::` path into another module.
mod kexec {
    use ctxlock::may_sleep;

    #[may_sleep]
    pub fn load() {}
}

mod crash {
    use ctxlock::nmi_safe;

    #[nmi_safe]
    pub fn crash_kexec() {
        crate::kexec::load();
    }
}

fn main() {}
