//! The case suite of `cargo ctxlock`, the way trybuild works: each `cases/*.rs` is a program of its
//! own, built together as the bins of one scratch package (with `cases/dep/` as a second crate), and
//! checked by the real binary with `--message-format=json`, one run per case, so that each case's exit
//! status is its own. An `err_*` case's diagnostics, rendered, must equal its `.stderr` file exactly,
//! or, without one, sit exactly at its `//~ CODE` marks (the truth written by hand, call site and
//! category); an `ok_*` case must get none, exit 0, and have every root it declares checked. A case
//! whose first line is `// cargo-ctxlock: FLAGS` is checked with those flags. `KNOWN_WRONG` lists the
//! cases the check gets wrong today.
//!
//! `CTXLOCK_BLESS=1 cargo test -p cargo-ctxlock --test cases` re-records the `.stderr` files: read
//! every one before committing it.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::Mutex;

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
    write_if_changed(
        &dir.join("Cargo.lock"),
        &fs::read(ctxlock.join("Cargo.lock")).unwrap(),
    );
    write_if_changed(
        &dir.join("Cargo.toml"),
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
log = "0.4"
parking_lot = "0.13"
spin = "0.12"

[workspace]
"#,
            ctxlock = ctxlock.display()
        )
        .as_bytes(),
    );
    write_if_changed(
        &dir.join("dep/Cargo.toml"),
        format!(
            "[package]\nname = \"cases-dep\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nctxlock = {{ path = \"{}\" }}\nlibc = \"0.2\"\n",
            ctxlock.display()
        )
        .as_bytes(),
    );
    write_if_changed(
        &dir.join("dep/src/lib.rs"),
        &fs::read(cases_dir().join("dep/lib.rs")).unwrap(),
    );
    // Stale bins from renamed cases would be built too.
    for entry in fs::read_dir(dir.join("src/bin")).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        if !cases.iter().any(|(name, _)| *name == stem) {
            fs::remove_file(path).unwrap();
        }
    }
    for (name, source) in cases {
        write_if_changed(&dir.join(format!("src/bin/{name}.rs")), source.as_bytes());
    }
    dir
}

/// Writes a file only if its content changes: cargo fingerprints path crates by mtime, so the
/// cases that did not change are not rebuilt on the next run.
fn write_if_changed(path: &Path, content: &[u8]) {
    if fs::read(path).is_ok_and(|old| old == content) {
        return;
    }
    fs::write(path, content).unwrap();
}

/// One run of `cargo ctxlock --message-format=json`.
struct Run {
    code: i32,
    /// Each diagnostic's rendered text, line and code, by the file of its primary span.
    by_file: BTreeMap<String, Vec<(String, u32, String)>>,
    /// How many `#[nmi_safe]` fns the run says it checked, from its last line on stderr.
    roots: usize,
}

