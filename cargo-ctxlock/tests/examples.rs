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

#[test]
fn bad_arguments_get_cargos_error_and_status() {
    let cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--no-such-flag"])
        .output()
        .unwrap();
    let (code, _, stderr) = ctxlock(&["--no-such-flag"]);
    assert_eq!(Some(code), cargo.status.code(), "cargo's own status");
    assert!(
        stderr.contains("--no-such-flag"),
        "cargo's own error: {stderr}"
    );
}
