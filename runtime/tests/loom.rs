//! loom models of `RawHybridLock`: every interleaving (up to a preemption bound) of lockers that
//! may sleep and a "handler" that only `try_lock`s. Loom cannot interrupt a thread with a signal;
//! it runs the handler as a thread of its own, whose steps it interleaves anywhere between the
//! others' steps, which covers a handler interrupting any of them.
//!
//! The barrier that lets `unlock` be a plain store is modelled as a `fence(SeqCst)` on both sides
//! (`membarrier` on the sleeper's, the barrier its IPI forces on the unlocker's). Each model runs
//! in both modes, that one and the symmetric fallback; and two seeded bugs, a sleeper that skips
//! its barrier and an unlock that keeps the claim of a wake that found nobody, must make loom fail.
//!
//! Run with `RUSTFLAGS="--cfg loom" cargo test -p ctxlock-runtime --test loom --release`.
#![cfg(loom)]

use ctxlock_runtime::{
    loom_config::{self, Config},
    RawHybridLock,
};
use loom::{cell::UnsafeCell, model::Builder, sync::Arc, thread};
use std::{env, process::Command};

/// A counter behind the raw lock. Loom's `UnsafeCell` reports any two accesses that are not
/// ordered by the lock's Acquire/Release, so a broken mutual exclusion fails the model.
struct Counter {
    lock: RawHybridLock,
    count: UnsafeCell<usize>,
}

// SAFETY: `count` is only accessed with `lock` held (or after every other thread was joined).
unsafe impl Sync for Counter {}

impl Counter {
    fn new() -> Arc<Self> {
        Arc::new(Counter {
            lock: RawHybridLock::new(),
            count: UnsafeCell::new(0),
        })
    }

    /// The critical section. The caller holds the lock.
    fn increment_held(&self) {
        // SAFETY: the caller holds the lock, so nobody else accesses `count`.
        self.count.with_mut(|count| unsafe { *count += 1 });
    }

    /// What a sleepable thread does: `lock()`, increment, unlock.
    fn lock_and_increment(&self) {
        self.lock.lock();
        self.increment_held();
        // SAFETY: taken just above.
        unsafe { self.lock.unlock() };
    }

    /// What a signal handler does: `try_lock()`, and only if that won, increment and unlock.
    fn try_increment(&self) -> bool {
        if !self.lock.try_lock() {
            return false;
        }
        self.increment_held();
        // SAFETY: `try_lock` won just above.
        unsafe { self.lock.unlock() };
        true
    }

    /// The final count, once every other thread has been joined.
    fn total(&self) -> usize {
        // SAFETY: all other threads were joined, so nothing accesses `count` concurrently.
        self.count.with(|count| unsafe { *count })
    }
}

/// A model explorer that tries every interleaving with at most `preemption_bound` preemptions
/// (switches away from a thread that could have gone on), or all of them if `None`.
fn model(preemption_bound: Option<usize>) -> Builder {
    let mut builder = Builder::new();
    builder.preemption_bound = preemption_bound;
    builder
}

/// The asymmetric mode (`membarrier`), as on Linux.
const ASYMMETRIC: Config = Config {
    asymmetric: true,
    drop_sleeper_barrier: false,
    keep_claim_of_empty_wake: false,
};
/// The symmetric fallback (no `membarrier`): every unlock fences.
const SYMMETRIC: Config = Config {
    asymmetric: false,
    drop_sleeper_barrier: false,
    keep_claim_of_empty_wake: false,
};

/// Property: mutual exclusion between two `lock()`ers and a `try_lock()`-only handler (loom's
/// `UnsafeCell` fails on any racing access), and no lost update: the count is 2 plus one if the
/// handler won. Also: nobody sleeps forever (loom fails a run that ends with a blocked thread),
/// including when the handler holds the lock while both lockers go to sleep.
///
/// Preemption bound 3: about 4 s per mode in release mode (4 takes over a minute since sleepers
/// count themselves in a word of their own). The no-lost-wake-up model below goes further.
fn lockers_and_handler_exclude_each_other(config: Config) {
    loom_config::with(config, || {
        model(Some(3)).check(|| {
            let counter = Counter::new();
            let lockers: Vec<_> = (0..2)
                .map(|_| {
                    let counter = counter.clone();
                    thread::spawn(move || counter.lock_and_increment())
                })
                .collect();
            let handler = {
                let counter = counter.clone();
                thread::spawn(move || counter.try_increment())
            };
            for locker in lockers {
                locker.join().unwrap();
            }
            let handler_won = handler.join().unwrap();
            assert_eq!(counter.total(), 2 + usize::from(handler_won));
        })
    });
}

#[test]
fn lockers_and_handler_exclude_each_other_asymmetric() {
    lockers_and_handler_exclude_each_other(ASYMMETRIC);
}

