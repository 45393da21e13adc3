//! Sleep until a 32-bit word changes, and wake one sleeper: what the slow path of
//! [`RawHybridLock`](crate::RawHybridLock) parks on. One implementation per platform (the
//! futex syscall, a sleeping backoff, a spin), and a model of the futex for loom.

use crate::sync::{const_fn_unless_loom, AtomicU32};

/// A lock word together with the queue its sleepers wait in.
pub(crate) struct Futex {
    /// The word; the lock's state lives here and the futex compares against it.
    pub(crate) word: AtomicU32,
    /// Where sleepers wait: the kernel's futex queue (nothing to store), or loom's model of it.
    queue: imp::Queue,
}

impl Futex {
    /// Whether a thread in [`wait`](Self::wait) relies on [`wake_one`](Self::wake_one) to return
    /// (the futex, loom's model of it), rather than polling the word (the backoff and the spin).
    /// Only then must the lock count its sleepers and `unlock` wake them.
    pub(crate) const WAKES: bool = imp::WAKES;

    const_fn_unless_loom! {
        pub(crate) fn new(value: u32) -> Self {
            Self { word: AtomicU32::new(value), queue: imp::Queue::new() }
        }
    }

    /// Sleeps as long as `word == expected`. It may return early (a signal, a wake-up meant for
    /// another thread), so the caller re-checks the word and calls again if need be.
    #[inline]
    pub(crate) fn wait(&self, expected: u32) {
        self.queue.wait(&self.word, expected);
    }

    /// Wakes one thread sleeping in [`wait`](Self::wait), if any, and returns whether it woke one.
    /// On Linux and Android it is one system call, async-signal-safe; elsewhere it has nothing to
    /// do (and wakes nobody).
    #[inline]
    pub(crate) fn wake_one(&self) -> bool {
        self.queue.wake_one(&self.word)
    }
}

// One implementation per target, each in `futex/`, all named `imp` here.

#[cfg(all(
    not(loom),
    feature = "std",
    any(target_os = "linux", target_os = "android")
))]
mod linux;
#[cfg(all(
    not(loom),
    feature = "std",
    any(target_os = "linux", target_os = "android")
))]
use linux as imp;

// Also compiled on Linux under `cfg(test)`, so that its unit test runs somewhere.
#[cfg(all(
    not(loom),
    feature = "std",
    any(test, not(any(target_os = "linux", target_os = "android")))
))]
mod backoff;
#[cfg(all(
    not(loom),
    feature = "std",
    not(any(target_os = "linux", target_os = "android"))
))]
use backoff as imp;

#[cfg(all(not(loom), not(feature = "std")))]
mod spin;
#[cfg(all(not(loom), not(feature = "std")))]
use spin as imp;

#[cfg(loom)]
mod loom_model;
#[cfg(loom)]
use loom_model as imp;

#[cfg(all(test, not(loom), feature = "std"))]
mod tests {
    use std::{sync::atomic::Ordering::Relaxed, thread, time::Duration};

    use super::*;

    /// `wait` returns at once when the word already differs from `expected`.
    #[test]
    fn wait_returns_when_word_differs() {
        let futex = Futex::new(1);
        futex.wait(0);
        backoff::Queue::new().wait(&futex.word, 0);
    }

    /// A sleeper on the platform queue wakes up once the word changes and `wake_one` is called.
    #[test]
    fn wake_one_wakes_a_sleeper() {
        let futex = Futex::new(1);
        thread::scope(|s| {
            s.spawn(|| {
                while futex.word.load(Relaxed) == 1 {
                    futex.wait(1);
                }
            });
            thread::sleep(Duration::from_millis(20));
            futex.word.store(0, Relaxed);
            futex.wake_one();
        });
    }

    /// The backoff fallback wakes up on its own once the word changes; `wake_one` is a no-op.
    #[test]
    fn backoff_notices_the_change() {
        const {
            assert!(
                !backoff::WAKES,
                "it polls: unlocks need not count nor wake it"
            )
        };
        let word = AtomicU32::new(1);
        let queue = backoff::Queue::new();
        thread::scope(|s| {
            s.spawn(|| queue.wait(&word, 1));
            thread::sleep(Duration::from_millis(20));
            word.store(0, Relaxed);
            queue.wake_one(&word);
        });
    }
}
