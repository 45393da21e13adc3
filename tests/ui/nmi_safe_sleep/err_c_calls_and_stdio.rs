// Rule 2: C calls that block or lock, std's stdio handles and `process::exit` are rejected; the
// async-signal-safe `libc::write` and `libc::_exit` are not.
use std::io::Write;

use ctxlock::nmi_safe;

static mut MUTEX: libc::pthread_mutex_t = libc::PTHREAD_MUTEX_INITIALIZER;

#[nmi_safe]
fn on_crash(fd: libc::c_int) {
    unsafe {
        libc::pthread_mutex_lock(core::ptr::addr_of_mut!(MUTEX));
        libc::pause();
        libc::sigsuspend(core::ptr::null());
        libc::poll(core::ptr::null_mut(), 0, -1);
        libc::malloc(16);
        libc::write(fd, b"ok\n".as_ptr().cast(), 3);
    }
    let _ = std::io::stderr().write_all(b"x");
    std::process::exit(1);
}

#[nmi_safe]
fn die() {
    unsafe { libc::_exit(1) }
}

fn main() {
    let _ = (on_crash, die);
}
