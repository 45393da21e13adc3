//! Targets with `std` but without a futex we call: sleep with exponential backoff (1 µs doubling
//! up to 1 ms) until the word changes. It never burns a core; the price is up to 1 ms of extra
//! latency after the lock is released, and `wake_one` has nothing to do.

use core::time::Duration;

use crate::sync::{AtomicU32, Ordering::Relaxed};

const FIRST_PAUSE: Duration = Duration::from_micros(1);
const LONGEST_PAUSE: Duration = Duration::from_millis(1);

pub(super) const WAKES: bool = false;

pub(super) struct Queue;

impl Queue {
    pub(super) const fn new() -> Self {
        Queue
    }

    pub(super) fn wait(&self, word: &AtomicU32, expected: u32) {
        let mut pause = FIRST_PAUSE;
        // Relaxed: this load only decides when to stop sleeping; the caller takes the lock
        // (and synchronizes with the unlocker) with its own Acquire read-modify-write.
        while word.load(Relaxed) == expected {
            std::thread::sleep(pause);
            pause = LONGEST_PAUSE.min(pause * 2);
        }
    }

    pub(super) fn wake_one(&self, _word: &AtomicU32) -> bool {
        false
    }
}
