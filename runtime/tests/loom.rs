//! loom models of `RawHybridLock`: every interleaving (up to a preemption bound) of lockers that
//! may sleep and a "handler" that only `try_lock`s. Loom cannot interrupt a thread with a signal;
//! it runs the handler as a thread of its own, whose steps it interleaves anywhere between the
//! others' steps, which covers a handler interrupting any of them.
//!
//! Run with `RUSTFLAGS="--cfg loom" cargo test -p ctxlock-runtime --test loom --release`.
#![cfg(loom)]

use ctxlock_runtime::RawHybridLock;
use loom::{cell::UnsafeCell, model::Builder, sync::Arc, thread};

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

/// Property: mutual exclusion between two `lock()`ers and a `try_lock()`-only handler (loom's
/// `UnsafeCell` fails on any racing access), and no lost update: the count is 2 plus one if the
/// handler won. Also: nobody sleeps forever (loom fails a run that ends with a blocked thread),
/// including when the handler holds the lock while both lockers go to sleep.
///
/// Preemption bound 4 (about 10 s in release mode; 5 takes over a minute). That is twice what
/// it takes to catch a woken sleeper that retakes the lock as LOCKED instead of CONTENDED (a
/// lost wake-up with two sleepers, found from bound 2), or a missing wake in `unlock`.
#[test]
fn lockers_and_handler_exclude_each_other() {
    model(Some(4)).check(|| {
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
    });
}

/// Property: no lost wake-up. The main thread holds the lock while a sleeper blocks in `lock()`
/// (in the runs where it outlasts its spin it sets CONTENDED and waits on the futex), and a handler
/// `try_lock`s, and unlocks if it won, at any point, including between the main thread's release
/// and the sleeper's retry. A sleeper that is never woken leaves loom with a blocked thread and no
/// runnable one, which it reports as a deadlock. The count checks mutual exclusion as above.
///
/// No preemption bound: this model is small enough to explore exhaustively (a few seconds).
#[test]
fn sleeper_is_woken_whoever_unlocks() {
    model(None).check(|| {
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
    });
}
