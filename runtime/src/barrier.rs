//! The asymmetric barrier that lets `unlock` be a plain store: a thread about to sleep pays for a
//! heavy barrier (Linux `membarrier(2)`, about 0.4 µs) so that the unlocker's side of the same
//! handshake costs nothing but a compiler fence. Where `membarrier` is missing or refused, the mode
//! is "symmetric": sleepers and unlockers both issue a real `fence(SeqCst)`.
//!
//! # The handshake, and why a plain store and load are enough
//!
//! It is Dekker's store-buffering pattern, between the lock word and the sleeper count:
//!
//! ```text
//! unlocker                              sleeper
//! word = UNLOCKED      (store, Release)  sleepers += 1          (fetch_add)
//! light()                                heavy()
//! load sleepers        (plain load)      load word, then futex_wait(word, LOCKED)
//! ```
//!
//! Lost wake-up means: the sleeper reads LOCKED (and sleeps) and the unlocker reads 0 sleepers
//! (and wakes nobody). Without barriers x86 allows exactly that: the unlocker's store waits in its
//! store buffer while its load runs ahead. `MEMBARRIER_CMD_PRIVATE_EXPEDITED` makes every other
//! running thread of this process execute a full barrier (an IPI whose handler runs `smp_mb`, or
//! the one in the context switch of a thread that is not running) before it returns, and issues
//! one itself on both sides. That barrier lands somewhere in the unlocker's instruction stream:
//!
//! - before its store: then its load comes after the barrier too, and the barrier orders it after
//!   the sleeper's `sleepers += 1` (which precedes the `membarrier` call): the unlocker sees the
//!   sleeper and wakes it;
//! - after its store (between store and load, or after both): the barrier drains the store buffer,
//!   so the store is visible to all before `membarrier` returns, and the sleeper's check (and the
//!   kernel's, in `futex_wait`) reads UNLOCKED, or the LOCKED of a newer holder, whose unlock is
//!   again covered by this argument. The sleeper does not sleep on our unlock.
//!
//! The compiler fence on the unlocker's side keeps the compiler from moving the load above the
//! store: the hardware may reorder them, the compiler must not, or the barrier could not land
//! "between" them. In the loom model both sides are a `fence(SeqCst)` (the unlocker's models the
//! barrier the IPI forces on it), which loom treats as the total order that forbids the outcome.

#[cfg(loom)]
use crate::sync::fence;
use crate::sync::Ordering::SeqCst;

/// The sleeper's half: a heavy barrier. Returns `false` if it could not be issued, in which case the
/// caller must not sleep (the unlocker might not see it).
#[inline]
pub(crate) fn heavy() -> bool {
    imp::heavy()
}

/// The unlocker's half in the asymmetric mode: only a compiler fence (see the module docs).
#[inline(always)]
pub(crate) fn light() {
    imp::light();
}

/// Whether sleepers issue the heavy barrier, so that unlockers may rely on [`light`]. Decided
/// once per process; `false` until then.
#[inline]
pub(crate) fn asymmetric() -> bool {
    imp::asymmetric()
}

/// The symmetric mode's barrier, for unlockers when [`asymmetric`] is false.
#[inline]
pub(crate) fn full() {
    #[cfg(not(loom))]
    core::sync::atomic::fence(SeqCst);
    #[cfg(loom)]
    fence(SeqCst);
}

#[cfg(all(
    not(loom),
    feature = "std",
    any(target_os = "linux", target_os = "android")
))]
mod imp {
    use core::sync::atomic::{
        compiler_fence, fence, AtomicU8,
        Ordering::{Acquire, Release, SeqCst},
    };

    // From <linux/membarrier.h>; libc does not export them.
    const MEMBARRIER_CMD_PRIVATE_EXPEDITED: libc::c_int = 1 << 3;
    const MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED: libc::c_int = 1 << 4;

    const UNDECIDED: u8 = 0;
    const ASYMMETRIC: u8 = 1;
    const SYMMETRIC: u8 = 2;

    /// The process's mode. Release/Acquire: whoever reads ASYMMETRIC sees the registration done.
    static MODE: AtomicU8 = AtomicU8::new(UNDECIDED);

