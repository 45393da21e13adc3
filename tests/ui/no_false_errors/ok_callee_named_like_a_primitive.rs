// Fns named like primitive types (nom exports `u8`, `i32`, …) are ordinary callees: not probed, as
// they carry no marker either.
#![deny(warnings)]

use ctxlock::nmi_safe;

pub fn f16(x: u64) -> u64 {
    x
}

pub fn u8(x: u64) -> u64 {
    x + 1
}

#[nmi_safe]
pub fn caller(x: u64) -> u64 {
    f16(x) + u8(x)
}

fn main() {
    assert_eq!(caller(1), 3);
}