fn check(dir: &Path, args: &[&str]) -> Run {
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
    let mut by_file: BTreeMap<String, Vec<(String, u32, String)>> = BTreeMap::new();
    let mut finished = None;
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        match message["reason"].as_str() {
            Some("compiler-message") => {
                let m = &message["message"];
                let span = &m["spans"][0];
                let file = span["file_name"].as_str().unwrap_or("").to_string();
                let code = m["code"]["code"].as_str().unwrap_or("");
                if code.starts_with("ctxlock::") {
                    by_file.entry(file).or_default().push((
                        m["rendered"].as_str().unwrap().to_string(),
                        span["line_start"].as_u64().unwrap_or(0) as u32,
                        code.to_string(),
                    ));
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
    Run {
        code,
        by_file,
        roots: roots_checked(&stderr)
            .unwrap_or_else(|| panic!("no count of checked roots on stderr:\n{stderr}")),
    }
}

/// The number in `… N `#[nmi_safe]` fn(s) checked …`, or 0 for "no `#[nmi_safe]` fn in this build".
fn roots_checked(stderr: &str) -> Option<usize> {
    let line = stderr
        .lines()
        .rev()
        .find(|l| l.contains("`#[nmi_safe]` fn"))?;
    let before = &line[..line.find(" `#[nmi_safe]` fn")?];
    let word = before.rsplit(' ').next()?;
    if word == "no" {
        return Some(0);
    }
    word.parse().ok()
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

/// Cases whose verdict the check gets wrong today, each with why. A listed case that fails prints its
/// difference and does not fail the test; a listed case that passes fails it, so that the list only
/// shrinks. The goal is an empty list.
const KNOWN_WRONG: &[(&str, &str)] = &[];

/// What one `cargo ctxlock` run on one case gave.
struct Outcome {
    code: i32,
    /// The case's diagnostics: rendered text, with the line and code of each primary span.
    diagnostics: Vec<(String, u32, String)>,
    /// How many `#[nmi_safe]` fns the run says it checked.
    roots: usize,
}

/// The roots a case declares: `#[nmi_safe]` attributes (any arguments, any path) and
/// `nmi_safe_closure!` invocations, outside comments.
fn declared_roots(source: &str) -> usize {
    source
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .map(|l| {
            let l = l.trim();
            usize::from(l.starts_with("#[nmi_safe") || l.starts_with("#[ctxlock::nmi_safe"))
                + l.matches("nmi_safe_closure!").count()
        })
        .sum()
}

/// The hand-written truth of a case: `//~ CODE` after the call where an error must be, one CODE per
/// error (`ctxlock::` left off); `A|B` accepts either category where both are defensible. Cases with
/// a `.stderr` file are compared with it instead.
fn expected_marks(source: &str) -> Vec<(u32, String)> {
    let mut marks = Vec::new();
    for (index, line) in source.lines().enumerate() {
        if let Some((_, codes)) = line.split_once("//~") {
            for code in codes.split_whitespace() {
                marks.push((index as u32 + 1, code.to_string()));
            }
        }
    }
    marks
}

/// Runs one case on its own, with its own flags, and checks the parts that do not depend on the
/// expected output: the exit status agrees with the diagnostics, and nothing is reported elsewhere.
fn run_case(dir: &Path, name: &str, flags: &[&str]) -> Outcome {
    let mut args = flags.to_vec();
    args.extend(["--bin", name]);
    let run = check(dir, &args);
    let file = format!("src/bin/{name}.rs");
    // A diagnostic in the dep crate would belong to no case.
    assert!(
        run.by_file.keys().all(|f| *f == file),
        "{name}: diagnostics outside the case: {:?}",
        run.by_file.keys()
    );
    Outcome {
        code: run.code,
        diagnostics: run.by_file.get(&file).cloned().unwrap_or_default(),
        roots: run.roots,
    }
}

/// What is wrong with a case's outcome, if anything.
fn judge(name: &str, source: &str, outcome: &Outcome, baseline_roots: usize) -> Option<String> {
    let rendered: Vec<&str> = outcome.diagnostics.iter().map(|d| d.0.as_str()).collect();
    let got = normalize(&rendered.join("\n"));
    let mut problems = Vec::new();
    let declared = declared_roots(source);
    if declared == 0 {
        problems.push("the case declares no `#[nmi_safe]` root".to_string());
    }
    if name.starts_with("ok_") {
        if !expected_marks(source).is_empty() {
            problems.push("an ok_ case with `//~` marks: which is it?".to_string());
        }
        // A root that vanished would leave nothing to report: count what the run checked.
        if outcome.roots != baseline_roots + declared {
            problems.push(format!(
                "expected {declared} `#[nmi_safe]` root(s) checked, the run checked {}",
                outcome.roots - baseline_roots.min(outcome.roots)
            ));
        }
        if outcome.code != 0 {
            problems.push(format!("expected exit status 0, got {}", outcome.code));
        }
        if !got.trim().is_empty() {
            problems.push(format!("expected no diagnostic, got:\n{got}"));
        }
    } else {
        if outcome.roots <= baseline_roots {
            problems.push("no `#[nmi_safe]` root was checked".to_string());
        }
        if outcome.code != 1 {
            problems.push(format!("expected exit status 1, got {}", outcome.code));
        }
        let expected_path = cases_dir().join(format!("{name}.stderr"));
        let marked = !expected_marks(source).is_empty();
        let bless = std::env::var_os("CTXLOCK_BLESS").is_some();
        if bless && !marked && !got.trim().is_empty() {
            fs::write(&expected_path, &got).unwrap();
        } else if !marked {
            let expected = fs::read_to_string(&expected_path).unwrap_or_default();
            if expected != got {
                problems.push(format!(
                    "output differs from {}:\n--- expected\n{expected}\n--- got\n{got}",
                    expected_path.display()
                ));
            }
        } else {
            assert!(
                !expected_path.exists(),
                "{name}: both `//~` marks and a .stderr file"
            );
            let mut expected = expected_marks(source);
            let mut unexpected = Vec::new();
            for (_, line, code) in &outcome.diagnostics {
                let code = code.strip_prefix("ctxlock::").unwrap_or(code);
                match expected
                    .iter()
                    .position(|(l, c)| l == line && c.split('|').any(|c| c == code))
                {
                    Some(i) => {
                        expected.remove(i);
                    }
                    None => unexpected.push(format!("line {line}: {code}")),
                }
            }
            if !expected.is_empty() || !unexpected.is_empty() {
                let missed: Vec<String> = expected
                    .iter()
                    .map(|(l, c)| format!("line {l}: {c}"))
                    .collect();
                problems.push(format!(
                    "missed (expected, not reported): {missed:?}; false (reported, not expected): {unexpected:?}; the run printed:\n{got}"
                ));
            }
        }
    }
    (!problems.is_empty()).then(|| format!("{name}: {}", problems.join("\n")))
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
    for (name, _) in KNOWN_WRONG {
        assert!(
            cases.iter().any(|(n, _)| n == name),
            "KNOWN_WRONG names `{name}`, which is not a case"
        );
    }
    // A program without a root: what the libraries of the scratch package contribute by themselves.
    let baseline = ("no_root".to_string(), "fn main() {}\n".to_string());
    let mut bins = cases.clone();
    bins.push(baseline.clone());
    let dir = scratch("ctxlock-cases", &bins);
    let baseline_roots = run_case(&dir, &baseline.0, &[]).roots;

    let flags = |source: &str| {
        source
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("// cargo-ctxlock: "))
            .map(str::to_string)
            .unwrap_or_default()
    };
    // Two runs at a time: cargo builds one case's program (its fat-LTO link takes one core, and
    // cargo's lock lets one build run) while the other run reads and checks its IR.
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Outcome>>> = cases.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Relaxed);
                let Some((name, source)) = cases.get(index) else {
                    break;
                };
                let flags = flags(source);
                let flags: Vec<&str> = flags.split_whitespace().collect();
                *slots[index].lock().unwrap() = Some(run_case(&dir, name, &flags));
            });
        }
    });
    let mut failures = Vec::new();
    let mut known = Vec::new();
    for ((name, source), slot) in cases.iter().zip(slots) {
        let outcome = slot.into_inner().unwrap().expect("every case ran");
        let problem = judge(name, source, &outcome, baseline_roots);
        match (KNOWN_WRONG.iter().find(|(n, _)| n == name), problem) {
            (None, None) => {}
            (None, Some(problem)) => failures.push(problem),
            (Some((_, why)), Some(problem)) => {
                known.push(format!("{problem}\n(known wrong: {why})"))
            }
            (Some(_), None) => failures.push(format!(
                "{name}: listed in KNOWN_WRONG but passes now: take it off the list"
            )),
        }
    }
    if !known.is_empty() {
        // Past the test harness's capture, so that a passing run still says what is left.
        let names: Vec<&str> = KNOWN_WRONG.iter().map(|(name, _)| *name).collect();
        let _ = writeln!(
            std::io::stderr(),
            "cases: {} of {} cases are known to be wrong (KNOWN_WRONG in cases.rs; --nocapture shows how): {}",
            known.len(),
            cases.len(),
            names.join(", ")
        );
        println!("{}", known.join("\n\n"));
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// The judge of the suite fails what it must: a root that vanished from an `ok_` case, a report at
/// the wrong line or of the wrong category, a missing one, a wrong exit status.
#[test]
fn the_suite_can_fail() {
    let source = "#[nmi_safe]\nfn f() {\n    g(); //~ blocks\n}\n";
    let report = |line: u32, code: &str| (String::new(), line, format!("ctxlock::{code}"));
    let outcome = |code: i32, diagnostics: Vec<(String, u32, String)>, roots: usize| Outcome {
        code,
        diagnostics,
        roots,
    };
    let ok = source.replace(" //~ blocks", "");
    assert!(judge("ok_x", &ok, &outcome(0, vec![], 1), 0).is_none());
    assert!(judge("ok_x", source, &outcome(0, vec![], 1), 0).is_some());
    let vanished = judge("ok_x", &ok, &outcome(0, vec![], 0), 0).unwrap();
    assert!(vanished.contains("root(s) checked"), "{vanished}");
    assert!(judge("ok_x", &ok, &outcome(1, vec![], 1), 0).is_some());
    assert!(judge(
        "err_x",
        source,
        &outcome(1, vec![report(3, "blocks")], 1),
        0
    )
    .is_none());
    for wrong in [
        outcome(1, vec![report(2, "blocks")], 1),
        outcome(1, vec![report(3, "allocates")], 1),
        outcome(1, vec![report(3, "blocks"), report(3, "blocks")], 1),
        outcome(0, vec![report(3, "blocks")], 1),
        outcome(1, vec![], 1),
        outcome(1, vec![report(3, "blocks")], 0),
    ] {
        assert!(judge("err_x", source, &wrong, 0).is_some());
    }
    let either = source.replace("blocks", "blocks|sleeps");
    assert!(judge(
        "err_x",
        &either,
        &outcome(1, vec![report(3, "sleeps")], 1),
        0
    )
    .is_none());
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
