//! The lock word on its own: one `AtomicU32` with three states, a one-CAS fast path, and a cold
//! slow path that spins briefly and then sleeps on the futex. Modelled on the futex mutex of
//! Rust's `std`, plus a promise `std` does not make: `try_lock` and `unlock` are async-signal-safe.

use core::fmt;

use crate::{
    futex::Futex,
    sync::{
        const_fn_unless_loom, spin_loop,
        Ordering::{Acquire, Relaxed, Release},
    },
};

/// Nobody holds the lock.
const UNLOCKED: u32 = 0;
/// Held, and no thread sleeps on the futex: unlocking needs no wake-up.
const LOCKED: u32 = 1;
/// Held, and threads may sleep on the futex: unlocking must wake one.
const CONTENDED: u32 = 2;

/// How often the slow path re-reads a held lock before it sleeps. Under loom every read is an
/// interleaving point, and one is enough to cover "the lock was freed while spinning".
const SPIN_LIMIT: u32 = if cfg!(loom) { 1 } else { 100 };

/// The raw hybrid lock: no data, just the lock word.
///
/// [`HybridLock`](crate::HybridLock) wraps it with the data it protects; use this one directly to
/// build other abstractions, or through `lock_api::Mutex<RawHybridLock, T>` with the `lock_api`
/// feature.
///
/// The state is one 32-bit word: 0 unlocked, 1 locked, 2 locked with possible sleepers.
/// [`try_lock`](Self::try_lock) and [`unlock`](Self::unlock) are async-signal-safe;
/// [`lock`](Self::lock) may sleep.
///
/// ```
/// use ctxlock_runtime::RawHybridLock;
///
/// static RAW: RawHybridLock = RawHybridLock::new();
///
/// RAW.lock();
/// assert!(RAW.is_locked());
/// // SAFETY: this thread took the lock just above.
/// unsafe { RAW.unlock() };
/// assert!(!RAW.is_locked());
/// ```
pub struct RawHybridLock {
    futex: Futex,
}

impl RawHybridLock {
    const_fn_unless_loom! {
        /// A new, unlocked lock. A `const fn`, so it can initialise a `static`.
        ///
        /// ```
        /// use ctxlock_runtime::RawHybridLock;
        ///
        /// static RAW: RawHybridLock = RawHybridLock::new();
        /// assert!(!RAW.is_locked());
        /// ```
        #[must_use]
        pub fn new() -> Self {
            Self { futex: Futex::new(UNLOCKED) }
        }
    }

    /// Takes the lock if it is free, without waiting: one compare-exchange.
    ///
    /// Wait-free and async-signal-safe: no system call, no thread-local, no allocation, no panic.
    /// It may be called from a signal handler, even one that interrupted the very thread that holds
    /// the lock: that call returns `false`.
    ///
    /// ```
    /// use ctxlock_runtime::RawHybridLock;
    ///
    /// let raw = RawHybridLock::new();
    /// assert!(raw.try_lock());
    /// assert!(!raw.try_lock());
    /// // SAFETY: the first `try_lock` took the lock.
    /// unsafe { raw.unlock() };
    /// ```
    #[inline]
    #[must_use = "if it returns true the lock is held and must be unlocked"]
    pub fn try_lock(&self) -> bool {
        // Acquire on success: pairs with the Release in `unlock`, so the previous holder's writes
        // are visible to us. Relaxed on failure: we then touch nothing the lock protects.
        self.futex
            .word
            .compare_exchange(UNLOCKED, LOCKED, Acquire, Relaxed)
            .is_ok()
    }

    /// Takes the lock, waiting as long as needed. Uncontended: one compare-exchange. Contended: a
    /// short spin, then it sleeps on the futex (see the crate docs for other targets).
    ///
    /// Never call it where sleeping is forbidden (a signal handler, an interrupt): use
    /// [`try_lock`](Self::try_lock) there.
    ///
    /// ```
    /// use ctxlock_runtime::RawHybridLock;
    ///
    /// let raw = RawHybridLock::new();
    /// raw.lock();
    /// // SAFETY: `lock` just returned on this thread.
    /// unsafe { raw.unlock() };
    /// ```
    #[inline]
    pub fn lock(&self) {
        // Orderings as in `try_lock`.
        if self
            .futex
            .word
            .compare_exchange(UNLOCKED, LOCKED, Acquire, Relaxed)
            .is_err()
        {
            self.lock_contended();
        }
    }

