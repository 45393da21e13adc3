//! What each attribute turns its fn into. On an argument or placement error the item comes back as the
//! user wrote it, beside the errors, so that the IDE keeps completion and hover inside it; rule
//! violations are reported beside the normal expansion, so that rule 5 (which the compiler reports
//! through the probes) shows in the same build.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;

use crate::args::{self, Attr};
use crate::check::Checker;
use crate::diag::Errors;
use crate::fn_item::{self, FnItem};
use crate::probe;
use crate::source;

const NMI_SAFE_DOC: &str = " **NMI-safe:** checked by `#[ctxlock::nmi_safe]` to never block or sleep, so it may run in a signal handler or on a crash path.";
const MAY_SLEEP_DOC: &str = " **May sleep:** must not be called from NMI context (a signal handler, a crash path); `#[ctxlock::nmi_safe]` fns must not call it.";

pub(crate) fn attribute(attr: Attr, args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let args = args::parse(attr, args, &mut errors);
    let mut func: FnItem = match syn::parse2(item.clone()) {
        Ok(func) => func,
        Err(_) => {
            // Something other than a fn, or a fn the user is still typing: in the latter case the
            // compiler's own syntax error, on the tokens given back unchanged, says the most.
            if let Some(span) = fn_item::non_fn_span(&item) {
                errors.push(syn::Error::new(span, format!(
                    "`#[{}]` goes on a fn: a free fn, an inherent or trait method, or an associated fn",
                    attr.name()
                )));
            }
            return unchanged(item, errors);
        }
    };
    let other = match attr {
        Attr::NmiSafe => Attr::MaySleep,
        Attr::MaySleep => Attr::NmiSafe,
    };
    if let Some(conflict) = func.take_attr(other.name()) {
        errors.push(syn::Error::new_spanned(
            conflict,
            "a fn is either `#[nmi_safe]` (never sleeps) or `#[may_sleep]`, not both: keep the one that is true",
        ));
        // Given back without the other attribute, which would report the same conflict again.
        return unchanged(func.into_token_stream(), errors);
    }
    if !errors.is_empty() {
        return unchanged(item, errors);
    }
    match attr {
        Attr::NmiSafe => nmi_safe(item, func, &args, errors),
        Attr::MaySleep => may_sleep(item, func, &args, errors),
    }
}

fn unchanged(item: TokenStream, errors: Errors) -> TokenStream {
    let errors = errors.into_compile_errors();
    quote!(#errors #item)
}

fn nmi_safe(
    item: TokenStream,
    mut func: FnItem,
    args: &args::Args,
    mut errors: Errors,
) -> TokenStream {
    let krate = &args.krate;
    if let Some(async_token) = func.sig.asyncness {
        errors.between(
            async_token.span,
            func.sig.ident.span(),
            "an `#[nmi_safe]` fn cannot be `async`: it would run later, on an executor that may block; make it a plain fn",
        );
    }
    if args.entry {
        if let Some(const_token) = func.sig.constness {
            errors.push(syn::Error::new(
                const_token.span,
                "`#[nmi_safe(entry)]` marks the thread as in NMI context while the fn runs, which a `const fn` cannot do; drop `const` or `entry`",
            ));
        } else if func.body.is_none() {
            errors.push(syn::Error::new(
                func.sig.span(),
                "`#[nmi_safe(entry)]` needs a body to run inside `NmiScope`; put it on the implementations",
            ));
        }
    }
    let doc = func.doc(NMI_SAFE_DOC);
    let mut stmts = TokenStream::new();
    let mut item = item;
    if let Some(body) = &mut func.body {
        if args.entry && func.sig.constness.is_none() {
            let span = Span::mixed_site().located_at(func.sig.ident.span());
            let krate = probe::respan(krate, span);
            stmts.extend(quote_spanned!(span=> let __ctxlock_nmi_scope = #krate::__private::NmiScope::enter();));
        }
        stmts.extend(analysis_mark(krate, &func.sig.ident, "nmi_safe_root"));
        let mut checker = Checker::new(&mut errors, krate, Some(&func.sig.ident));
        stmts.extend(checker.check_body(&func.sig.inputs, body));
        if checker.changed_inner_blocks {
            item = TokenStream::new(); // Printed from `func`, which holds the probes of those blocks.
        }
        stmts.extend(errors.analysis_calls(krate));
    }
    if item.is_empty() {
        item = func.to_token_stream();
    }
    let func = func.splice(item, doc, stmts);
    let errors = errors.into_compile_errors();
    quote!(#errors #func)
}

/// The call that `cargo ctxlock` finds in the compiled fn (see the facade's `__private::analysis`);
/// an empty inline fn in any other build. The crate path keeps its own spans, so that a wrong
/// `crate = "…"` is reported once, at the string.
fn analysis_mark(krate: &syn::Path, name: &syn::Ident, mark: &str) -> TokenStream {
    let mark = syn::Ident::new(mark, Span::mixed_site().located_at(name.span()));
    quote!(#krate::__private::analysis::#mark();)
}

fn may_sleep(item: TokenStream, func: FnItem, args: &args::Args, errors: Errors) -> TokenStream {
    let krate = &args.krate;
    let doc = func.doc(MAY_SLEEP_DOC);
    let name = &func.sig.ident;
    let mut stmts = TokenStream::new();
    if func.body.is_some() && func.sig.constness.is_none() {
        // The call is spanned at the fn's name, not mixed-site: `#[track_caller]` reports an
        // expanded span's call site (the attribute), and the report should say where the fn is.
        // The import keeps the crate path's own spans, so a wrong `crate = "…"` is reported there.
        let span = name.span();
        let name = name.to_string();
        let name = name.strip_prefix("r#").unwrap_or(&name);
        let check = quote_spanned!(span=> __ctxlock_might_sleep(#name););
        stmts.extend(quote!(
            #[cfg(debug_assertions)]
            {
                use #krate::__private::might_sleep_named as __ctxlock_might_sleep;
                #check
            }
        ));
    }
    if func.body.is_some() {
        stmts.extend(analysis_mark(krate, name, "may_sleep_entry"));
    }
    let marker = if args.no_marker || !probe::can_mark(&func, source::place) {
        TokenStream::new()
    } else {
        probe::marker(krate, &func)
    };
    let func = func.splice(item, doc, stmts);
    let errors = errors.into_compile_errors();
    quote_spanned!(Span::call_site()=> #errors #func #marker)
}
