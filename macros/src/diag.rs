//! Collects every error of one expansion, so that the user sees all of them in one build, each at the
//! user's own tokens.

use proc_macro2::{Punct, Spacing, Span, TokenStream, TokenTree};
use quote::ToTokens;

#[derive(Default)]
pub(crate) struct Errors(Option<syn::Error>);

impl Errors {
    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(error),
            None => self.0 = Some(error),
        }
    }

    /// An error that underlines everything from `first` to `last`.
    pub(crate) fn between(&mut self, first: Span, last: Span, message: impl std::fmt::Display) {
        self.push(syn::Error::new_spanned(SpanRange(first, last), message));
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// `compile_error!{…}` per error, at the user's tokens, without syn's `::core::` before it. With
    /// the user's spans, an edition-2015 crate resolves `::core` from its crate root and reports E0433
    /// instead of the message; with the macro's, the error loses its range and gains a note that it
    /// comes from the attribute. The bare name is the compiler's built-in macro in every edition.
    pub(crate) fn into_compile_errors(self) -> TokenStream {
        let errors = self.0.map(|e| e.to_compile_error()).unwrap_or_default();
        errors
            .into_iter()
            .filter(|tree| match tree {
                TokenTree::Punct(punct) => punct.as_char() != ':',
                TokenTree::Ident(ident) => ident != "core",
                _ => true,
            })
            .collect()
    }
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
