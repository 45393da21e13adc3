//! The manifest of a copy: the crate as published, with a path dependency on ctxlock, as its own
//! workspace, and without what `cargo check --lib` of the chosen features does not need: dev-dependencies,
//! optional dependencies that those features leave off (cargo would resolve them all, and the build is
//! offline), and the other targets, whose files crates.io packages often leave out.

use std::collections::BTreeSet;
use std::path::Path;

use toml::{Table, Value};

/// Rewrites the published `Cargo.toml` for a build with the default features, or with none.
pub fn for_copy(published: &str, ctxlock: &Path, default_features: bool) -> Result<String, String> {
    let mut manifest: Table = published
        .parse()
        .map_err(|e: toml::de::Error| e.to_string())?;
    // Features may name dev-dependencies too (`bumpalo/allocator_api` in hashbrown).
    let mut dev = BTreeSet::new();
    for key in [
        "dev-dependencies",
        "dev_dependencies",
        "bench",
        "test",
        "example",
        "bin",
    ] {
        if let Some(Value::Table(deps)) = manifest.remove(key) {
            dev.extend(deps.keys().cloned());
        }
    }
    let features = table(&manifest, "features").cloned().unwrap_or_default();
    let enabled = if default_features {
        enabled(&features, "default")
    } else {
        BTreeSet::new()
    };
    let (mut dropped, mut kept) = (BTreeSet::new(), BTreeSet::new());
    for deps in dependency_tables(&mut manifest, &mut dev) {
        deps.retain(|name, dep| {
            let optional = dep
                .get("optional")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let keep = !optional || enabled.contains(&format!("dep:{name}"));
            if keep { &mut kept } else { &mut dropped }.insert(name.to_owned());
            keep
        });
    }
    dropped.extend(dev.into_iter().filter(|name| !kept.contains(name)));
    // The dropped dependencies are off in this build, so what features say about them goes too.
    let mut features = features;
    for (_, entries) in features.iter_mut() {
        if let Value::Array(entries) = entries {
            entries.retain(|entry| {
                let entry = entry.as_str().unwrap_or_default();
                let target = entry
                    .split_once('/')
                    .map_or(entry, |(target, _)| target.trim_end_matches('?'));
                !dropped.contains(target.strip_prefix("dep:").unwrap_or(target))
            });
        }
    }
    if manifest.contains_key("features") {
        manifest.insert("features".into(), Value::Table(features));
    }
    // Its own workspace, not a stray member of the one whose target directory holds it.
    manifest.insert("workspace".into(), Value::Table(Table::new()));
    let mut ctxlock_dep = Table::new();
    ctxlock_dep.insert("path".into(), Value::String(ctxlock.display().to_string()));
    if let Value::Table(dependencies) = manifest
        .entry("dependencies")
        .or_insert_with(|| Value::Table(Table::new()))
    {
        dependencies.insert("ctxlock".into(), Value::Table(ctxlock_dep));
    }
    toml::to_string(&manifest).map_err(|e| e.to_string())
}

fn table<'a>(manifest: &'a Table, key: &str) -> Option<&'a Table> {
    manifest.get(key).and_then(Value::as_table)
}

const DEPENDENCIES: [&str; 3] = ["dependencies", "build-dependencies", "build_dependencies"];

/// `[dependencies]` and `[build-dependencies]`, also under `[target.'…']`, whose dev-dependencies go
/// (their names to `dev`).
fn dependency_tables<'a>(
    manifest: &'a mut Table,
    dev: &mut BTreeSet<String>,
) -> Vec<&'a mut Table> {
    let mut tables = Vec::new();
    for (key, value) in manifest.iter_mut() {
        let Value::Table(table) = value else { continue };
        if DEPENDENCIES.contains(&key.as_str()) {
            tables.push(table);
        } else if key == "target" {
            for target in table
                .iter_mut()
                .filter_map(|(_, target)| target.as_table_mut())
            {
                for key in ["dev-dependencies", "dev_dependencies"] {
                    if let Some(Value::Table(deps)) = target.remove(key) {
                        dev.extend(deps.keys().cloned());
                    }
                }
                for (key, value) in target.iter_mut() {
                    if let (true, Value::Table(deps)) =
                        (DEPENDENCIES.contains(&key.as_str()), value)
                    {
                        tables.push(deps);
                    }
                }
            }
        }
    }
    tables
}

