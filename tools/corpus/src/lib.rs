//! The corpus test of ctxlock's attributes: real crates from crates.io, which no one here wrote, are
//! copied with `#[ctxlock::may_sleep]` (or, for crates that never block, `#[ctxlock::nmi_safe]`) on every
//! fn (free fns, methods, trait fns with and without a body, foreign fns), with no special case, and
//! must still build, with no warning that the unannotated copy does not have.
//! A false error on real code is worse than a missed one: people then rip the attribute out.
//!
//! `corpus::CORPUS` lists the crates and how each is built; where real code rightly breaks a rule, it
//! names the exact errors the build must give instead.

mod annotate;
mod cargo;
mod cfg;
pub mod corpus;
mod manifest;
mod modules;
mod report;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use annotate::{Attr, Count};
pub use report::{built, report};

/// One crate built once: unannotated, or with an attribute on every fn.
pub struct Outcome {
    /// The crate.
    pub name: String,
    /// Its version.
    pub version: String,
    /// Its edition.
    pub edition: String,
    /// `None` for the unannotated build that the others are compared with.
    pub attr: Option<Attr>,
    /// Built with its default features, or with none.
    pub default_features: bool,
    /// The files of the library.
    pub files: usize,
    /// The annotated fns.
    pub count: Count,
    /// How the build went.
    pub verdict: Verdict,
    /// Copying, annotating and building.
    pub took: Duration,
    /// The copy, to look at.
    pub dir: PathBuf,
}

/// How a build went, compared with what `corpus::CORPUS` expects.
pub enum Verdict {
    /// It builds, with no warning that the unannotated copy does not have.
    Builds,
    /// It fails with exactly the errors that `corpus::CORPUS` expects.
    FailsAsExpected,
    /// Anything else: the rendered diagnostics, or cargo's complaint.
    Wrong(Vec<String>),
}

/// Builds every crate of `CORPUS` in copies under `scratch`. `ctxlock` is the directory of the
/// ctxlock crate (whose `Cargo.lock` the copies use); `this` the manifest of this package.
pub fn run(
    ctxlock: &Path,
    this: &Path,
    scratch: &Path,
    mut progress: impl FnMut(&Outcome),
) -> Result<Vec<Outcome>, String> {
    let packages = cargo::dependencies(this, env!("CARGO_PKG_NAME"))?;
    fs::create_dir_all(scratch).map_err(context("create", scratch))?;
    let scratch = scratch.canonicalize().map_err(context("find", scratch))?;
    let ctxlock = ctxlock.canonicalize().map_err(context("find", ctxlock))?;
    let mut outcomes = Vec::new();
    for entry in corpus::CORPUS {
        let package = packages
            .iter()
            .find(|p| p.name == entry.name)
            .ok_or_else(|| {
                let this = env!("CARGO_PKG_NAME");
                format!("{} is in CORPUS but not a dependency of {this}", entry.name)
            })?;
        let published = fs::read_to_string(package.dir.join("Cargo.toml"))
            .map_err(context("read", &package.dir))?;
        for default_features in [true, false] {
            let builds: Vec<_> = entry
                .builds
                .iter()
                .filter(|b| b.default_features == default_features)
                .collect();
            if builds.is_empty() {
                continue;
            }
            let manifest = manifest::for_copy(&published, &ctxlock, default_features)
                .map_err(|e| format!("{}: Cargo.toml: {e}", package.name))?;
            let copy = Copy {
                package,
                manifest: &manifest,
                ctxlock: &ctxlock,
                default_features,
                scratch: &scratch,
            };
            copy.build_all(&builds, &mut |outcome| {
                progress(&outcome);
                outcomes.push(outcome);
            })?;
        }
    }
    Ok(outcomes)
}

