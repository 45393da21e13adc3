//! `cargo ctxlock`: the whole-program check of ctxlock. It builds the program the way `cargo build`
//! would, reads the LLVM IR of every crate, and follows every call out of each `#[nmi_safe]` fn to
//! whatever may block, sleep, allocate or is not async-signal-safe, printing the chain that leads
//! there. See the crate docs (`lib.rs` of this package is its README) for the method and its limits.

use cargo_ctxlock::{allow, args, attr_errors, build, dot, graph, ir, paths, report};

use std::collections::{BTreeSet, HashMap};
use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Instant;

use clap::ColorChoice;
use serde_json::json;

fn main() -> ExitCode {
    let args = args::parse(std::env::args_os());
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            ExitCode::from(2)
        }
    }
}

fn run(args: &args::Args) -> Result<ExitCode, String> {
    let started = Instant::now();
    // Before the build: a malformed entry should not cost a build to learn about.
    let mut allow = allow::load(args.request.manifest_path.as_deref())?;
    let build = build::run(&args.request)?;
    let built = Instant::now();
    if !build.success {
        if args.request.json {
            println!("{}", json!({"reason": "build-finished", "success": false}));
        }
        // cargo's own error is on stderr already; its status is ours.
        return Ok(ExitCode::from(
            build
                .status
                .and_then(|s| u8::try_from(s).ok())
                .unwrap_or(101),
        ));
    }

    let (programs, whole) = programs(&build)?;
    if !whole {
        eprintln!(
            "note: this selection links no program (bin, example, test …), so std, core and alloc are \
             known only through ctxlock's table of their fns, not read from their code; \
             add `--tests` or `--examples` to check through them"
        );
    }

    // One program at a time: with whole-program modules each is tens of MB, read, checked and dropped.
    let mut sources = report::Sources::new(&build.workspace_root);
    let options = graph::Options {
        panics: args.panics,
    };
    let mut roots = BTreeSet::new();
    let mut picture = dot::Picture::default();
    let mut found: BTreeSet<report::Diagnostic> = BTreeSet::new();
    let mut allowed: BTreeSet<report::Diagnostic> = BTreeSet::new();
    let mut checked_packages = BTreeSet::new();
    let mut rule_errors = Vec::new();
    let mut owner: HashMap<report::Diagnostic, usize> = HashMap::new();
    let (mut ir_bytes, mut fns, mut calls) = (0, 0, 0);
    let mut reading = std::time::Duration::ZERO;
    for program_units in &programs {
        let reading_from = Instant::now();
        let mut texts = Vec::with_capacity(program_units.len());
        for &unit in program_units {
            let text = read_ir(&build.units[unit])?;
            ir_bytes += text.len();
            texts.push(text);
        }
        let modules: Vec<ir::Module> = texts
            .iter()
            .zip(program_units)
            .map(|(text, &unit)| {
                let module = ir::parse(text).map_err(|e| {
                    format!(
                        "cannot read the LLVM IR in {}: {e}\nThis rustc may print IR in a shape this cargo-ctxlock does not know; please report it with `rustc -vV`.",
                        ir_path(&build.units[unit]).display()
                    )
                })?;
                let errors = attr_errors::read(text, &module, &sources);
                rule_errors.extend(errors.into_iter().map(|error| (error, unit)));
                Ok(module)
            })
            .collect::<Result<_, String>>()?;
        fns += modules.iter().map(|m| m.functions.len()).sum::<usize>();
        calls += modules
            .iter()
            .flat_map(|m| &m.functions)
            .map(|f| f.calls.len())
            .sum::<usize>();
        reading += reading_from.elapsed();
        let selected: Vec<&ir::Module> = modules.iter().collect();
        let program = graph::Program::build(&selected, whole.then_some(0));
        // One module with every crate's code in it can be run, to drop what no path reaches.
        let paths = match (&modules[..], &texts[..]) {
            ([module], [text]) if whole => Some(paths::Paths::new(text, module)),
            _ => None,
        };
        for &root in program.roots() {
            let node = &program.nodes[root];
            roots.insert((node.def.clone(), node.name.clone()));
            let unit = program_units[node.module.unwrap_or(0)];
            let package = &build.units[unit].package_id;
            checked_packages.insert(package.clone());
            for violation in program.check(root, &options, paths.as_ref()) {
                let diagnostic = report::diagnose(&program, &violation, &sources);
                let callees = violation.chain.iter().filter(|hop| hop.from != hop.to);
                let callees: Vec<String> = callees
                    .map(|hop| report::short(&program.nodes[hop.to].name))
                    .collect();
                let finding = allow::Finding {
                    root: &report::short(&node.name),
                    package,
                    callees: callees.iter().map(String::as_str).collect(),
                };
                if allow.covers(&finding) {
                    allowed.insert(diagnostic);
                    continue;
                }
                picture.add(&program, &violation, &sources);
                owner.entry(diagnostic.clone()).or_insert(unit);
                found.insert(diagnostic);
            }
        }
    }

    // The attributes' own errors, where `cargo check` puts them; a finding at the same call says the
    // same thing less directly.
    let places: BTreeSet<_> = rule_errors
        .iter()
        .map(|(e, _)| (e.file.clone(), e.line, e.column))
        .collect();
    found.retain(|d| !places.contains(&(d.file.clone(), d.line, d.column)));
    for (error, unit) in rule_errors {
        owner.entry(error.clone()).or_insert(unit);
        found.insert(error);
    }

    // For scripts/bench-ctxlock: where the time goes.
    if std::env::var_os("CTXLOCK_TIMINGS").is_some() {
        let secs = |from: Instant, to: Instant| to.duration_since(from).as_secs_f64();
        eprintln!(
            "cargo-ctxlock timings: build {:.3} s, read {:.3} s, check {:.3} s; {} bytes of IR, {fns} fns, {calls} calls, {} programs",
            secs(started, built),
            reading.as_secs_f64(),
            (Instant::now().duration_since(built) - reading).as_secs_f64(),
            ir_bytes,
            programs.len()
        );
    }
    let color = !args.request.json
        && match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::io::stderr().is_terminal(),
        };
    for diagnostic in &found {
        let rendered = report::render(diagnostic, &mut sources, color);
        if args.request.json {
            let plain = report::render(diagnostic, &mut sources, false);
            let unit = &build.units[owner[diagnostic]];
            let message = report::json(diagnostic, &mut sources, &plain);
            println!(
                "{}",
                json!({
                    "reason": "compiler-message",
                    "package_id": unit.package_id,
                    "manifest_path": unit.manifest_path,
                    "target": unit.target,
                    "message": message,
                })
            );
        } else {
            eprintln!("{rendered}\n");
        }
    }
    let checked_packages: Vec<&str> = checked_packages.iter().map(String::as_str).collect();
    for entry in allow.unused(&checked_packages) {
        eprintln!(
            "warning: {}: this `allow` entry covers no finding: remove it, or check its pattern",
            entry.at
        );
    }
    // A finding both allowed (in one program) and not (in another) is reported.
    allowed.retain(|d| !found.contains(d));
    let success = found.is_empty() && !(roots.is_empty() && args.require_roots);
    if args.request.json {
        // A reason of our own, which readers of cargo's messages skip: cargo_metadata's
        // `Message::parse_stream` reads it as a `TextLine`, like a build script's stray output.
        let summary = json!({
            "reason": "ctxlock-summary",
            "roots": roots.len(),
            "findings": found.len(),
            "allowed": allowed.len(),
            "success": success,
        });
        println!("{summary}");
        println!(
            "{}",
            json!({"reason": "build-finished", "success": success})
        );
    }
    if let Some(path) = &args.graph {
        write_graph(path, &picture)?;
    }
    // The attributes' own errors come without a root when their fn is not compiled (dead code).
    if roots.is_empty() && found.is_empty() {
        if args.require_roots {
            eprintln!("error: cargo ctxlock: no `#[nmi_safe]` fn in this build, and --require-roots asks for one");
            return Ok(ExitCode::from(1));
        }
        eprintln!("note: no `#[nmi_safe]` fn in this build: nothing to check");
        return Ok(ExitCode::SUCCESS);
    }
    let noun = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let allowed = match allowed.len() {
        0 => String::new(),
        n => format!("; {} allowed by Cargo.toml", noun(n, "finding", "findings")),
    };
    if found.is_empty() {
        eprintln!(
            "cargo ctxlock: {} checked, nothing reached that may block, sleep or allocate{allowed}",
            noun(roots.len(), "`#[nmi_safe]` fn", "`#[nmi_safe]` fns")
        );
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "error: cargo ctxlock: {} in {} checked{allowed}",
            noun(found.len(), "violation", "violations"),
            noun(roots.len(), "`#[nmi_safe]` fn", "`#[nmi_safe]` fns")
        );
        Ok(ExitCode::from(1))
    }
}

