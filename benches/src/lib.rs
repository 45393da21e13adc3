//! The locks that the benchmarks compare, behind one trait, so that every benchmark runs the same code
//! for each: ctxlock's [`HybridLock`], `std::sync::Mutex`, `parking_lot::Mutex`, `spin`'s spin mutex,
//! and the floor, [`KexecLock`]: the bare compare-exchange and release store that Linux's kexec lock is.

use core::cell::UnsafeCell;
use core::hint::spin_loop;
use core::sync::atomic::{
    AtomicU32,
    Ordering::{Acquire, Relaxed, Release},
};

use ctxlock::HybridLock;

/// A lock around a `u64`, as each benchmark uses it: take, run a closure on the value, release.
pub trait BenchLock: Sync {
    /// The lock's name in tables, plots and benchmark ids.
    const NAME: &'static str;

    /// A new, unlocked lock holding 0.
    fn new() -> Self;

    /// Takes the lock, waiting if need be, runs `f` on the value, and releases the lock.
    fn with_lock<R>(&self, f: impl FnOnce(&mut u64) -> R) -> R;

    /// Takes the lock only if it is free; if so runs `f` on the value and releases the lock.
    fn with_try_lock<R>(&self, f: impl FnOnce(&mut u64) -> R) -> Option<R>;
}

impl BenchLock for HybridLock<u64> {
    const NAME: &'static str = "ctxlock::HybridLock";

    fn new() -> Self {
        HybridLock::new(0)
    }

    #[inline]
    fn with_lock<R>(&self, f: impl FnOnce(&mut u64) -> R) -> R {
        f(&mut self.lock())
    }

    #[inline]
    fn with_try_lock<R>(&self, f: impl FnOnce(&mut u64) -> R) -> Option<R> {
        self.try_lock().ok().map(|mut guard| f(&mut guard))
    }
}

impl BenchLock for std::sync::Mutex<u64> {
    const NAME: &'static str = "std::sync::Mutex";

    fn new() -> Self {
        std::sync::Mutex::new(0)
    }

    // `unwrap()`, as std's users write it: the poison check is part of std's price.
    #[inline]
    fn with_lock<R>(&self, f: impl FnOnce(&mut u64) -> R) -> R {
        f(&mut self.lock().unwrap())
    }

    #[inline]
    fn with_try_lock<R>(&self, f: impl FnOnce(&mut u64) -> R) -> Option<R> {
        self.try_lock().ok().map(|mut guard| f(&mut guard))
    }
}

impl BenchLock for parking_lot::Mutex<u64> {
    const NAME: &'static str = "parking_lot::Mutex";

    fn new() -> Self {
        parking_lot::Mutex::new(0)
    }

    #[inline]
    fn with_lock<R>(&self, f: impl FnOnce(&mut u64) -> R) -> R {
        f(&mut self.lock())
    }

    #[inline]
    fn with_try_lock<R>(&self, f: impl FnOnce(&mut u64) -> R) -> Option<R> {
        self.try_lock().map(|mut guard| f(&mut guard))
    }
}

impl BenchLock for spin::mutex::SpinMutex<u64> {
    const NAME: &'static str = "spin::SpinMutex";

    fn new() -> Self {
        spin::mutex::SpinMutex::new(0)
    }

    #[inline]
    fn with_lock<R>(&self, f: impl FnOnce(&mut u64) -> R) -> R {
        f(&mut self.lock())
    }

    #[inline]
    fn with_try_lock<R>(&self, f: impl FnOnce(&mut u64) -> R) -> Option<R> {
        self.try_lock().map(|mut guard| f(&mut guard))
    }
}

/// The floor: Linux's `kexec_trylock()` (compare-exchange 0 → 1, Acquire) and `kexec_unlock()`
/// (store 0, Release), with nothing else. It cannot wait, nor wake anyone: waiting is a spin on the
/// trylock.
pub struct KexecLock {
    word: AtomicU32,
    value: UnsafeCell<u64>,
}

// SAFETY: `value` is only reached between a successful `trylock` (Acquire) and the `unlock` (Release)
// that follows it, so one thread at a time touches it, and each sees its predecessor's writes.
unsafe impl Sync for KexecLock {}

impl KexecLock {
    /// `kexec_trylock()`.
    #[inline]
    pub fn trylock(&self) -> bool {
        self.word.compare_exchange(0, 1, Acquire, Relaxed).is_ok()
    }

    /// `kexec_unlock()`.
    ///
    /// # Safety
    ///
    /// The caller holds the lock, taken with [`trylock`](Self::trylock).
    #[inline]
    pub unsafe fn unlock(&self) {
        self.word.store(0, Release);
    }
}

impl BenchLock for KexecLock {
    const NAME: &'static str = "floor (kexec lock)";

    fn new() -> Self {
        KexecLock {
            word: AtomicU32::new(0),
            value: UnsafeCell::new(0),
        }
    }

    #[inline]
    fn with_lock<R>(&self, f: impl FnOnce(&mut u64) -> R) -> R {
        while !self.trylock() {
            spin_loop();
        }
        // SAFETY: `trylock` succeeded, so this thread alone reaches the value until `unlock`.
        let result = f(unsafe { &mut *self.value.get() });
        // SAFETY: taken above.
        unsafe { self.unlock() };
        result
    }

    #[inline]
    fn with_try_lock<R>(&self, f: impl FnOnce(&mut u64) -> R) -> Option<R> {
        if !self.trylock() {
            return None;
        }
        // SAFETY: as in `with_lock`.
        let result = f(unsafe { &mut *self.value.get() });
        // SAFETY: taken above.
        unsafe { self.unlock() };
        Some(result)
    }
}

/// The work done while holding the lock in the contended benchmarks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// Increment the counter: the lock hand-off is everything.
    Short,
    /// This many dependent multiply-adds on the counter: long enough that waiters spin out and
    /// may sleep. Criterion uses [`LONG_SECTION_STEPS`]; `contend`, [`CONTEND_LONG_STEPS`].
    Long(u32),
}

/// Criterion's long section: about a microsecond here.
pub const LONG_SECTION_STEPS: u32 = 1000;

/// `contend`'s long section (issue 19's harness): about 0.3 µs here, so that a waiter outlasts its
/// spin but a hand-off still matters.
pub const CONTEND_LONG_STEPS: u32 = 200;

impl Section {
    /// Its name in benchmark ids and tables.
    pub fn name(self) -> &'static str {
        match self {
            Section::Short => "short",
            Section::Long(_) => "long",
        }
    }

    /// Does the work on the locked value.
    #[inline]
    pub fn run(self, value: &mut u64) {
        match self {
            Section::Short => *value = value.wrapping_add(1),
            Section::Long(steps) => {
                let mut x = *value;
                for _ in 0..steps {
                    // A dependent chain the optimiser cannot fold: each step needs the last.
                    x = core::hint::black_box(
                        x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1),
                    );
                }
                *value = x;
            }
        }
    }
}
