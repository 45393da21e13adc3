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
    /// The kernel's lock of the queue, and how many threads are queued and not yet woken: what
    /// FUTEX_WAKE counts in its return value.
    kernel: Mutex<usize>,
    sleepers: Condvar,
}

impl Queue {
    pub(super) fn new() -> Self {
        Queue {
            kernel: Mutex::new(0),
            sleepers: Condvar::new(),
        }
    }

    pub(super) fn wait(&self, word: &AtomicU32, expected: u32) {
        let mut queued = self.kernel.lock().unwrap();
        // Relaxed: the mutex orders this load after any waker's store (see the module doc).
        if word.load(Relaxed) == expected {
            *queued += 1;
            // The waker dequeues us (counts us out), as the kernel does.
            drop(self.sleepers.wait(queued).unwrap());
        }
    }

    pub(super) fn wake_one(&self, _word: &AtomicU32) -> bool {
        let mut queued = self.kernel.lock().unwrap();
        if *queued == 0 {
            return false;
        }
        *queued -= 1;
        self.sleepers.notify_one();
        true
    }
}
