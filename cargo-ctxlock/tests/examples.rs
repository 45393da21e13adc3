//! The project's own examples pass `cargo ctxlock`: the kexec story, the crash reporter and the driver
//! crate, every `#[nmi_safe]` fn in them checked and clean, and the JSON form says so too.

use std::path::Path;
use std::process::Command;

fn ctxlock(args: &[&str]) -> (i32, String, String) {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_cargo-ctxlock"))
        .arg("ctxlock")
        .args(args)
        // The default, target/ctxlock: what .ci/run's own `cargo ctxlock --examples` then finds built.
        .current_dir(workspace)
        .output()
        .unwrap();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (
        output.status.code().unwrap_or(-1),
        text(&output.stdout),
        text(&output.stderr),
    )
}

#[test]
fn the_examples_are_clean() {
    for args in [
        &["--example", "kexec"][..],
        &["--example", "crash_handler"],
        &["-p", "ctxlock-example-driver", "--lib"],
    ] {
        let (code, _, stderr) = ctxlock(args);
        assert_eq!(code, 0, "cargo ctxlock {args:?}:\n{stderr}");
        let summary = stderr.lines().last().unwrap_or("");
        assert!(
            summary.starts_with("cargo ctxlock: ") && summary.contains("checked, nothing reached"),
            "{args:?}: {summary}"
        );
    }
}

#[test]
fn json_ends_with_build_finished() {
    let (code, stdout, stderr) = ctxlock(&["--example", "kexec", "--message-format=json"]);
    assert_eq!(code, 0, "{stderr}");
    let last = stdout.lines().last().unwrap_or("");
    assert_eq!(last, r#"{"reason":"build-finished","success":true}"#);
    assert!(
        stdout
            .lines()
            .any(|l| l.contains(r#""reason":"compiler-artifact""#)),
        "cargo's own messages are passed on"
    );
}

/// Flags are parsed as cargo's (clap, with cargo's names): a misspelt one is named, before any
/// build, with status 2 (1 means findings); anything meant for `cargo build` alone goes after `--`.
#[test]
fn bad_arguments_are_named_before_the_build() {
    let (code, _, stderr) = ctxlock(&["--no-such-flag"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("unexpected argument '--no-such-flag'") && !stderr.contains("Compiling"),
        "{stderr}"
    );
}

#[test]
fn a_build_that_fails_gets_cargos_error_and_status() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("does-not-compile");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"does-not-compile\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\nctxlock = {{ path = \"{}\" }}\n\n[workspace]\n",
            workspace.display()
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("src/lib.rs"),
        "pub fn f() -> u32 { \"not a number\" }\n",
    )
    .unwrap();
    let manifest = dir.join("Cargo.toml");
    let (code, _, stderr) = ctxlock(&["--manifest-path", manifest.to_str().unwrap()]);
    assert_eq!(code, 101, "cargo's status for a failed build: {stderr}");
    assert!(
        stderr.contains("error[E0308]: mismatched types"),
        "rustc's error, shown: {stderr}"
    );

    std::fs::write(dir.join("src/lib.rs"), "pub fn f() -> u32 { 1 }\n").unwrap();
    let (code, _, stderr) = ctxlock(&["--manifest-path", manifest.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr.lines().last(),
        Some("note: no `#[nmi_safe]` fn in this build: nothing to check")
    );
}
