//! Mutual exclusion under real contention: threads increment a plain (non-atomic) counter through
//! the guard, and the total must be exact. A lost update means two holders at once.
#![cfg(not(loom))] // loom's atomics only work inside `loom::model`

use std::{hint::black_box, thread};

use ctxlock_runtime::HybridLock;

const THREADS: usize = 8;
const ITERATIONS: usize = 20_000;

/// A read-modify-write split in two, so that overlapping holders would lose updates.
fn increment(counter: &mut usize) {
    let seen = black_box(*counter);
    *counter = seen + 1;
}

#[test]
fn lock_only() {
    let counter = HybridLock::new(0usize);
    thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(|| {
                for _ in 0..ITERATIONS {
                    increment(&mut counter.lock());
                }
            });
        }
    });
    assert_eq!(counter.into_inner(), THREADS * ITERATIONS);
}

/// Half the threads wait in `lock()` (and sleep), half spin on `try_lock()`: the faces exclude
/// each other, and a `try_lock` winner's unlock wakes sleepers (or the test would hang).
#[test]
fn lock_and_try_lock_mixed() {
    let counter = HybridLock::new(0usize);
    thread::scope(|s| {
        for t in 0..THREADS {
            let counter = &counter;
            s.spawn(move || {
                for _ in 0..ITERATIONS {
                    if t % 2 == 0 {
                        increment(&mut counter.lock());
                    } else {
                        let mut guard = loop {
                            match counter.try_lock() {
                                Ok(guard) => break guard,
                                Err(_) => thread::yield_now(),
                            }
                        };
                        increment(&mut guard);
                    }
                }
            });
        }
    });
    assert_eq!(counter.into_inner(), THREADS * ITERATIONS);
}

/// Long critical sections so that waiters outlast the spin and really sleep on the futex.
#[test]
fn long_critical_sections() {
    const ROUNDS: usize = 200;
    let counter = HybridLock::new(0usize);
    thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..ROUNDS {
                    let mut guard = counter.lock();
                    increment(&mut guard);
                    thread::sleep(std::time::Duration::from_micros(50));
                }
            });
        }
    });
    assert_eq!(counter.into_inner(), 4 * ROUNDS);
}
