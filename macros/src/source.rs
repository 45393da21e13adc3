//! What the source file around a fn says that the fn's own tokens do not: whether the fn is a
//! module's item, beside which another item may stand, or an impl's or a trait's, where none may;
//! and which names its module imports by `use`, from where.
//!
//! It is read through proc_macro's span locations (Rust 1.88; proc-macro2's `span-locations` feature
//! asks the compiler only where it has them), and each file is read once per crate: the compiler runs
//! every expansion of a crate in one process, which keeps what was read, keyed by the file's path and
//! modification time. A file is parsed only when needed, which a scan of its text tells first: for a
//! private `#[may_sleep]` fn, or for a call by a name that one of the file's `use` items mentions. Where nothing can be read (a rustc older than 1.88, rust-analyzer's
//! proc-macro server, a fn written by a macro, which sits in no fn of the file at its place, a file
//! that syn cannot parse), nothing is known, and the attributes do what they do without it.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use proc_macro2::{Ident, Span};
use syn::visit::{self, Visit};

/// Where a fn is, as its source file says.
pub(crate) struct Place {
    /// A module's item (of the file or of a `mod { … }`), not an impl's, a trait's, an extern
    /// block's or a block's, and with no attribute that could move it elsewhere before ours runs.
    pub(crate) in_module: bool,
    /// The `use` imports of the module whose item the fn is, or whose impl holds it; `None` in a block,
    /// whose own items and imports the index does not follow.
    pub(crate) imports: Option<Arc<Imports>>,
}

/// The names that a module's `use` items give, with the paths they import. A name given more than
/// once, or by a `use` under `#[cfg]`/`#[cfg_attr]` (which may be off), maps to `None`: unknown.
/// Glob imports are not listed: a call through one is probed through the caller's module already.
pub(crate) type Imports = HashMap<String, Option<ImportPath>>;

/// An imported path, as written in the `use` item.
pub(crate) struct ImportPath {
    pub(crate) leading_colon: bool,
    pub(crate) segments: Vec<String>,
}

impl ImportPath {
    /// The path with every token at `span`: the caller's, so that it resolves as the module's `use`
    /// does, in the caller's edition (from the crate root in 2015).
    pub(crate) fn to_path(&self, span: Span) -> syn::Path {
        syn::Path {
            leading_colon: self.leading_colon.then(|| syn::Token![::](span)),
            segments: self
                .segments
                .iter()
                .map(|s| match s.strip_prefix("r#") {
                    Some(raw) => Ident::new_raw(raw, span),
                    None => Ident::new(s, span),
                })
                .map(syn::PathSegment::from)
                .collect(),
        }
    }
}

/// Where the fn named `name` is, if its source can be read and `name` is a fn's name at its place.
pub(crate) fn place(name: &Ident) -> Option<Place> {
    let span = name.span();
    let start = span.start();
    if start.line == 0 {
        return None; // Locations unknown: rustc before 1.88, or not in a proc macro.
    }
    let file = file(&span.local_file()?)?;
    let index = file
        .index
        .get_or_init(|| read(&file.text).map(Arc::new))
        .as_ref()?;
    let entry = index.fns.get(&(start.line, start.column))?;
    if *name != entry.name {
        return None;
    }
    Some(Place {
        in_module: entry.in_module,
        imports: entry.module.map(|m| Arc::clone(&index.modules[m])),
    })
}

/// Whether a `use` item of the file of the fn named `name` may give the name `imported`: it holds it
/// as a word. `false` means surely not, and that the file need not be parsed for it.
pub(crate) fn may_import(name: &Ident, imported: &Ident) -> bool {
    let Some(file) = name.span().local_file().and_then(|path| file(&path)) else {
        return false;
    };
    let imported = imported.to_string();
    let imported = imported.strip_prefix("r#").unwrap_or(&imported);
    file.use_words.contains(imported)
}

/// A source file as read, and its index once built.
struct File {
    text: String,
    /// Every word of every `use … ;` in the text (of comments and strings too: a superset).
    use_words: HashSet<String>,
    index: OnceLock<Option<Arc<FileIndex>>>,
}

impl File {
    fn new(text: String) -> File {
        let mut use_words = HashSet::new();
        let is_word = |c: char| c == '_' || c.is_alphanumeric();
        for (at, _) in text.match_indices("use") {
            let before = text[..at].chars().next_back();
            let after = text[at + 3..].chars().next();
            if before.is_some_and(is_word) || after.is_some_and(is_word) {
                continue;
            }
            let item = &text[at + 3..];
            let item = &item[..item.find(';').unwrap_or(item.len())];
            use_words.extend(
                item.split(|c| !is_word(c))
                    .filter(|w| !w.is_empty())
                    .map(str::to_owned),
            );
        }
        File {
            text,
            use_words,
            index: OnceLock::new(),
        }
    }
}

