//! `#[nmi_safe]` and `#[may_sleep]` in an edition-2018 crate: paths, imports, renames, globs and an
//! entry point, compiled under the workspace's lints and `clippy -D warnings`.
//!
//! Rule 5 holds on this edition too: calling [`flush`] from an `#[nmi_safe]` fn, by path or through a
//! glob import, fails with the `#[may_sleep]` diagnostic (E0277). (The examples write `fn main`
//! themselves, so that the glob is a module's, as in real code, not one of the `fn main` that rustdoc
//! would wrap them in, which the probes do not see.)
//!
//! ```compile_fail,E0277
//! use ctxlock::nmi_safe;
//!
//! #[nmi_safe]
//! fn on_crash() {
//!     ctxlock_test_edition2018::flush();
//! }
//! # fn main() {}
//! ```
//!
//! ```compile_fail,E0277
//! use ctxlock::nmi_safe;
//! use ctxlock_test_edition2018::slow::*;
//!
//! #[nmi_safe]
//! fn on_crash() {
//!     clear();
//! }
//! # fn main() {}
//! ```
//!
//! The same fn without the call compiles, so the failures above are the calls:
//!
//! ```
//! use ctxlock::nmi_safe;
//! #[allow(unused_imports)]
//! use ctxlock_test_edition2018::{flush as flush_log, slow::*};
//!
//! #[nmi_safe]
//! fn on_crash() {}
//! # on_crash();
//! ```

use core::convert::TryFrom;
use core::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use ctxlock::{may_sleep, nmi_safe, nmi_unchecked, HybridLock};

static LOG: HybridLock<[u8; 16]> = HybridLock::new([0; 16]);
static SEEN: AtomicU32 = AtomicU32::new(0);
static DIRTY: AtomicBool = AtomicBool::new(false);

/// Sleepable helpers, reached through a module.
pub mod slow {
    use ctxlock::may_sleep;

    /// Waits for the log and clears it.
    #[may_sleep]
    pub fn clear() {
        *super::LOG.lock() = [0; 16];
    }
}

/// NMI-safe helpers, reached by path, import, rename and glob.
pub mod fast {
    use core::sync::atomic::Ordering;

    use ctxlock::nmi_safe;

    /// Counts one event.
    #[nmi_safe]
    pub fn count() -> u32 {
        super::SEEN.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Marks the log as needing a flush.
    #[nmi_safe]
    pub fn mark_dirty() {
        super::DIRTY.store(true, Ordering::Release);
    }

    /// The larger of two values, for the turbofish case.
    #[nmi_safe]
    pub fn larger<T: PartialOrd>(a: T, b: T) -> T {
        if a < b {
            b
        } else {
            a
        }
    }

    /// Checks, through `super::`, that the log is free.
    pub mod probe {
        use ctxlock::nmi_safe;

        /// Whether nobody holds the log.
        #[nmi_safe]
        #[must_use]
        pub fn log_is_free() -> bool {
            super::super::LOG.try_lock().is_ok() && super::larger::<u8>(1, 2) == 2
        }
    }
}

use fast::count as bump;
use fast::*;

/// Writes `byte` to the log if nobody holds it.
#[nmi_safe]
pub fn log_byte(byte: u8) -> bool {
    match LOG.try_lock() {
        Ok(mut log) => {
            log[0] = byte;
            true
        }
        Err(_busy) => {
            mark_dirty();
            false
        }
    }
}

/// A signal-handler entry point.
#[nmi_safe(entry)]
pub extern "C" fn on_signal(signal: i32) {
    fn clamp(signal: i32) -> u8 {
        u8::try_from(signal).unwrap_or(0)
    }

    let _ = bump();
    let _ = fast::probe::log_is_free();
    let _ = self::fast::count();
    let _ = crate::log_byte(clamp(signal));
    if DIRTY.load(Ordering::Acquire) {
        nmi_unchecked!(
            "tests only: the fixture never holds the log while a signal is raised",
            flush()
        );
    }
}

/// Flushes the log; may wait for it.
#[may_sleep]
pub fn flush() {
    slow::clear();
    DIRTY.store(false, Ordering::Release);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_runs_in_nmi_scope_and_returns() {
        on_signal(7);
        assert!(!ctxlock::in_nmi());
        assert_eq!(*LOG.lock(), {
            let mut expected = [0; 16];
            expected[0] = 7;
            expected
        });
        flush();
    }
}
