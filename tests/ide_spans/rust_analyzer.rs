//! The fixture through `rust-analyzer diagnostics`, which expands the proc macros with the toolchain's
//! `rust-analyzer-proc-macro-srv` (after building them with `cargo check`) and runs its own type
//! inference and trait solving. It prints one line per diagnostic:
//!
//! ```text
//! at crate NAME, file PATH: Error Ra("macro-error", Error) from LineCol { line: 66, col: 11 } to LineCol { line: 66, col: 15 }: MESSAGE
//! ```
//!
//! with 0-based lines and columns, mixed with a progress bar.

use std::path::Path;
use std::process::Command;

use crate::expect::Reported;

/// Runs `rust-analyzer diagnostics` on the fixture, whose `cargo check` builds into `target_dir`;
/// returns every diagnostic with its line as printed. They include those in the files of the fixture's
/// path dependencies (ctxlock's own sources), which rust-analyzer counts as local crates.
pub fn diagnostics(fixture: &Path, target_dir: &Path) -> Vec<(Reported, String)> {
    let rust_analyzer = std::env::var_os("RUST_ANALYZER").unwrap_or_else(|| "rust-analyzer".into());
    let output = Command::new(&rust_analyzer)
        .arg("diagnostics")
        .arg(fixture)
        .env("CARGO_TARGET_DIR", target_dir)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .unwrap_or_else(|e| panic!("run {rust_analyzer:?} (scripts/ide-check installs it): {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // It exits with 1 when it found an error, which the fixture has on purpose.
    assert!(
        stdout.contains("diagnostic scan complete"),
        "rust-analyzer did not finish its scan ({}):\n{stdout}\n{stderr}",
        output.status
    );
    let mut all = Vec::new();
    for line in stdout.lines() {
        // The progress bar shares the line.
        let Some(at) = line.find("at crate ") else {
            continue;
        };
        let record = &line[at..];
        let reported =
            parse(record).unwrap_or_else(|| panic!("unknown rust-analyzer output: {record}"));
        all.push((reported, record.to_owned()));
    }
    all
}

/// `at crate NAME, file PATH: SEVERITY CODE from LineCol { .. } to LineCol { .. }: MESSAGE`
fn parse(record: &str) -> Option<Reported> {
    let (_, rest) = record.split_once(", file ")?;
    let (file, rest) = rest.split_once(": ")?;
    let (severity, rest) = rest.split_once(' ')?;
    let (code, rest) = rest.split_once(" from LineCol { line: ")?;
    let (line, rest) = rest.split_once(", col: ")?;
    let (start, rest) = rest.split_once(" } to LineCol { line: ")?;
    let (end_line, rest) = rest.split_once(", col: ")?;
    let (end, message) = rest.split_once(" }: ")?;
    Some(Reported {
        file: file.to_owned(),
        line: line.parse::<usize>().ok()? + 1,
        start: start.parse().ok()?,
        end_line: end_line.parse::<usize>().ok()? + 1,
        end: end.parse().ok()?,
        severity: severity.to_lowercase(),
        code: Some(code.to_owned()),
        message: message.to_owned(),
    })
}
