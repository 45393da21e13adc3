//! Another crate, for the cross-crate cases of cargo-ctxlock/tests/cases.
use std::sync::Mutex;

static TOTAL: Mutex<u64> = Mutex::new(0);

/// Locks a std mutex: not for a signal handler.
pub fn record(code: u64) {
    *TOTAL.lock().unwrap() += code;
}

/// A `#[may_sleep]` fn in another crate.
#[ctxlock::may_sleep]
pub fn reload() {}

/// Generic: clean or not depending on what it is given.
pub fn apply<F: Fn(u64) -> u64>(f: F, x: u64) -> u64 {
    f(x)
}

/// Helpers in the shape of real crates' code whose hazard depends on the values they are given,
/// for the `*_p_*` cases: what `paths.rs` follows across a crate boundary.
pub mod shapes {
    /// nix's `WaitPidFlag`.
    #[derive(Clone, Copy)]
    pub struct WaitFlags(pub libc::c_int);

    impl WaitFlags {
        pub const NO_HANG: WaitFlags = WaitFlags(libc::WNOHANG);

        pub fn bits(self) -> libc::c_int {
            self.0
        }
    }

    /// nix's `waitpid`: the options as an `Option` of a flags newtype, passed on to C through a
    /// `match`.
    pub fn wait_child(pid: libc::pid_t, options: Option<WaitFlags>) -> libc::pid_t {
        let bits = match options {
            Some(flags) => flags.bits(),
            None => 0,
        };
        let mut status = 0;
        // SAFETY: status is a valid int.
        unsafe { libc::waitpid(pid, &mut status, bits) }
    }

    pub const INLINE: usize = 16;

    /// smallvec's shape: heap memory only past the inline capacity.
    #[allow(dead_code)] // What it holds is never read: only whether it allocates matters.
    pub enum Buffer {
        Inline([u8; INLINE], usize),
        Heap(Vec<u8>),
    }

    pub fn buffer(capacity: usize) -> Buffer {
        if capacity > INLINE {
            Buffer::Heap(Vec::with_capacity(capacity))
        } else {
            Buffer::Inline([0; INLINE], 0)
        }
    }

    /// A logger with a verbose switch.
    pub fn note(verbose: bool, code: i32) {
        if verbose {
            eprintln!("signal {code}");
        }
    }

    /// A raw `syscall` wrapper that takes its number as a parameter.
    pub fn raw(number: libc::c_long) -> libc::c_long {
        // SAFETY: the system calls given here take no arguments the kernel reads.
        unsafe { libc::syscall(number) }
    }

    /// rustix's raw backend: the `syscall` instruction, its number a parameter, so a constant
    /// only in the callers.
    #[cfg(target_arch = "x86_64")]
    pub fn syscall3(number: usize, a0: usize, a1: usize, a2: usize) -> usize {
        let r0;
        // SAFETY: the callers pass a system call and arguments that are valid for it.
        unsafe {
            std::arch::asm!(
                "syscall",
                inlateout("rax") number => r0,
                in("rdi") a0,
                in("rsi") a1,
                in("rdx") a2,
                lateout("rcx") _,
                lateout("r11") _,
                options(nostack, preserves_flags)
            );
        }
        r0
    }
}
