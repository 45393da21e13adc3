// fsync(2) is on POSIX's list of async-signal-safe fns, but it waits for the disk: the attribute
// rejects it in a handler, and the whole-program check must agree when a helper calls it.
use ctxlock::nmi_safe;

fn persist(fd: libc::c_int) -> libc::c_int {
    // SAFETY: fd is the caller's.
    unsafe { libc::fsync(fd) }
}

#[nmi_safe]
fn on_signal(fd: libc::c_int) -> libc::c_int {
    persist(fd) //~ sleeps|blocks
}

fn main() {
    std::hint::black_box(on_signal as fn(libc::c_int) -> libc::c_int);
}