/// Compares an annotated build with the unannotated one and with the errors it should give.
fn judge(checked: &cargo::Checked, plain: &cargo::Checked, expected: &[&str]) -> Verdict {
    let mut errors: Vec<&str> = checked
        .diagnostics
        .iter()
        .filter(|d| d.level == "error")
        .map(|d| d.message.as_str())
        .collect();
    let mut expected = expected.to_vec();
    errors.sort_unstable();
    expected.sort_unstable();
    // Warnings are compared by file and line, which the copies keep, and by text.
    let new = |d: &cargo::Diagnostic| {
        d.level == "error"
            || !plain
                .diagnostics
                .iter()
                .any(|p| (&p.code, &p.location, &p.message) == (&d.code, &d.location, &d.message))
    };
    if errors != expected || (expected.is_empty() && !checked.success) {
        let mut problems = complaints(checked, new);
        if !expected.is_empty() {
            problems.push(format!("expected exactly these errors: {expected:#?}"));
        }
        return Verdict::Wrong(problems);
    }
    let warnings: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.level == "warning" && new(d))
        .map(|d| d.rendered.clone())
        .collect();
    match (expected.is_empty(), warnings.is_empty()) {
        (_, false) => Verdict::Wrong(warnings),
        (true, true) => Verdict::Builds,
        (false, true) => Verdict::FailsAsExpected,
    }
}

/// The rendered diagnostics that `keep` selects; cargo's own complaint if it failed without any.
fn complaints(checked: &cargo::Checked, keep: impl Fn(&cargo::Diagnostic) -> bool) -> Vec<String> {
    let mut complaints: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| keep(d))
        .map(|d| d.rendered.clone())
        .collect();
    if complaints.is_empty() && !checked.success {
        complaints.push(checked.stderr.clone());
    }
    complaints
}

fn annotate_files(files: &[modules::File], attr: Attr, cfg: &cfg::Cfg) -> Result<Count, String> {
    let mut total = Count::default();
    for file in files {
        let source = fs::read_to_string(&file.path).map_err(context("read", &file.path))?;
        let (annotated, count) = annotate::annotate(&source, attr, cfg, file.active)
            .map_err(|e| format!("{}: {e}", file.path.display()))?;
        fs::write(&file.path, annotated).map_err(context("write", &file.path))?;
        total += count;
    }
    Ok(total)
}

/// How the copies of one crate with one set of features are made.
struct Copy<'a> {
    package: &'a cargo::Package,
    manifest: &'a str,
    ctxlock: &'a Path,
    default_features: bool,
    /// Where the copies go, and their shared target directory.
    scratch: &'a Path,
}

impl Copy<'_> {
    /// Builds the crate unannotated, then once per build of `builds`.
    fn build_all(
        &self,
        builds: &[&corpus::Build],
        done: &mut dyn FnMut(Outcome),
    ) -> Result<(), String> {
        let target_dir = self.scratch.join("target");
        let started = Instant::now();
        let plain_dir = self.scratch.join(self.dir_name(None));
        self.make(&plain_dir)?;
        let plain = cargo::check(&plain_dir, &target_dir, self.args());
        let cfg = cfg::Cfg::new(&plain.cfgs)?;
        let files = self.files(&plain_dir, &cfg)?;
        let verdict = if plain.success {
            Verdict::Builds
        } else {
            Verdict::Wrong(complaints(&plain, |_| true))
        };
        done(self.outcome(
            None,
            files.len(),
            Count::default(),
            verdict,
            started,
            plain_dir,
        ));
        for build in builds {
            let started = Instant::now();
            let dir = self.scratch.join(self.dir_name(Some(build.attr)));
            self.make(&dir)?;
            let files = self.files(&dir, &cfg)?;
            let count = annotate_files(&files, build.attr, &cfg)?;
            let checked = cargo::check(&dir, &target_dir, self.args());
            let expected = match build.expect {
                corpus::Expect::Builds => &[][..],
                corpus::Expect::Errors(errors) => errors,
            };
            let verdict = judge(&checked, &plain, expected);
            done(self.outcome(Some(build.attr), files.len(), count, verdict, started, dir));
        }
        Ok(())
    }

    fn dir_name(&self, attr: Option<Attr>) -> String {
        let features = if self.default_features {
            ""
        } else {
            "-no-default-features"
        };
        let attr = attr.map_or("plain", Attr::name);
        format!(
            "{}-{}{features}-{attr}",
            self.package.name, self.package.version
        )
    }

    fn args(&self) -> &'static [&'static str] {
        if self.default_features {
            &[]
        } else {
            &["--no-default-features"]
        }
    }

    /// A fresh copy in `dir`, with its manifest and this workspace's `Cargo.lock` (so that it builds
    /// offline with the versions of syn and quote that ctxlock is tested with).
    fn make(&self, dir: &Path) -> Result<(), String> {
        if dir.exists() {
            fs::remove_dir_all(dir).map_err(context("remove", dir))?;
        }
        copy_dir(&self.package.dir, dir).map_err(context("copy into", dir))?;
        fs::write(dir.join("Cargo.toml"), self.manifest).map_err(context("write", dir))?;
        let lockfile = self.ctxlock.join("Cargo.lock");
        fs::copy(&lockfile, dir.join("Cargo.lock")).map_err(context("copy", &lockfile))?;
        Ok(())
    }

    /// The files of the library in the copy in `dir`.
    fn files(&self, dir: &Path, cfg: &cfg::Cfg) -> Result<Vec<modules::File>, String> {
        let lib = self
            .package
            .lib
            .strip_prefix(&self.package.dir)
            .map_err(|e| e.to_string())?;
        modules::files(&dir.join(lib), cfg).map_err(|e| e.to_string())
    }

    fn outcome(
        &self,
        attr: Option<Attr>,
        files: usize,
        count: Count,
        verdict: Verdict,
        started: Instant,
        dir: PathBuf,
    ) -> Outcome {
        Outcome {
            name: self.package.name.clone(),
            version: self.package.version.clone(),
            edition: self.package.edition.clone(),
            attr,
            default_features: self.default_features,
            files,
            count,
            verdict,
            took: started.elapsed(),
            dir,
        }
    }
}

