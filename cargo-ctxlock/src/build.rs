//! The cargo invocation: `cargo build` with the user's selection, into a target directory of our own,
//! so that every crate of the program leaves its LLVM IR beside its artifact; then which IR file is
//! which crate's, read from cargo's own JSON messages.
//!
//! The build differs from the user's in what the check needs and nothing else: `--cfg
//! ctxlock_analysis` (the marks of `#[nmi_safe]`, `#[may_sleep]` and `nmi_unchecked!` become real
//! calls), `--emit=llvm-ir`, one codegen unit, full debug info, opt-level 0 in whatever profile
//! is selected, so that a call in the source is a call in the IR, and fat LTO, so that the IR of each
//! linked artifact (bin, example, test harness, cdylib …) is one module holding the code of every
//! crate in it, std, core and alloc included. `--release` keeps the release profile's cfgs
//! (`debug_assertions` off) and features. Proc macros and build scripts are not part of the program:
//! with an explicit `--target` the flags do not reach them, and LTO does not apply to them.

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// What the user asked cargo for, and where.
pub struct Request {
    /// Arguments for `cargo build`, as given.
    pub cargo_args: Vec<OsString>,
    pub manifest_path: Option<OsString>,
    pub target_dir: Option<PathBuf>,
    pub target: Option<String>,
    pub profile: Option<String>,
    /// Forward cargo's own messages as JSON lines (`--message-format=json`).
    pub json: bool,
}

/// One crate of the build, as cargo's `compiler-artifact` message describes it.
pub struct Unit {
    pub package_id: String,
    pub manifest_path: String,
    pub target: Value,
    /// A linked program (bin, example, test, bench, cdylib …), not a library that others link.
    pub is_final: bool,
    pub ir: Option<PathBuf>,
}

pub struct Build {
    pub success: bool,
    pub units: Vec<Unit>,
    pub workspace_root: PathBuf,
    /// cargo's exit status, when the build failed.
    pub status: Option<i32>,
}

pub fn run(request: &Request) -> Result<Build, String> {
    let metadata = metadata(request)?;
    let workspace_root = PathBuf::from(metadata["workspace_root"].as_str().unwrap_or("."));
    let target_dir = match &request.target_dir {
        Some(dir) => dir.clone(),
        None => {
            Path::new(metadata["target_directory"].as_str().unwrap_or("target")).join("ctxlock")
        }
    };
    // With an explicit `--target`, RUSTFLAGS reach only the program's crates, not build scripts and
    // proc macros, which are not part of the program and need no IR.
    let target = match &request.target {
        Some(target) => target.clone(),
        None => host_triple()?,
    };

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.arg("build").args(&request.cargo_args);
    if request.target.is_none() {
        command.arg("--target").arg(&target);
    }
    command.arg("--target-dir").arg(&target_dir);
    command.arg(if request.json {
        "--message-format=json"
    } else {
        "--message-format=json-render-diagnostics"
    });
    command.env("RUSTFLAGS", rustflags());
    command.env_remove("CARGO_ENCODED_RUSTFLAGS");
    command.env("CARGO_INCREMENTAL", "0");
    for profile in profiles(request) {
        let key = |setting: &str| {
            format!(
                "CARGO_PROFILE_{}_{setting}",
                profile.to_uppercase().replace('-', "_")
            )
        };
        command.env(key("OPT_LEVEL"), "0");
        command.env(key("DEBUG"), "full");
        command.env(key("CODEGEN_UNITS"), "1");
        command.env(key("INCREMENTAL"), "false");
        // Fat LTO writes, for each linked artifact, one module with every crate's code in it, std's
        // included: that module's IR is what the check reads (the crate docs say why).
        command.env(key("LTO"), "fat");
    }
    command.stdout(Stdio::piped()).stderr(Stdio::inherit());

    let mut child = command
        .spawn()
        .map_err(|e| format!("could not run cargo: {e}"))?;
    let stdout = child
        .stdout
        .take()
        .ok_or("cargo's output was not captured")?;
    let mut units = Vec::new();
    let mut success = false;
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| format!("reading cargo's output: {e}"))?;
        let Ok(message) = serde_json::from_str::<Value>(&line) else {
            // Not a message (a build script's output on stdout): pass it on.
            if request.json {
                println!("{line}");
            }
            continue;
        };
        match message["reason"].as_str() {
            Some("compiler-artifact") => {
                if let Some(unit) = unit(&message, &target) {
                    units.push(unit);
                }
                if request.json {
                    println!("{line}");
                }
            }
            Some("build-finished") => success = message["success"].as_bool().unwrap_or(false),
            _ if request.json => println!("{line}"),
            _ => {}
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("waiting for cargo: {e}"))?;
    Ok(Build {
        success: success && status.success(),
        units,
        workspace_root,
        status: status.code(),
    })
}

