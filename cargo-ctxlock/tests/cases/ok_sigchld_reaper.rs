// The classic SIGCHLD handler: reap every child that has exited, with WNOHANG so that each wait
// returns at once when no child has changed state, and errno saved and restored. `waitpid`, `wait4`
// and `waitid` are on POSIX's list; with WNOHANG they do not wait, whichever way it is spelt.
use ctxlock::nmi_safe;

#[nmi_safe]
extern "C" fn on_sigchld(_signal: libc::c_int) {
    // SAFETY: errno is this thread's; it is read here and restored below.
    let saved = unsafe { *libc::__errno_location() };
    let mut status: libc::c_int = 0;
    // SAFETY: status is a valid int for each call.
    while unsafe { libc::waitpid(-1, &mut status, libc::WNOHANG) } > 0 {}
    // SAFETY: as above; no rusage wanted.
    unsafe { libc::wait4(-1, &mut status, libc::WNOHANG | libc::WUNTRACED, std::ptr::null_mut()) };
    // SAFETY: a zeroed siginfo_t is a valid place for waitid to write to.
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    // SAFETY: info is valid.
    unsafe { libc::waitid(libc::P_ALL, 0, &mut info, libc::WEXITED | libc::WNOHANG) };
    // SAFETY: the raw system call, with the same arguments as wait4 above.
    unsafe {
        libc::syscall(libc::SYS_wait4, -1, &mut status, libc::WNOHANG, std::ptr::null_mut::<libc::rusage>())
    };
    // SAFETY: as above.
    unsafe { *libc::__errno_location() = saved };
}

fn main() {
    std::hint::black_box(on_sigchld as extern "C" fn(libc::c_int));
}
