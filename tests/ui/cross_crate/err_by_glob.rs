// Rule 5 across crates: through a glob import of a module and of the crate root.
mod root {
    use ctxlock::nmi_safe;
    use ctxlock_test_upstream::*;

    #[nmi_safe]
    pub fn on_crash() {
        kexec_load(0);
    }
}

mod module {
    use ctxlock::nmi_safe;
    use ctxlock_test_upstream::kexec::*;

    #[nmi_safe]
    pub fn on_crash() {
        reload();
    }
}

fn main() {}
