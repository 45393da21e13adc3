//! Context-annotated locking: one lock with a sleepable face and an NMI-safe face, and compile-time
//! checks that keep the two kinds of code apart.
//!
//! Linux's crash path, `__crash_kexec()`, can run in NMI context, where a mutex must never be touched, so
//! upstream turned `kexec_mutex` into a bare atomic trylock. Then sleepable callers could no longer wait,
//! and bursts of hotplug events failed with `EBUSY` until a second, blocking lock was added beside it.
//! ctxlock gives Rust code both halves in one lock, and has the compiler check that nobody mixes them up:
//!
//! - [`HybridLock`]: sleepable code calls [`lock()`](HybridLock::lock) and waits (spin briefly, then sleep
//!   on a futex); NMI-like code (a signal handler, an interrupt or crash path) calls
//!   [`try_lock()`](HybridLock::try_lock): one compare-exchange, and [`Busy`] instead of waiting.
//! - [`#[nmi_safe]`](macro@nmi_safe) rejects, at the offending call, anything in a fn that may block or
//!   sleep: a blocking `lock()`, sleeping std calls, stdio macros, `.await`, and the calls of `#[may_sleep]`
//!   fns that the compiler can be sure about (a pub fn, by a path through its module); `cargo ctxlock`
//!   finds every other call of a `#[may_sleep]` fn.
//! - [`#[may_sleep]`](macro@may_sleep) marks a fn for those checks and, in debug builds, aborts with a
//!   message if it is entered from NMI context at run time ([`might_sleep()`]).
//! - [`nmi_safe_closure!`] applies the rules of `#[nmi_safe]` to a closure, such as a handler handed to
//!   signal-hook's `low_level::register`; [`nmi_unchecked!`] is the reviewed exception.
//! - `cargo ctxlock` (the `cargo-ctxlock` package: `cargo install --path cargo-ctxlock`) checks the
//!   whole compiled program from every `#[nmi_safe]` fn and closure: what they reach through helpers,
//!   methods, trait objects, closures, drops and other crates, with the chain of calls to each
//!   violation.
//!
//! ```
//! use ctxlock::{may_sleep, nmi_safe, HybridLock};
//!
//! static KEXEC: HybridLock<Option<&'static str>> = HybridLock::new(None);
//!
//! #[may_sleep]
//! fn kexec_load(image: &'static str) {
//!     *KEXEC.lock() = Some(image); // Waits for the crash path if it holds the lock.
//! }
//!
//! #[nmi_safe]
//! fn crash_kexec() -> bool {
//!     match KEXEC.try_lock() {
//!         Ok(image) => image.is_some(), // Boot the capture kernel.
//!         Err(_busy) => false,          // A load is in progress: skip, never wait.
//!     }
//! }
//!
//! kexec_load("capture-kernel");
//! assert!(crash_kexec());
//! ```
//!
//! In user space, "NMI context" means a signal handler: mark its entry with
//! [`#[nmi_safe(entry)]`](macro@nmi_safe), which also enters an [`NmiScope`] for the run-time checks.
//!
//! # Features
//! - `std` (default): `lock()` sleeps on a futex, and `might_sleep()` reports to stderr and aborts.
//!   Without it the crate is `no_std`: `lock()` spins, and `might_sleep()` panics.
//! - `lock_api`: [`RawHybridLock`] implements `lock_api::RawMutex`.

#![no_std]

#[doc(inline)]
pub use ctxlock_macros::{may_sleep, nmi_safe};

#[doc = include_str!("nmi_safe_closure.md")]
#[macro_export]
macro_rules! nmi_safe_closure {
    ($($closure:tt)*) => {
        $crate::__private::nmi_safe_closure!($crate; $($closure)*)
    };
}

#[doc = include_str!("nmi_unchecked.md")]
// A `macro_rules!` in front of the proc macro, so that it learns this crate's path as `$crate`, even
// under a renamed dependency, for the marks it leaves for `cargo ctxlock`.
#[macro_export]
macro_rules! nmi_unchecked {
    ($($input:tt)*) => {
        $crate::__private::nmi_unchecked!($crate; $($input)*)
    };
}
#[doc(inline)]
pub use ctxlock_runtime::*;

#[doc(hidden)]
pub mod __private;
