//! `HybridLock<T>`: data behind one lock with two faces, the sleepable [`HybridLock::lock`] and the
//! NMI-safe [`HybridLock::try_lock`], and the guard that releases it.

use core::{
    cell::UnsafeCell,
    fmt,
    marker::PhantomData,
    ops::{Deref, DerefMut},
};

use crate::{sync::const_fn_unless_loom, Busy, RawHybridLock};

/// A mutual-exclusion lock with two faces: [`lock`](Self::lock) waits (it spins and yields
/// briefly, then sleeps on a futex), and [`try_lock`](Self::try_lock) never waits and is async-signal-safe, so a
/// signal handler or crash path can use it, getting [`Busy`] if the lock is held, even by the very
/// thread it interrupted.
///
/// Releasing (dropping the [`HybridGuard`]) is async-signal-safe whichever face took the lock, and
/// wakes a thread sleeping in `lock()`. There is no poisoning: a crash path must still get in after
/// a panic.
///
/// ```
/// use ctxlock_runtime::HybridLock;
///
/// static EVENTS: HybridLock<Vec<&str>> = HybridLock::new(Vec::new());
///
/// // Ordinary code may wait for the lock.
/// EVENTS.lock().push("memory hotplug");
///
/// // A signal handler must not: it takes the lock only if it is free.
/// fn on_crash() {
///     match EVENTS.try_lock() {
///         Ok(events) => assert_eq!(*events, ["memory hotplug"]),
///         Err(busy) => panic!("{busy}"), // a real handler would give up instead
///     }
/// }
/// on_crash();
/// ```
pub struct HybridLock<T: ?Sized> {
    raw: RawHybridLock,
    data: UnsafeCell<T>,
}

// SAFETY: the lock hands out access to `data` to one context at a time (see `RawHybridLock`), with
// Acquire/Release ordering between holders, which is exactly what lets `&HybridLock<T>` move `T`'s
// use between threads: so it is `Sync` whenever `T` can be sent. `T: Sync` is not needed, as no two
// threads ever see `&T` at the same time through the lock. (`Send` needs no impl: it follows from
// `UnsafeCell<T>: Send` when `T: Send`.)
unsafe impl<T: ?Sized + Send> Sync for HybridLock<T> {}

impl<T> HybridLock<T> {
    const_fn_unless_loom! {
        /// A new, unlocked lock holding `value`. A `const fn`, so it can initialise a `static`.
        ///
        /// ```
        /// use ctxlock_runtime::HybridLock;
        ///
        /// static COUNTER: HybridLock<u64> = HybridLock::new(0);
        /// *COUNTER.lock() += 1;
        /// assert_eq!(*COUNTER.lock(), 1);
        /// ```
        pub fn new(value: T) -> Self {
            Self { raw: RawHybridLock::new(), data: UnsafeCell::new(value) }
        }
    }

    /// Consumes the lock and returns the value. No locking needed: the lock is owned.
    ///
    /// ```
    /// use ctxlock_runtime::HybridLock;
    ///
    /// let lock = HybridLock::new(String::from("kexec"));
    /// assert_eq!(lock.into_inner(), "kexec");
    /// ```
    #[inline]
    pub fn into_inner(self) -> T {
        self.data.into_inner()
    }
}

