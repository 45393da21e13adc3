// Rule 5 across crates: through a `use` import.
use ctxlock::nmi_safe;
use ctxlock_test_upstream::kexec_load;

#[nmi_safe]
fn on_crash() {
    kexec_load(0);
}

fn main() {}
