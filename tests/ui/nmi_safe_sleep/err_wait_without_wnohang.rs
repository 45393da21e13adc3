// A wait for a child without WNOHANG waits for it: rejected, as is one whose options the attribute
// cannot read as naming WNOHANG, in libc's shape and in nix's.
use ctxlock::nmi_safe;

mod wait {
    pub struct WaitPidFlag(pub libc::c_int);

    pub fn waitpid(pid: libc::pid_t, options: Option<WaitPidFlag>) -> libc::pid_t {
        let mut status = 0;
        // SAFETY: status is a valid int.
        unsafe { libc::waitpid(pid, &mut status, options.map_or(0, |o| o.0)) }
    }
}

#[nmi_safe]
fn on_sigchld(options: libc::c_int) {
    let mut status: libc::c_int = 0;
    unsafe {
        libc::waitpid(-1, &mut status, 0);
        libc::waitpid(-1, &mut status, options);
        libc::wait4(-1, &mut status, libc::WUNTRACED, core::ptr::null_mut());
        libc::wait(&mut status);
    }
    wait::waitpid(-1, None);
    wait::waitpid(-1, Some(wait::WaitPidFlag(options)));
}

fn main() {
    let _ = on_sigchld;
}
