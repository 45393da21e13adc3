//! Reviewed exceptions: findings that a person has read and judged safe, kept in `Cargo.toml` with
//! their reason, for code the user cannot wrap in `nmi_unchecked!` (a dependency's). Like cargo-deny's
//! allow lists and cargo-udeps' `[package.metadata.…]` ignores, a covered finding passes, is counted,
//! and an entry that covers nothing is reported so that stale ones do not pile up.
//!
//! ```toml
//! [package.metadata.ctxlock]          # or [workspace.metadata.ctxlock], for every package
//! allow = [
//!     { callee = "once_cell::*::Lazy*::force", reason = "main forces it before installing the handler" },
//!     { root = "app::on_prof", callee = "smallvec::SmallVec*::with_capacity", reason = "N is the inline size" },
//! ]
//! ```
//!
//! An entry covers a finding when its `callee` pattern matches ANY hop of the finding's chain (a fn
//! the chain passes through or ends at), and its `root`, if given, matches the `#[nmi_safe]` fn. The
//! match is on the paths the report prints, with the classification tables' glob syntax (`*` is any
//! run of characters, anchored at both ends), so an entry does not depend on which of several chains
//! the report happens to show. A package's entries apply to the roots defined in that package.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::classify::glob;

/// One `allow` entry, checked and located.
#[derive(Debug)]
pub struct Entry {
    pub root: Option<String>,
    pub callee: String,
    pub reason: String,
    /// `path/Cargo.toml:LINE`, for the warning when it covers nothing.
    pub at: String,
    /// The package whose roots it applies to; `None` for a workspace entry, which applies to all.
    pub package: Option<String>,
}

/// What a finding is matched on.
pub struct Finding<'a> {
    /// The `#[nmi_safe]` fn, as the report names it.
    pub root: &'a str,
    /// cargo's id of the package that defines the root.
    pub package: &'a str,
    /// Every callee along the chain, as the report names them.
    pub callees: Vec<&'a str>,
}

/// Every entry of the workspace, and which have covered a finding so far.
#[derive(Debug, Default)]
pub struct Allow {
    pub entries: Vec<Entry>,
    used: Vec<bool>,
}

impl Allow {
    /// Marks every entry that covers this finding; true when any does.
    pub fn covers(&mut self, finding: &Finding) -> bool {
        let mut covered = false;
        for (entry, used) in self.entries.iter().zip(&mut self.used) {
            let package = entry
                .package
                .as_deref()
                .is_none_or(|p| p == finding.package);
            let root = entry.root.as_deref().is_none_or(|r| glob(r, finding.root));
            if package && root && finding.callees.iter().any(|c| glob(&entry.callee, c)) {
                *used = true;
                covered = true;
            }
        }
        covered
    }

    /// The entries that covered nothing, among those whose package had a root in this run (an entry
    /// for a package the selection left out is not stale).
    pub fn unused<'a>(&'a self, checked: &'a [&str]) -> impl Iterator<Item = &'a Entry> + 'a {
        self.entries
            .iter()
            .zip(&self.used)
            .filter(move |(entry, used)| {
                !**used
                    && !checked.is_empty()
                    && entry
                        .package
                        .as_deref()
                        .is_none_or(|p| checked.contains(&p))
            })
            .map(|(entry, _)| entry)
    }
}

/// The entries of the workspace around `manifest_path` (cargo's default when `None`): the workspace
/// root's `[workspace.metadata.ctxlock]` and every member's `[package.metadata.ctxlock]`. A malformed
/// entry is an error naming its file and line.
pub fn load(manifest_path: Option<&OsStr>) -> Result<Allow, String> {
    let mut command = cargo_metadata::MetadataCommand::new();
    command.no_deps();
    if let Some(path) = manifest_path {
        command.manifest_path(path);
    }
    let metadata = command
        .exec()
        .map_err(|e| format!("reading the workspace's Cargo.toml files: {e}"))?;
    // One file may hold both tables: the workspace root's, when it is a package too.
    let mut files: BTreeMap<PathBuf, (bool, Option<String>)> = BTreeMap::new();
    files.insert(
        metadata.workspace_root.join("Cargo.toml").into(),
        (true, None),
    );
    for id in &metadata.workspace_members {
        let package = &metadata[id];
        files
            .entry(package.manifest_path.clone().into())
            .or_insert((false, None))
            .1 = Some(id.repr.clone());
    }
    let mut allow = Allow::default();
    for (path, (workspace, package)) in files {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("reading {}: {e}", path.display()))?;
        let entries = parse(&path, &text, workspace, package)?;
        allow.entries.extend(entries);
    }
    allow.used = vec![false; allow.entries.len()];
    Ok(allow)
}

// Only the tables we own are read; everything else in the manifest is cargo's business.
#[derive(Deserialize)]
struct Manifest {
    package: Option<Section>,
    workspace: Option<Section>,
}

#[derive(Deserialize)]
struct Section {
    metadata: Option<Metadata>,
}

