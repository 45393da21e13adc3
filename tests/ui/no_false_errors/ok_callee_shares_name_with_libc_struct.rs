// Calls that share their name with a C struct (`libc::sigaction`, `stat`) are not probed, by path or
// by name: a signal handler restores the default action and re-raises.
#![deny(warnings)]

use ctxlock::nmi_safe;
use libc::sigaction;

#[nmi_safe]
fn reraise(signal: libc::c_int) {
    // SAFETY: a zeroed sigaction is a valid "default action" request.
    unsafe {
        let mut action: libc::sigaction = core::mem::zeroed();
        action.sa_sigaction = libc::SIG_DFL;
        sigaction(signal, &action, core::ptr::null_mut());
        libc::sigaction(signal, &action, core::ptr::null_mut());
        libc::raise(signal);
    }
}

fn main() {
    let _ = reraise;
}
