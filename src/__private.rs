//! Support for the code that `#[nmi_safe]` and `#[may_sleep]` generate. Not a public API: names and
//! signatures here change without notice.
//!
//! Rule 5 of `#[nmi_safe]` (no calls of `#[may_sleep]` fns) is checked twice: at compile time here, by
//! name resolution, for the calls the attributes can be sure about, and for every call (methods, trait
//! and associated fns, fn pointers, imports and re-exports included) by the whole-program check
//! `cargo ctxlock`, at link level.
//!
//! At compile time, `#[may_sleep]` emits a hidden marker beside its fn only where an extra item cannot
//! break the build: beside a fn with a visibility (`pub`, `pub(crate)`, …), which is a free fn or an
//! inherent associated fn (a trait or trait impl allows no visibility, and no extra item), with a body,
//! and without `self` or `Self`:
//!
//! ```text
//! #[doc(hidden)] pub const __ctxlock_may_sleep_f: MaySleep = MaySleep;
//! ```
//!
//! Its name is reserved, so it never meets a module, type or re-export of the user's, and as a const it
//! may stand in a module and in an inherent impl alike. A private fn gets none: it could be a trait
//! impl's, where the marker would be an error. For the calls `path::f(..)` in an `#[nmi_safe]` body the
//! attribute emits, inside a const that no code runs:
//!
//! ```text
//! use ctxlock::__private::Unmarked as __ctxlock_may_sleep_f;      // the fallback, one per name
//! fn probe() { { use path::*; nmi_callable(&__ctxlock_may_sleep_f); /* one per call through path */ } }
//! ```
//!
//! (`use self::*;` for a bare `f(..)`; one block and glob per distinct `path`, each call keeping its
//! own check, so that each is reported at itself.) The glob, one block inside the fallback, shadows
//! it where `path` (or the caller's module) holds a marker, and [`NmiCallable`] rejects the marker with
//! our message at the call; elsewhere [`Unmarked`] is found. Only the reserved name is looked up, and no
//! user name is imported again, so a callee that shares its name with a module, a type or a crate is
//! probed like any other.

/// The marker that `#[may_sleep]` emits beside a fn: [`NmiCallable`] is not implemented for it.
pub struct MaySleep;

/// What a probe finds when the callee has no marker.
pub struct Unmarked;

/// The types that an `#[nmi_safe]` fn may call: everything but `#[may_sleep]` markers.
#[diagnostic::on_unimplemented(
    message = "this call may sleep: its callee is a `#[may_sleep]` fn, and an `#[nmi_safe]` fn must not call it",
    label = "calls a `#[may_sleep]` fn",
    note = "call a non-blocking alternative (one built on `try_lock()` that returns `Busy`), or move the call to sleepable code"
)]
pub trait NmiCallable {}

// Not offered as a suggestion: the user cannot turn a marker into `Unmarked`.
#[diagnostic::do_not_recommend]
impl NmiCallable for Unmarked {}

/// Checks the outcome of a probe; costs nothing at run time (the probe fn is never called).
#[cfg(not(ctxlock_analysis))]
#[inline(always)]
pub const fn nmi_callable<T: NmiCallable>(_: &T) {}

/// Under `cargo ctxlock` a probe does not stop the build: the whole-program check reports every call
/// of a `#[may_sleep]` fn, these included, in the same run as the rest.
#[cfg(ctxlock_analysis)]
#[inline(always)]
pub const fn nmi_callable<T>(_: &T) {}

pub use ctxlock_runtime::{might_sleep_named, NmiScope};

pub mod analysis;

/// The function-like macros that the facade's `macro_rules!` forward to, with the facade's path as `$crate`.
pub use ctxlock_macros::{nmi_safe_closure, nmi_unchecked};
