// Callees named like a crate in the extern prelude (`alloc`, `core`, or a dependency's `memchr`
// imported by name) are probed like any other: the crate's glob brings no marker.
#![deny(warnings)]

extern crate alloc;

use alloc::alloc::{alloc, dealloc, Layout};

use ctxlock::nmi_safe;

fn core() -> u32 {
    1
}

#[nmi_safe]
fn grab() -> u32 {
    let layout = Layout::new::<u64>();
    // SAFETY: the layout is not zero-sized, and the pointer is freed with the same layout.
    unsafe {
        let p = alloc(layout);
        if !p.is_null() {
            dealloc(p, layout);
        }
    }
    core()
}

fn main() {
    let _ = grab();
}
