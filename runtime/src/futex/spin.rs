//! Without `std` there is nothing to sleep on: `wait` is one spin hint, so `lock()` spins until the
//! lock is free and never sleeps. Fine on a single core as long as interrupt handlers use
//! `try_lock`: one spinning in `lock()` for a lock held by the code it interrupted would never end.

use crate::sync::{spin_loop, AtomicU32};

pub(super) const WAKES: bool = false;

pub(super) struct Queue;

impl Queue {
    pub(super) const fn new() -> Self {
        Queue
    }

    pub(super) fn wait(&self, _word: &AtomicU32, _expected: u32) {
        spin_loop();
    }

    pub(super) fn wake_one(&self, _word: &AtomicU32) -> bool {
        false
    }
}
