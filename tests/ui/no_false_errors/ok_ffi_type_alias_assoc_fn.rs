// Associated fns reached through a lowercase type alias (`core::ffi::c_int::from`), as signal
// handlers write them, are not fn items and must not be probed.
#![deny(warnings)]

use core::ffi::c_int;

use ctxlock::nmi_safe;

#[allow(non_camel_case_types)]
type word = u32;

#[nmi_safe]
fn on_signal(signal: c_int) -> c_int {
    let wide = core::ffi::c_long::from(signal);
    let small = c_int::from(1u8) + core::ffi::c_int::from(true);
    let w = <word>::from(1u8); // The documented way to call through a lowercase type alias.
    signal + small + c_int::try_from(wide).unwrap_or(0) + c_int::try_from(w).unwrap_or(0)
}

fn main() {
    let _ = on_signal(2);
}
