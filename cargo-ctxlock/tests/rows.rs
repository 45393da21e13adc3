//! Every row of the tables against the symbols this toolchain really emits. `tests/rows/` is a
//! program that uses what each row describes, built the way `cargo ctxlock` builds (`build::run`):
//! each row of [`SEMANTIC`] must match a fn of the linked program (a body, a declaration, or a frame
//! inlined into another), and each row of [`PRECOMPILED`] a precompiled fn that the library's own
//! IR calls. A row that matches nothing names a path that std or a crate does not have (std's
//! `thread::sleep` is `std::thread::functions::sleep`), and would never fire.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use cargo_ctxlock::build::{self, Request};
use cargo_ctxlock::classify::{self, PRECOMPILED, SEMANTIC};
use cargo_ctxlock::ir::{self, Callee};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn scratch() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ctxlock-rows");
    fs::create_dir_all(dir.join("src")).unwrap();
    fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    fs::write(
        dir.join("Cargo.toml"),
        format!(
            r#"[package]
name = "rows"
version = "0.0.0"
edition = "2021"
publish = false

[lib]
name = "rows_lib"
path = "src/lib.rs"

[dependencies]
ctxlock = {{ path = "{}", features = ["lock_api"] }}
lock_api04 = {{ package = "lock_api", version = "0.4" }}
parking_lot = "0.13"
spin = "0.12"
once_cell = "1"

[workspace]
"#,
            workspace().display()
        ),
    )
    .unwrap();
    let rows = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rows");
    fs::copy(rows.join("program.rs"), dir.join("src/main.rs")).unwrap();
    fs::copy(rows.join("library.rs"), dir.join("src/lib.rs")).unwrap();
    dir
}

/// The name every fn is classified by: its normalized path, or its symbol.
fn name(symbol: &str) -> String {
    classify::demangle(symbol).map_or_else(|| symbol.to_string(), |d| classify::normalize(&d))
}

#[derive(Default)]
struct Names {
    /// Every fn of the linked program: bodies, declarations, C calls by `call_name`, inlined frames.
    program: BTreeSet<String>,
    /// Rust fns the library's own IR calls without a body.
    precompiled: BTreeSet<String>,
}

fn names() -> Names {
    let dir = scratch();
    let request = Request {
        cargo_args: vec![
            "--manifest-path".into(),
            dir.join("Cargo.toml").into(),
            "--lib".into(),
            "--bins".into(),
        ],
        manifest_path: Some(dir.join("Cargo.toml").into()),
        target_dir: Some(dir.join("target")),
        target: None,
        profile: None,
        json: false,
    };
    let built = build::run(&request).expect("cargo ran");
    assert!(built.success, "the rows program does not build");
    let mut names = Names::default();
    for unit in &built.units {
        let path = unit
            .ir
            .as_ref()
            .unwrap_or_else(|| panic!("no IR for {}", unit.target["name"]));
        let text = fs::read_to_string(path).unwrap();
        let module = ir::parse(&text).unwrap();
        let defined: BTreeSet<&str> = module.functions.iter().map(|f| f.symbol.as_str()).collect();
        let mut calls = BTreeSet::new();
        for call in module.functions.iter().flat_map(|f| &f.calls) {
            if let Callee::Direct(symbol) = &call.callee {
                calls.insert(
                    classify::call_name(symbol, &call.args).unwrap_or_else(|| symbol.clone()),
                );
            }
        }
        if unit.is_final {
            names.program.extend(defined.iter().map(|s| name(s)));
            names
                .program
                .extend(module.declared.iter().map(|s| name(s)));
            names.program.extend(calls.iter().map(|s| name(s)));
            // Frames inlined into others (`#[inline(always)]`) live on as debug info.
            for line in text.lines().filter(|l| l.contains("DISubprogram(")) {
                if let Some(at) = line.find("linkageName: \"") {
                    let rest = &line[at + 14..];
                    names.program.insert(name(&rest[..rest.find('"').unwrap()]));
                }
            }
        } else if unit.target["name"] == "rows_lib" {
            names.precompiled.extend(
                module
                    .declared
                    .iter()
                    .filter(|s| classify::demangle(s).is_some())
                    .map(|s| name(s)),
            );
        }
    }
    assert!(
        names.program.len() > 1000,
        "the linked program is not whole: {} fns",
        names.program.len()
    );
    names
}

#[test]
fn every_row_matches_a_fn_of_this_toolchain() {
    let names = names();
    let unmatched = |table: &[(&str, classify::Class)], pool: &BTreeSet<String>| -> Vec<String> {
        table
            .iter()
            .filter(|(pattern, _)| !pool.iter().any(|n| classify::glob(pattern, n)))
            .map(|(pattern, _)| pattern.to_string())
            .collect()
    };
    let semantic = unmatched(SEMANTIC, &names.program);
    let precompiled = unmatched(PRECOMPILED, &names.precompiled);
    assert!(
        semantic.is_empty() && precompiled.is_empty(),
        "rows that match no fn of this toolchain's build:\nSEMANTIC: {semantic:#?}\nPRECOMPILED: {precompiled:#?}"
    );
}
