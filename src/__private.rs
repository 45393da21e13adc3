//! Support for the code that `#[nmi_safe]` and `#[may_sleep]` generate. Not a public API: names and
//! signatures here change without notice.
//!
//! Rule 5 of `#[nmi_safe]` (no calls of `#[may_sleep]` fns) works through name resolution. Beside every
//! `#[may_sleep] fn f` the attribute emits a hidden `mod f { pub struct f; pub use self::f as
//! __ctxlock_may_sleep; }`: it lives in the type namespace, so every path, import or rename that reaches
//! the fn reaches it too. For each call `path(..)` in an `#[nmi_safe]` body the attribute emits, inside a
//! const that holds the glob fallbacks below:
//!
//! ```text
//! use path as __ctxlock_callee_N;          // the fn, and whatever shares its name in the type namespace
//! { use __ctxlock_callee_N::*; nmi_callable::<__ctxlock_may_sleep>(); }
//! ```
//!
//! An explicit import fills only the namespaces its path has, so without a type-namespace twin
//! `__ctxlock_callee_N` is the empty module of [`fallback`]. If the twin is a marker, its glob brings the
//! marker as `__ctxlock_may_sleep`, which [`NmiCallable`] rejects with a message naming the fn; if it is
//! a module or crate of the same name (`use memchr::memchr;`), the glob brings no such name, and the outer
//! [`Unmarked`] is found. The explicit import sits one block inside the fallbacks because the compiler
//! refuses to let a macro-expanded import shadow a glob of the same block while it resolves imports.

/// What `__ctxlock_may_sleep` names when the callee is not a `#[may_sleep]` fn.
pub struct Unmarked;

/// The types that an `#[nmi_safe]` fn may call: everything but `#[may_sleep]` markers.
#[diagnostic::on_unimplemented(
    message = "`{Self}` may sleep: it is a `#[may_sleep]` fn, and an `#[nmi_safe]` fn must not call it",
    label = "this call may sleep",
    note = "call a non-blocking alternative (one built on `try_lock()` that returns `Busy`), or move the call to sleepable code"
)]
pub trait NmiCallable {}

// Not offered as a suggestion: the user cannot turn a marker into `Unmarked`.
#[diagnostic::do_not_recommend]
impl NmiCallable for Unmarked {}

/// Checks the outcome of a probe; costs nothing at run time (the probe fn is never called).
#[inline(always)]
pub const fn nmi_callable<T: NmiCallable + ?Sized>(_: core::marker::PhantomData<T>) {}

/// The fallbacks that a probe's explicit import shadows: empty modules, one name per probe in a block.
/// The macro crate's `probe::PER_BLOCK` must match their number.
pub mod fallback {
    macro_rules! fallbacks {
        ($($name:ident)*) => {$(
            #[doc(hidden)]
            pub mod $name {}
        )*};
    }
    fallbacks! {
        __ctxlock_callee_0 __ctxlock_callee_1 __ctxlock_callee_2 __ctxlock_callee_3
        __ctxlock_callee_4 __ctxlock_callee_5 __ctxlock_callee_6 __ctxlock_callee_7
        __ctxlock_callee_8 __ctxlock_callee_9 __ctxlock_callee_10 __ctxlock_callee_11
        __ctxlock_callee_12 __ctxlock_callee_13 __ctxlock_callee_14 __ctxlock_callee_15
        __ctxlock_callee_16 __ctxlock_callee_17 __ctxlock_callee_18 __ctxlock_callee_19
        __ctxlock_callee_20 __ctxlock_callee_21 __ctxlock_callee_22 __ctxlock_callee_23
        __ctxlock_callee_24 __ctxlock_callee_25 __ctxlock_callee_26 __ctxlock_callee_27
        __ctxlock_callee_28 __ctxlock_callee_29 __ctxlock_callee_30 __ctxlock_callee_31
    }
}

pub use ctxlock_runtime::{might_sleep_named, NmiScope};

pub mod analysis;

/// The `nmi_unchecked!` that the facade's macro forwards to, with the facade's path as `$crate`.
pub use ctxlock_macros::nmi_unchecked;
