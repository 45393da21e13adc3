//! The source files of a library: its root and every file that a `mod name;` reaches from it, the way
//! rustc finds them (`name.rs`, `name/mod.rs`, or `#[path = "…"]`). A file reached only through a
//! `mod` whose `#[cfg]` does not hold is listed as inactive (and may be missing from the package).

use std::io;
use std::path::{Path, PathBuf};

use crate::cfg::Cfg;

/// A source file of the library.
pub struct File {
    pub path: PathBuf,
    /// Whether the build compiles it: the `#[cfg]`s of every `mod` on the way hold.
    pub active: bool,
}

/// Every file of the library whose root is `root`, the root first, each once: a file that two
/// `#[path]`s reach is one file to annotate.
pub fn files(root: &Path, cfg: &Cfg) -> io::Result<Vec<File>> {
    let mut files: Vec<File> = Vec::new();
    let mut pending = vec![File {
        path: root.to_path_buf(),
        active: true,
    }];
    while let Some(file) = pending.pop() {
        if !file.path.is_file() && !file.active {
            continue; // Left out of the package, like the `tests.rs` of a `#[cfg(test)] mod tests;`.
        }
        let path = file.path.canonicalize()?;
        if let Some(seen) = files.iter_mut().find(|seen| seen.path == path) {
            if seen.active || !file.active {
                continue;
            }
            seen.active = true; // Reached again through active modules: look at its children again.
        }
        let file = File {
            path,
            active: file.active,
        };
        let source = std::fs::read_to_string(&file.path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", file.path.display())))?;
        let parsed = syn::parse_file(&source).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{}: {e}", file.path.display()),
            )
        })?;
        let active = file.active && cfg.holds(&parsed.attrs);
        let dir = child_dir(&file.path);
        find_mods(&parsed.items, &file.path, &dir, active, cfg, &mut pending)?;
        if !files.iter().any(|seen| seen.path == file.path) {
            files.push(file);
        }
    }
    Ok(files)
}

/// Where the files of a file's child modules are: beside a `lib.rs` or `mod.rs`, and in a directory
/// named after any other file.
fn child_dir(file: &Path) -> PathBuf {
    let parent = file.parent().unwrap_or(Path::new(".")).to_path_buf();
    match file.file_stem().and_then(|s| s.to_str()) {
        Some("lib" | "main" | "mod") | None => parent,
        Some(stem) => parent.join(stem),
    }
}

fn find_mods(
    items: &[syn::Item],
    file: &Path,
    dir: &Path,
    active: bool,
    cfg: &Cfg,
    pending: &mut Vec<File>,
) -> io::Result<()> {
    for item in items {
        let syn::Item::Mod(module) = item else {
            continue;
        };
        let active = active && cfg.holds(&module.attrs);
        let name = module.ident.to_string();
        let name = name.strip_prefix("r#").unwrap_or(&name);
        match (&module.content, path_attr(&module.attrs)) {
            // `#[path]` on a `mod` in a file is relative to the file's own directory.
            (None, Some(path)) => pending.push(File {
                path: file.parent().unwrap_or(Path::new(".")).join(path),
                active,
            }),
            (None, None) => {
                let flat = dir.join(format!("{name}.rs"));
                let nested = dir.join(name).join("mod.rs");
                let path = if !flat.is_file() && nested.is_file() {
                    nested
                } else {
                    flat
                };
                pending.push(File { path, active });
            }
            (Some((_, items)), path) => {
                let dir = match path {
                    Some(path) => dir.join(path),
                    None => dir.join(name),
                };
                find_mods(items, file, &dir, active, cfg, pending)?;
            }
        }
    }
    Ok(())
}

fn path_attr(attrs: &[syn::Attribute]) -> Option<String> {
    attrs
        .iter()
        .find(|a| a.path().is_ident("path"))
        .and_then(|attr| match &attr.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                value: syn::Expr::Lit(lit),
                ..
            }) => match &lit.lit {
                syn::Lit::Str(path) => Some(path.value()),
                _ => None,
            },
            _ => None,
        })
}
