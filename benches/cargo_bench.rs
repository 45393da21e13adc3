//! What `cargo bench` at the workspace root runs: the benchmarks of the `ctxlock-benches` crate in
//! `benches/`. They live in a crate of their own so that `cargo test` never builds criterion; this
//! forwards to `cargo bench -p ctxlock-benches`, with the same filters and options.

use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !args.iter().any(|arg| arg == "--bench") {
        return ExitCode::SUCCESS; // `cargo test --benches`: there is nothing to test here.
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    let status = Command::new(cargo)
        .args([
            "bench",
            "--manifest-path",
            manifest,
            "-p",
            "ctxlock-benches",
            "--",
        ])
        .args(args.iter().filter(|arg| *arg != "--bench"))
        .status();
    match status {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(status) => {
            eprintln!("cargo bench -p ctxlock-benches: {status}");
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("cannot run cargo: {error}");
            ExitCode::FAILURE
        }
    }
}
