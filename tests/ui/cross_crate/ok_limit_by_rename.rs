// A documented limit of rule 5 at compile time: a `#[may_sleep]` fn of another crate reached through
// `use … as` compiles. The rename brings the fn's name only, not its marker's; `cargo ctxlock` finds the
// call. Through a path or a glob it is an error (`err_by_path.rs`, `err_by_glob.rs`).
#![deny(warnings)]
use ctxlock::nmi_safe;
use ctxlock_test_upstream::kexec_load as load_image;

#[nmi_safe]
fn on_crash() {
    load_image(0);
}

fn main() {
    on_crash();
}