    #[cold]
    fn lock_contended(&self) {
        let mut state = self.spin();

        // Free after the spin: take it as LOCKED, hoping nobody sleeps. If somebody does, the
        // unlock that freed the lock saw CONTENDED and woke one sleeper, which will find the lock
        // held and set CONTENDED again before it sleeps, so our unlock will wake it.
        if state == UNLOCKED {
            match self
                .futex
                .word
                .compare_exchange(UNLOCKED, LOCKED, Acquire, Relaxed)
            {
                Ok(_) => return,
                Err(now) => state = now,
            }
        }

        loop {
            // Announce a sleeper (CONTENDED) before sleeping, so that the unlock that frees the
            // lock wakes us. If the swap shows the lock was free we own it, in state CONTENDED:
            // that is conservative (we cannot know whether others still sleep), and costs at most
            // one needless wake. Acquire for the same reason as in `try_lock`.
            if state != CONTENDED && self.futex.word.swap(CONTENDED, Acquire) == UNLOCKED {
                return;
            }
            // Sleep while the word is still CONTENDED; the kernel re-checks it atomically.
            self.futex.wait(CONTENDED);
            state = self.spin();
        }
    }

    /// Re-reads the word while it is LOCKED (held, no sleepers), at most `SPIN_LIMIT` times, and
    /// returns the last state seen. It stops on CONTENDED at once: others already sleep, so
    /// spinning would only delay joining them.
    fn spin(&self) -> u32 {
        let mut spins = SPIN_LIMIT;
        loop {
            // Relaxed: this read is a hint; the lock is taken by an Acquire read-modify-write.
            let state = self.futex.word.load(Relaxed);
            if state != LOCKED || spins == 0 {
                return state;
            }
            spin_loop();
            spins -= 1;
        }
    }

    /// Releases the lock, waking one sleeper if there may be one.
    ///
    /// Async-signal-safe: one atomic swap and, only when a thread sleeps in [`lock`](Self::lock),
    /// one futex wake system call. So a signal handler that won [`try_lock`](Self::try_lock) may
    /// unlock, and a thread sleeping in `lock()` is woken.
    ///
    /// # Safety
    ///
    /// The lock must be held, and the caller must own that hold: it took the lock with
    /// [`lock`](Self::lock) or [`try_lock`](Self::try_lock), or was handed the hold by whoever did.
    ///
    /// ```
    /// use ctxlock_runtime::RawHybridLock;
    ///
    /// let raw = RawHybridLock::new();
    /// if raw.try_lock() {
    ///     // SAFETY: `try_lock` returned true just above.
    ///     unsafe { raw.unlock() };
    /// }
    /// ```
    #[inline]
    pub unsafe fn unlock(&self) {
        // Release: publishes our critical section to the next Acquire in `lock`/`try_lock`. A
        // swap, not a store: reading CONTENDED in the same atomic step is how we learn that
        // someone may be asleep, without a window where a new sleeper could be missed.
        if self.futex.word.swap(UNLOCKED, Release) == CONTENDED {
            self.wake();
        }
    }

    #[cold]
    fn wake(&self) {
        self.futex.wake_one();
    }

    /// Whether the lock is held right now. Only a snapshot: by the time it returns, it may have
    /// changed.
    ///
    /// ```
    /// use ctxlock_runtime::RawHybridLock;
    ///
    /// let raw = RawHybridLock::new();
    /// assert!(!raw.is_locked());
    /// raw.lock();
    /// assert!(raw.is_locked());
    /// # unsafe { raw.unlock() };
    /// ```
    #[inline]
    #[must_use]
    pub fn is_locked(&self) -> bool {
        // Relaxed: a snapshot that orders nothing.
        self.futex.word.load(Relaxed) != UNLOCKED
    }
}

impl Default for RawHybridLock {
    /// Same as [`RawHybridLock::new`].
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for RawHybridLock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawHybridLock")
            .field("locked", &self.is_locked())
            .finish()
    }
}

