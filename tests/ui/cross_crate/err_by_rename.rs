// Rule 5 across crates: through `use … as`.
use ctxlock::nmi_safe;
use ctxlock_test_upstream::kexec_load as load_image;

#[nmi_safe]
fn on_crash() {
    load_image(0);
}

fn main() {}
