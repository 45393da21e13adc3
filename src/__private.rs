//! Support for the code that `#[nmi_safe]` and `#[may_sleep]` generate. Not a public API: names and
//! signatures here change without notice.
//!
//! Rule 5 of `#[nmi_safe]` (no calls of `#[may_sleep]` fns) works through name resolution. Beside every
//! `#[may_sleep] fn f` the attribute emits a hidden braced `struct f {}` that implements [`MaySleep`]; it
//! lives in the type namespace, so every path, import or rename that reaches the fn reaches it too. For
//! each call `path(..)` in an `#[nmi_safe]` body the attribute emits, in a nested block,
//! `use path as __ctxlock_callee_N;` next to a glob import of [`fallback`]. An explicit import shadows a
//! glob only in the namespaces it fills, so the alias names the marker when there is one and the fallback
//! otherwise. Autoref dispatch on [`Probe`] then yields the marker type or [`Unmarked`], and
//! [`nmi_callable`] rejects a marker through [`NmiCallable`]'s diagnostic.

use core::marker::PhantomData;

pub use ctxlock_runtime::{might_sleep_named, NmiScope};

/// Implemented by the hidden marker struct that `#[may_sleep]` emits beside a fn of the same name.
pub trait MaySleep {}

/// What a probed path names when it is not a `#[may_sleep]` fn.
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
pub const fn nmi_callable<T: NmiCallable + ?Sized>(_: PhantomData<T>) {}

/// The receiver of the autoref dispatch: `(&&Probe::<P>::NEW).__ctxlock_probe()`.
pub struct Probe<T: ?Sized>(PhantomData<T>);

impl<T: ?Sized> Probe<T> {
    /// The one value of the probe type.
    pub const NEW: Self = Probe(PhantomData);
}

/// Chosen first by method resolution (receiver `&&Probe<T>`), but only when `T` is a marker.
pub trait ProbeMarker {
    /// The marker type itself, so that the diagnostic names the fn.
    type Callee: ?Sized;
    /// See the module docs.
    fn __ctxlock_probe(&self) -> PhantomData<Self::Callee>;
}

impl<T: MaySleep + ?Sized> ProbeMarker for &Probe<T> {
    type Callee = T;
    #[inline(always)]
    fn __ctxlock_probe(&self) -> PhantomData<T> {
        PhantomData
    }
}

/// Reached after one auto-deref, for every type that is not a marker.
pub trait ProbeOther {
    /// See the module docs.
    #[inline(always)]
    fn __ctxlock_probe(&self) -> PhantomData<Unmarked> {
        PhantomData
    }
}

impl<T: ?Sized> ProbeOther for Probe<T> {}

/// The fallbacks that a probe's explicit import shadows; one name per probe in a block. The macro
/// crate's `probe::PER_BLOCK` must match their number.
pub mod fallback {
    macro_rules! fallbacks {
        ($($name:ident)*) => {$(
            #[allow(non_camel_case_types)]
            #[doc(hidden)]
            pub struct $name {}
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
