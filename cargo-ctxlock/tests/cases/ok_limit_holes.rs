// Holes the crate docs state (lib.rs, "Limits"), pinned so that a change in them is seen: each root
// below really may block or free, and the check lets it pass. If the check starts to report one,
// move that root to an `err_` case and correct the docs.
use std::io;
use std::ptr::addr_of_mut;

use ctxlock::nmi_safe;

/// A custom `io::Error` (it owns a box) made in `main`, waiting to be dropped by the handler.
static mut PENDING: Option<io::Error> = None;

/// Hole 1: dropping an `io::Error` is taken as freeing nothing, which holds for errors from the OS
/// only; this one is custom, made outside the handler, so its free is missed.
#[nmi_safe]
extern "C" fn drops_a_custom_error(_signal: libc::c_int) {
    // SAFETY: the handler is the only code that touches PENDING once main has set it.
    let pending = unsafe { (*addr_of_mut!(PENDING)).take() };
    drop(pending);
}

/// Hole 2: file-descriptor I/O is allowed as POSIX allows it, so a read of a descriptor that is
/// not non-blocking, which may wait for data, passes.
#[nmi_safe]
extern "C" fn reads_a_descriptor(_signal: libc::c_int) {
    let mut byte = 0u8;
    // SAFETY: one byte into a live local; fd 0 is the process's standard input.
    unsafe { libc::read(0, (&mut byte as *mut u8).cast(), 1) };
}

fn main() {
    // SAFETY: set before any handler could run.
    unsafe { *addr_of_mut!(PENDING) = Some(io::Error::new(io::ErrorKind::Other, "later")) };
    std::hint::black_box(drops_a_custom_error as extern "C" fn(libc::c_int));
    std::hint::black_box(reads_a_descriptor as extern "C" fn(libc::c_int));
}
