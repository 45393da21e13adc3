//! The case suite of `cargo ctxlock`, the way trybuild works: each `cases/*.rs` is a program of its
//! own, built together as the bins of one scratch package (with `cases/dep/` as a second crate), and
//! checked by the real binary with `--message-format=json`. Each `err_*` case's diagnostics, rendered,
//! must equal its `.stderr` file exactly; an `ok_*` case must get none. A case whose first line is
//! `// cargo-ctxlock: FLAGS` is checked in a run of its own with those flags.
//!
//! `CTXLOCK_BLESS=1 cargo test -p cargo-ctxlock --test cases` re-records the `.stderr` files: read
//! every one before committing it.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

/// The scratch package: every case as a bin, and the dep crate.
fn scratch(name: &str, cases: &[(String, String)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let ctxlock = workspace();
    fs::create_dir_all(dir.join("src/bin")).unwrap();
    fs::create_dir_all(dir.join("dep/src")).unwrap();
    // Same versions as the workspace, offline if the registry is cached.
    fs::copy(ctxlock.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    fs::write(
        dir.join("Cargo.toml"),
        format!(
            r#"[package]
name = "cases"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
ctxlock = {{ path = "{ctxlock}" }}
cases-dep = {{ path = "dep" }}
libc = "0.2"
parking_lot = "0.13"
spin = "0.12"

[workspace]
"#,
            ctxlock = ctxlock.display()
        ),
    )
    .unwrap();
    fs::write(
        dir.join("dep/Cargo.toml"),
        format!(
            "[package]\nname = \"cases-dep\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nctxlock = {{ path = \"{}\" }}\n",
            ctxlock.display()
        ),
    )
    .unwrap();
    fs::copy(cases_dir().join("dep/lib.rs"), dir.join("dep/src/lib.rs")).unwrap();
    // Stale bins from renamed cases would be built too.
    for entry in fs::read_dir(dir.join("src/bin")).unwrap() {
        fs::remove_file(entry.unwrap().path()).unwrap();
    }
    for (name, source) in cases {
        fs::write(dir.join(format!("src/bin/{name}.rs")), source).unwrap();
    }
    dir
}

/// Runs `cargo ctxlock --message-format=json` and returns the exit code and each diagnostic's
/// rendered text, by the file of its primary span.
fn check(dir: &Path, args: &[&str]) -> (i32, BTreeMap<String, Vec<String>>) {
    let output = Command::new(env!("CARGO_BIN_EXE_cargo-ctxlock"))
        .arg("ctxlock")
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(dir.join("target"))
        .arg("--message-format=json")
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut by_file: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut finished = None;
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        match message["reason"].as_str() {
            Some("compiler-message") => {
                let m = &message["message"];
                let file = m["spans"][0]["file_name"]
                    .as_str()
                    .unwrap_or("")
                    .to_string();
                if m["code"]["code"]
                    .as_str()
                    .is_some_and(|c| c.starts_with("ctxlock::"))
                {
                    by_file
                        .entry(file)
                        .or_default()
                        .push(m["rendered"].as_str().unwrap().to_string());
                } else if m["level"] == "error" {
                    panic!(
                        "the cases do not compile:\n{}",
                        m["rendered"].as_str().unwrap_or("")
                    );
                }
            }
            Some("build-finished") => finished = message["success"].as_bool(),
            _ => {}
        }
    }
    let code = output.status.code().unwrap_or(-1);
    assert!(
        finished.is_some(),
        "no build-finished line; stderr:\n{stderr}"
    );
    assert_eq!(
        finished == Some(true),
        code == 0,
        "build-finished and the exit status disagree:\n{stderr}"
    );
    (code, by_file)
}

/// What may differ between machines: where the workspace, the registry and the toolchain's sources are.
fn normalize(text: &str) -> String {
    let workspace = workspace().display().to_string();
    // With the rust-src component, std's debug info points into the sysroot instead of /rustc/HASH.
    let sysroot = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .args(["--print", "sysroot"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let rust_src = format!("{sysroot}/lib/rustlib/src/rust");
    let mut out = String::new();
    for line in text.lines() {
        let mut line = line.replace(&workspace, "$WORKSPACE");
        if !sysroot.is_empty() {
            line = line.replace(&rust_src, "$RUST");
        }
        while let Some(at) = line.find("/registry/src/") {
            let start = line[..at].rfind([' ', '(']).map_or(0, |i| i + 1);
            let end = line[at + 14..]
                .find('/')
                .map_or(line.len(), |i| at + 14 + i);
            line.replace_range(start..end, "$REGISTRY");
        }
        while let Some(at) = line.find("/rustc/") {
            let end = line[at + 7..].find('/').map_or(line.len(), |i| at + 7 + i);
            line.replace_range(at..end, "$RUST");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[test]
fn cases() {
    let mut cases: Vec<(String, String)> = fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "the cases went missing");
    let dir = scratch("ctxlock-cases", &cases);

    let flags = |source: &str| {
        source
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("// cargo-ctxlock: "))
            .map(str::to_string)
    };
    let (plain, special): (Vec<_>, Vec<_>) = cases
        .iter()
        .partition(|(_, source)| flags(source).is_none());

    let mut results: BTreeMap<String, (i32, Vec<String>)> = BTreeMap::new();
    let (code, by_file) = check(&dir, &["--bins"]);
    for (name, _) in &plain {
        let got = by_file
            .get(&format!("src/bin/{name}.rs"))
            .cloned()
            .unwrap_or_default();
        results.insert(name.clone(), (code, got));
    }
    for (name, source) in &special {
        let flags = flags(source).unwrap();
        let mut args: Vec<&str> = flags.split_whitespace().collect();
        args.extend(["--bin", name]);
        let (code, by_file) = check(&dir, &args);
        let got = by_file
            .get(&format!("src/bin/{name}.rs"))
            .cloned()
            .unwrap_or_default();
        results.insert(name.clone(), (code, got));
    }
    // A diagnostic in the dep crate would belong to no case.
    assert!(
        by_file.keys().all(|f| f.starts_with("src/bin/")),
        "diagnostics outside the cases: {:?}",
        by_file.keys()
    );

    let bless = std::env::var_os("CTXLOCK_BLESS").is_some();
    let mut failures = Vec::new();
    for (name, (code, got)) in &results {
        let expected_path = cases_dir().join(format!("{name}.stderr"));
        let got = normalize(&got.join("\n"));
        if name.starts_with("ok_") {
            if !got.trim().is_empty() {
                failures.push(format!("{name}: expected no diagnostic, got:\n{got}"));
            }
            continue;
        }
        if *code != 1 {
            failures.push(format!("{name}: expected exit status 1, got {code}"));
        }
        if got.trim().is_empty() {
            failures.push(format!("{name}: expected diagnostics, got none"));
            continue;
        }
        if bless {
            fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != got {
            failures.push(format!(
                "{name}: output differs from {}:\n--- expected\n{expected}\n--- got\n{got}",
                expected_path.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        results.len(),
        failures.join("\n\n")
    );
}

/// `--graph` draws the chains: the root, each hop with its call site, the sink in red.
#[test]
fn graph_draws_the_chain() {
    let source = std::fs::read_to_string(cases_dir().join("err_method_locks.rs")).unwrap();
    let dir = scratch("ctxlock-graph", &[("err_method_locks".to_string(), source)]);
    let dot = dir.join("chain.dot");
    let status = Command::new(env!("CARGO_BIN_EXE_cargo-ctxlock"))
        .args(["ctxlock", "--bin", "err_method_locks", "--graph"])
        .arg(&dot)
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(dir.join("target"))
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
    let dot = fs::read_to_string(dot).unwrap();
    assert!(dot.starts_with("digraph ctxlock {"), "{dot}");
    assert!(
        dot.contains(
            r#"label="err_method_locks::on_fault\nsrc/bin/err_method_locks.rs:18", style=bold"#
        ),
        "{dot}"
    );
    assert!(
        dot.contains(
            r#"label="std::sync::poison::mutex::Mutex::lock\nmay block: waits for the lock"#
        ),
        "{dot}"
    );
    assert!(
        dot.contains(r#"[label="src/bin/err_method_locks.rs:19:13"]"#),
        "{dot}"
    );
    assert!(dot.contains(r##"color="#c0392b""##), "{dot}");
}
