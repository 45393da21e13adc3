//! The lock on its own: a lock word (0 free, 1 held) with a one-CAS fast path and a release store
//! to unlock, a count of the threads asleep on the word's futex, and a cold slow path that spins
//! with backoff and then sleeps. `try_lock` and `unlock` are async-signal-safe and wait-free.
//!
//! Unlock is a plain store followed by a plain load of the count: the sleepers pay for the
//! handshake that makes this safe, with an asymmetric barrier (see [`crate::barrier`]).

use core::fmt;

use crate::{
    barrier,
    futex::Futex,
    sync::{
        const_fn_unless_loom, spin_loop, AtomicU32,
        Ordering::{Acquire, Relaxed, Release},
    },
};

/// Nobody holds the lock.
const UNLOCKED: u32 = 0;
/// Held.
const LOCKED: u32 = 1;

/// A bit of the sleeper count: set while this lock's unlocks do not know that the process uses the
/// asymmetric barrier, which a `const fn new` cannot know. Being non-zero, it sends every unlock to
/// the cold path, which issues the symmetric mode's fence and clears it once the mode is known to
/// be asymmetric (usually the first unlock, as the mode is decided at program start). So the fast
/// path needs no check of the mode, and costs what it costs without a fallback.
const UNDECIDED: u32 = 1 << 31;

/// A bit of the sleeper count: set by the unlock that woke a sleeper, cleared by the sleeper when
/// it runs again. Meanwhile other unlocks do not wake anyone: the woken thread is on its way and
/// will compete for the lock, and its own unlock (or its next sleep, with its barrier) passes the
/// duty on. Without it, every unlock between the wake and the moment the woken thread is scheduled
/// and counts itself out wakes nobody, a wasted system call each (thousands per sleep here,
/// BENCHMARKS.md, "Where the contended time goes").
const WAKING: u32 = 1 << 30;

/// The bits of the sleeper count that count.
const COUNT: u32 = WAKING - 1;

/// The count starts undecided where sleepers count at all (the futex); the backoff and spin
/// queues poll, nobody registers, and unlock never has anything to do.
const SLEEPERS_AT_START: u32 = if Futex::WAKES { UNDECIDED } else { 0 };

/// The longest pause, in spin hints, between two reads of a held lock. Pauses double from 1.
/// Reading back to back would take the cache line away from the holder just as it releases and
/// retakes it. With `std` the waiter reads twice (one hint between) and then yields: on 2 CPUs
/// longer spins measured no better with 2 threads and worse with 4, where the spinning thread
/// holds a CPU that a preempted holder needs (BENCHMARKS.md, "Tuning the wait"). Without `std`
/// there is nothing to yield to, and the spin backs off to 31 hints in 6 reads before it polls.
/// Under loom every read is an interleaving point, and one is enough to cover "freed while
/// spinning".
const LONGEST_PAUSE: u32 = if cfg!(loom) {
    0
} else if cfg!(feature = "std") {
    1
} else {
    16
};

/// After the pauses, how often the waiter gives its CPU away (`sched_yield`) and reads again
/// before it sleeps. With more threads than cores the holder is often preempted, and the yield
/// lets it run where spinning would burn the slice it needs. With a core each, a yield is a cheap
/// system call that returns at once, and a sleep is dear: its `membarrier` interrupts every CPU
/// that runs a thread of the process (the holder's too), and its wake is a system call in the
/// holder's unlock. With short hold times a sleeper would be woken almost at once, having paid for
/// both; a waiter that keeps yielding takes the lock as soon as it is free instead. 1,024 yields
/// (0.4–0.6 ms of a CPU on the machines measured, when nobody else wants it) measured best; the
/// price is that a lock held longer than that costs each waiter that much CPU before it sleeps
/// (BENCHMARKS.md, "Tuning the wait"). Without `std` there is nothing to yield to.
const YIELDS: u32 = if cfg!(all(feature = "std", not(loom))) {
    1024
} else {
    0
};