fn context<'a>(what: &'a str, path: &'a Path) -> impl FnOnce(std::io::Error) -> String + 'a {
    move |e| format!("{what} {}: {e}", path.display())
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cargo::{Checked, Diagnostic};

    fn diagnostic(level: &str, line: u32, message: &str) -> Diagnostic {
        Diagnostic {
            level: level.to_owned(),
            code: String::new(),
            location: format!("src/lib.rs:{line}"),
            message: message.to_owned(),
            rendered: format!("{level}: {message}"),
        }
    }

    fn checked(success: bool, diagnostics: Vec<Diagnostic>) -> Checked {
        Checked {
            success,
            diagnostics,
            cfgs: Vec::new(),
            stderr: "cargo failed".to_owned(),
        }
    }

    fn wrong(verdict: Verdict) -> Vec<String> {
        match verdict {
            Verdict::Wrong(problems) => problems,
            _ => panic!("not wrong"),
        }
    }

    #[test]
    fn a_warning_of_the_unannotated_build_is_no_problem_and_a_new_one_is() {
        let plain = checked(true, vec![diagnostic("warning", 3, "unused")]);
        assert!(matches!(judge(&plain, &plain, &[]), Verdict::Builds));
        let moved = checked(true, vec![diagnostic("warning", 4, "unused")]);
        assert_eq!(wrong(judge(&moved, &plain, &[])), ["warning: unused"]);
    }

    #[test]
    fn expected_errors_must_be_exactly_those() {
        let plain = checked(true, Vec::new());
        let vec = diagnostic("error", 9, "`vec!` allocates");
        let two = checked(false, vec![vec.clone(), vec.clone()]);
        assert!(matches!(
            judge(&two, &plain, &["`vec!` allocates", "`vec!` allocates"]),
            Verdict::FailsAsExpected
        ));
        assert_eq!(
            wrong(judge(&two, &plain, &["`vec!` allocates"]))[0],
            "error: `vec!` allocates"
        );
        assert!(
            !wrong(judge(&plain, &plain, &["`vec!` allocates"])).is_empty(),
            "it built instead"
        );
    }

    #[test]
    fn a_failure_without_diagnostics_shows_what_cargo_said() {
        let plain = checked(true, Vec::new());
        assert_eq!(
            wrong(judge(&checked(false, Vec::new()), &plain, &[])),
            ["cargo failed"]
        );
    }
}