#[test]
fn lockers_and_handler_exclude_each_other_symmetric() {
    lockers_and_handler_exclude_each_other(SYMMETRIC);
}

/// Property: no lost wake-up. The main thread holds the lock while a sleeper blocks in `lock()`
/// (in the runs where it outlasts its spin it counts itself in and waits on the futex), and a handler
/// `try_lock`s, and unlocks if it won, at any point, including between the main thread's release
/// and the sleeper's retry. A sleeper that is never woken leaves loom with a blocked thread and no
/// runnable one, which it reports as a deadlock. The count checks mutual exclusion as above.
///
/// Preemption bound 4: about 3 s per mode in release mode (5: 19 s; unbounded: over 5 minutes).
fn sleeper_is_woken_whoever_unlocks(config: Config) {
    loom_config::with(config, || {
        model(Some(4)).check(|| {
            let counter = Counter::new();
            counter.lock.lock();
            let sleeper = {
                let counter = counter.clone();
                thread::spawn(move || counter.lock_and_increment())
            };
            let handler = {
                let counter = counter.clone();
                thread::spawn(move || counter.try_increment())
            };
            counter.increment_held();
            // SAFETY: taken by this thread before the others were spawned.
            unsafe { counter.lock.unlock() };
            sleeper.join().unwrap();
            let handler_won = handler.join().unwrap();
            assert_eq!(counter.total(), 2 + usize::from(handler_won));
        })
    });
}

#[test]
fn sleeper_is_woken_whoever_unlocks_asymmetric() {
    sleeper_is_woken_whoever_unlocks(ASYMMETRIC);
}

#[test]
fn sleeper_is_woken_whoever_unlocks_symmetric() {
    sleeper_is_woken_whoever_unlocks(SYMMETRIC);
}

/// Set in the child process that runs a seeded bug's model, to the bug's test name.
const SEEDED_BUG: &str = "CTXLOCK_LOOM_SEEDED_BUG";

/// Runs the test `name` again in a child process with [`SEEDED_BUG`] set, and checks that loom
/// found a deadlock there (a thread asleep forever: the lost wake-up).
///
/// The model runs in a child process: loom's deadlock panic unwinds through its own thread
/// handles, whose drop panics again and aborts, which `#[should_panic]` cannot catch.
fn assert_loom_finds_the_lost_wake_up(name: &str, what: &str) {
    let output = Command::new(env::current_exe().expect("test binary path"))
        .args(["--exact", name])
        .args(["--nocapture", "--test-threads", "1"])
        .env(SEEDED_BUG, name)
        .output()
        .expect("run the seeded bug's model");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success() && stderr.contains("deadlock"),
        "loom did not find the lost wake-up of {what} ({}):\n{stderr}",
        output.status,
    );
}

/// Property: the models can see the bug the barrier prevents. With the sleeper's barrier dropped,
/// its last look at the word may miss the unlock's store while the unlock's look at the count
/// misses its registration (store buffering); it then sleeps forever, and loom must report a
/// deadlock. If it ever does not, the models above prove nothing about the barrier.
#[test]
fn seeded_bug_sleeper_without_barrier_is_caught() {
    const NAME: &str = "seeded_bug_sleeper_without_barrier_is_caught";
    if env::var(SEEDED_BUG).as_deref() == Ok(NAME) {
        return one_sleeper_model(Config {
            drop_sleeper_barrier: true,
            ..ASYMMETRIC
        });
    }
    assert_loom_finds_the_lost_wake_up(NAME, "a sleeper without barrier");
}

/// The sleeper of `sleeper_is_woken_whoever_unlocks`, without the handler.
fn one_sleeper_model(config: Config) {
    loom_config::with(config, || {
        model(Some(4)).check(|| {
            let counter = Counter::new();
            counter.lock.lock();
            let sleeper = {
                let counter = counter.clone();
                thread::spawn(move || counter.lock_and_increment())
            };
            // SAFETY: taken by this thread before the sleeper was spawned.
            unsafe { counter.lock.unlock() };
            sleeper.join().unwrap();
        })
    });
}

/// Property: the models can see the bug that an unlock whose wake found nobody queued must take
/// back its claim (`WAKING`) and look again. If it keeps the claim, an unlock by the handler in
/// the meantime wakes nobody, and the sleeper, queued just after the empty wake, sleeps forever.
/// Needs the handler: with the sleeper alone, no other unlock can be silenced.
#[test]
fn seeded_bug_claim_of_empty_wake_kept_is_caught() {
    const NAME: &str = "seeded_bug_claim_of_empty_wake_kept_is_caught";
    if env::var(SEEDED_BUG).as_deref() == Ok(NAME) {
        return sleeper_is_woken_whoever_unlocks(Config {
            keep_claim_of_empty_wake: true,
            ..ASYMMETRIC
        });
    }
    assert_loom_finds_the_lost_wake_up(NAME, "a sleeper behind a kept claim of an empty wake");
}
