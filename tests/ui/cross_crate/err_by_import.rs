// A `#[may_sleep]` fn of another crate reached through a `use` import: `#[nmi_safe]` follows the
// import, as the module's source says, to the marker that the other crate exports beside the fn.
use ctxlock::nmi_safe;
use ctxlock_test_upstream::kexec_load;

#[nmi_safe]
fn on_crash() {
    kexec_load(0);
}

fn main() {
    on_crash();
}
