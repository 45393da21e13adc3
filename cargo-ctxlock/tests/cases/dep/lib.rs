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
