// A wait for a child with WNOHANG returns at once: the classic SIGCHLD reaper is allowed, however
// the options are spelt.
#![deny(warnings)]

use ctxlock::nmi_safe;

#[nmi_safe]
extern "C" fn on_sigchld(_signal: libc::c_int) {
    let mut status: libc::c_int = 0;
    unsafe {
        while libc::waitpid(-1, &mut status, libc::WNOHANG) > 0 {}
        libc::wait4(-1, &mut status, libc::WUNTRACED | (libc::WNOHANG), core::ptr::null_mut());
        let mut info: libc::siginfo_t = core::mem::zeroed();
        libc::waitid(libc::P_ALL, 0, &mut info, libc::WEXITED | libc::WNOHANG);
    }
}

fn main() {
    let _ = on_sigchld as extern "C" fn(libc::c_int);
}