/// The programs to check, as the units whose IR makes each one, and whether each is whole (one
/// module with every crate's code, std's included). Each linked artifact is a whole program: fat LTO
/// wrote its module. A selection that links nothing (a library alone) is one program of all its
/// libraries' modules, with std precompiled. A unit whose IR is needed and missing is an error: a
/// smaller program would pass silently.
fn programs(build: &build::Build) -> Result<(Vec<Vec<usize>>, bool), String> {
    let finals: Vec<usize> = (0..build.units.len())
        .filter(|&u| build.units[u].is_final)
        .collect();
    let (programs, whole) = if finals.is_empty() {
        (vec![(0..build.units.len()).collect::<Vec<_>>()], false)
    } else {
        (finals.into_iter().map(|f| vec![f]).collect(), true)
    };
    if programs.iter().all(Vec::is_empty) {
        return Err("the build has no crate whose code could be read".into());
    }
    for unit in programs.iter().flatten().map(|&u| &build.units[u]) {
        if unit.ir.is_none() {
            return Err(format!(
                "the build left no LLVM IR for `{}` ({}), so it cannot be checked; was `--emit` overridden in RUSTFLAGS or the profile?",
                unit.target["name"].as_str().unwrap_or("?"),
                unit.manifest_path
            ));
        }
    }
    Ok((programs, whole))
}

