//! What the names of an `#[nmi_safe]` body are at a point of it: local variables, so that a call of a
//! closure or fn pointer held in a local is not mistaken for a call of a fn item of the same name; and
//! the body's own `use` imports and `#[may_sleep]` fns, which rule 5 can follow without the compiler.

use std::collections::{HashMap, HashSet};

use syn::visit::Visit;
use syn::{Ident, Pat};

#[derive(Default)]
pub(crate) struct Scopes(Vec<Scope>);

#[derive(Default)]
struct Scope {
    names: HashSet<Ident>,
    /// A `use …::*;` in this block: a name may then come from the glob or from outside, and the
    /// compiler refuses to import such a name again (E0659), so no probe may import it.
    glob: bool,
    /// The fns declared in this block with `#[may_sleep]`.
    may_sleep: HashSet<Ident>,
    /// The names that a `use` of this block imports, and the paths they import.
    imports: HashMap<Ident, syn::Path>,
    /// The names of the items this block declares, which hide the module's items and imports.
    items: HashSet<Ident>,
}

impl Scopes {
    pub(crate) fn push(&mut self) {
        self.0.push(Scope::default());
    }

    pub(crate) fn pop(&mut self) {
        self.0.pop();
    }

    /// Adds the bindings of `pat` to the innermost scope.
    pub(crate) fn bind(&mut self, pat: &Pat) {
        if let Some(scope) = self.0.last_mut() {
            Bindings(&mut scope.names).visit_pat(pat);
        }
    }

    /// Notes the `use` globs of a block, and with `items`, the names its items declare: for blocks
    /// whose probes are emitted outside them, where those items are out of reach.
    pub(crate) fn declare(&mut self, stmts: &[syn::Stmt], items: bool) {
        let Some(scope) = self.0.last_mut() else {
            return;
        };
        for stmt in stmts {
            let syn::Stmt::Item(item) = stmt else {
                continue;
            };
            if let Some(name) = item_name(item) {
                scope.items.insert(name.clone());
            }
            if let syn::Item::Fn(item) = item {
                if item.attrs.iter().any(is_may_sleep) {
                    scope.may_sleep.insert(item.sig.ident.clone());
                }
            }
            match item {
                syn::Item::Use(item) => {
                    use_names(&item.tree, scope, items);
                    if !items {
                        let mut prefix = syn::Path {
                            leading_colon: item.leading_colon,
                            segments: syn::punctuated::Punctuated::new(),
                        };
                        use_paths(&item.tree, &mut prefix, &mut scope.imports);
                    }
                }
                syn::Item::Fn(item) if items => drop(scope.names.insert(item.sig.ident.clone())),
                syn::Item::Const(item) if items => drop(scope.names.insert(item.ident.clone())),
                syn::Item::Static(item) if items => drop(scope.names.insert(item.ident.clone())),
                syn::Item::Struct(item) if items => drop(scope.names.insert(item.ident.clone())),
                _ => {}
            }
        }
    }

    pub(crate) fn is_local(&self, name: &Ident) -> bool {
        self.0.iter().any(|scope| scope.names.contains(name))
    }

    /// Whether `path` is the bare name of a `#[may_sleep]` fn declared in the body, not shadowed by a
    /// local of an inner scope.
    pub(crate) fn is_may_sleep_fn(&self, path: &syn::Path) -> bool {
        let Some(name) = path.get_ident() else {
            return false;
        };
        for scope in self.0.iter().rev() {
            if scope.names.contains(name) {
                return false;
            }
            if scope.may_sleep.contains(name) {
                return true;
            }
        }
        false
    }

    /// The path that a `use` of the body imports as `name`, unless a local of an inner scope shadows it.
    pub(crate) fn imported(&self, name: &Ident) -> Option<&syn::Path> {
        for scope in self.0.iter().rev() {
            if scope.names.contains(name) {
                return None;
            }
            if let Some(path) = scope.imports.get(name) {
                return Some(path);
            }
        }
        None
    }

    /// Whether a block of the body declares or imports an item named `name`, which hides the module's.
    pub(crate) fn declares_item(&self, name: &Ident) -> bool {
        self.0
            .iter()
            .any(|scope| scope.items.contains(name) || scope.imports.contains_key(name))
    }

    pub(crate) fn under_glob(&self) -> bool {
        self.0.iter().any(|scope| scope.glob)
    }
}

/// The name an item declares in the value or type namespace, if it has one.
fn item_name(item: &syn::Item) -> Option<&Ident> {
    match item {
        syn::Item::Const(i) => Some(&i.ident),
        syn::Item::Enum(i) => Some(&i.ident),
        syn::Item::ExternCrate(i) => Some(i.rename.as_ref().map_or(&i.ident, |(_, r)| r)),
        syn::Item::Fn(i) => Some(&i.sig.ident),
        syn::Item::Mod(i) => Some(&i.ident),
        syn::Item::Static(i) => Some(&i.ident),
        syn::Item::Struct(i) => Some(&i.ident),
        syn::Item::Trait(i) => Some(&i.ident),
        syn::Item::Type(i) => Some(&i.ident),
        syn::Item::Union(i) => Some(&i.ident),
        _ => None,
    }
}

fn is_may_sleep(attr: &syn::Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|s| s.ident == "may_sleep")
}

fn use_names(tree: &syn::UseTree, scope: &mut Scope, names: bool) {
    match tree {
        syn::UseTree::Path(path) => use_names(&path.tree, scope, names),
        syn::UseTree::Name(name) if names => drop(scope.names.insert(name.ident.clone())),
        syn::UseTree::Rename(rename) if names => drop(scope.names.insert(rename.rename.clone())),
        syn::UseTree::Name(_) | syn::UseTree::Rename(_) => {}
        syn::UseTree::Glob(_) => scope.glob = true,
        syn::UseTree::Group(group) => group
            .items
            .iter()
            .for_each(|tree| use_names(tree, scope, names)),
    }
}

/// The paths that `tree` imports, by the names it gives them; `prefix` is the path before `tree`.
fn use_paths(tree: &syn::UseTree, prefix: &mut syn::Path, into: &mut HashMap<Ident, syn::Path>) {
    let mut with = |ident: &Ident, name: &Ident| {
        let mut path = prefix.clone();
        path.segments.push(ident.clone().into());
        into.insert(name.clone(), path);
    };
    match tree {
        syn::UseTree::Path(path) => {
            prefix.segments.push(path.ident.clone().into());
            use_paths(&path.tree, prefix, into);
            prefix.segments.pop();
        }
        syn::UseTree::Name(name) => with(&name.ident, &name.ident),
        syn::UseTree::Rename(rename) => with(&rename.ident, &rename.rename),
        syn::UseTree::Glob(_) => {}
        syn::UseTree::Group(group) => group
            .items
            .iter()
            .for_each(|tree| use_paths(tree, prefix, into)),
    }
}

struct Bindings<'a>(&'a mut HashSet<Ident>);

impl<'ast> Visit<'ast> for Bindings<'_> {
    fn visit_pat_ident(&mut self, pat: &'ast syn::PatIdent) {
        self.0.insert(pat.ident.clone());
        syn::visit::visit_pat_ident(self, pat);
    }

    // Paths inside patterns (`Some(x)`, `Point { x, .. }`) name types and constants, not bindings;
    // struct-field shorthand (`Point { x }`) is a `PatIdent` and is still seen.
    fn visit_path(&mut self, _: &'ast syn::Path) {}

    // A range or literal pattern binds nothing.
    fn visit_expr(&mut self, _: &'ast syn::Expr) {}
}
