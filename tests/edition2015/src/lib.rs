//! `#[nmi_safe]` and `#[may_sleep]` in an edition-2015 crate, with no `extern crate ctxlock;` (the
//! attributes are named by path, which edition 2015 resolves through the extern prelude): calls through
//! `use std::mem;`-style imports, `self::`/`super::` paths, renames and macros build clean.
//!
//! Rule 5 holds on this edition too, with the same messages as on the others: `tests/editions.rs`
//! builds a crate on each edition and checks it. (Not here as doc tests: a doc test is no file that
//! the attributes can read, so a private fn and a module's imports are beyond rule 5 in one.)
//!
//! With `extern crate ctxlock;`, the attributes can be imported, as in edition 2015 every crate is:
//!
//! ```
//! extern crate ctxlock;
//! extern crate ctxlock_test_edition2015;
//! use ctxlock::{may_sleep, nmi_safe};
//! #[allow(unused_imports)]
//! use ctxlock_test_edition2015::slow::clear as wipe;
//!
//! #[may_sleep]
//! fn load_image() {}
//!
//! #[nmi_safe]
//! fn handler() {}
//! # fn main() { handler(); load_image(); }
//! ```

use std::mem;
use std::sync::atomic::{AtomicU32, Ordering};

static LOG: ctxlock::HybridLock<[u8; 16]> = ctxlock::HybridLock::new([0; 16]);
static SEEN: AtomicU32 = AtomicU32::new(0);

/// Sleepable helpers, reached through a module.
pub mod slow {
    /// Waits for the log and clears it.
    #[ctxlock::may_sleep]
    pub fn clear() {
        *super::LOG.lock() = [0; 16];
    }

    /// A private sleepable fn, beside a trait impl whose fn has no visibility either.
    #[ctxlock::may_sleep]
    fn settle() {}

    /// Calls [`settle`], so that it is used.
    #[ctxlock::may_sleep]
    pub fn settle_all() {
        settle();
        Noisy.make_noise();
    }

    /// A type whose trait impl holds a `#[may_sleep]` fn.
    pub struct Noisy;

    /// Makes noise.
    pub trait Noise {
        /// Makes noise.
        fn make_noise(&self);
    }

    impl Noise for Noisy {
        #[ctxlock::may_sleep]
        fn make_noise(&self) {}
    }
}

/// NMI-safe helpers, reached by path and rename.
pub mod fast {
    use std::mem;
    use std::sync::atomic::Ordering;

    /// Counts one event.
    #[ctxlock::nmi_safe]
    pub fn count() -> u32 {
        super::SEEN.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Takes the value out of `slot`, through `mem::replace` after `use std::mem;`.
    #[ctxlock::nmi_safe]
    pub fn take(slot: &mut u32) -> u32 {
        mem::replace(slot, 0)
    }

    /// Checks, through `super::`, that the log is free.
    pub mod probe {
        /// Whether nobody holds the log.
        #[ctxlock::nmi_safe]
        #[must_use]
        pub fn log_is_free() -> bool {
            super::super::LOG.try_lock().is_ok() && super::count() > 0
        }
    }
}

use fast::count as bump;

macro_rules! twice {
    ($e:expr) => {
        $e + $e
    };
}

/// Writes `byte` to the log if nobody holds it.
#[ctxlock::nmi_safe]
pub fn log_byte(byte: u8) -> bool {
    match LOG.try_lock() {
        Ok(mut log) => {
            log[0] = byte;
            true
        }
        Err(_busy) => false,
    }
}

/// A signal-handler entry point.
#[ctxlock::nmi_safe(entry)]
pub extern "C" fn on_signal(signal: i32) {
    let _ = bump();
    let _ = twice!(fast::count());
    let _ = fast::probe::log_is_free();
    let _ = self::fast::count();
    let mut seen = 1;
    let _ = ::fast::take(&mut seen);
    let mut other = 2;
    mem::swap(&mut seen, &mut other);
    let _ = ::log_byte(signal as u8);
    assert_eq!(::std::mem::size_of::<u8>(), 1);
}

/// Flushes the log; may wait for it.
#[ctxlock::may_sleep]
pub fn flush() {
    slow::clear();
    slow::settle_all();
    SEEN.store(0, Ordering::Release);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_runs_in_nmi_scope_and_returns() {
        on_signal(7);
        assert!(!ctxlock::in_nmi());
        assert_eq!(LOG.lock()[0], 7);
        flush();
    }
}
