//! The runtime of [ctxlock]: [`HybridLock`], one lock with a sleepable face ([`HybridLock::lock`])
//! and an NMI-safe face ([`HybridLock::try_lock`]), and the run-time tracking of NMI context
//! ([`NmiScope`], [`in_nmi`], [`might_sleep`]).
//!
//! Linux's `kexec_lock` ended up as a bare atomic trylock because the crash path runs in NMI
//! context, where a mutex is unsafe; every sleepable caller then failed with `EBUSY` whenever
//! anyone held it, and a second, blocking mutex was added beside it. `HybridLock` is one lock with
//! both faces: ordinary code calls `lock()` and sleeps when contended; a signal handler or crash
//! path calls `try_lock()`, which never waits and gets [`Busy`] if the lock is held, even by the
//! very thread it interrupted. Releasing is async-signal-safe either way and wakes a sleeper.
//!
//! ```
//! use ctxlock_runtime::{Busy, HybridLock, NmiScope};
//!
//! static IMAGE: HybridLock<Option<Vec<u8>>> = HybridLock::new(None);
//!
//! // Process context: may sleep until the lock is free.
//! fn kexec_load(image: Vec<u8>) {
//!     *IMAGE.lock() = Some(image);
//! }
//!
//! // Crash path (a signal handler, say): must not sleep.
//! fn crash_kexec() -> Result<usize, Busy> {
//!     let _nmi = NmiScope::enter(); // in debug builds, `IMAGE.lock()` here would abort
//!     let image = IMAGE.try_lock()?;
//!     Ok(image.as_ref().map_or(0, Vec::len))
//! }
//!
//! kexec_load(vec![0x7f, b'E', b'L', b'F']);
//! assert_eq!(crash_kexec(), Ok(4));
//! let held = IMAGE.lock();
//! assert_eq!(crash_kexec(), Err(Busy));
//! # drop(held);
//! ```
//!
//! # Features
//!
//! - `std` (default): `lock()` sleeps on a futex on Linux and Android and with a 1 µs–1 ms backoff
//!   on other targets; [`might_sleep`] reports to stderr and aborts. Without it the crate is
//!   `no_std`: `lock()` spins and never sleeps, the NMI depth is one global counter, and
//!   `might_sleep` panics.
//! - `lock_api`: [`RawHybridLock`] implements `lock_api::RawMutex`, so
//!   `lock_api::Mutex<RawHybridLock, T>` works.
//!
//! # Unlocking with a plain store
//!
//! Unlock is a release store and a load, like the bare kexec lock's, and still wakes sleepers: on
//! Linux and Android a thread about to sleep issues `membarrier(2)` (registered once, at program
//! start), which is what makes the unlocker's plain store and load safe. Where the kernel lacks it
//! or refuses it (seccomp), or with `CTXLOCK_MEMBARRIER=0` in the environment at start, every
//! unlock issues a full fence instead, the cost of std's and parking_lot's read-modify-write.
//!
//! [ctxlock]: https://docs.rs/ctxlock
#![no_std]

#[cfg(any(feature = "std", test, loom))]
extern crate std;

mod barrier;
mod busy;
mod context;
mod futex;
mod lock;
#[cfg(loom)]
#[doc(hidden)]
pub mod loom_config;
mod raw;
mod report;
mod sync;

pub use busy::Busy;
#[doc(hidden)]
pub use context::might_sleep_named;
pub use context::{in_nmi, might_sleep, NmiScope};
pub use lock::{HybridGuard, HybridLock};
pub use raw::RawHybridLock;

/// Whether unlocks in this process rely on sleepers' `membarrier` (the fast plain-store unlock)
/// rather than the symmetric fallback. For the tests of the fallback
/// (`CTXLOCK_MEMBARRIER=0` forces it); not part of the API.
#[doc(hidden)]
pub fn uses_membarrier() -> bool {
    barrier::asymmetric()
}