impl<T: ?Sized> HybridLock<T> {
    /// Takes the lock, waiting as long as needed, and returns a guard that releases it on drop.
    ///
    /// Uncontended, it is one compare-exchange. Contended, with `std`, it reads the lock twice,
    /// then yields its CPU up to 1,024 times (0.4–0.6 ms of a CPU when nothing else wants it),
    /// and then sleeps on a futex (Linux, Android, after a `membarrier`); other targets with `std`
    /// sleep with a 1 µs–1 ms backoff; without `std` it spins with backoff
    /// ([`core::hint::spin_loop`]) and never sleeps.
    ///
    /// Never call it where sleeping is forbidden (a signal handler, a crash path): use
    /// [`try_lock`](Self::try_lock) there. In debug builds it first calls
    /// [`might_sleep`](crate::might_sleep), so inside an [`NmiScope`](crate::NmiScope) it reports
    /// the caller's location and aborts instead of risking a deadlock. Taking the lock again on the
    /// thread that holds it deadlocks.
    ///
    /// ```
    /// use ctxlock_runtime::HybridLock;
    ///
    /// let lock = HybridLock::new(0);
    /// std::thread::scope(|s| {
    ///     for _ in 0..4 {
    ///         s.spawn(|| *lock.lock() += 1);
    ///     }
    /// });
    /// assert_eq!(lock.into_inner(), 4);
    /// ```
    #[inline]
    #[track_caller]
    pub fn lock(&self) -> HybridGuard<'_, T> {
        #[cfg(debug_assertions)]
        crate::might_sleep();
        self.raw.lock();
        // SAFETY: `raw.lock()` returned, so we hold the lock; the guard takes that hold over.
        unsafe { HybridGuard::new(self) }
    }

    /// Takes the lock if it is free, or returns [`Busy`] at once.
    ///
    /// Wait-free and async-signal-safe: one compare-exchange, no system call, no thread-local, no
    /// allocation, no panic path. It may be called from a signal handler, including one that
    /// interrupted the thread holding the lock: that call gets `Busy`, never a deadlock.
    ///
    /// ```
    /// use ctxlock_runtime::{Busy, HybridLock};
    ///
    /// let lock = HybridLock::new(1);
    /// let guard = lock.try_lock().unwrap();
    /// assert_eq!(lock.try_lock().unwrap_err(), Busy);
    /// drop(guard);
    /// assert_eq!(*lock.try_lock().unwrap(), 1);
    /// ```
    #[inline]
    pub fn try_lock(&self) -> Result<HybridGuard<'_, T>, Busy> {
        if self.raw.try_lock() {
            // SAFETY: `try_lock` succeeded, so we hold the lock; the guard takes that hold over.
            Ok(unsafe { HybridGuard::new(self) })
        } else {
            Err(Busy)
        }
    }

    /// Whether the lock is held right now. Only a snapshot: by the time it returns, it may have
    /// changed.
    ///
    /// ```
    /// use ctxlock_runtime::HybridLock;
    ///
    /// let lock = HybridLock::new(());
    /// assert!(!lock.is_locked());
    /// let _guard = lock.lock();
    /// assert!(lock.is_locked());
    /// ```
    #[inline]
    #[must_use]
    pub fn is_locked(&self) -> bool {
        self.raw.is_locked()
    }

    /// A mutable reference to the value. No locking needed: `&mut self` proves nobody else can
    /// hold the lock.
    ///
    /// ```
    /// use ctxlock_runtime::HybridLock;
    ///
    /// let mut lock = HybridLock::new(0);
    /// *lock.get_mut() = 10;
    /// assert_eq!(*lock.lock(), 10);
    /// ```
    #[inline]
    pub fn get_mut(&mut self) -> &mut T {
        self.data.get_mut()
    }

    /// Releases the lock without a guard: for a crash path whose holder will never return.
    ///
    /// For example: a fatal signal interrupted the thread that holds the lock, and the handler,
    /// about to dump state and exit, must get in.
    ///
    /// # Safety
    ///
    /// Sound only if the current holder will never again touch the value nor release the lock:
    /// its thread has died, or was interrupted for good (the process ends without returning to it),
    /// and its [`HybridGuard`] is never dropped afterwards (dropping it would release a lock that
    /// somebody else may hold by then, breaking mutual exclusion). The holder's partial update may
    /// have left the value inconsistent; the caller must cope with that.
    ///
    /// ```
    /// use ctxlock_runtime::HybridLock;
    ///
    /// let lock = HybridLock::new(5);
    /// // The holder "dies" without releasing.
    /// std::mem::forget(lock.lock());
    /// assert!(lock.is_locked());
    /// // SAFETY: the forgotten guard can never be dropped, and nothing else uses the value.
    /// unsafe { lock.force_unlock() };
    /// assert_eq!(*lock.try_lock().unwrap(), 5);
    /// ```
    #[inline]
    pub unsafe fn force_unlock(&self) {
        // SAFETY: the caller promises the holder is gone for good and its guard never drops, so
        // its hold is ours to release.
        unsafe { self.raw.unlock() }
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for HybridLock<T> {
    /// Never blocks: shows the value if the lock is free, `<locked>` if it is held.
    ///
    /// ```
    /// use ctxlock_runtime::HybridLock;
    ///
    /// let lock = HybridLock::new(7);
    /// assert_eq!(format!("{lock:?}"), "HybridLock { data: 7 }");
    /// let _guard = lock.lock();
    /// assert_eq!(format!("{lock:?}"), "HybridLock { data: <locked> }");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("HybridLock");
        match self.try_lock() {
            Ok(data) => out.field("data", &&*data),
            Err(Busy) => out.field("data", &format_args!("<locked>")),
        };
        out.finish()
    }
}

