//! `nmi_unchecked!("reason", expr)`: the reviewed exception. `#[nmi_safe]` skips the macro's tokens;
//! here the reason is required, and the expression is given back with the two marks around it that tell
//! `cargo ctxlock` which source text to skip (see the facade's `__private::analysis`).

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned, ToTokens};
use syn::parse::{Parse, ParseStream};
use syn::{Expr, LitStr, Token};

use crate::diag::Errors;

struct Unchecked {
    reason: LitStr,
    expr: Expr,
}

impl Parse for Unchecked {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let reason: LitStr = input.parse().map_err(|e| {
            syn::Error::new(e.span(), "`nmi_unchecked!` starts with the reason, as a string literal: `nmi_unchecked!(\"why this cannot block\", expr)`")
        })?;
        if input.is_empty() {
            return Err(syn::Error::new(
                reason.span(),
                "`nmi_unchecked!` needs the expression after the reason: `nmi_unchecked!(\"why this cannot block\", expr)`",
            ));
        }
        input.parse::<Token![,]>()?;
        let expr = input.parse()?;
        input.parse::<Option<Token![,]>>()?;
        Ok(Unchecked { reason, expr })
    }
}

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let (krate, input) = split_crate(input);
    let last = last_position(&input);
    match syn::parse2::<Unchecked>(input) {
        Ok(Unchecked { reason, expr }) if reason.value().trim().is_empty() => {
            let mut errors = Errors::default();
            errors.push(syn::Error::new(
                reason.span(),
                "`nmi_unchecked!` needs a reason: say why this expression cannot block or sleep here",
            ));
            let errors = errors.into_compile_errors();
            quote!({ #errors #expr })
        }
        Ok(Unchecked { expr, .. }) => match krate {
            Some(krate) => marked(&krate, expr, last),
            None => expr.into_token_stream(),
        },
        Err(error) => {
            let mut errors = Errors::default();
            errors.push(error);
            errors.into_compile_errors()
        }
    }
}

/// The facade's `macro_rules!` passes its own path first, as `$crate ;`, which no user can write.
pub(crate) fn split_crate(input: TokenStream) -> (Option<TokenTree>, TokenStream) {
    let mut tokens = input.clone().into_iter();
    match (tokens.next(), tokens.next()) {
        (Some(TokenTree::Ident(krate)), Some(TokenTree::Punct(semi)))
            if krate == "$crate" && semi.as_char() == ';' =>
        {
            (Some(TokenTree::Ident(krate)), tokens.collect())
        }
        _ => (None, input),
    }
}

/// Where the expression ends: its last token as the user wrote it (a closing delimiter of its own, not
/// the whole group), before any trailing comma. Read from the input, because a group that syn prints
/// again no longer knows where it closed.
fn last_position(input: &TokenStream) -> Option<Span> {
    let trees: Vec<TokenTree> = input.clone().into_iter().collect();
    let last = match trees.as_slice() {
        [.., tree, TokenTree::Punct(comma)] if comma.as_char() == ',' => tree,
        [.., tree] => tree,
        [] => return None,
    };
    Some(match last {
        TokenTree::Group(group) => group.span_close(),
        other => other.span(),
    })
}

/// The expression, after two calls located at its first and its last token: the range between their
/// debug locations is what `cargo ctxlock` skips (and, there, up to the end of the statement that holds
/// the macro, where the expression's temporaries are dropped).
fn marked(krate: &TokenTree, expr: Expr, last: Option<Span>) -> TokenStream {
    let tokens = expr.to_token_stream();
    let first = tokens
        .clone()
        .into_iter()
        .next()
        .map_or_else(Span::call_site, |t| t.span());
    let begin = mark(krate, first, "unchecked_begin");
    let end = mark(krate, last.unwrap_or(first), "unchecked_end");
    quote!({ #begin #end #tokens })
}

fn mark(krate: &TokenTree, span: Span, name: &str) -> TokenStream {
    // The call's debug location is its span, from the first token to the last. `$crate` comes from the
    // facade's macro, whose spans the compiler would move to the macro call, so the callee is put in
    // parentheses that carry the user's span.
    let name = syn::Ident::new(name, span);
    quote_spanned!(span=> (#krate::__private::analysis::#name)();)
}
