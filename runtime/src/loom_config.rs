//! Under `cfg(loom)` only: what a loom model of the lock runs with, set per test thread (loom runs
//! a model's threads on the thread that calls `loom::model`), so that the models in
//! `tests/loom.rs` can check the fallback mode and the seeded bugs in the same build.

use std::cell::Cell;

/// The lock's configuration inside a model.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    /// Sleepers issue the heavy barrier (`membarrier`) and unlockers only a compiler fence, as on
    /// Linux; `false` is the symmetric fallback.
    pub asymmetric: bool,
    /// The seeded bug: sleepers skip their barrier. Loom must then find a lost wake-up.
    pub drop_sleeper_barrier: bool,
    /// The seeded bug: an unlock whose wake found nobody queued keeps the wake's claim
    /// (`WAKING`) and returns. Loom must then find a lost wake-up.
    pub keep_claim_of_empty_wake: bool,
}

std::thread_local! {
    static CONFIG: Cell<Config> = const {
        Cell::new(Config {
            asymmetric: true,
            drop_sleeper_barrier: false,
            keep_claim_of_empty_wake: false,
        })
    };
}

/// Runs `f` with the lock configured as `config`, then restores the previous configuration.
pub fn with<R>(config: Config, f: impl FnOnce() -> R) -> R {
    let previous = CONFIG.with(|c| c.replace(config));
    let result = f();
    CONFIG.with(|c| c.set(previous));
    result
}

pub(crate) fn current() -> Config {
    CONFIG.with(Cell::get)
}