impl<T: Default> Default for HybridLock<T> {
    /// A lock holding `T::default()`.
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl<T> From<T> for HybridLock<T> {
    /// Same as [`HybridLock::new`].
    fn from(value: T) -> Self {
        Self::new(value)
    }
}

/// Access to the value of a held [`HybridLock`]; dropping it releases the lock.
///
/// It dereferences to the value. It is `!Send`: the lock is released in the thread (or signal
/// handler) that took it. It is `Sync` when `T` is, so `&guard` may be shared with scoped threads.
///
/// ```
/// use ctxlock_runtime::HybridLock;
///
/// let lock = HybridLock::new(vec![1, 2]);
/// let mut guard = lock.lock();
/// guard.push(3);
/// assert_eq!(*guard, [1, 2, 3]);
/// drop(guard); // unlocks
/// assert!(!lock.is_locked());
/// ```
#[must_use = "if unused the lock is released at once"]
pub struct HybridGuard<'a, T: ?Sized> {
    lock: &'a HybridLock<T>,
    /// `!Send`: the hold belongs to the context that took it. (Also `!Sync`, undone below.)
    _this_thread: PhantomData<*const ()>,
}

// SAFETY: `&HybridGuard` only gives out `&T` (`DerefMut` needs `&mut HybridGuard`), so sharing the
// guard between threads is sharing `&T`, which `T: Sync` allows.
unsafe impl<T: ?Sized + Sync> Sync for HybridGuard<'_, T> {}

impl<'a, T: ?Sized> HybridGuard<'a, T> {
    /// # Safety
    ///
    /// The caller holds `lock` and hands that hold to the guard, which releases it on drop.
    #[inline]
    unsafe fn new(lock: &'a HybridLock<T>) -> Self {
        HybridGuard {
            lock,
            _this_thread: PhantomData,
        }
    }
}

impl<T: ?Sized> Deref for HybridGuard<'_, T> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: the guard holds the lock, so nobody else has access to `data` while `&self`
        // (hence the returned reference) lives.
        unsafe { &*self.lock.data.get() }
    }
}

impl<T: ?Sized> DerefMut for HybridGuard<'_, T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: the guard holds the lock, and `&mut self` makes this the only reference to
        // `data` obtained through the guard while it lives.
        unsafe { &mut *self.lock.data.get() }
    }
}

impl<T: ?Sized> Drop for HybridGuard<'_, T> {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: the guard holds the lock (`HybridGuard::new`'s contract) and gives it up only
        // here, once.
        unsafe { self.lock.raw.unlock() }
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for HybridGuard<'_, T> {
    /// Formats the value, as if it were not behind a lock.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: ?Sized + fmt::Display> fmt::Display for HybridGuard<'_, T> {
    /// Formats the value.
    ///
    /// ```
    /// use ctxlock_runtime::HybridLock;
    ///
    /// let lock = HybridLock::new("hello");
    /// assert_eq!(lock.lock().to_string(), "hello");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}
