// Rule 5: a `#[may_sleep] pub fn` of another crate (`tests/upstream`); more in `cross_crate/`.
use ctxlock::nmi_safe;

#[nmi_safe]
fn crash_kexec() {
    ctxlock_test_upstream::kexec_load(0);
}

fn main() {}
