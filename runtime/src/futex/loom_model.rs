//! A faithful model of the futex for loom: the word is compared and the thread queued under one
//! mutex, and a wake takes the same mutex before it notifies. A waker's change of the word happens
//! before it takes the mutex, so a waiter either sees the change or is already queued: exactly the
//! kernel's guarantee. A lost wake-up therefore leaves a thread waiting forever, and loom reports
//! it as a deadlock. (Loom's condvar has no spurious wake-ups; the real futex may have them, and
//! the lock's loop does not rely on their absence.)

use loom::sync::{Condvar, Mutex};

use crate::sync::{AtomicU32, Ordering::Relaxed};

pub(super) const WAKES: bool = true;

pub(super) struct Queue {
    kernel: Mutex<()>,
    sleepers: Condvar,
}

impl Queue {
    pub(super) fn new() -> Self {
        Queue {
            kernel: Mutex::new(()),
            sleepers: Condvar::new(),
        }
    }

    pub(super) fn wait(&self, word: &AtomicU32, expected: u32) {
        let kernel = self.kernel.lock().unwrap();
        // Relaxed: the mutex orders this load after any waker's store (see the module doc).
        if word.load(Relaxed) == expected {
            drop(self.sleepers.wait(kernel).unwrap());
        }
    }

    pub(super) fn wake_one(&self, _word: &AtomicU32) {
        let _kernel = self.kernel.lock().unwrap();
        self.sleepers.notify_one();
    }
}
