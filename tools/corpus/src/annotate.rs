//! Puts an attribute on every fn in one source file (free fns, methods, trait fns with and without a
//! body, foreign fns), by inserting text where the fn starts (after its own attributes), so that
//! everything else in the file stays byte for byte as it was, and every line keeps its number.

use proc_macro2::{LineColumn, Span};
use syn::visit::{self, Visit};

use crate::cfg::Cfg;

/// The attribute that goes on every fn.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Attr {
    /// `#[ctxlock::may_sleep]`.
    MaySleep,
    /// `#[ctxlock::nmi_safe]`.
    NmiSafe,
}

impl Attr {
    /// As written in the attribute.
    pub fn name(self) -> &'static str {
        match self {
            Attr::MaySleep => "may_sleep",
            Attr::NmiSafe => "nmi_safe",
        }
    }
}

/// What was done to one file, or to a crate.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    /// Fns that got the attribute.
    pub fns: usize,
    /// Of those, the fns that the build compiles: their `#[cfg]`s, and those of the items and modules
    /// around them, hold.
    pub built: usize,
}

impl std::ops::AddAssign for Count {
    fn add_assign(&mut self, other: Count) {
        self.fns += other.fns;
        self.built += other.built;
    }
}

/// `source` with `attr` on each of its fns. `active` says whether the file is
/// compiled at all; `cfg` decides for the items in it.
pub fn annotate(source: &str, attr: Attr, cfg: &Cfg, active: bool) -> syn::Result<(String, Count)> {
    let file = syn::parse_file(source)?;
    let mut fns = Fns {
        cfg,
        active: active && cfg.holds(&file.attrs),
        found: Vec::new(),
    };
    fns.visit_file(&file);
    let lines = LineStarts::new(source);
    let mut insertions: Vec<(usize, &str)> = fns
        .found
        .iter()
        .map(|found| {
            let text = match attr {
                Attr::MaySleep => "#[ctxlock::may_sleep] ",
                Attr::NmiSafe => "#[ctxlock::nmi_safe] ",
            };
            (lines.offset(source, found.start), text)
        })
        .collect();
    insertions.sort_by_key(|&(at, _)| at);
    let mut annotated = String::with_capacity(source.len() + insertions.len() * 32);
    let mut copied = 0;
    for (at, text) in insertions {
        annotated.push_str(&source[copied..at]);
        annotated.push_str(text);
        copied = at;
    }
    annotated.push_str(&source[copied..]);
    let count = Count {
        fns: fns.found.len(),
        built: fns.found.iter().filter(|f| f.active).count(),
    };
    Ok((annotated, count))
}

struct Found {
    /// The first token after the fn's attributes.
    start: LineColumn,
    /// Compiled in this build.
    active: bool,
}

struct Fns<'a> {
    cfg: &'a Cfg,
    /// Whether the `#[cfg]`s around the current item hold.
    active: bool,
    found: Vec<Found>,
}

impl Fns<'_> {
    fn under(&mut self, attrs: &[syn::Attribute], visit: impl FnOnce(&mut Self)) {
        let outer = self.active;
        self.active = outer && self.cfg.holds(attrs);
        visit(self);
        self.active = outer;
    }
}

impl<'ast> Visit<'ast> for Fns<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        self.under(item_attrs(item), |this| visit::visit_item(this, item));
    }

    fn visit_impl_item(&mut self, item: &'ast syn::ImplItem) {
        let attrs: &[syn::Attribute] = match item {
            syn::ImplItem::Const(item) => &item.attrs,
            syn::ImplItem::Fn(item) => &item.attrs,
            syn::ImplItem::Type(item) => &item.attrs,
            syn::ImplItem::Macro(item) => &item.attrs,
            _ => &[],
        };
        self.under(attrs, |this| visit::visit_impl_item(this, item));
    }

    fn visit_trait_item(&mut self, item: &'ast syn::TraitItem) {
        let attrs: &[syn::Attribute] = match item {
            syn::TraitItem::Const(item) => &item.attrs,
            syn::TraitItem::Fn(item) => &item.attrs,
            syn::TraitItem::Type(item) => &item.attrs,
            syn::TraitItem::Macro(item) => &item.attrs,
            _ => &[],
        };
        self.under(attrs, |this| visit::visit_trait_item(this, item));
    }

    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        let start = first_after_attrs(&item.vis, None, &item.sig);
        self.found.push(Found {
            start,
            active: self.active,
        });
        visit::visit_item_fn(self, item);
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        let start = first_after_attrs(
            &item.vis,
            item.defaultness.as_ref().map(|d| d.span),
            &item.sig,
        );
        self.found.push(Found {
            start,
            active: self.active,
        });
        visit::visit_impl_item_fn(self, item);
    }

    fn visit_trait_item_fn(&mut self, item: &'ast syn::TraitItemFn) {
        let start = first_after_attrs(&syn::Visibility::Inherited, None, &item.sig);
        self.found.push(Found {
            start,
            active: self.active,
        });
        visit::visit_trait_item_fn(self, item);
    }

    fn visit_foreign_item(&mut self, item: &'ast syn::ForeignItem) {
        let attrs: &[syn::Attribute] = match item {
            syn::ForeignItem::Fn(item) => &item.attrs,
            syn::ForeignItem::Static(item) => &item.attrs,
            syn::ForeignItem::Type(item) => &item.attrs,
            syn::ForeignItem::Macro(item) => &item.attrs,
            _ => &[],
        };
        self.under(attrs, |this| visit::visit_foreign_item(this, item));
    }

    fn visit_foreign_item_fn(&mut self, item: &'ast syn::ForeignItemFn) {
        let start = first_after_attrs(&item.vis, None, &item.sig);
        self.found.push(Found {
            start,
            active: self.active,
        });
        visit::visit_foreign_item_fn(self, item);
    }
}

