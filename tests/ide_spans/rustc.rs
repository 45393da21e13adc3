//! The fixture through `cargo check --message-format=json`: every diagnostic of the fixture crate, at
//! its primary span.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::expect::Reported;

/// Checks the fixture with its own target directory, and returns what rustc reported for it.
pub fn check(fixture: &Path, target_dir: &Path) -> Vec<Reported> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "check",
            "--quiet",
            "--message-format=json",
            "--manifest-path",
        ])
        .arg(fixture.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(target_dir)
        // The fixture's diagnostics must not depend on the flags of whoever runs the tests.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("run cargo check on the fixture");
    let stdout = String::from_utf8(output.stdout).expect("cargo's JSON is UTF-8");
    let mut reported = Vec::new();
    let mut fixture_built = false;
    for line in stdout.lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message"
            || message["target"]["name"] != "ctxlock_ide_fixture"
        {
            continue;
        }
        fixture_built = true;
        if let Some(diagnostic) = primary(&message["message"]) {
            reported.push(diagnostic);
        }
    }
    assert!(
        fixture_built,
        "cargo check reported nothing for the fixture; it failed before compiling it:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    reported
}

/// The diagnostic at its primary span; `None` for the closing summaries ("aborting due to ...").
fn primary(diagnostic: &Value) -> Option<Reported> {
    let severity = diagnostic["level"].as_str().unwrap_or_default().to_owned();
    let message = diagnostic["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let code = diagnostic["code"]["code"].as_str().map(str::to_owned);
    let spans = diagnostic["spans"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let Some(span) = spans.iter().find(|s| s["is_primary"] == true) else {
        if severity == "failure-note" || message.starts_with("aborting due to") {
            return None;
        }
        // Not expected, so it shows in the diff.
        return Some(Reported {
            file: String::new(),
            line: 0,
            start: 0,
            end_line: 0,
            end: 0,
            severity,
            code,
            message,
        });
    };
    let number = |key: &str| {
        span[key]
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or_default()
    };
    Some(Reported {
        file: span["file_name"].as_str().unwrap_or_default().to_owned(),
        line: number("line_start"),
        // rustc's columns are 1-based, and `column_end` is one past the span.
        start: number("column_start").saturating_sub(1),
        end_line: number("line_end"),
        end: number("column_end").saturating_sub(1),
        severity,
        code,
        message,
    })
}
