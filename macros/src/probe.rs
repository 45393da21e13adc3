//! Rule 5 across paths, imports, renames and crates: `#[may_sleep]` emits a marker beside its fn, and
//! `#[nmi_safe]` probes every callee for it. The mechanism is explained in `ctxlock::__private`.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream};
use quote::{format_ident, quote_spanned, ToTokens};
use syn::{Path, Stmt, Visibility};

/// How many fallback names `ctxlock::__private::fallback` provides, so how many probes share one block.
const PER_BLOCK: usize = 32;

/// A call whose callee path may name a `#[may_sleep]` fn.
pub(crate) struct Callee {
    /// The callee, without turbofish.
    pub(crate) path: Path,
    /// Where the call starts and ends: a failed probe is reported over this range.
    pub(crate) first: Span,
    pub(crate) last: Span,
    /// The `#[cfg]`s the call is under.
    pub(crate) cfgs: Vec<syn::Attribute>,
}

/// `path` with every token at `span`: the path of the ctxlock crate comes from the attribute (or its
/// `crate = "…"` string), and generated code must instead point at the user's tokens it is about.
pub(crate) fn respan(path: &Path, span: Span) -> TokenStream {
    path.to_token_stream()
        .into_iter()
        .map(|mut tree| {
            tree.set_span(span);
            tree
        })
        .collect()
}

/// The marker beside `#[may_sleep] fn name`: a braced struct has no value, so it shares the fn's name
/// without clashing with it, and every path that reaches the fn reaches it too.
pub(crate) fn marker(krate: &Path, vis: &Visibility, name: &Ident) -> TokenStream {
    let span = Span::mixed_site().located_at(name.span());
    quote_spanned! {span=>
        #[doc(hidden)]
        #[allow(non_camel_case_types, dead_code, missing_docs, unreachable_pub)]
        #vis struct #name {}
        impl #krate::__private::MaySleep for #name {}
    }
}

/// The probes of one block, as items that generate no code: `const _: () = { use …; fn probe() {…} };`.
pub(crate) fn probes(krate: &Path, callees: &[Callee]) -> Vec<Stmt> {
    callees
        .chunks(PER_BLOCK)
        .map(|chunk| {
            let span = Span::mixed_site().located_at(chunk[0].first);
            let aliases: Vec<Ident> = (0..chunk.len())
                .map(|i| format_ident!("__ctxlock_callee_{}", i, span = span))
                .collect();
            let imports = chunk.iter().zip(&aliases).map(|(callee, alias)| {
                let (path, cfgs) = (&callee.path, &callee.cfgs);
                quote_spanned!(span=> #(#cfgs)* #[allow(unused_imports)] use #path as #alias;)
            });
            let checks = chunk
                .iter()
                .zip(&aliases)
                .map(|(callee, alias)| check(krate, callee, alias));
            syn::parse_quote_spanned! {span=>
                const _: () = {
                    #(#imports)*
                    #[allow(unused_imports)]
                    use #krate::__private::fallback::*;
                    #[allow(dead_code, clippy::all)]
                    fn __ctxlock_probe() {
                        #[allow(unused_imports)]
                        use #krate::__private::{ProbeMarker as _, ProbeOther as _};
                        #(#checks)*
                    }
                };
            }
        })
        .collect()
}

/// `nmi_callable((&&Probe::<alias>::NEW).__ctxlock_probe());`, spanned so that a failure underlines
/// the user's call from its path to its closing parenthesis.
fn check(krate: &Path, callee: &Callee, alias: &Ident) -> TokenStream {
    let first = Span::mixed_site().located_at(callee.first);
    let last = Span::mixed_site().located_at(callee.last);
    let krate = respan(krate, first);
    let mut args = Group::new(Delimiter::Parenthesis, TokenStream::new());
    args.set_span(last);
    let probe =
        quote_spanned!(first=> (&&#krate::__private::Probe::<#alias>::NEW).__ctxlock_probe #args);
    let mut call = Group::new(Delimiter::Parenthesis, probe);
    call.set_span(last);
    let cfgs = &callee.cfgs;
    quote_spanned!(first=> #(#cfgs)* #krate::__private::nmi_callable #call;)
}
