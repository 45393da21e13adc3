// A wait for a child with WNOHANG returns at once: the classic SIGCHLD reaper is allowed, however
// the options are spelt, in libc's shape or in nix's (`waitpid(pid, Some(WaitPidFlag::WNOHANG))`).
#![deny(warnings)]

use ctxlock::nmi_safe;

/// nix's `sys::wait` API, in its shape.
mod wait {
    #[derive(Clone, Copy)]
    pub struct WaitPidFlag(libc::c_int);

    impl WaitPidFlag {
        pub const WNOHANG: WaitPidFlag = WaitPidFlag(libc::WNOHANG);
        pub const WUNTRACED: WaitPidFlag = WaitPidFlag(libc::WUNTRACED);
    }

    impl core::ops::BitOr for WaitPidFlag {
        type Output = WaitPidFlag;
        fn bitor(self, other: WaitPidFlag) -> WaitPidFlag {
            WaitPidFlag(self.0 | other.0)
        }
    }

    pub fn waitpid(pid: libc::pid_t, options: Option<WaitPidFlag>) -> libc::pid_t {
        let mut status = 0;
        // SAFETY: status is a valid int.
        unsafe { libc::waitpid(pid, &mut status, options.map_or(0, |o| o.0)) }
    }

    pub fn waitid(_id: libc::idtype_t, flags: WaitPidFlag) -> libc::c_int {
        flags.0
    }
}

use wait::{waitid, waitpid, WaitPidFlag};

#[nmi_safe]
fn reap_the_nix_way() {
    while waitpid(-1, Some(WaitPidFlag::WNOHANG)) > 0 {}
    waitpid(-1, Some(WaitPidFlag::WUNTRACED | WaitPidFlag::WNOHANG));
    waitid(libc::P_ALL, WaitPidFlag::WNOHANG);
}

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
    reap_the_nix_way();
}