fn ir_path(unit: &build::Unit) -> &std::path::Path {
    unit.ir.as_deref().unwrap_or(std::path::Path::new("?"))
}

fn read_ir(unit: &build::Unit) -> Result<String, String> {
    let path = ir_path(unit);
    std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))
}

/// The dot file, and an SVG beside it when Graphviz is there to draw it.
fn write_graph(path: &std::path::Path, picture: &dot::Picture) -> Result<(), String> {
    std::fs::write(path, picture.to_dot())
        .map_err(|e| format!("writing {}: {e}", path.display()))?;
    let svg = path.with_extension("svg");
    match std::process::Command::new("dot").arg("-Tsvg").arg(path).arg("-o").arg(&svg).status() {
        Ok(status) if status.success() => {
            eprintln!("note: wrote {} and {}", path.display(), svg.display());
        }
        Ok(status) => eprintln!("warning: wrote {}, but `dot -Tsvg` failed ({status})", path.display()),
        Err(_) => eprintln!(
            "note: wrote {}; Graphviz's `dot` is not installed, so no SVG (`dot -Tsvg {} -o {}` draws it)",
            path.display(),
            path.display(),
            svg.display()
        ),
    }
    if picture.is_empty() {
        eprintln!("note: no violation, so the graph is empty");
    }
    Ok(())
}
