//! The attributes in every edition: `tests/editions/rule5.rs` is built as the lib of a crate on each
//! of 2015, 2018, 2021 and 2024, and must fail at exactly its `//~ ERROR` lines, with the same messages
//! in every edition. Edition 2015 resolves `use` paths and `::name` from the crate root, so paths that
//! the attributes generate resolve differently there unless they are built for it.
#![cfg(target_os = "linux")]

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const EDITIONS: [&str; 4] = ["2015", "2018", "2021", "2024"];

/// The errors of one build: the line of each error's primary span, and its message.
type Errors = BTreeSet<(usize, String)>;

#[test]
fn rule5_fails_the_same_in_every_edition() {
    let root = Path::new(ROOT);
    let source = fs::read_to_string(root.join("tests/editions/rule5.rs")).unwrap();
    let expected: Vec<(usize, &str)> = source
        .lines()
        .enumerate()
        .filter_map(|(at, line)| Some((at + 1, line.split_once("//~ ERROR ")?.1)))
        .collect();
    assert!(expected.len() >= 10, "the fixture lost its cases");
    let mut first: Option<(&str, Errors)> = None;
    for edition in EDITIONS {
        let errors = build(edition, &source);
        for (line, text) in &expected {
            assert!(
                errors.iter().any(|(l, m)| l == line && m.contains(text)),
                "edition {edition}: no error `{text}` at line {line}; errors: {errors:#?}"
            );
        }
        let unexpected: Vec<_> = errors
            .iter()
            .filter(|(l, _)| !expected.iter().any(|(line, _)| line == l))
            .collect();
        assert!(
            unexpected.is_empty(),
            "edition {edition}: unexpected errors {unexpected:#?}"
        );
        match &first {
            Some((other, theirs)) => {
                assert_eq!(&errors, theirs, "edition {edition} against {other}")
            }
            None => first = Some((edition, errors)),
        }
    }
}

/// Checks a crate on `edition` whose lib is `source`, and returns its errors. The crates share a target
/// directory of their own, under this workspace's, so that the dependencies are built once.
fn build(edition: &str, source: &str) -> Errors {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("editions");
    let dir = target.join(format!("edition{edition}"));
    fs::create_dir_all(dir.join("src")).unwrap();
    let manifest = format!(
        "[package]\nname = \"rule5-edition{edition}\"\nversion = \"0.0.0\"\nedition = \"{edition}\"\n\
         publish = false\n\n[dependencies]\nctxlock = {{ path = {ROOT:?} }}\n\n[workspace]\n"
    );
    write_if_changed(&dir.join("Cargo.toml"), &manifest);
    write_if_changed(&dir.join("src/lib.rs"), source);
    if !dir.join("Cargo.lock").exists() {
        // The workspace's versions, which `--offline` finds downloaded.
        fs::copy(Path::new(ROOT).join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    }
    let output = Command::new(env!("CARGO"))
        .args([
            "check",
            "--quiet",
            "--message-format=json",
            "--offline",
            "--lib",
        ])
        .env("CARGO_TARGET_DIR", target.join("target"))
        .current_dir(&dir)
        .output()
        .expect("cargo runs");
    assert!(
        !output.status.success(),
        "edition {edition}: the fixture built"
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["reason"] == "compiler-message")
        .map(|message| message["message"].clone())
        .filter(|message| {
            message["level"] == "error" && !message["spans"].as_array().unwrap().is_empty()
        })
        .map(|message| {
            let spans = message["spans"].as_array().unwrap();
            let primary = spans
                .iter()
                .find(|s| s["is_primary"] == true)
                .unwrap_or(&spans[0]);
            let line = primary["line_start"].as_u64().unwrap() as usize;
            (line, message["message"].as_str().unwrap().to_owned())
        })
        .collect()
}

/// Writes `text` unless the file holds it already, so that cargo does not check the crate again.
fn write_if_changed(path: &Path, text: &str) {
    if fs::read_to_string(path).ok().as_deref() != Some(text) {
        fs::write(path, text).unwrap();
    }
}
