// `core::ptr::read`/`write` (and `std::ptr::`, and the imported names) are not `RwLock::read`/`write`.
#![deny(warnings)]

use core::ptr;
use std::ptr::{read, write};

use ctxlock::nmi_safe;

#[nmi_safe]
fn swap_words(a: *mut u32, b: *mut u32) {
    // SAFETY: the caller passes two valid, aligned, distinct pointers.
    unsafe {
        let x = core::ptr::read(a);
        let y = std::ptr::read(b);
        core::ptr::write(a, y);
        ptr::write(b, x);
        write(a, read(a));
        ptr::write_volatile(b, ptr::read_volatile(b));
    }
}

fn main() {
    let (mut a, mut b) = (1, 2);
    swap_words(&mut a, &mut b);
}
