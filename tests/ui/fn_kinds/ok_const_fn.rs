// `const fn` under both attributes, usable in constants (no run-time check in a `const fn`), with a
// probed call inside.
#![deny(warnings)]

use ctxlock::{may_sleep, nmi_safe};

const fn wrap(n: u32) -> u32 {
    n % 8
}

#[nmi_safe]
const fn slot(n: u32) -> u32 {
    wrap(n)
}

#[may_sleep]
const fn capacity() -> u32 {
    8
}

const SLOT: u32 = slot(9);
const CAPACITY: u32 = capacity();

fn main() {
    assert_eq!(SLOT, 1);
    assert_eq!(CAPACITY, 8);
}