// SAFETY: `try_lock` and `lock` only return success once the word went from UNLOCKED to held
// through an Acquire read-modify-write, and `unlock` frees it with Release, so at most one context
// holds the lock at a time and each holder sees its predecessor's writes. (The lock itself could be
// released from any thread; `GuardNoSend` keeps guards in their thread, like `HybridGuard`.)
#[cfg(all(feature = "lock_api", not(loom)))]
unsafe impl lock_api::RawMutex for RawHybridLock {
    #[allow(clippy::declare_interior_mutable_const)] // `lock_api`'s way to build a static lock
    const INIT: Self = Self::new();

    type GuardMarker = lock_api::GuardNoSend;

    #[inline]
    fn lock(&self) {
        RawHybridLock::lock(self);
    }

    #[inline]
    fn try_lock(&self) -> bool {
        RawHybridLock::try_lock(self)
    }

    #[inline]
    unsafe fn unlock(&self) {
        // SAFETY: the trait's contract for `unlock` is the same as ours.
        unsafe { RawHybridLock::unlock(self) }
    }

    #[inline]
    fn is_locked(&self) -> bool {
        RawHybridLock::is_locked(self)
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use std::{thread, time::Duration};

    use super::*;

    fn state(raw: &RawHybridLock) -> u32 {
        raw.futex.word.load(Relaxed)
    }

    #[test]
    fn try_lock_takes_a_free_lock_only() {
        let raw = RawHybridLock::new();
        assert_eq!(state(&raw), UNLOCKED);
        assert!(raw.try_lock());
        assert_eq!(state(&raw), LOCKED);
        assert!(!raw.try_lock());
        // SAFETY: taken by the first `try_lock`.
        unsafe { raw.unlock() };
        assert_eq!(state(&raw), UNLOCKED);
        assert!(raw.try_lock());
        // SAFETY: taken just above.
        unsafe { raw.unlock() };
    }

    #[test]
    fn uncontended_lock_leaves_no_sleeper_mark() {
        let raw = RawHybridLock::default();
        raw.lock();
        assert_eq!(state(&raw), LOCKED);
        assert!(raw.is_locked());
        // SAFETY: taken just above.
        unsafe { raw.unlock() };
        assert!(!raw.is_locked());
    }

    /// A waiter that outlasts the spin marks the word CONTENDED and sleeps; the unlock sees the
    /// mark and wakes it, and it then owns the lock (in the conservative CONTENDED state).
    #[test]
    fn contended_lock_sleeps_and_is_woken() {
        let raw = RawHybridLock::new();
        raw.lock();
        thread::scope(|s| {
            let waiter = s.spawn(|| {
                raw.lock();
                let seen = state(&raw);
                // SAFETY: taken just above.
                unsafe { raw.unlock() };
                seen
            });
            while state(&raw) != CONTENDED {
                thread::sleep(Duration::from_millis(1));
            }
            // SAFETY: taken by this thread before the scope.
            unsafe { raw.unlock() };
            assert_eq!(waiter.join().unwrap(), CONTENDED);
        });
        assert_eq!(state(&raw), UNLOCKED);
    }

    #[test]
    fn debug_shows_whether_locked() {
        let raw = RawHybridLock::new();
        assert_eq!(std::format!("{raw:?}"), "RawHybridLock { locked: false }");
        raw.lock();
        assert_eq!(std::format!("{raw:?}"), "RawHybridLock { locked: true }");
        // SAFETY: taken just above.
        unsafe { raw.unlock() };
    }

    #[cfg(feature = "lock_api")]
    #[test]
    fn works_as_a_lock_api_mutex() {
        static COUNT: lock_api::Mutex<RawHybridLock, u32> = lock_api::Mutex::new(0);

        thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..1000 {
                        *COUNT.lock() += 1;
                    }
                });
            }
        });
        assert_eq!(*COUNT.lock(), 4000);
        let guard = COUNT.try_lock().unwrap();
        assert!(COUNT.is_locked());
        assert!(COUNT.try_lock().is_none());
        drop(guard);
        assert!(!COUNT.is_locked());
    }
}
