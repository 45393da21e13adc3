//! Collects every error of one expansion, so that the user sees all of them in one build, each at the
//! user's own tokens. Under `cargo ctxlock` the errors of a fn with a body become calls in that body
//! instead, so that the build goes on and one run reports them with the whole-program findings.

use proc_macro2::{Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned, ToTokens};

#[derive(Default)]
pub(crate) struct Errors {
    all: Option<syn::Error>,
    /// How many of the first errors [`Errors::analysis_calls`] handed to `cargo ctxlock`, and the
    /// facade's path.
    in_analysis: Option<(usize, syn::Path)>,
}

impl Errors {
    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.all {
            Some(all) => all.combine(error),
            None => self.all = Some(error),
        }
    }

    /// An error that underlines everything from `first` to `last`.
    pub(crate) fn between(&mut self, first: Span, last: Span, message: impl std::fmt::Display) {
        self.push(syn::Error::new_spanned(SpanRange(first, last), message));
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.all.is_none()
    }

    /// For the body of the fn the errors so far are about: one call of
    /// `__private::analysis::rule_violation("message")` per error, located at the error's first
    /// token, which `cargo ctxlock` reads back from the IR; nothing when there is no error.
    /// [`Errors::into_compile_errors`] then passes these errors through the facade's `rule_error!`,
    /// which drops them under `--cfg ctxlock_analysis` (the cfg is the facade's, which declares it:
    /// in the user's crate it would be an unexpected cfg). An error with no call stays a compile
    /// error in every build.
    pub(crate) fn analysis_calls(&mut self, krate: &syn::Path) -> TokenStream {
        if self.is_empty() {
            return TokenStream::new(); // The common case costs nothing.
        }
        let mut calls = TokenStream::new();
        for error in self.all.iter().flatten() {
            // The call's debug location is its span, which rustc would move to the attribute if it
            // came from the expansion: the user's own span, with the crate path (which keeps its
            // own, to resolve as it does elsewhere) inside parentheses that carry it.
            let span = error.span();
            let mut message = Literal::string(&error.to_string());
            message.set_span(span);
            calls.extend(quote_spanned!(span=>
                (#krate::__private::analysis::rule_violation)(#message);
            ));
        }
        self.in_analysis = Some((self.all.iter().flatten().count(), krate.clone()));
        // In a fn of their own that a `#[used]` static keeps: compiled even when the fn they are
        // about is not (dead code, a generic fn never instantiated), as `cargo check` would report
        // them then too.
        let rules = Ident::new("__ctxlock_rules", Span::mixed_site());
        let keep = Ident::new("__CTXLOCK_RULES", Span::mixed_site());
        quote!({
            #[used]
            static #keep: fn() = {
                fn #rules() { #calls }
                #rules
            };
        })
    }

    /// `compile_error!{…}` per error, at the user's tokens, without syn's `::core::` before it. With
    /// the user's spans, an edition-2015 crate resolves `::core` from its crate root and reports E0433
    /// instead of the message; with the macro's, the error loses its range and gains a note that it
    /// comes from the attribute. The bare name is the compiler's built-in macro in every edition.
    pub(crate) fn into_compile_errors(self) -> TokenStream {
        let Some((count, krate)) = self.in_analysis else {
            return self.all.map(compile_error).unwrap_or_default();
        };
        let (reported, rest): (TokenStream, TokenStream) = {
            let mut errors = self.all.into_iter().flatten().map(compile_error);
            (errors.by_ref().take(count).collect(), errors.collect())
        };
        // One invocation for all: the `compile_error!`s stay siblings, expanded in the order given.
        quote!(#krate::__private::analysis::rule_error! { #reported } #rest)
    }
}

/// syn's `::core::compile_error!{…}` without the `::core::` (see [`Errors::into_compile_errors`]).
fn compile_error(error: syn::Error) -> TokenStream {
    error
        .to_compile_error()
        .into_iter()
        .filter(|tree| match tree {
            TokenTree::Punct(punct) => punct.as_char() != ':',
            TokenTree::Ident(ident) => ident != "core",
            _ => true,
        })
        .collect()
}

/// Two tokens whose spans `syn::Error::new_spanned` turns into one range (stable Rust cannot join spans).
struct SpanRange(Span, Span);

impl ToTokens for SpanRange {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        for span in [self.0, self.1] {
            let mut punct = Punct::new('.', Spacing::Alone);
            punct.set_span(span);
            tokens.extend([TokenTree::Punct(punct)]);
        }
    }
}
