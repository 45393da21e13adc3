//! The item under the attribute: any fn (free, inherent, trait or trait-impl method, foreign or trait
//! declaration without a body), parsed once, with a way to tell the user what else is allowed.

use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use quote::{quote, ToTokens};
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{braced, Attribute, Block, Signature, Token, Visibility};

pub(crate) struct FnItem {
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) vis: Visibility,
    /// `default` of a specialising impl, kept as written.
    pub(crate) defaultness: Option<Token![default]>,
    pub(crate) sig: Signature,
    /// `#![...]` at the start of the body.
    pub(crate) inner_attrs: Vec<Attribute>,
    /// `None` for a declaration without a body (`fn f();` in a trait or an `extern` block).
    pub(crate) body: Option<Block>,
}

impl Parse for FnItem {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis = input.parse()?;
        let defaultness = input.parse()?;
        let sig = input.parse()?;
        let mut inner_attrs = Vec::new();
        let body = if input.peek(Token![;]) {
            input.parse::<Token![;]>()?;
            None
        } else {
            let content;
            let brace_token = braced!(content in input);
            inner_attrs = content.call(Attribute::parse_inner)?;
            let stmts = content.call(Block::parse_within)?;
            Some(Block { brace_token, stmts })
        };
        Ok(FnItem {
            attrs,
            vis,
            defaultness,
            sig,
            inner_attrs,
            body,
        })
    }
}

