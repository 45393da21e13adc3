//! Run-time tracking of "NMI context" (a signal handler, an interrupt, a crash path: code that
//! must not sleep) and [`might_sleep`], the check that stops a sleeping call made there.

use core::{fmt, marker::PhantomData};

use crate::report;

/// Marks the current thread as being in NMI context for as long as it lives.
///
/// Enter one at the top of a signal handler or crash path. Scopes nest: the thread is in NMI
/// context while at least one is alive. Entering and leaving are async-signal-safe. Inside, any
/// sleeping call that checks [`might_sleep`] (in debug builds, [`HybridLock::lock`] does) reports
/// a `BUG:` line and aborts (panics without `std`), while [`HybridLock::try_lock`] works as
/// always.
///
/// The scope is `!Send`: it belongs to the thread (or handler) that entered it. Bind it to a named
/// variable (`let _nmi = …`); `let _ = NmiScope::enter()` would leave at once.
///
/// With `std` the depth is per thread. Without `std` it is one global counter, which suits a
/// single-core embedded target where the interrupt handler plays the NMI.
///
/// [`HybridLock::lock`]: crate::HybridLock::lock
/// [`HybridLock::try_lock`]: crate::HybridLock::try_lock
///
/// ```
/// use ctxlock_runtime::{in_nmi, HybridLock, NmiScope};
///
/// static LOG: HybridLock<Vec<u8>> = HybridLock::new(Vec::new());
///
/// fn crash_handler() {
///     let _nmi = NmiScope::enter();
///     assert!(in_nmi());
///     if let Ok(log) = LOG.try_lock() {
///         // ... dump `log` with async-signal-safe calls ...
///         # let _ = log;
///     }
/// }
///
/// crash_handler();
/// assert!(!in_nmi());
/// ```
#[must_use = "the thread leaves NMI context when the scope is dropped"]
pub struct NmiScope {
    /// `!Send` and `!Sync`: the depth it will decrement belongs to this thread.
    _this_thread: PhantomData<*const ()>,
}

impl NmiScope {
    /// Enters NMI context on this thread until the returned scope is dropped.
    ///
    /// ```
    /// use ctxlock_runtime::{in_nmi, NmiScope};
    ///
    /// let outer = NmiScope::enter();
    /// let inner = NmiScope::enter();
    /// drop(inner);
    /// assert!(in_nmi()); // still inside `outer`
    /// drop(outer);
    /// assert!(!in_nmi());
    /// ```
    #[inline]
    pub fn enter() -> NmiScope {
        depth::enter();
        NmiScope {
            _this_thread: PhantomData,
        }
    }
}

impl fmt::Debug for NmiScope {
    /// Shows the current nesting depth: `NmiScope { depth: 1 }`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NmiScope")
            .field("depth", &depth::get())
            .finish()
    }
}

impl Drop for NmiScope {
    #[inline]
    fn drop(&mut self) {
        depth::leave();
    }
}

/// Whether the current thread is inside an [`NmiScope`].
///
/// ```
/// use ctxlock_runtime::{in_nmi, NmiScope};
///
/// assert!(!in_nmi());
/// let _nmi = NmiScope::enter();
/// assert!(in_nmi());
/// ```
#[inline]
#[must_use]
pub fn in_nmi() -> bool {
    depth::get() != 0
}

/// Declares that the caller may sleep: a no-op outside NMI context (one thread-local read), and a
/// fatal bug inside one.
///
/// Inside an [`NmiScope`] it writes one line to stderr, in the spirit of the kernel's
/// `might_sleep()`, naming the caller's location, then aborts the process:
///
/// ```text
/// BUG: sleeping function called from NMI context at src/foo.rs:12:5
/// ```
///
/// The line is assembled on the stack and written with a single `write(2)` (no allocation, no
/// `std::io` lock), so it gets out even from a signal handler that interrupted `malloc` or a
/// `println!`. Without `std` it panics with the same message instead.
///
/// Put it at the top of functions that block, so that misuse from a handler is caught the first
/// time the path runs rather than the first time it deadlocks.
///
/// ```
/// use ctxlock_runtime::might_sleep;
///
/// fn flush_to_disk() {
///     might_sleep();
///     // ... blocking I/O ...
/// }
///
/// flush_to_disk(); // not in NMI context: fine
/// ```
#[inline]
#[track_caller]
pub fn might_sleep() {
    if in_nmi() {
        report::sleeping_in_nmi(None);
    }
}

/// [`might_sleep`] naming the function that may sleep; what `#[may_sleep]` expands to. The line is
/// ``BUG: sleeping function `kexec_load` (src/main.rs:10:4) called from NMI context``, where the
/// location is that of the caller of this function: for `#[may_sleep]`, the fn's name.
///
/// ```
/// ctxlock_runtime::might_sleep_named("kexec_load"); // not in NMI context: fine
/// ```
#[doc(hidden)]
#[inline]
#[track_caller]
pub fn might_sleep_named(name: &'static str) {
    if in_nmi() {
        report::sleeping_in_nmi(Some(name));
    }
}