pub(crate) fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Const(item) => &item.attrs,
        syn::Item::Enum(item) => &item.attrs,
        syn::Item::ExternCrate(item) => &item.attrs,
        syn::Item::Fn(item) => &item.attrs,
        syn::Item::ForeignMod(item) => &item.attrs,
        syn::Item::Impl(item) => &item.attrs,
        syn::Item::Macro(item) => &item.attrs,
        syn::Item::Mod(item) => &item.attrs,
        syn::Item::Static(item) => &item.attrs,
        syn::Item::Struct(item) => &item.attrs,
        syn::Item::Trait(item) => &item.attrs,
        syn::Item::TraitAlias(item) => &item.attrs,
        syn::Item::Type(item) => &item.attrs,
        syn::Item::Union(item) => &item.attrs,
        syn::Item::Use(item) => &item.attrs,
        _ => &[],
    }
}

fn first_after_attrs(
    vis: &syn::Visibility,
    defaultness: Option<Span>,
    sig: &syn::Signature,
) -> LineColumn {
    let vis = match vis {
        syn::Visibility::Public(token) => Some(token.span),
        syn::Visibility::Restricted(restricted) => Some(restricted.pub_token.span),
        syn::Visibility::Inherited => None,
    };
    let sig = (sig.constness.as_ref().map(|t| t.span))
        .or(sig.asyncness.as_ref().map(|t| t.span))
        .or(sig.unsafety.as_ref().map(|t| t.span))
        .or(sig.abi.as_ref().map(|abi| abi.extern_token.span))
        .unwrap_or(sig.fn_token.span);
    vis.or(defaultness).unwrap_or(sig).start()
}

/// Byte offsets of line starts; proc-macro2 counts lines from 1 and columns in chars from 0.
struct LineStarts(Vec<usize>);

impl LineStarts {
    fn new(source: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(source.match_indices('\n').map(|(at, _)| at + 1));
        LineStarts(starts)
    }

    fn offset(&self, source: &str, at: LineColumn) -> usize {
        let line = self.0[at.line - 1];
        source[line..]
            .char_indices()
            .nth(at.column)
            .map_or(source.len(), |(offset, _)| line + offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn annotated(source: &str, attr: Attr) -> (String, Count) {
        let cfg = Cfg::new(&["feature=\"std\"".to_owned()]).unwrap();
        annotate(source, attr, &cfg, true).unwrap()
    }

    #[test]
    fn inserts_after_attributes_and_keeps_lines() {
        let source = "/// Docs.\n#[inline]\npub(crate) const unsafe fn f() {}\nfn g() {}\n";
        let (text, count) = annotated(source, Attr::NmiSafe);
        assert_eq!(
            text,
            "/// Docs.\n#[inline]\n#[ctxlock::nmi_safe] pub(crate) const unsafe fn f() {}\n#[ctxlock::nmi_safe] fn g() {}\n"
        );
        assert_eq!(count, Count { fns: 2, built: 2 });
    }

    #[test]
    fn methods_trait_defaults_and_nested_fns() {
        let source = "\
impl S {
    fn new() -> S { S }
    fn get(&self) -> u8 { 0 }
    fn make() -> Self { S }
    default fn d() {}
}
trait T {
    fn required(&self);
    fn provided() { fn inner() {} }
}
extern \"C\" { fn foreign(); }
";
        let (text, count) = annotated(source, Attr::MaySleep);
        let expected = "\
impl S {
    #[ctxlock::may_sleep] fn new() -> S { S }
    #[ctxlock::may_sleep] fn get(&self) -> u8 { 0 }
    #[ctxlock::may_sleep] fn make() -> Self { S }
    #[ctxlock::may_sleep] default fn d() {}
}
trait T {
    #[ctxlock::may_sleep] fn required(&self);
    #[ctxlock::may_sleep] fn provided() { #[ctxlock::may_sleep] fn inner() {} }
}
extern \"C\" { #[ctxlock::may_sleep] fn foreign(); }
";
        assert_eq!(text, expected);
        assert_eq!(count, Count { fns: 8, built: 8 });
    }

    #[test]
    fn counts_only_what_the_cfgs_compile() {
        let source = "\
#[cfg(test)]
mod tests { fn t() {} }
#[cfg(feature = \"std\")]
fn with_std() {}
#[cfg(all(unix, not(feature = \"alloc\")))]
impl S { fn unix_without_alloc(&self) {} }
#[cfg(windows)]
fn on_windows() {}
";
        let (_, count) = annotated(source, Attr::NmiSafe);
        assert_eq!(count, Count { fns: 4, built: 2 });
    }

    #[test]
    fn counts_columns_in_chars() {
        let source = "const E: &str = \"\u{e9}\"; fn f() {}\n";
        let (text, _) = annotated(source, Attr::NmiSafe);
        assert_eq!(
            text,
            "const E: &str = \"\u{e9}\"; #[ctxlock::nmi_safe] fn f() {}\n"
        );
    }
}