fn rustflags() -> OsString {
    let mut flags = std::env::var_os("RUSTFLAGS").unwrap_or_default();
    if !flags.is_empty() {
        flags.push(" ");
    }
    flags.push("--cfg ctxlock_analysis --emit=llvm-ir,link");
    flags
}

/// The profiles the build may use: the selected one, and `dev` for what `test`/`bench` inherit.
fn profiles(request: &Request) -> Vec<String> {
    let mut profiles = vec!["dev".to_string(), "test".to_string()];
    if request
        .cargo_args
        .iter()
        .any(|a| a == "--release" || a == "-r")
    {
        profiles.extend(["release".to_string(), "bench".to_string()]);
    }
    if let Some(profile) = &request.profile {
        profiles.push(profile.clone());
    }
    profiles
}

fn metadata(request: &Request) -> Result<Value, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.args(["metadata", "--no-deps", "--format-version", "1"]);
    if let Some(manifest) = &request.manifest_path {
        command.arg("--manifest-path").arg(manifest);
    }
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not run cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(String::new()); // cargo said why on stderr.
    }
    serde_json::from_slice(&output.stdout).map_err(|e| format!("cargo metadata's output: {e}"))
}

fn host_triple() -> Result<String, String> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = Command::new(rustc)
        .arg("-vV")
        .output()
        .map_err(|e| format!("could not run rustc: {e}"))?;
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .ok_or_else(|| "rustc -vV did not name the host".to_string())
}

/// The unit of a `compiler-artifact` message, or `None` for what is not part of the program: proc
/// macros, build scripts, and the libraries they use, which are built for the host, outside the
/// target triple's directory, without our flags.
fn unit(message: &Value, triple: &str) -> Option<Unit> {
    let for_target = message["filenames"].as_array()?.iter().any(|file| {
        file.as_str().is_some_and(|f| {
            Path::new(f)
                .ancestors()
                .any(|dir| dir.file_name() == Some(triple.as_ref()))
        })
    });
    if !for_target {
        return None;
    }
    let target = &message["target"];
    let kinds: Vec<&str> = target["kind"]
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    if kinds
        .iter()
        .any(|k| *k == "proc-macro" || *k == "custom-build")
    {
        return None;
    }
    let crate_types: Vec<&str> = target["crate_types"]
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let test = message["profile"]["test"].as_bool().unwrap_or(false);
    let is_final = test
        || kinds
            .iter()
            .any(|k| matches!(*k, "bin" | "example" | "test" | "bench"))
            && !crate_types.iter().all(|c| matches!(*c, "lib" | "rlib"))
        || crate_types
            .iter()
            .any(|c| matches!(*c, "bin" | "cdylib" | "staticlib" | "dylib"));
    let crate_name = target["name"].as_str()?.replace('-', "_");
    let files: Vec<PathBuf> = message["filenames"]
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .map(PathBuf::from)
        .collect();
    let ir = files.iter().find_map(|file| ir_of(file, &crate_name));
    Some(Unit {
        package_id: message["package_id"].as_str()?.to_string(),
        manifest_path: message["manifest_path"].as_str()?.to_string(),
        target: target.clone(),
        is_final,
        ir,
    })
}

/// The `.ll` that rustc wrote beside an artifact: `deps/libNAME-HASH.rlib` → `deps/NAME-HASH.ll`. An
/// executable is copied (hard-linked) up from `NAME-HASH` to `NAME`; its IR is the one whose
/// executable is the same file.
fn ir_of(file: &Path, crate_name: &str) -> Option<PathBuf> {
    let dir = file.parent()?;
    let stem = file.file_stem()?.to_str()?;
    let stem = stem
        .strip_prefix("lib")
        .filter(|s| s.starts_with(crate_name))
        .unwrap_or(stem);
    if let Some(hash) = stem
        .strip_prefix(crate_name)
        .and_then(|s| s.strip_prefix('-'))
    {
        if hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            let ir = dir.join(format!("{stem}.ll"));
            return ir.exists().then_some(ir);
        }
    }
    let exact = dir.join("deps").join(format!("{crate_name}.ll"));
    if exact.exists() {
        return Some(exact);
    }
    let mut candidates: Vec<PathBuf> = [dir.to_path_buf(), dir.join("deps")]
        .iter()
        .filter_map(|d| std::fs::read_dir(d).ok())
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "ll")
                && p.file_stem()
                    .and_then(|s| s.to_str())
                    .is_some_and(|s| s.starts_with(&format!("{crate_name}-")))
        })
        .collect();
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(meta) = std::fs::metadata(file) {
            let same = |ll: &PathBuf| {
                let executable = ll.with_extension(file.extension().unwrap_or_default());
                std::fs::metadata(executable)
                    .is_ok_and(|m| m.ino() == meta.ino() && m.dev() == meta.dev())
            };
            if let Some(ir) = candidates.iter().find(|ll| same(ll)) {
                return Some(ir.clone());
            }
        }
    }
    candidates.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    candidates.pop()
}
