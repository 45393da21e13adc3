//! `nmi_safe_closure!(|…| …)`: the rules of `#[nmi_safe]` for a closure, such as the handler handed to
//! signal-hook's `low_level::register`. The closure comes back with the root mark as its first
//! statement, so that `cargo ctxlock` checks everything it calls; at run time it is the same closure.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::quote;
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::ExprClosure;

use crate::check::Checker;
use crate::diag::Errors;

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    // From the facade's `macro_rules!`, its own path; called as `ctxlock_macros::…`, `::ctxlock`.
    let (krate, input) = crate::unchecked::split_crate(input);
    let facade: syn::Path = match krate {
        Some(TokenTree::Ident(krate)) => syn::Path::from(krate),
        _ => syn::parse_quote!(::ctxlock),
    };
    // The probes carry the user's spans, under which `$crate` would name the user's crate: they name
    // the facade through an import instead.
    let krate: syn::Path = syn::Ident::new("__ctxlock_facade", Span::call_site()).into();
    let mut errors = Errors::default();
    let mut closure: ExprClosure = match syn::parse2(input.clone()) {
        Ok(closure) => closure,
        Err(error) => {
            let message =
                "`nmi_safe_closure!` takes a closure: `nmi_safe_closure!(move |signal| { … })`";
            let mut errors = Errors::default();
            errors.push(syn::Error::new(error.span(), message));
            let errors = errors.into_compile_errors();
            return quote!({ #errors #input });
        }
    };
    // The probes and the mark need a block to stand in.
    if !matches!(*closure.body, syn::Expr::Block(_)) {
        let body = &closure.body;
        *closure.body = syn::parse_quote_spanned!(body.span()=> { #body });
    }
    Checker::new(&mut errors, &krate, None).visit_expr_closure_mut(&mut closure);
    if let syn::Expr::Block(body) = &mut *closure.body {
        let mark = syn::Ident::new("nmi_safe_root", Span::mixed_site());
        let calls = errors.analysis_calls(&krate);
        if !calls.is_empty() {
            body.block.stmts.insert(0, syn::parse_quote!(#calls));
        }
        body.block
            .stmts
            .insert(0, syn::parse_quote!(#krate::__private::analysis::#mark();));
    }
    let errors = errors.into_compile_errors();
    quote!({
        #[allow(unused_imports)]
        use #facade as #krate;
        #errors
        #closure
    })
}
