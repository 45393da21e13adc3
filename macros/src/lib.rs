//! The attributes of [ctxlock](https://docs.rs/ctxlock): `#[nmi_safe]`, `#[may_sleep]` and
//! `nmi_unchecked!`. Use them through the `ctxlock` crate, whose documentation describes them; this crate
//! only parses and dispatches.

mod args;
mod check;
mod closure;
mod diag;
mod expand;
mod fn_item;
mod probe;
mod rules;
mod scope;
mod source;
mod unchecked;

#[cfg(test)]
mod tests;

use proc_macro::TokenStream;

#[doc = include_str!("../doc/nmi_safe.md")]
#[proc_macro_attribute]
pub fn nmi_safe(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::attribute(args::Attr::NmiSafe, args.into(), item.into()).into()
}

#[doc = include_str!("../doc/may_sleep.md")]
#[proc_macro_attribute]
pub fn may_sleep(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::attribute(args::Attr::MaySleep, args.into(), item.into()).into()
}

/// `nmi_unchecked!("reason", expr)`: use it as `ctxlock::nmi_unchecked!`, whose documentation describes it.
#[proc_macro]
pub fn nmi_unchecked(input: TokenStream) -> TokenStream {
    unchecked::expand(input.into()).into()
}

/// `nmi_safe_closure!(|…| …)`: use it as `ctxlock::nmi_safe_closure!`, whose documentation describes it.
#[proc_macro]
pub fn nmi_safe_closure(input: TokenStream) -> TokenStream {
    closure::expand(input.into()).into()
}
