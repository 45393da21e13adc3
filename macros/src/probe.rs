//! Rule 5 at compile time: `#[may_sleep]` emits a marker under a reserved name beside the fns that can
//! carry one, and `#[nmi_safe]` probes its callees for it. The mechanism, and what it cannot see, are
//! explained in `ctxlock::__private`.

use std::collections::BTreeSet;

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream};
use quote::{format_ident, quote_spanned, ToTokens};
use syn::{Attribute, Path, Visibility};

use crate::fn_item::FnItem;
use crate::source;

/// A call whose callee path may name a `#[may_sleep]` fn.
pub(crate) struct Callee {
    /// What the callee's name is looked up in: its path without the last segment, or `None` for a
    /// bare name, which is looked up in the caller's module.
    pub(crate) parent: Option<Path>,
    /// Whether `parent` comes from a `use` item (the body's or the module's), which resolves as `use`
    /// paths do in the user's edition; otherwise it comes from the call's own path.
    pub(crate) parent_is_import: bool,
    /// The callee's name.
    pub(crate) name: Ident,
    /// Where the call starts and ends: a failed probe is reported over this range.
    pub(crate) first: Span,
    pub(crate) last: Span,
    /// The `#[cfg]`s the call is under.
    pub(crate) cfgs: Vec<Attribute>,
}

/// `path` with every token at `span`: the path of the ctxlock crate comes from the attribute (or its
/// `crate = "…"` string), and generated code must instead point at the user's tokens it is about.
/// Give it a span of the macro's own hygiene (`Span::mixed_site().located_at(…)`): a path resolves by
/// the edition of its tokens' hygiene, and in an edition-2015 crate a user's span would make
/// `::ctxlock::…` a path from the crate root, which needs `extern crate ctxlock;` there (E0433).
pub(crate) fn respan(path: &Path, span: Span) -> TokenStream {
    path.to_token_stream()
        .into_iter()
        .map(|mut tree| {
            tree.set_span(span);
            tree
        })
        .collect()
}

/// The reserved name of the marker of the fn `name`, which no user item has.
fn marker_name(name: &Ident, span: Span) -> Ident {
    format_ident!("__ctxlock_may_sleep_{}", name, span = span)
}

/// Whether `#[may_sleep]` can emit a marker beside `func`. A fn with a visibility is surely not in a
/// trait or a trait impl, which allow no visibility and no extra item; beside a free fn or in an
/// inherent impl a const may stand. A fn without one may be a trait impl's: it gets a marker only if
/// its source file, read through `place`, shows it as a module's item. A fn with `self` or `Self` is
/// surely associated, so it is never called by a path that a probe can follow, and a declaration has
/// no body to be called.
pub(crate) fn can_mark(func: &FnItem, place: impl FnOnce(&Ident) -> Option<source::Place>) -> bool {
    if func.body.is_none() || func.is_associated() {
        return false;
    }
    !matches!(func.vis, Visibility::Inherited)
        || place(&func.sig.ident).is_some_and(|p| p.in_module)
}

/// The marker beside `func`: a const in the value namespace, under the fn's `#[cfg]`s, as visible as the
/// fn, so that every path and glob that reaches the fn from elsewhere reaches it too.
pub(crate) fn marker(krate: &Path, func: &FnItem) -> TokenStream {
    let span = Span::mixed_site().located_at(func.sig.ident.span());
    let name = marker_name(&func.sig.ident, span);
    // The crate path keeps its own spans, as in the rest of the expansion, so that a wrong
    // `crate = "…"` is reported once, at the string.
    let vis = &func.vis;
    let cfgs = func.attrs.iter().filter(|a| a.path().is_ident("cfg"));
    quote_spanned! {span=>
        #(#cfgs)*
        #[doc(hidden)]
        #[allow(non_upper_case_globals, dead_code, missing_docs, unreachable_pub, clippy::all, clippy::pedantic)]
        #vis const #name: #krate::__private::MaySleep = #krate::__private::MaySleep;
    }
}

