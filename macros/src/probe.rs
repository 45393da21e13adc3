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

/// The marker beside `#[may_sleep] fn name`: a module lives in the type namespace, so it shares the
/// fn's name without clashing with it, and every path that reaches the fn reaches it too. Its struct
/// carries the fn's name into the diagnostic.
pub(crate) fn marker(vis: &Visibility, name: &Ident) -> TokenStream {
    let span = Span::mixed_site().located_at(name.span());
    quote_spanned! {span=>
        #[doc(hidden)]
        #[allow(non_camel_case_types, non_snake_case, dead_code, missing_docs, unreachable_pub, clippy::all, clippy::pedantic)]
        #vis mod #name {
            pub struct #name;
            pub use self::#name as __ctxlock_may_sleep;
        }
    }
}

/// The probes of one block, as items that generate no code:
/// `const _: () = { use fallbacks…; fn probe() { use callee as alias; { use alias::*; check } } };`.
pub(crate) fn probes(krate: &Path, callees: &[Callee]) -> Vec<Stmt> {
    callees
        .chunks(PER_BLOCK)
        .map(|chunk| {
            let span = Span::mixed_site().located_at(chunk[0].first);
            let probes = chunk.iter().enumerate().map(|(i, callee)| {
                let (path, cfgs) = (&callee.path, &callee.cfgs);
                // At the call, so that an import that fails points there.
                let span = Span::mixed_site().located_at(callee.first);
                let alias = format_ident!("__ctxlock_callee_{}", i, span = span);
                let check = check(krate, callee);
                quote_spanned! {span=>
                    #(#cfgs)* #[allow(unused_imports)] use #path as #alias;
                    #(#cfgs)* {
                        #[allow(unused_imports)]
                        use #alias::*;
                        #check
                    }
                }
            });
            syn::parse_quote_spanned! {span=>
                const _: () = {
                    #[allow(unused_imports)]
                    use #krate::__private::fallback::*;
                    #[allow(unused_imports)]
                    use #krate::__private::Unmarked as __ctxlock_may_sleep;
                    #[allow(dead_code, clippy::all)]
                    fn __ctxlock_probe() {
                        #(#probes)*
                    }
                };
            }
        })
        .collect()
}

/// `nmi_callable(PhantomData::<__ctxlock_may_sleep>);`, in the user's own spans (so that IDEs, which
/// map mixed-site spans back to the attribute, show it at the call too), from the call's path to its
/// closing parenthesis.
fn check(krate: &Path, callee: &Callee) -> TokenStream {
    let (first, last) = (callee.first, callee.last);
    let krate = respan(krate, first);
    let mut close = proc_macro2::Punct::new('>', proc_macro2::Spacing::Alone);
    close.set_span(last);
    let marker = quote_spanned!(first=> ::core::marker::PhantomData::<__ctxlock_may_sleep #close);
    let mut args = Group::new(Delimiter::Parenthesis, marker);
    args.set_span(last);
    quote_spanned!(first=> #krate::__private::nmi_callable #args;)
}