impl ToTokens for FnItem {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let FnItem {
            attrs,
            vis,
            defaultness,
            sig,
            inner_attrs,
            body,
        } = self;
        tokens.extend(quote!(#(#attrs)* #vis #defaultness #sig));
        match body {
            Some(body) => body.brace_token.surround(tokens, |tokens| {
                tokens.extend(quote!(#(#inner_attrs)*));
                tokens.extend(body.stmts.iter().map(ToTokens::to_token_stream));
            }),
            None => tokens.extend(quote!(;)),
        }
    }
}

impl FnItem {
    /// A fn with a `self` receiver, or one that names `Self`, is surely an associated fn, which
    /// callers reach through a type (`x.f()`, `Type::f()`), never by a path that a probe follows.
    pub(crate) fn is_associated(&self) -> bool {
        let mut finder = SelfFinder(false);
        finder.visit_signature(&self.sig);
        if let Some(body) = &self.body {
            finder.visit_block(body);
        }
        self.sig.receiver().is_some() || finder.0
    }

    /// A paragraph of the fn's rustdoc, to go after the user's own.
    pub(crate) fn doc(&self, text: &str) -> TokenStream {
        let has_docs = self.attrs.iter().any(|a| a.path().is_ident("doc"));
        let separator = has_docs.then(|| quote!(#[doc = ""]));
        quote!(#separator #[doc = #text])
    }

    /// The fn with `attrs` after its outer attributes and `stmts` at the start of its body, after the
    /// inner attributes. `item` holds the fn's tokens: as the user wrote them, so that the compiler
    /// gets them back untouched and nothing is printed again, or else as printed from `self`.
    pub(crate) fn splice(
        &self,
        item: TokenStream,
        attrs: TokenStream,
        stmts: TokenStream,
    ) -> TokenStream {
        spliced(item.clone(), &attrs, self.body.is_some().then_some(&stmts)).unwrap_or_else(|| {
            // Tokens of a shape not foreseen, such as a body passed as a `macro_rules!` fragment,
            // in an invisible group: printed again, which puts every part where `spliced` finds it.
            let printed = self.to_token_stream();
            spliced(
                printed.clone(),
                &attrs,
                self.body.is_some().then_some(&stmts),
            )
            .unwrap_or(printed)
        })
    }

    /// The attribute of `other` on this fn, if any (`#[may_sleep]`, `#[ctxlock::may_sleep]`, ...).
    pub(crate) fn take_attr(&mut self, other: &str) -> Option<Attribute> {
        let at = self
            .attrs
            .iter()
            .position(|a| a.path().segments.last().is_some_and(|s| s.ident == other))?;
        Some(self.attrs.remove(at))
    }
}

/// `item` with `attrs` after the outer attributes and, if `stmts`, with them at the start of the body,
/// which is the last token tree; `None` if the tokens are not shaped so.
fn spliced(
    item: TokenStream,
    attrs: &TokenStream,
    stmts: Option<&TokenStream>,
) -> Option<TokenStream> {
    let mut trees: Vec<TokenTree> = item.into_iter().collect();
    let at = attributes_end(&trees, false);
    if let Some(stmts) = stmts {
        let Some(TokenTree::Group(body)) = trees.last_mut() else {
            return None;
        };
        if body.delimiter() != Delimiter::Brace {
            return None;
        }
        let inner: Vec<TokenTree> = body.stream().into_iter().collect();
        let inner_end = attributes_end(&inner, true);
        let mut content: TokenStream = inner[..inner_end].iter().cloned().collect();
        content.extend(stmts.clone());
        if inner_end == 0 {
            content.extend(body.stream()); // The body's own stream, not rebuilt token by token.
        } else {
            content.extend(inner[inner_end..].iter().cloned());
        }
        let mut group = Group::new(Delimiter::Brace, content);
        group.set_span(body.span());
        *body = group;
    }
    let mut out: TokenStream = trees[..at].iter().cloned().collect();
    out.extend(attrs.clone());
    out.extend(trees[at..].iter().cloned());
    Some(out)
}

/// Where the attributes at the start of `trees` end: `#[…]`, or with `inner`, `#![…]`.
fn attributes_end(trees: &[TokenTree], inner: bool) -> usize {
    let mut at = 0;
    loop {
        let rest = &trees[at..];
        let len = match rest {
            [TokenTree::Punct(hash), TokenTree::Punct(bang), TokenTree::Group(g), ..]
                if inner
                    && hash.as_char() == '#'
                    && bang.as_char() == '!'
                    && g.delimiter() == Delimiter::Bracket =>
            {
                3
            }
            [TokenTree::Punct(hash), TokenTree::Group(g), ..]
                if !inner && hash.as_char() == '#' && g.delimiter() == Delimiter::Bracket =>
            {
                2
            }
            _ => return at,
        };
        at += len;
    }
}

/// Finds `Self` in the fn, but not in items declared inside its body (`impl X { fn new() -> Self }`),
/// where it names another type.
struct SelfFinder(bool);

impl<'ast> Visit<'ast> for SelfFinder {
    fn visit_ident(&mut self, ident: &'ast proc_macro2::Ident) {
        self.0 |= ident == "Self";
    }

    fn visit_item(&mut self, _: &'ast syn::Item) {}

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.0 |= mentions_self(mac.tokens.clone());
    }
}

fn mentions_self(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|tree| match tree {
        TokenTree::Ident(ident) => ident == "Self",
        TokenTree::Group(group) => mentions_self(group.stream()),
        _ => false,
    })
}

/// Where to point when the attribute sits on something that is not a fn: the item's keyword and name.
pub(crate) fn non_fn_span(tokens: &TokenStream) -> Option<Span> {
    let item: syn::Item = syn::parse2(tokens.clone()).ok()?;
    let span = match &item {
        syn::Item::Const(i) => i.const_token.span,
        syn::Item::Enum(i) => i.enum_token.span,
        syn::Item::ExternCrate(i) => i.extern_token.span,
        syn::Item::ForeignMod(i) => i.abi.extern_token.span,
        syn::Item::Impl(i) => i.impl_token.span,
        syn::Item::Macro(i) => i.mac.path.span(),
        syn::Item::Mod(i) => i.mod_token.span,
        syn::Item::Static(i) => i.static_token.span,
        syn::Item::Struct(i) => i.struct_token.span,
        syn::Item::Trait(i) => i.trait_token.span,
        syn::Item::TraitAlias(i) => i.trait_token.span,
        syn::Item::Type(i) => i.type_token.span,
        syn::Item::Union(i) => i.union_token.span,
        syn::Item::Use(i) => i.use_token.span,
        _ => item.span(),
    };
    Some(span)
}
