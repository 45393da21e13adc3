//! The two things the tool asks cargo: where the corpus crates' sources are (`cargo metadata`), and
//! what rustc says about a copy (`cargo check --message-format=json`).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// A crate of the corpus, as cargo fetched it.
pub struct Package {
    pub name: String,
    pub version: String,
    pub edition: String,
    /// The directory with its `Cargo.toml`.
    pub dir: PathBuf,
    /// The root of its library target.
    pub lib: PathBuf,
}

fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    // The copies' diagnostics must not depend on the flags of whoever runs the tool.
    command
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
    command
}

/// The direct dependencies of the package `of`, in the workspace of `manifest`: the corpus is what
/// `tools/corpus` depends on.
pub fn dependencies(manifest: &Path, of: &str) -> Result<Vec<Package>, String> {
    let output = cargo()
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(manifest)
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo metadata failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let metadata: Value = serde_json::from_slice(&output.stdout).map_err(|e| e.to_string())?;
    let packages = metadata["packages"]
        .as_array()
        .ok_or("no packages in cargo metadata")?;
    let id_of = |name: &str| {
        packages
            .iter()
            .find(|p| p["name"] == name)
            .map(|p| p["id"].clone())
    };
    let root = id_of(of).ok_or_else(|| format!("{of} is not in the workspace"))?;
    let nodes = metadata["resolve"]["nodes"]
        .as_array()
        .ok_or("no resolve in cargo metadata")?;
    let node = nodes
        .iter()
        .find(|n| n["id"] == root)
        .ok_or("no resolve node")?;
    let ids = node["dependencies"].as_array().ok_or("no dependencies")?;
    let mut found = Vec::new();
    for id in ids {
        let package = packages
            .iter()
            .find(|p| &p["id"] == id)
            .ok_or("dependency without package")?;
        let manifest_path = PathBuf::from(package["manifest_path"].as_str().unwrap_or_default());
        let lib = package["targets"]
            .as_array()
            .and_then(|targets| {
                targets.iter().find(|t| {
                    t["kind"]
                        .as_array()
                        .is_some_and(|k| k.iter().any(|k| k == "lib"))
                })
            })
            .and_then(|target| target["src_path"].as_str())
            .ok_or_else(|| format!("{} has no lib target", package["name"]))?;
        found.push(Package {
            name: package["name"].as_str().unwrap_or_default().to_owned(),
            version: package["version"].as_str().unwrap_or_default().to_owned(),
            edition: package["edition"].as_str().unwrap_or_default().to_owned(),
            dir: manifest_path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default(),
            lib: PathBuf::from(lib),
        });
    }
    Ok(found)
}

/// What `cargo check` said about one crate.
pub struct Checked {
    pub success: bool,
    /// Errors and warnings of the crate itself.
    pub diagnostics: Vec<Diagnostic>,
    /// The cfgs of the crate's compilation beyond the host's: its features (`feature="std"`), as
    /// cargo enabled them, and what its build script set.
    pub cfgs: Vec<String>,
    /// cargo's own complaint, when it failed before rustc said anything.
    pub stderr: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub level: String,
    pub code: String,
    /// `file:line` of the primary span: the copies keep every line where it was.
    pub location: String,
    pub message: String,
    /// As rustc prints it.
    pub rendered: String,
}

/// `cargo check --lib` of the package in `dir`, offline: everything it needs was fetched with the
/// workspace.
pub fn check(dir: &Path, target_dir: &Path, args: &[&str]) -> Checked {
    let manifest = dir.join("Cargo.toml");
    let output = cargo()
        .args([
            "check",
            "--lib",
            "--offline",
            "--message-format=json",
            "--manifest-path",
        ])
        .arg(&manifest)
        .arg("--target-dir")
        .arg(target_dir)
        .args(args)
        .output();
    let output = match output {
        Ok(output) => output,
        Err(e) => {
            let stderr = format!("cannot run cargo: {e}");
            return Checked {
                success: false,
                diagnostics: Vec::new(),
                cfgs: Vec::new(),
                stderr,
            };
        }
    };
    let package_id = format!("path+file://{}#", dir.display());
    let (mut diagnostics, mut cfgs) = (Vec::new(), Vec::new());
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        // Compiler messages name the manifest; build-script results only the package id.
        let ours = message["manifest_path"].as_str().map(Path::new) == Some(&manifest)
            || message["package_id"]
                .as_str()
                .is_some_and(|id| id.starts_with(&package_id));
        if !ours {
            continue;
        }
        match message["reason"].as_str() {
            Some("build-script-executed") => {
                let set = message["cfgs"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str);
                cfgs.extend(set.map(str::to_owned));
            }
            Some("compiler-artifact") => {
                let features = message["features"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str);
                cfgs.extend(features.map(|feature| format!("feature=\"{feature}\"")));
            }
            Some("compiler-message") => diagnostics.extend(diagnostic(&message["message"])),
            _ => {}
        }
    }
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    Checked {
        success: output.status.success(),
        diagnostics,
        cfgs,
        stderr,
    }
}

/// An error or warning; `None` for notes and summaries.
fn diagnostic(message: &Value) -> Option<Diagnostic> {
    let level = message["level"]
        .as_str()
        .filter(|level| *level == "error" || *level == "warning")?;
    let spans = message["spans"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let location = spans
        .iter()
        .find(|span| span["is_primary"] == true)
        .map(|span| {
            format!(
                "{}:{}",
                span["file_name"].as_str().unwrap_or_default(),
                span["line_start"]
            )
        })
        .unwrap_or_default();
    let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
    Some(Diagnostic {
        level: level.to_owned(),
        code: text(&message["code"]["code"]),
        location,
        message: text(&message["message"]),
        rendered: text(&message["rendered"]),
    })
}
