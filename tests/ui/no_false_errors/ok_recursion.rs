// An `#[nmi_safe]` fn may call itself, directly or through another `#[nmi_safe]` fn.
#![deny(warnings)]

use ctxlock::nmi_safe;

#[nmi_safe]
fn depth(n: u32) -> u32 {
    if n == 0 {
        0
    } else {
        1 + depth(n - 1)
    }
}

#[nmi_safe]
fn is_even(n: u32) -> bool {
    n == 0 || is_odd(n - 1)
}

#[nmi_safe]
fn is_odd(n: u32) -> bool {
    n != 0 && is_even(n - 1)
}

fn main() {
    assert_eq!(depth(3), 3);
    assert!(is_even(4));
}
