//! The real futex: `futex(2)` on Linux and Android, with the `PRIVATE` flag (the word is never
//! shared between processes). Both calls are one system call; `wake_one` is async-signal-safe.

use core::ptr;

use crate::sync::AtomicU32;

pub(super) const WAKES: bool = true;

pub(super) struct Queue;

impl Queue {
    pub(super) const fn new() -> Self {
        Queue
    }

    pub(super) fn wait(&self, word: &AtomicU32, expected: u32) {
        // SAFETY: `word` is a live, aligned 32-bit atomic for the whole call, which is all
        // FUTEX_WAIT reads; a null timeout means "no timeout". The kernel compares the word with
        // `expected` and queues us atomically with respect to FUTEX_WAKE, so a wake-up that
        // follows a change of the word cannot be lost. Errors (EAGAIN: the word already
        // changed; EINTR: a signal) need no handling: the caller re-checks the word.
        unsafe {
            libc::syscall(
                libc::SYS_futex,
                word.as_ptr(),
                libc::FUTEX_WAIT | libc::FUTEX_PRIVATE_FLAG,
                expected,
                ptr::null::<libc::timespec>(),
            );
        }
    }

    /// Returns whether it woke a thread (the kernel's count, 0 or 1).
    pub(super) fn wake_one(&self, word: &AtomicU32) -> bool {
        // SAFETY: as in `wait`; FUTEX_WAKE only uses the address to find the queue and wakes at
        // most 1 sleeper. It is one system call (async-signal-safe), and on a valid, aligned
        // word it cannot fail, so it never writes `errno` under the feet of interrupted code.
        unsafe {
            libc::syscall(
                libc::SYS_futex,
                word.as_ptr(),
                libc::FUTEX_WAKE | libc::FUTEX_PRIVATE_FLAG,
                1,
            ) > 0
        }
    }
}
