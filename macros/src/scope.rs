//! Which names are local variables at a point of an `#[nmi_safe]` body, so that a call of a closure or
//! fn pointer held in a local is not mistaken for a call of a fn item of the same name.

use std::collections::HashSet;

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
            match item {
                syn::Item::Use(item) => use_names(&item.tree, scope, items),
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

    pub(crate) fn under_glob(&self) -> bool {
        self.0.iter().any(|scope| scope.glob)
    }
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