/// The raw hybrid lock: no data, just the lock word and its sleeper count.
///
/// [`HybridLock`](crate::HybridLock) wraps it with the data it protects; use this one directly to
/// build other abstractions, or through `lock_api::Mutex<RawHybridLock, T>` with the `lock_api`
/// feature.
///
/// The state is two 32-bit words, 8 bytes: the lock word (0 unlocked, 1 locked), on which
/// sleepers wait with the futex, and the number of threads asleep or about to sleep. The count
/// needs a word of its own because `unlock` releases with a plain store of 0 to the lock word,
/// which would erase a count kept beside the lock bit. [`try_lock`](Self::try_lock) and
/// [`unlock`](Self::unlock) are async-signal-safe and wait-free; [`lock`](Self::lock) may sleep.
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
    /// Threads registered to sleep on `futex`, plus the `UNDECIDED` and `WAKING` bits.
    sleepers: AtomicU32,
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
            Self { futex: Futex::new(UNLOCKED), sleepers: AtomicU32::new(SLEEPERS_AT_START) }
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
    /// short spin with backoff, a few yields of the CPU, then it sleeps on the futex (see the crate
    /// docs for other targets).
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
        loop {
            if self.spin() {
                return;
            }
            if Futex::WAKES {
                self.sleep();
            } else {
                // The queue polls the word: nothing to register.
                self.futex.wait(LOCKED);
            }
        }
    }

    /// Reads the word with exponentially growing pauses between reads, then with yields, and
    /// tries to take it each time it is seen free. Returns whether it took it.
    #[cfg_attr(loom, allow(clippy::absurd_extreme_comparisons))] // LONGEST_PAUSE is 0 there
    fn spin(&self) -> bool {
        let mut pause = 1;
        let mut yields = YIELDS;
        loop {
            // Relaxed: this read is a hint; the lock is taken by an Acquire compare-exchange,
            // ordered as in `try_lock`.
            if self.futex.word.load(Relaxed) == UNLOCKED
                && self
                    .futex
                    .word
                    .compare_exchange(UNLOCKED, LOCKED, Acquire, Relaxed)
                    .is_ok()
            {
                return true;
            }
            if pause <= LONGEST_PAUSE {
                for _ in 0..pause {
                    spin_loop();
                }
                pause *= 2;
            } else if yields > 0 {
                yields -= 1;
                yield_now();
            } else {
                return false;
            }
        }
    }

    /// Sleeps on the futex until an unlock wakes us (or the lock is seen free first). The caller
    /// then competes for the lock again.
    ///
    /// The sleeper's half of the handshake with `unlock` (the argument is in [`crate::barrier`]):
    /// count ourselves in, issue the heavy barrier, and only then look at the word one last time
    /// (here and in the kernel's `futex_wait`). Any unlock whose store we did not see then sees
    /// our count, and wakes one sleeper, or leaves it to the wake already on its way (`WAKING`,
    /// whose thread passes the duty on when it runs: see `wake`).
    fn sleep(&self) {
        // Relaxed: the barrier orders it before the check; the count orders nothing else.
        self.sleepers.fetch_add(1, Relaxed);
        if barrier::heavy() && self.futex.word.load(Relaxed) == LOCKED {
            // Sleeps only while the word is LOCKED; the kernel re-checks it atomically with
            // queueing us.
            self.futex.wait(LOCKED);
        }
        // Relaxed: a count that is one too high for a while costs an unlock a needless wake.
        self.sleepers.fetch_sub(1, Relaxed);
        // If an unlock woke us, the duty to wake the others comes back to the unlocks: we go on
        // to compete for the lock, and either take it (and our unlock wakes the next) or sleep
        // again behind our barrier. If it woke someone else (we left for another reason), a
        // second wake is merely wasted. Relaxed: as the count.
        self.sleepers.fetch_and(!WAKING, Relaxed);
    }

    /// Releases the lock, waking one sleeper if there may be one.
    ///
    /// Async-signal-safe and wait-free: a store, a load and, only when a thread sleeps in
    /// [`lock`](Self::lock) and no wake is on its way to one, a futex wake system call (rarely
    /// two and a `membarrier`, when the sleeper was not queued yet). So a signal handler that won
    /// [`try_lock`](Self::try_lock) may unlock, and a thread sleeping in `lock()` is woken.
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
        // Release: publishes our critical section to the next Acquire in `lock`/`try_lock`.
        self.futex.word.store(UNLOCKED, Release);
        // The unlocker's half of the handshake with `sleep` (the argument is in
        // `crate::barrier`): a plain store, then a plain load of the count. The hardware may let
        // the load pass the store; a sleeper's heavy barrier makes that harmless. The compiler must
        // not reorder them, hence this fence, which emits no instruction.
        barrier::light();
        // Relaxed: only decides whether to wake; a woken thread synchronizes through the word.
        // (LLVM does not fold an atomic load into a compare: this is a `mov` and a `test`.)
        let sleepers = self.sleepers.load(Relaxed);
        if sleepers != 0 {
            self.unlock_slow(sleepers);
        }
    }

    /// Someone sleeps, or this lock does not know the barrier mode yet (`UNDECIDED`).
    #[cold]
    fn unlock_slow(&self, mut sleepers: u32) {
        if sleepers & UNDECIDED != 0 {
            // The symmetric handshake: a real fence between our store and a fresh load of the
            // count, pairing with the fence in every sleeper's `barrier::heavy`. Once the process
            // is known to use `membarrier`, later unlocks can skip it.
            barrier::full();
            if barrier::asymmetric() {
                self.sleepers.fetch_and(!UNDECIDED, Relaxed);
            }
            sleepers = self.sleepers.load(Relaxed) & !UNDECIDED;
        }
        // Someone counted and no wake on its way: 1 ..= COUNT, `WAKING` clear. One compare, so
        // that the fallback's every unlock, which comes here, pays little for the check.
        if sleepers.wrapping_sub(1) < COUNT {
            self.wake();
        }
    }

    /// Wakes one sleeper unless another unlock claimed the wake first. Wait-free: at most two
    /// wakes and one barrier, no loop. Out of line, so that `unlock_slow` needs no stack frame
    /// when it has nobody to wake.
    #[cold]
    #[inline(never)]
    fn wake(&self) {
        // Claim the wake. Relaxed: the woken thread synchronizes through the word, as ever.
        if self.sleepers.fetch_or(WAKING, Relaxed) & WAKING != 0 {
            return; // another unlock claimed it
        }
        if self.futex.wake_one() {
            return; // the woken thread clears `WAKING` when it runs
        }
        #[cfg(loom)]
        if crate::loom_config::current().keep_claim_of_empty_wake {
            return; // the seeded bug
        }
        // Nobody was queued: the counted sleeper is still on its way to the futex (or leaving).
        // Unlocks that saw our `WAKING` meanwhile did not wake anyone, so take the duty back:
        // clear the bit, then look at the word behind the sleeper's barrier, as a sleeper does.
        // If the word is held, its holder's unlock comes after the barrier and sees the bit
        // clear (the argument of `crate::barrier`, with us in the sleeper's place); if it is
        // free, the unlocks we silenced may have left a sleeper queued after our wake: wake it.
        self.sleepers.fetch_and(!WAKING, Relaxed);
        if !barrier::heavy() || self.futex.word.load(Relaxed) == UNLOCKED {
            self.futex.wake_one();
        }
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

/// Gives the CPU to another thread (with `std`; never reached without it, as `YIELDS` is 0).
fn yield_now() {
    #[cfg(all(feature = "std", not(loom)))]
    std::thread::yield_now();
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

    fn sleepers(raw: &RawHybridLock) -> u32 {
        raw.sleepers.load(Relaxed) & !UNDECIDED
    }

    /// A waiter that outlasts the spin counts itself in and sleeps; the unlock sees the count and
    /// wakes it, and it then owns the lock, having counted itself out.
    #[test]
    fn contended_lock_sleeps_and_is_woken() {
        let raw = RawHybridLock::new();
        raw.lock();
        thread::scope(|s| {
            let waiter = s.spawn(|| {
                raw.lock();
                let seen = sleepers(&raw);
                // SAFETY: taken just above.
                unsafe { raw.unlock() };
                seen
            });
            while sleepers(&raw) == 0 {
                thread::sleep(Duration::from_millis(1));
            }
            // Let it reach the futex (it would not sleep if it saw the lock free).
            thread::sleep(Duration::from_millis(20));
            // SAFETY: taken by this thread before the scope.
            unsafe { raw.unlock() };
            assert_eq!(waiter.join().unwrap(), 0);
        });
        assert_eq!(state(&raw), UNLOCKED);
        assert_eq!(sleepers(&raw), 0);
    }

    /// With `membarrier`, the first unlock of a lock learns the mode and later unlocks take the
    /// fast path; in the fallback the bit stays and every unlock fences.
    #[test]
    fn first_unlock_learns_the_barrier_mode() {
        let raw = RawHybridLock::new();
        assert_eq!(raw.sleepers.load(Relaxed), SLEEPERS_AT_START);
        raw.lock();
        // SAFETY: taken just above.
        unsafe { raw.unlock() };
        let undecided = raw.sleepers.load(Relaxed) & UNDECIDED != 0;
        assert_eq!(undecided, Futex::WAKES && !barrier::asymmetric());
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
