// C fns: one that is not async-signal-safe, one on the list that sleeps, and the C heap.
use ctxlock::nmi_safe;

fn describe(errno: i32) -> usize {
    // SAFETY: strerror returns a pointer to a static string.
    unsafe { libc::strlen(libc::strerror(errno)) }
}

fn nap() {
    // SAFETY: plain calls with valid arguments.
    unsafe {
        libc::usleep(10);
        libc::sleep(1);
    }
}

fn scratch() {
    // SAFETY: malloc and free of the same pointer.
    unsafe { libc::free(libc::malloc(16)) }
}

#[nmi_safe]
fn handler(errno: i32) -> usize {
    nap();
    scratch();
    describe(errno)
}

fn main() {
    std::hint::black_box(handler as fn(i32) -> usize);
}