struct FileIndex {
    /// The fns of the file by where their names start (line from 1, column from 0).
    fns: HashMap<(usize, usize), FnEntry>,
    modules: Vec<Arc<Imports>>,
}

struct FnEntry {
    name: String,
    in_module: bool,
    module: Option<usize>,
}

type Cache = HashMap<PathBuf, (Option<SystemTime>, Option<Arc<File>>)>;

/// The files read so far in this process, which is one crate's compilation (or an IDE's server, which
/// gives no locations): a file edited since is read again.
static FILES: Mutex<Option<Cache>> = Mutex::new(None);

fn file(path: &Path) -> Option<Arc<File>> {
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let mut files = FILES.lock().ok()?;
    let files = files.get_or_insert_with(HashMap::new);
    if let Some((when, file)) = files.get(path) {
        if *when == modified {
            return file.clone();
        }
    }
    let file = std::fs::read_to_string(path)
        .ok()
        .map(|text| Arc::new(File::new(text)));
    files.insert(path.to_owned(), (modified, file.clone()));
    file
}

fn read(text: &str) -> Option<FileIndex> {
    // Parsed by proc-macro2's own lexer, whose spans know their lines and columns in the text; the
    // compiler's would all be this expansion's. Nothing parsed here leaves this function.
    let _fallback = Fallback::force();
    let ast = syn::parse_file(text).ok()?;
    let mut indexer = Indexer {
        fns: HashMap::new(),
        modules: vec![Imports::new()],
        module: Some(0),
        within: Within::Module,
    };
    indexer.visit_file(&ast);
    Some(FileIndex {
        fns: indexer.fns,
        modules: indexer.modules.into_iter().map(Arc::new).collect(),
    })
}

/// Makes proc-macro2 lex with its own lexer while it lives.
struct Fallback;

impl Fallback {
    fn force() -> Self {
        proc_macro2::fallback::force();
        Fallback
    }
}

impl Drop for Fallback {
    fn drop(&mut self) {
        proc_macro2::fallback::unforce();
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Within {
    Module,
    /// An impl, a trait or an extern block: no item of ours may stand beside a fn there (an inherent
    /// impl would take a const, but its fns are reached through the type, never by a probed path).
    Associated,
    Block,
}

struct Indexer {
    fns: HashMap<(usize, usize), FnEntry>,
    modules: Vec<Imports>,
    module: Option<usize>,
    within: Within,
}

impl Indexer {
    fn record(&mut self, name: &Ident, attrs: &[syn::Attribute]) {
        let start = name.span().start();
        let entry = FnEntry {
            name: name.to_string(),
            in_module: self.within == Within::Module && attrs.iter().all(is_inert),
            module: self.module.filter(|_| self.within != Within::Block),
        };
        self.fns.insert((start.line, start.column), entry);
    }

    fn inside(&mut self, within: Within, module: Option<usize>, f: impl FnOnce(&mut Self)) {
        let outer = (self.within, self.module);
        (self.within, self.module) = (within, module);
        f(self);
        (self.within, self.module) = outer;
    }
}

impl<'ast> Visit<'ast> for Indexer {
    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if let Some((_, items)) = &item.content {
            self.modules.push(Imports::new());
            let module = Some(self.modules.len() - 1);
            self.inside(Within::Module, module, |this| {
                items.iter().for_each(|item| this.visit_item(item));
            });
        }
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let (Within::Module, Some(module)) = (self.within, self.module) else {
            return;
        };
        let conditional = item
            .attrs
            .iter()
            .any(|a| a.path().is_ident("cfg") || a.path().is_ident("cfg_attr"));
        let mut prefix = ImportPath {
            leading_colon: item.leading_colon.is_some(),
            segments: Vec::new(),
        };
        use_tree(
            &item.tree,
            &mut prefix,
            conditional,
            &mut self.modules[module],
        );
    }

    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        self.record(&item.sig.ident, &item.attrs);
        self.visit_block(&item.block);
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        self.inside(Within::Associated, self.module, |this| {
            visit::visit_item_impl(this, item);
        });
    }

    fn visit_item_trait(&mut self, item: &'ast syn::ItemTrait) {
        self.inside(Within::Associated, self.module, |this| {
            visit::visit_item_trait(this, item);
        });
    }

    fn visit_item_foreign_mod(&mut self, item: &'ast syn::ItemForeignMod) {
        self.inside(Within::Associated, self.module, |this| {
            visit::visit_item_foreign_mod(this, item);
        });
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        self.record(&item.sig.ident, &item.attrs);
        self.visit_block(&item.block);
    }

    fn visit_trait_item_fn(&mut self, item: &'ast syn::TraitItemFn) {
        self.record(&item.sig.ident, &item.attrs);
        if let Some(block) = &item.default {
            self.visit_block(block);
        }
    }

    fn visit_foreign_item_fn(&mut self, item: &'ast syn::ForeignItemFn) {
        self.record(&item.sig.ident, &item.attrs);
    }