    /// Decides the mode at program start, while the process is still single-threaded and the
    /// registration is cheap (with other threads the kernel waits for an RCU grace period), so
    /// that unlocks are fast from the first one. Correctness does not depend on it: a sleeper
    /// decides on the spot if this never ran (a loader that skips `.init_array`).
    #[used]
    #[link_section = ".init_array"]
    static DECIDE_AT_START: extern "C" fn() = decide_at_start;

    extern "C" fn decide_at_start() {
        decide(forced_symmetric());
    }

    pub(super) fn asymmetric() -> bool {
        MODE.load(Acquire) == ASYMMETRIC
    }

    /// The mode, decided now if `decide_at_start` did not run (a loader that skips `.init_array`).
    /// Then the first barrier decides, which may be an unlock's wake in a signal handler, so it
    /// does not read the environment (`getenv` is not async-signal-safe): `CTXLOCK_MEMBARRIER`
    /// is read at start only.
    fn mode() -> u8 {
        match MODE.load(Acquire) {
            UNDECIDED => decide(false),
            decided => decided,
        }
    }

    fn decide(forced_symmetric: bool) -> u8 {
        let decided = if forced_symmetric || !register() {
            SYMMETRIC
        } else {
            ASYMMETRIC
        };
        // Two deciders agree (registering twice is harmless), unless one was forced by the
        // environment: the first one wins.
        match MODE.compare_exchange(UNDECIDED, decided, Release, Acquire) {
            Ok(_) => decided,
            Err(first) => first,
        }
    }

    /// `CTXLOCK_MEMBARRIER=0` forces the symmetric fallback: for the tests of that fallback, and
    /// to rule the barrier out when chasing a bug.
    fn forced_symmetric() -> bool {
        // SAFETY: `getenv` reads a NUL-terminated name; the pointer it returns is only read
        // before this returns. (It races with `setenv` in other threads, as every `getenv`.)
        unsafe {
            let value = libc::getenv(c"CTXLOCK_MEMBARRIER".as_ptr());
            !value.is_null() && *value == b'0' as libc::c_char
        }
    }

    fn register() -> bool {
        // SAFETY: `membarrier` takes two integers and touches no memory of ours. It fails with
        // ENOSYS (kernel before 4.14, or not built in), EINVAL or EPERM (seccomp), all meaning
        // "use the fallback".
        unsafe {
            libc::syscall(
                libc::SYS_membarrier,
                MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED,
                0,
            ) == 0
        }
    }

    pub(super) fn heavy() -> bool {
        // The fence orders our `sleepers += 1` before the check even in the symmetric mode, where
        // it pairs with the unlocker's `full()`; in the asymmetric mode the system call's own
        // barriers do that, and the fence costs nothing next to it.
        fence(SeqCst);
        if mode() != ASYMMETRIC {
            return true;
        }
        // SAFETY: as in `register`. After a successful registration the kernel does not refuse
        // the command; should it anyway, we report it and the caller stays awake.
        unsafe { libc::syscall(libc::SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0) == 0 }
    }

    #[inline(always)]
    pub(super) fn light() {
        compiler_fence(SeqCst);
    }
}

/// Targets that never sleep on a futex woken by `unlock` (the backoff and spin queues poll): no
/// sleeper registers, so the mode is never needed; symmetric, to be safe.
#[cfg(all(
    not(loom),
    not(all(feature = "std", any(target_os = "linux", target_os = "android")))
))]
mod imp {
    use core::sync::atomic::{compiler_fence, fence, Ordering::SeqCst};

    pub(super) fn asymmetric() -> bool {
        false
    }

    pub(super) fn heavy() -> bool {
        fence(SeqCst);
        true
    }

    #[inline(always)]
    pub(super) fn light() {
        compiler_fence(SeqCst);
    }
}

/// Under loom: both halves are a `fence(SeqCst)`, the mode and a seeded bug are set per model
/// by [`crate::loom_config`].
#[cfg(loom)]
mod imp {
    use super::{fence, SeqCst};
    use crate::loom_config::{current, Config};

    pub(super) fn asymmetric() -> bool {
        current().asymmetric
    }

    pub(super) fn heavy() -> bool {
        let Config {
            drop_sleeper_barrier,
            ..
        } = current();
        if !drop_sleeper_barrier {
            fence(SeqCst);
        }
        true
    }

    pub(super) fn light() {
        // Models the full barrier that the sleeper's `membarrier` forces on this thread. In the
        // symmetric mode the real code has no barrier here, and neither has the model.
        if current().asymmetric {
            fence(SeqCst);
        }
    }
}
