//! `cargo run -p ctxlock-corpus [SCRATCH]`: the corpus run of `tests/corpus.rs`, by hand. The copies
//! go under SCRATCH (default: `target/corpus`); the table says what was annotated and how it built.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ctxlock_corpus::{Attr, Verdict};

fn main() -> ExitCode {
    let this = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ctxlock = this.join("../..");
    let scratch = std::env::args_os()
        .nth(1)
        .map_or_else(|| ctxlock.join("target/corpus"), PathBuf::from);
    let outcomes = ctxlock_corpus::run(&ctxlock, &this.join("Cargo.toml"), &scratch, |o| {
        let attr = o.attr.map_or("-", Attr::name);
        eprintln!(
            "{} {} {attr}: {} fns, {:.1}s",
            o.name,
            o.version,
            o.count.fns,
            o.took.as_secs_f64()
        );
        if let Verdict::Wrong(problems) = &o.verdict {
            eprintln!("{}: wrong:\n{}", o.dir.display(), problems.join("\n"));
        }
    });
    match outcomes {
        Ok(outcomes) => {
            print!("{}", ctxlock_corpus::report(&outcomes));
            let wrong = outcomes
                .iter()
                .any(|o| matches!(o.verdict, Verdict::Wrong(_)));
            if wrong {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
