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