    fn visit_block(&mut self, block: &'ast syn::Block) {
        self.inside(Within::Block, None, |this| visit::visit_block(this, block));
    }
}

/// Attributes that the compiler, rustdoc or lint tools read, and that leave the fn where it is. Any
/// other may be an attribute macro that runs before ours and puts the fn elsewhere (in a trait impl),
/// where the source would be wrong about it.
fn is_inert(attr: &syn::Attribute) -> bool {
    const INERT: &[&str] = &[
        // Ours.
        "may_sleep",
        "nmi_safe",
        // Conditional compilation: the marker copies `cfg`; `cfg_attr` only adds attributes.
        "cfg",
        "cfg_attr",
        // Documentation and lints.
        "doc",
        "allow",
        "warn",
        "deny",
        "forbid",
        "expect",
        "deprecated",
        "must_use",
        // Code generation and linkage.
        "inline",
        "cold",
        "track_caller",
        "target_feature",
        "no_mangle",
        "export_name",
        "link_section",
        "unsafe",
    ];
    let path = attr.path();
    match path.segments.first() {
        // Tool attributes (`#[rustfmt::skip]`, `#[clippy::…]`) only inform their tools.
        Some(first)
            if path.segments.len() > 1 && (first.ident == "rustfmt" || first.ident == "clippy") =>
        {
            true
        }
        // `#[ctxlock::may_sleep]`, and ours under a renamed crate: the last segment names the attribute.
        _ => path
            .segments
            .last()
            .is_some_and(|s| INERT.iter().any(|name| s.ident == name)),
    }
}

fn use_tree(tree: &syn::UseTree, prefix: &mut ImportPath, conditional: bool, into: &mut Imports) {
    let mut give = |name: &Ident, imported: &Ident| {
        if name == "_" || imported == "self" {
            return; // No name, or a module's (`use m::{self};`), which is never called.
        }
        let key = name.to_string();
        let mut path = ImportPath {
            leading_colon: prefix.leading_colon,
            segments: prefix.segments.clone(),
        };
        path.segments.push(imported.to_string());
        let known = !conditional && !into.contains_key(&key);
        into.insert(key, known.then_some(path));
    };
    match tree {
        syn::UseTree::Path(path) => {
            prefix.segments.push(path.ident.to_string());
            use_tree(&path.tree, prefix, conditional, into);
            prefix.segments.pop();
        }
        syn::UseTree::Name(name) => give(&name.ident, &name.ident),
        syn::UseTree::Rename(rename) => give(&rename.rename, &rename.ident),
        syn::UseTree::Glob(_) => {}
        syn::UseTree::Group(group) => group
            .items
            .iter()
            .for_each(|tree| use_tree(tree, prefix, conditional, into)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "\
use a::b::{c, d as e};
#[cfg(x)]
use f::g;
use h::i as c;
fn free() {}
#[inline]
fn inlined() {}
#[some::attribute]
fn moved() {}
impl Trait for T {
    fn in_impl() {}
}
mod m {
    use super::free as f;
    fn inner() {
        fn in_block() {}
    }
}
";

    fn entry<'a>(index: &'a FileIndex, name: &str) -> &'a FnEntry {
        index.fns.values().find(|e| e.name == name).unwrap()
    }

    #[test]
    fn the_index_tells_module_items_from_others() {
        let index = read(SOURCE).unwrap();
        assert!(entry(&index, "free").in_module);
        assert!(entry(&index, "inlined").in_module);
        assert!(
            !entry(&index, "moved").in_module,
            "an attribute macro may move it"
        );
        assert!(!entry(&index, "in_impl").in_module);
        assert!(entry(&index, "in_impl").module == Some(0));
        assert!(entry(&index, "inner").in_module);
        assert!(!entry(&index, "in_block").in_module);
        assert!(entry(&index, "in_block").module.is_none());
        // Where the name starts: line from 1, column from 0.
        assert!(index.fns.get(&(5, 3)).is_some_and(|e| e.name == "free"));
    }

    #[test]
    fn the_index_lists_each_modules_imports_and_leaves_out_the_unsure() {
        let index = read(SOURCE).unwrap();
        let root = &index.modules[0];
        let path =
            |name: &str, imports: &Imports| imports[name].as_ref().map(|p| p.segments.join("::"));
        assert_eq!(path("e", root).as_deref(), Some("a::b::d"));
        assert_eq!(path("g", root), None, "under #[cfg]");
        assert_eq!(path("c", root), None, "given twice");
        assert_eq!(path("f", &index.modules[1]).as_deref(), Some("super::free"));
    }

    #[test]
    fn the_scan_finds_the_words_of_use_items_only() {
        let file =
            File::new("use a::{b,\n c as d};\nfn used() { reuse(); }\npub use e;".to_owned());
        for word in ["a", "b", "c", "d", "e"] {
            assert!(file.use_words.contains(word), "{word}");
        }
        assert!(!file.use_words.contains("used") && !file.use_words.contains("reuse"));
    }
}
