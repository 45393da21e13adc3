// `unsafe fn` under both attributes.
#![deny(warnings)]

use ctxlock::{may_sleep, nmi_safe};

/// # Safety
/// `p` is valid for reads.
#[nmi_safe]
unsafe fn peek(p: *const u32) -> u32 {
    // SAFETY: the caller's contract.
    unsafe { p.read() }
}

/// # Safety
/// `p` is valid for writes.
#[may_sleep]
unsafe fn poke(p: *mut u32, v: u32) {
    // SAFETY: the caller's contract.
    unsafe { p.write(v) }
}

fn main() {
    let mut x = 0;
    // SAFETY: `x` is a live local.
    unsafe {
        poke(&mut x, 1);
        let _ = peek(&x);
    }
}
