//! The command line, parsed by clap with cargo's own flag names (clap-cargo's selection flags), so that
//! `cargo ctxlock` takes what `cargo build` takes and says so in `--help`. ctxlock's own options are
//! few; the rest go to `cargo build`, which judges them.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{ColorChoice, Parser, ValueEnum};

use crate::build::Request;

/// `cargo ctxlock …` runs `cargo-ctxlock ctxlock …`: clap sees `cargo` with one subcommand.
#[derive(Parser)]
#[command(name = "cargo", bin_name = "cargo", styles = clap_cargo::style::CLAP_STYLING)]
enum Cargo {
    Ctxlock(Cli),
}

/// Checks the whole compiled program, from every #[nmi_safe] fn, for calls that may block, sleep,
/// allocate, use stdio or are not async-signal-safe, and prints the chain of calls to each.
#[derive(clap::Args)]
#[command(
    version,
    after_help = "\
The build has its own target directory (target/ctxlock unless --target-dir says otherwise).
Reviewed exceptions: `allow` entries in [package.metadata.ctxlock] or [workspace.metadata.ctxlock].

Exit status: 0 clean, 1 findings (or no root with --require-roots), 2 bad arguments or Cargo.toml
entries, cargo's status when the build fails."
)]
struct Cli {
    /// human (default), or json: cargo's `compiler-message` lines, as `cargo check
    /// --message-format=json` prints them, and a `ctxlock-summary` line before `build-finished`
    #[arg(long, value_name = "FMT", value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
    /// Write the chains to each finding as a Graphviz graph (and FILE.svg beside it when
    /// Graphviz's `dot` is installed)
    #[arg(long, value_name = "FILE")]
    graph: Option<PathBuf>,
    /// Also report panic paths (bounds and overflow checks, `expect`, unwinding cleanup): a panic in
    /// a signal handler runs the hook
    #[arg(long)]
    panics: bool,
    /// Fail when the selection has no #[nmi_safe] fn or nmi_safe_closure!, instead of passing with
    /// nothing checked
    #[arg(long)]
    require_roots: bool,
    /// Coloring: auto, always, never
    #[arg(long, value_name = "WHEN", value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    #[command(flatten, next_help_heading = "Package Selection")]
    workspace: clap_cargo::Workspace,
    #[command(flatten, next_help_heading = "Feature Selection")]
    features: clap_cargo::Features,
    #[command(flatten, next_help_heading = "Target Selection")]
    targets: Targets,
    #[command(flatten, next_help_heading = "Compilation Options")]
    compilation: Compilation,
    #[command(flatten, next_help_heading = "Manifest Options")]
    manifest: clap_cargo::Manifest,
    /// Anything else for `cargo build`, given as is
    #[arg(last = true, value_name = "CARGO BUILD ARGS")]
    rest: Vec<OsString>,
}

/// The values cargo takes; the JSON ones all mean "print messages as JSON lines" here.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MessageFormat {
    Human,
    Short,
    Json,
    JsonDiagnosticShort,
    JsonDiagnosticRenderedAnsi,
    JsonRenderDiagnostics,
}

/// cargo's target selection, with its names and meaning.
#[derive(clap::Args)]
struct Targets {
    /// Check only this package's library
    #[arg(long)]
    lib: bool,
    /// Check only the specified binary
    #[arg(long, value_name = "NAME")]
    bin: Vec<String>,
    /// Check all binaries
    #[arg(long)]
    bins: bool,
    /// Check only the specified example
    #[arg(long, value_name = "NAME")]
    example: Vec<String>,
    /// Check all examples
    #[arg(long)]
    examples: bool,
    /// Check only the specified test target
    #[arg(long, value_name = "NAME")]
    test: Vec<String>,
    /// Check all test targets
    #[arg(long)]
    tests: bool,
    /// Check only the specified bench target
    #[arg(long, value_name = "NAME")]
    bench: Vec<String>,
    /// Check all bench targets
    #[arg(long)]
    benches: bool,
    /// Check all targets
    #[arg(long)]
    all_targets: bool,
}

/// cargo's compilation options that change what is built or how cargo runs.
#[derive(clap::Args)]
struct Compilation {
    /// Build artifacts in release mode (at opt-level 0: calls stay calls)
    #[arg(short, long)]
    release: bool,
    /// Build artifacts with the specified profile
    #[arg(long, value_name = "PROFILE-NAME")]
    profile: Option<String>,
    /// Build for the target triple
    #[arg(long, value_name = "TRIPLE")]
    target: Option<String>,
    /// Directory for all generated artifacts (default: target/ctxlock)
    #[arg(long, value_name = "DIRECTORY")]
    target_dir: Option<PathBuf>,
    /// Number of parallel jobs
    #[arg(short, long, value_name = "N", allow_hyphen_values = true)]
    jobs: Option<String>,
    /// Do not abort the build as soon as there is an error
    #[arg(long)]
    keep_going: bool,
    /// Use verbose output (-vv very verbose)
    #[arg(short, long, action = clap::ArgAction::Count)]
    verbose: u8,
    /// Do not print cargo log messages
    #[arg(short, long)]
    quiet: bool,
    /// Assert that `Cargo.lock` will remain unchanged
    #[arg(long)]
    locked: bool,
    /// Run without accessing the network
    #[arg(long)]
    offline: bool,
    /// Equivalent to specifying both --locked and --offline
    #[arg(long)]
    frozen: bool,
    /// Override a configuration value
    #[arg(long, value_name = "KEY=VALUE|PATH")]
    config: Vec<String>,
    /// Unstable (nightly-only) flags to Cargo
    #[arg(short = 'Z', value_name = "FLAG")]
    unstable: Vec<String>,
}

