// A wait for a child without WNOHANG waits for it: rejected, as is one whose options the attribute
// cannot read as naming WNOHANG.
use ctxlock::nmi_safe;

#[nmi_safe]
fn on_sigchld(options: libc::c_int) {
    let mut status: libc::c_int = 0;
    unsafe {
        libc::waitpid(-1, &mut status, 0);
        libc::waitpid(-1, &mut status, options);
        libc::wait4(-1, &mut status, libc::WUNTRACED, core::ptr::null_mut());
        libc::wait(&mut status);
    }
}

fn main() {
    let _ = on_sigchld;
}