/// The probes of one block, as an item that generates no code:
/// `const _: () = { use Unmarked as marker…; fn probe() { { use parent::*; check(&marker); … } … } };`,
/// one glob per distinct parent (and `#[cfg]`s), holding the checks of every call through it. Built as
/// tokens, which the compiler parses once; the lint allowances on the const cover all that it holds.
pub(crate) fn probes(krate: &Path, callees: &[Callee]) -> Option<TokenStream> {
    let first = callees.first()?;
    let span = Span::mixed_site().located_at(first.first);
    let names: BTreeSet<String> = callees
        .iter()
        .map(|c| marker_name(&c.name, span).to_string())
        .collect();
    let fallbacks = names.iter().map(|name| {
        let name = Ident::new(name, span);
        quote_spanned!(span=> use #krate::__private::Unmarked as #name;)
    });
    // Calls through the same parent under the same `#[cfg]`s share its glob, in the order of their
    // first call; each call keeps its own check, so that each is reported at itself.
    let mut globs: Vec<(&Callee, TokenStream)> = Vec::new();
    for callee in callees {
        let check = check(krate, callee);
        match globs.iter_mut().find(|(c, _)| same_scope(c, callee)) {
            Some((_, checks)) => checks.extend(check),
            None => globs.push((callee, check)),
        }
    }
    let probes = globs.iter().map(|(callee, checks)| {
        // At the call, so that a glob that fails points there.
        let span = Span::mixed_site().located_at(callee.first);
        let parent = match &callee.parent {
            Some(parent) if callee.parent_is_import => parent.to_token_stream(),
            Some(parent) => expression_parent(parent),
            None => quote_spanned!(span=> self),
        };
        let cfgs = &callee.cfgs;
        quote_spanned! {span=>
            #(#cfgs)* {
                use #parent::*;
                #checks
            }
        }
    });
    Some(quote_spanned! {span=>
        #[allow(unused_imports, dead_code, clippy::all)]
        const _: () = {
            #(#fallbacks)*
            fn __ctxlock_probe() {
                #(#probes)*
            }
        };
    })
}

/// The tokens of `use <parent>::*;` for the parent of a call's path, which the call resolves from the
/// scope it is in. A `use` path resolves as the edition of its first token says: from the crate root
/// in edition 2015, so that `use mem::*` for `mem::transmute()` after `use std::mem;` fails there
/// (E0432); from the scope since 2018. So the first segment gets the macro's hygiene (its edition,
/// 2021) at the user's place, and resolves as the call's path does in every edition. `::a`, `crate`,
/// `self`, `super` and `$crate` keep the user's spans: they mean in a `use` what they mean in the call.
fn expression_parent(parent: &Path) -> TokenStream {
    let mut tokens = parent.to_token_stream().into_iter();
    let first = tokens.next().map(|tree| match tree {
        proc_macro2::TokenTree::Ident(mut ident)
            if !matches!(
                ident.to_string().as_str(),
                "crate" | "self" | "super" | "$crate"
            ) =>
        {
            ident.set_span(Span::call_site().located_at(ident.span()));
            proc_macro2::TokenTree::Ident(ident)
        }
        tree => tree,
    });
    first.into_iter().chain(tokens).collect()
}

/// Whether two calls look their callees up in the same place under the same conditions.
fn same_scope(a: &Callee, b: &Callee) -> bool {
    let idents = |p: &Path| {
        p.segments
            .iter()
            .map(|s| s.ident.clone())
            .collect::<Vec<_>>()
    };
    let parents = a.parent_is_import == b.parent_is_import
        && match (&a.parent, &b.parent) {
            (None, None) => true,
            (Some(x), Some(y)) => {
                x.leading_colon.is_some() == y.leading_colon.is_some() && idents(x) == idents(y)
            }
            _ => false,
        };
    parents
        && a.cfgs.len() == b.cfgs.len()
        && a.cfgs
            .iter()
            .zip(&b.cfgs)
            .all(|(x, y)| x.to_token_stream().to_string() == y.to_token_stream().to_string())
}

/// `nmi_callable(&marker);`, in the user's own spans (so that IDEs, which map mixed-site spans back to
/// the attribute, show it at the call too), from the call's path to its closing parenthesis.
fn check(krate: &Path, callee: &Callee) -> TokenStream {
    let (first, last) = (callee.first, callee.last);
    let krate = respan(krate, Span::mixed_site().located_at(first));
    // The marker's name in the call's hygiene, like every item name the user writes there.
    let marker = marker_name(&callee.name, first);
    let mut value = Group::new(Delimiter::Brace, marker.into_token_stream());
    value.set_span(last);
    let mut args = Group::new(Delimiter::Parenthesis, quote_spanned!(first=> & #value));
    args.set_span(last);
    quote_spanned!(first=> #krate::__private::nmi_callable #args;)
}
