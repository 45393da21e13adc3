// A `#[may_sleep]` fn of another crate reached through `use … as`: `#[nmi_safe]` follows the rename.
use ctxlock::nmi_safe;
use ctxlock_test_upstream::kexec_load as load_image;

#[nmi_safe]
fn on_crash() {
    load_image(0);
}

fn main() {
    on_crash();
}