/// The features that `root` enables, with `dep:name` for each optional dependency it enables.
fn enabled(features: &Table, root: &str) -> BTreeSet<String> {
    let mut enabled = BTreeSet::new();
    let mut pending = vec![root.to_owned()];
    while let Some(name) = pending.pop() {
        if !enabled.insert(name.clone()) {
            continue;
        }
        let entries = features
            .get(&name)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str);
        for entry in entries {
            match entry.split_once('/') {
                // `dep?/feature` enables nothing by itself.
                Some((dep, _)) if dep.ends_with('?') => {}
                Some((dep, _)) => pending.push(dep.to_owned()),
                None => pending.push(entry.to_owned()),
            }
        }
        // A feature that is not in the table is an optional dependency's implicit feature.
        if !name.starts_with("dep:") && !features.contains_key(&name) {
            enabled.remove(&name);
            pending.push(format!("dep:{name}"));
        }
    }
    enabled
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUBLISHED: &str = r#"
[package]
name = "memchr-like"
version = "1.0.0"

[features]
default = ["std"]
std = ["alloc", "serde?/std"]
alloc = ["dep:hashbrown"]
logging = ["dep:log"]
rustc-dep-of-std = ["core"]
nightly = ["quickcheck/nightly", "log?/nightly"]

[dependencies.log]
version = "0.4"
optional = true

[dependencies.hashbrown]
version = "0.17"
optional = true

[dependencies.serde]
version = "1"
optional = true

[dependencies.core]
version = "1.0"
optional = true
package = "rustc-std-workspace-core"

[dev-dependencies.quickcheck]
version = "1"

[target.'cfg(unix)'.dev-dependencies.libc]
version = "0.2"
"#;

    fn names(manifest: &Table, key: &str) -> Vec<String> {
        let table = manifest.get(key).and_then(Value::as_table);
        table
            .map(|t| t.keys().cloned().collect())
            .unwrap_or_default()
    }

    #[test]
    fn keeps_what_the_default_features_need_and_adds_ctxlock() {
        let manifest: Table = for_copy(PUBLISHED, Path::new("/ctxlock"), true)
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(names(&manifest, "dependencies"), ["ctxlock", "hashbrown"]);
        assert_eq!(names(&manifest, "dev-dependencies"), Vec::<String>::new());
        assert!(manifest["target"]["cfg(unix)"]
            .as_table()
            .is_some_and(Table::is_empty));
        // Features that only enable dropped dependencies stay, empty.
        let features = [
            "alloc",
            "default",
            "logging",
            "nightly",
            "rustc-dep-of-std",
            "std",
        ];
        assert_eq!(names(&manifest, "features"), features);
        assert_eq!(
            manifest["features"]["std"].as_array().unwrap(),
            &[Value::from("alloc")]
        );
        assert!(manifest["features"]["logging"]
            .as_array()
            .unwrap()
            .is_empty());
        assert!(manifest["workspace"]
            .as_table()
            .is_some_and(Table::is_empty));
        assert_eq!(
            manifest["dependencies"]["ctxlock"]["path"].as_str(),
            Some("/ctxlock")
        );
    }

    #[test]
    fn without_default_features_drops_what_they_enable() {
        let manifest: Table = for_copy(PUBLISHED, Path::new("/ctxlock"), false)
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(names(&manifest, "dependencies"), ["ctxlock"]);
        assert!(manifest["features"]["alloc"].as_array().unwrap().is_empty());
    }
}
