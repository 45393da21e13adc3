//! "Errors in your IDE", checked on `tests/ide-fixture/`: rustc (`cargo check`) and rust-analyzer must
//! report exactly the diagnostics that the fixture's annotations expect, each at its span, and nothing
//! else. The rust-analyzer half needs rust-analyzer itself, so it is ignored here and run by
//! `scripts/ide-check`.

mod expect;
mod rust_analyzer;
mod rustc;

use std::fs;
use std::path::{Path, PathBuf};

use expect::Tool;

/// The fixture's only source file, as rustc names it (relative to the fixture).
const SOURCE: &str = "src/lib.rs";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ide-fixture")
}

/// Under this workspace's target directory, so that a fresh clone needs no setup; shared by both
/// tools, which build the same crates.
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("ide-fixture")
}

fn source() -> String {
    fs::read_to_string(fixture().join(SOURCE)).expect("read the fixture")
}

#[test]
fn rustc_reports_each_violation_at_its_span_and_nothing_else() {
    let source = source();
    let expected = expect::parse(&source);
    let reported = rustc::check(&fixture(), &target_dir());
    if let Err(diff) = expect::compare(Tool::Rustc, SOURCE, &source, &expected, &reported) {
        panic!("cargo check on tests/ide-fixture does not match its annotations:\n{diff}");
    }
}

#[test]
#[ignore = "needs rust-analyzer: run scripts/ide-check"]
fn rust_analyzer_reports_each_violation_at_its_span_and_nothing_else() {
    let source = source();
    let expected = expect::parse(&source);
    let fixture = fixture().canonicalize().expect("the fixture exists");
    let file = fixture.join(SOURCE).to_string_lossy().into_owned();
    let (mut ours, theirs): (Vec<_>, Vec<_>) = rust_analyzer::diagnostics(&fixture, &target_dir())
        .into_iter()
        .partition(|(r, _)| Path::new(&r.file).starts_with(&fixture));
    ours.sort_by_key(|(r, _)| (r.line, r.start));
    println!("rust-analyzer's diagnostics of tests/ide-fixture:");
    for (_, line) in &ours {
        println!("{line}");
    }
    let ours: Vec<_> = ours.into_iter().map(|(r, _)| r).collect();
    if let Err(diff) = expect::compare(Tool::RustAnalyzer, &file, &source, &expected, &ours) {
        let hint = if ours
            .iter()
            .any(|r| r.code.as_deref().is_some_and(|c| c.contains("macro-error")))
        {
            ""
        } else {
            "\nrust-analyzer reported no macro error at all: were the proc macros expanded?"
        };
        panic!("rust-analyzer on tests/ide-fixture does not match its annotations:\n{diff}{hint}");
    }
    let expected_here = expected.iter().filter(|e| e.ra).count();
    println!(
        "rust-analyzer: all {expected_here} expected diagnostics of tests/ide-fixture at their spans, nothing else \
         ({} more in the sources of its path dependencies, not checked)",
        theirs.len()
    );
}

#[test]
fn annotations_give_the_line_columns_and_tools() {
    let source = "    m.lock();\n//    ^^^^-- ERROR `.lock()` may block\n//  ^ ERROR(ra) first\n#[nmi_safe]\n//^^^^^^^^ ERROR(rustc) second\n";
    let expected = expect::parse(source);
    let found: Vec<_> = expected
        .iter()
        .map(|e| {
            (
                e.line,
                e.start,
                e.rustc_end,
                e.ra_end,
                e.rustc,
                e.ra,
                e.fragment.as_str(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (1, 6, 12, 10, true, true, "`.lock()` may block"),
            (1, 4, 5, 5, false, true, "first"),
            (4, 2, 10, 10, true, false, "second"),
        ]
    );
}

#[test]
#[should_panic(expected = "only for annotations of both")]
fn a_dash_on_a_one_tool_annotation_is_malformed() {
    expect::parse("f();\n//^- ERROR(rustc) f\n");
}