/// The nesting depth of [`NmiScope`]s, per thread.
///
/// A handler may interrupt `enter`/`leave` between their read and write of the depth. That is
/// harmless: the handler's own scopes are balanced, so it puts back the value it found.
#[cfg(feature = "std")]
mod depth {
    use core::cell::Cell;

    std::thread_local! {
        // A `const` initialiser and a type without `Drop`: the slot is a plain thread-local
        // static, with no lazy initialisation and no destructor to register, so touching it never
        // allocates or locks. POSIX promises nothing about thread-locals in signal handlers, but
        // this is what makes them safe in practice (except in a `dlopen`ed library, whose
        // thread-locals may be allocated on first touch).
        static DEPTH: Cell<u32> = const { Cell::new(0) };
    }

    #[inline]
    pub(super) fn get() -> u32 {
        DEPTH.get()
    }

    #[inline]
    pub(super) fn enter() {
        // Wrapping: no panic path in a signal handler; 2^32 live scopes cannot exist.
        DEPTH.set(DEPTH.get().wrapping_add(1));
    }

    #[inline]
    pub(super) fn leave() {
        DEPTH.set(DEPTH.get().wrapping_sub(1));
    }
}

/// The nesting depth of [`NmiScope`]s: without `std`, one counter for the whole program.
#[cfg(not(feature = "std"))]
mod depth {
    use core::sync::atomic::{AtomicU32, Ordering::Relaxed};

    static DEPTH: AtomicU32 = AtomicU32::new(0);

    // Relaxed: the counter orders nothing else; on the single core it is meant for, an interrupt
    // sees every earlier write of the code it interrupted.
    #[inline]
    pub(super) fn get() -> u32 {
        DEPTH.load(Relaxed)
    }

    #[inline]
    pub(super) fn enter() {
        DEPTH.fetch_add(1, Relaxed);
    }

    #[inline]
    pub(super) fn leave() {
        DEPTH.fetch_sub(1, Relaxed);
    }
}

// With `std` the depth is per thread, so these tests may run in parallel.
#[cfg(all(test, feature = "std"))]
mod tests {
    use std::thread;

    use super::*;

    #[test]
    fn not_in_nmi_by_default() {
        assert!(!in_nmi());
        assert_eq!(depth::get(), 0);
    }

    #[test]
    fn scopes_nest() {
        let outer = NmiScope::enter();
        assert_eq!(depth::get(), 1);
        let inner = NmiScope::enter();
        assert_eq!(depth::get(), 2);
        assert!(in_nmi());
        drop(inner);
        assert_eq!(depth::get(), 1);
        assert!(in_nmi());
        assert_eq!(std::format!("{outer:?}"), "NmiScope { depth: 1 }");
        drop(outer);
        assert_eq!(depth::get(), 0);
        assert!(!in_nmi());
    }

    #[test]
    fn depth_is_per_thread() {
        let _nmi = NmiScope::enter();
        assert!(in_nmi());
        thread::spawn(|| assert!(!in_nmi())).join().unwrap();
    }

    #[test]
    fn might_sleep_outside_nmi_is_a_no_op() {
        might_sleep();
        might_sleep_named("flush_to_disk");
    }
}

// Without `std` the depth is one global counter: one test, so that nothing runs beside it.
// (Aborting with `std` is tested in a child process by `tests/nmi_abort.rs`.)
#[cfg(all(test, not(feature = "std")))]
mod tests {
    use std::{panic, string::String};

    use super::*;

    /// The panic message of `f`, which must panic.
    fn panic_message(f: impl FnOnce() + panic::UnwindSafe) -> String {
        let payload = panic::catch_unwind(f).expect_err("should panic");
        *payload.downcast::<String>().expect("a formatted message")
    }

    #[test]
    fn global_depth_and_panicking_might_sleep() {
        might_sleep();
        assert!(!in_nmi());
        let outer = NmiScope::enter();
        let inner = NmiScope::enter();
        assert_eq!(depth::get(), 2);
        drop(inner);
        assert!(in_nmi());

        let line = line!() + 1;
        let message = panic_message(|| might_sleep());
        let at = std::format!("{}:{line}:", file!());
        assert!(message.starts_with("BUG: sleeping function called from NMI context at "));
        assert!(message.contains(&at), "{message}");
        let message = panic_message(|| might_sleep_named("kexec_load"));
        assert!(
            message.starts_with("BUG: sleeping function `kexec_load` ("),
            "{message}"
        );
        assert!(message.ends_with(") called from NMI context"), "{message}");

        drop(outer);
        assert!(!in_nmi());
    }
}