#[derive(Deserialize)]
struct Metadata {
    ctxlock: Option<Config>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    #[serde(default)]
    allow: Vec<Spanned<RawEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    root: Option<String>,
    callee: Option<String>,
    reason: Option<String>,
}

/// The entries of one manifest: its `[workspace.metadata.ctxlock]` when it is the workspace root,
/// and its `[package.metadata.ctxlock]` (for `package`) when it is a member's.
pub fn parse(
    path: &Path,
    text: &str,
    workspace: bool,
    package: Option<String>,
) -> Result<Vec<Entry>, String> {
    let manifest: Manifest = toml::from_str(text).map_err(|e| {
        let at = e
            .span()
            .map_or(String::new(), |s| format!(":{}", line_of(text, s.start)));
        format!(
            "{}{at}: malformed `metadata.ctxlock`: {}",
            path.display(),
            e.message()
        )
    })?;
    let tables = [
        (workspace.then_some(manifest.workspace).flatten(), None),
        (
            package.is_some().then_some(manifest.package).flatten(),
            package,
        ),
    ];
    let mut entries = Vec::new();
    for (section, package) in tables {
        let Some(config) = section.and_then(|s| s.metadata).and_then(|m| m.ctxlock) else {
            continue;
        };
        for raw in config.allow {
            let at = format!("{}:{}", path.display(), line_of(text, raw.span().start));
            let raw = raw.into_inner();
            let wrong = |what: &str| format!("{at}: this `allow` entry {what}");
            let callee = raw
                .callee
                .filter(|c| !c.trim().is_empty())
                .ok_or_else(|| wrong("names no `callee`: the path (glob) of a fn on the chain"))?;
            let reason = raw.reason.filter(|r| !r.trim().is_empty()).ok_or_else(|| {
                wrong("has no `reason`: say why the finding is safe, for the next reviewer")
            })?;
            if raw.root.as_deref().is_some_and(|r| r.trim().is_empty()) {
                return Err(wrong(
                    "has an empty `root`: leave it out to mean every root",
                ));
            }
            entries.push(Entry {
                root: raw.root,
                callee,
                reason,
                at,
                package: package.clone(),
            });
        }
    }
    Ok(entries)
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(text: &str) -> Result<Vec<Entry>, String> {
        parse(Path::new("Cargo.toml"), text, true, Some("app".into()))
    }

    #[test]
    fn reads_both_tables_with_lines() {
        let text = "[package]\nname = \"app\"\n\n[package.metadata.ctxlock]\nallow = [\n  { callee = \"a::*\", reason = \"r\" },\n]\n\n[workspace.metadata.ctxlock]\nallow = [{ root = \"app::h\", callee = \"b\", reason = \"s\" }]\n";
        let entries = entries(text).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].at, "Cargo.toml:10");
        assert_eq!(entries[0].package, None);
        assert_eq!(entries[1].at, "Cargo.toml:6");
        assert_eq!(entries[1].package.as_deref(), Some("app"));
    }

    #[test]
    fn a_bad_entry_is_an_error_at_its_line() {
        let no_reason = "[package.metadata.ctxlock]\nallow = [\n  { callee = \"a\" },\n]\n";
        let error = entries(no_reason).unwrap_err();
        assert!(
            error.starts_with("Cargo.toml:3: ") && error.contains("`reason`"),
            "{error}"
        );
        let misspelt =
            "[package.metadata.ctxlock]\nallow = [\n  { calee = \"a\", reason = \"r\" },\n]\n";
        let error = entries(misspelt).unwrap_err();
        assert!(
            error.starts_with("Cargo.toml:3: ") && error.contains("calee"),
            "{error}"
        );
        let not_a_list = "[package]\nname = \"x\"\n[package.metadata.ctxlock]\nallow = \"a\"\n";
        assert!(entries(not_a_list)
            .unwrap_err()
            .starts_with("Cargo.toml:4: "));
    }

    #[test]
    fn covers_on_any_hop_and_the_root() {
        let text = "[workspace.metadata.ctxlock]\nallow = [\n  { root = \"app::on_*\", callee = \"lazy::Lazy*::force\", reason = \"r\" },\n  { callee = \"nothing::*\", reason = \"r\" },\n]\n";
        let mut allow = Allow {
            entries: entries(text).unwrap(),
            used: vec![false; 2],
        };
        let finding = |root| Finding {
            root,
            package: "app",
            callees: vec![
                "app::helper",
                "lazy::Lazy<T>::force",
                "std::sync::Once::call",
            ],
        };
        assert!(!allow.covers(&finding("app::main")));
        assert!(allow.covers(&finding("app::on_prof")));
        let unused: Vec<_> = allow.unused(&["app"]).map(|e| e.callee.as_str()).collect();
        assert_eq!(unused, ["nothing::*"]);
        assert_eq!(
            allow.unused(&[]).count(),
            0,
            "nothing checked, nothing stale"
        );
    }
}