/// What `cargo ctxlock` was asked to do.
pub struct Args {
    pub request: Request,
    pub panics: bool,
    pub graph: Option<PathBuf>,
    /// No root in the selection is a failure, not a note.
    pub require_roots: bool,
    /// Color the human diagnostics (never the JSON).
    pub color: ColorChoice,
}

/// Parses the arguments (`cargo-ctxlock ctxlock …` from cargo, or `cargo-ctxlock …` run directly);
/// on `--help`, `--version` or an error, clap prints it and exits (status 2 for an error).
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Args {
    let mut args: Vec<OsString> = args.into_iter().collect();
    if args.get(1).is_none_or(|a| a != "ctxlock") {
        args.insert(1.min(args.len()), "ctxlock".into());
    }
    let Cargo::Ctxlock(cli) = Cargo::parse_from(args);
    cli.into_args()
}

impl Cli {
    /// cargo's arguments again, in cargo's spelling, with what `build.rs` needs to know kept apart.
    fn into_args(self) -> Args {
        let mut cargo: Vec<OsString> = Vec::new();
        let mut flag = |name: &str, on: bool| {
            if on {
                cargo.push(name.into());
            }
        };
        flag(
            "--workspace",
            self.workspace.workspace || self.workspace.all,
        );
        flag("--all-features", self.features.all_features);
        flag("--no-default-features", self.features.no_default_features);
        let t = &self.targets;
        flag("--lib", t.lib);
        flag("--bins", t.bins);
        flag("--examples", t.examples);
        flag("--tests", t.tests);
        flag("--benches", t.benches);
        flag("--all-targets", t.all_targets);
        let c = &self.compilation;
        flag("--release", c.release);
        flag("--keep-going", c.keep_going);
        flag("--quiet", c.quiet);
        flag("--locked", c.locked);
        flag("--offline", c.offline);
        flag("--frozen", c.frozen);
        for _ in 0..c.verbose {
            cargo.push("--verbose".into());
        }
        let mut valued = |name: &str, values: &[String]| {
            for value in values {
                cargo.extend([name.into(), value.into()]);
            }
        };
        valued("--package", &self.workspace.package);
        valued("--exclude", &self.workspace.exclude);
        if !self.features.features.is_empty() {
            valued("--features", &[self.features.features.join(",")]);
        }
        valued("--bin", &t.bin);
        valued("--example", &t.example);
        valued("--test", &t.test);
        valued("--bench", &t.bench);
        valued("--profile", c.profile.as_slice());
        valued("--target", c.target.as_slice());
        valued("--jobs", c.jobs.as_slice());
        valued("--config", &c.config);
        valued("-Z", &c.unstable);
        let color = match self.color {
            ColorChoice::Auto => "auto",
            ColorChoice::Always => "always",
            ColorChoice::Never => "never",
        };
        valued("--color", &[color.to_string()]);
        if let Some(path) = &self.manifest.manifest_path {
            cargo.extend(["--manifest-path".into(), path.into()]);
        }
        cargo.extend(self.rest);
        Args {
            request: Request {
                cargo_args: cargo,
                manifest_path: self.manifest.manifest_path.map(OsString::from),
                target_dir: self.compilation.target_dir,
                target: self.compilation.target,
                profile: self.compilation.profile,
                json: !matches!(
                    self.message_format,
                    MessageFormat::Human | MessageFormat::Short
                ),
            },
            panics: self.panics,
            graph: self.graph,
            require_roots: self.require_roots,
            color: self.color,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    fn cargo_args(line: &str) -> Vec<String> {
        let args = parse(line.split(' ').map(Into::into));
        args.request
            .cargo_args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn keeps_cargos_selection() {
        assert_eq!(
            cargo_args("cargo-ctxlock ctxlock -p app --features a,b --example kexec --release"),
            [
                "--release",
                "--package",
                "app",
                "--features",
                "a,b",
                "--example",
                "kexec",
                "--color",
                "auto"
            ]
        );
        // Run directly, without cargo's `ctxlock` word.
        assert_eq!(
            cargo_args("cargo-ctxlock --all-targets --color=never -- --timings"),
            ["--all-targets", "--color", "never", "--timings"]
        );
    }

    #[test]
    fn json_and_own_options() {
        let args = parse(
            "cargo-ctxlock ctxlock --message-format=json-diagnostic-short --require-roots --target-dir t"
                .split(' ')
                .map(Into::into),
        );
        assert!(args.request.json && args.require_roots);
        assert_eq!(args.request.target_dir.unwrap().to_str(), Some("t"));
    }

    #[test]
    fn the_definition_is_consistent() {
        use clap::CommandFactory;
        super::Cargo::command().debug_assert();
    }
}
