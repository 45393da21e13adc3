// System calls made by inline assembly, the way rustix's raw backend makes them: the number is a
// parameter of a small fn that holds the `syscall` instruction, so it is a constant only in the
// callers. The assembly is read as C's `syscall(number, …)` (ir.rs) and named by the number that
// reaches it on every path (paths.rs): getpid and write are fine in a handler.
use ctxlock::nmi_safe;

#[cfg(target_arch = "x86_64")]
use cases_dep::shapes::syscall3;

#[cfg(target_arch = "x86_64")]
fn syscall0(number: usize) -> usize {
    syscall3(number, 0, 0, 0)
}

#[cfg(target_arch = "x86_64")]
#[nmi_safe]
extern "C" fn on_signal(_signal: libc::c_int) {
    let message = b"signal\n";
    syscall3(libc::SYS_write as usize, 2, message.as_ptr() as usize, message.len());
    std::hint::black_box(syscall0(libc::SYS_getpid as usize));
}

fn main() {
    #[cfg(target_arch = "x86_64")]
    std::hint::black_box(on_signal as extern "C" fn(libc::c_int));
}
