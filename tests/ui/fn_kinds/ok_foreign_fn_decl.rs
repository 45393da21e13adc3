// Declarations of foreign fns take `#[nmi_safe]`, as a reviewed claim (there is no body to check).
#![deny(warnings)]

use core::ffi::c_int;

use ctxlock::nmi_safe;

extern "C" {
    #[nmi_safe]
    fn abs(x: c_int) -> c_int;
}

#[nmi_safe]
fn magnitude(x: c_int) -> c_int {
    // SAFETY: `abs` has no preconditions.
    unsafe { abs(x) }
}

fn main() {
    assert_eq!(magnitude(-3), 3);
}
