//! The marks that `cargo ctxlock` looks for in the compiled program. It builds with
//! `--cfg ctxlock_analysis`, where each mark is a real call that survives into the LLVM IR; in every other
//! build each is an empty `#[inline(always)]` fn, so release code is unchanged.
//!
//! - [`nmi_safe_root`]: first statement of every `#[nmi_safe]` fn: each fn (each instance of a generic
//!   one) that calls it is a root of the whole-program check.
//! - [`may_sleep_entry`]: first statement of every `#[may_sleep]` fn: reaching a fn that calls it is a
//!   violation, whatever path, method syntax or crate the call went through.
//! - [`unchecked_begin`] and [`unchecked_end`]: around the expression of `nmi_unchecked!`, spanned at its
//!   first and last token. Their debug locations delimit a range of source text that the check skips.
//!
//! - [`rule_violation`]: one call per error of an attribute's own rules (a direct `eprintln!`, say),
//!   located at the token `cargo check` underlines, with the error's message as its constant
//!   argument. The calls sit in a fn nested in the body of the fn they are about, kept by a
//!   `#[used]` static, so that they are compiled even when that fn is not (dead code, a generic fn
//!   never instantiated). The attribute passes the matching `compile_error!`
//!   through [`rule_error!`](crate::__ctxlock_rule_error), which drops it under
//!   `--cfg ctxlock_analysis`: the build goes on, and `cargo ctxlock` reports these errors with the
//!   whole-program findings of the same run.
//!
//! The names are the contract with `cargo-ctxlock/src/classify.rs`; change both together.

macro_rules! marks {
    ($($(#[$doc:meta])* $name:ident)*) => {$(
        $(#[$doc])*
        #[cfg(ctxlock_analysis)]
        #[inline(never)]
        pub const fn $name() {}

        $(#[$doc])*
        #[cfg(not(ctxlock_analysis))]
        #[inline(always)]
        pub const fn $name() {}
    )*};
}

marks! {
    /// Called first in every `#[nmi_safe]` fn.
    nmi_safe_root
    /// Called first in every `#[may_sleep]` fn.
    may_sleep_entry
    /// Called before an `nmi_unchecked!` expression, located at its first token.
    unchecked_begin
    /// Called before an `nmi_unchecked!` expression, located at its last token.
    unchecked_end
}

/// Called once per error of the attribute, in the fn it is about; under `--cfg ctxlock_analysis`
/// the message is read back from the compiled program. In any other build the error is a compile
/// error too, and this is never reached.
#[cfg(ctxlock_analysis)]
#[inline(never)]
pub const fn rule_violation(_message: &'static str) {}

/// Called once per error of the attribute, in the fn it is about: see the analysis build's.
#[cfg(not(ctxlock_analysis))]
#[inline(always)]
pub const fn rule_violation(_message: &'static str) {}

/// The attribute's `compile_error!`s for the errors it also reports through [`rule_violation`]:
/// given back in every build but `cargo ctxlock`'s, which goes on to report them with the rest.
#[cfg(not(ctxlock_analysis))]
#[doc(hidden)]
#[macro_export]
macro_rules! __ctxlock_rule_error {
    ($($error:tt)*) => { $($error)* };
}

/// The attribute's `compile_error!`s for the errors it also reports through [`rule_violation`]:
/// dropped in `cargo ctxlock`'s build, so that the build goes on.
#[cfg(ctxlock_analysis)]
#[doc(hidden)]
#[macro_export]
macro_rules! __ctxlock_rule_error {
    ($($error:tt)*) => {};
}

pub use crate::__ctxlock_rule_error as rule_error;
