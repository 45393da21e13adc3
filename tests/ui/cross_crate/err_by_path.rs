// Rule 5 across crates: upstream's `#[may_sleep] pub fn` by path (also with a leading `::`), a generic
// one by turbofish, and one in a module.
use ctxlock::nmi_safe;

#[nmi_safe]
fn on_crash() {
    ctxlock_test_upstream::kexec_load(0);
    ctxlock_test_upstream::kexec_load_as::<u16>(0);
    ctxlock_test_upstream::kexec::reload();
    ::ctxlock_test_upstream::kexec_load(0);
}

fn main() {}
