//! The command line: ctxlock's own options, and everything else for `cargo build`, which judges it.

use std::ffi::OsString;
use std::path::PathBuf;

use crate::build::Request;

pub const HELP: &str = "\
Checks the whole compiled program, from every #[nmi_safe] fn, for calls that may block, sleep,
allocate, use stdio or are not async-signal-safe, and prints the chain of calls to each.

Usage: cargo ctxlock [OPTIONS] [CARGO BUILD OPTIONS]

Options:
      --message-format <FMT>  human (default) or json: cargo's `compiler-message` lines, as
                              `cargo check --message-format=json` prints them
      --graph <FILE>          write the chains to each violation as a Graphviz graph (and FILE.svg
                              beside it when Graphviz's `dot` is installed)
      --panics                also report panic paths (bounds and overflow checks, `expect`,
                              unwinding cleanup): a panic in a signal handler runs the hook
  -h, --help                  print this help
  -V, --version               print the version

Every other option goes to `cargo build`: -p/--package, --workspace, --lib, --bin, --bins,
--example, --examples, --test, --tests, --all-targets, --features, --all-features,
--no-default-features, --manifest-path, --target, --target-dir, --release, --profile, ...
The build has its own target directory (target/ctxlock unless --target-dir says otherwise).

Exit status: 0 clean, 1 violations found, cargo's status when the build fails.
";

pub struct Args {
    pub request: Request,
    pub panics: bool,
    pub graph: Option<PathBuf>,
}

pub enum Parsed {
    Run(Args),
    Help,
    Version,
}

pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Parsed, String> {
    let mut args: Vec<OsString> = args.into_iter().collect();
    // `cargo ctxlock …` runs `cargo-ctxlock ctxlock …`.
    if args.first().is_some_and(|a| a == "ctxlock") {
        args.remove(0);
    }
    let mut request = Request {
        cargo_args: Vec::new(),
        manifest_path: None,
        target_dir: None,
        target: None,
        profile: None,
        json: false,
    };
    let mut panics = false;
    let mut graph = None;
    let mut iter = args.into_iter();
    while let Some(arg) = iter.next() {
        let text = arg.to_string_lossy().into_owned();
        let (flag, inline) = match text.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_string(), Some(OsString::from(value)))
            }
            _ => (text.clone(), None),
        };
        let mut value = |name: &str| -> Result<OsString, String> {
            inline
                .clone()
                .or_else(|| iter.next())
                .ok_or_else(|| format!("`{name}` needs a value"))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Parsed::Help),
            "-V" | "--version" => return Ok(Parsed::Version),
            "--panics" => panics = true,
            "--graph" => graph = Some(PathBuf::from(value("--graph")?)),
            "--message-format" => {
                let format = value("--message-format")?;
                request.json = match format.to_str() {
                    Some(
                        "json"
                        | "json-diagnostic-short"
                        | "json-diagnostic-rendered-ansi"
                        | "json-render-diagnostics",
                    ) => true,
                    Some("human" | "short") => false,
                    _ => {
                        return Err(format!(
                            "unknown message format `{}`: use `human` or `json`",
                            format.to_string_lossy()
                        ))
                    }
                };
            }
            "--target-dir" => request.target_dir = Some(PathBuf::from(value("--target-dir")?)),
            "--manifest-path" => {
                let path = value("--manifest-path")?;
                request
                    .cargo_args
                    .extend(["--manifest-path".into(), path.clone()]);
                request.manifest_path = Some(path);
            }
            "--target" => {
                let target = value("--target")?;
                request
                    .cargo_args
                    .extend(["--target".into(), target.clone()]);
                request.target = Some(target.to_string_lossy().into_owned());
            }
            "--profile" => {
                let profile = value("--profile")?;
                request
                    .cargo_args
                    .extend(["--profile".into(), profile.clone()]);
                request.profile = Some(profile.to_string_lossy().into_owned());
            }
            _ => request.cargo_args.push(arg),
        }
    }
    Ok(Parsed::Run(Args {
        request,
        panics,
        graph,
    }))
}
