// System calls that wait, though `syscall` and `fcntl` are async-signal-safe entry points: what
// waits is the request, `SYS_nanosleep` or `F_SETLKW`; and a wait for a child without WNOHANG.
use ctxlock::nmi_safe;

fn wait_for_a_child() {
    let mut status = 0;
    // SAFETY: status is a valid int.
    unsafe { libc::waitpid(-1, &mut status, 0) };
}

fn wait_raw() {
    let mut status: libc::c_int = 0;
    // SAFETY: status is a valid int, no rusage wanted.
    unsafe { libc::syscall(libc::SYS_wait4, -1, &mut status, 0, std::ptr::null_mut::<libc::rusage>()) };
}

#[nmi_safe]
fn on_signal(fd: libc::c_int) {
    let pause = libc::timespec {
        tv_sec: 0,
        tv_nsec: 1_000_000,
    };
    // SAFETY: a valid timespec, and no remainder wanted.
    unsafe { libc::syscall(libc::SYS_nanosleep, &pause, std::ptr::null_mut::<libc::timespec>()) }; //~ sleeps
    // SAFETY: an initialised flock for a whole-file write lock.
    let mut lock: libc::flock = unsafe { std::mem::zeroed() };
    lock.l_type = libc::F_WRLCK as libc::c_short;
    // SAFETY: fd is the caller's, lock is a valid flock.
    unsafe { libc::fcntl(fd, libc::F_SETLKW, &lock) }; //~ blocks|sleeps
    wait_for_a_child(); //~ sleeps
    wait_raw(); //~ sleeps
}

fn main() {
    std::hint::black_box(on_signal as fn(libc::c_int));
}
