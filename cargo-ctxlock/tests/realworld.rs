//! The real-world suite: signal handlers from crates.io, annotated the way a user would, checked by the
//! real `cargo ctxlock`. Each handler's truth is written by hand in `HANDLERS`: clean, or the calls in
//! it that really may block, sleep, allocate or are not async-signal-safe, with the category.
//!
//! How: a scratch package (`realworld/Cargo.toml.in`, with the pinned `realworld/Cargo.lock`) lets
//! cargo download each crate at its exact version; its source, found through `cargo metadata`, is
//! copied beside the package, `#[ctxlock::nmi_safe]` is put in front of the handler's `fn`, or
//! `ctxlock::nmi_safe_closure!( … )` around a handler that is a closure (on the same lines, so line
//! numbers stay the registry's), `ctxlock` becomes one of its dependencies, and
//! `[patch.crates-io]` puts the copy in place of the original. A small bin per crate
//! (`realworld/bin/*.rs`) installs the handler, so that it is part of a linked program. Nothing of
//! the crates is kept in this repository.
//!
//! A handler that the attribute itself rejects (a hazard in its own tokens) does not compile with
//! `cargo check`, though `cargo ctxlock` reports the attribute's errors as `ctxlock::attribute` and
//! goes on (backtrace-on-stack-overflow's `eprintln!`, crash-handler's `HANDLER.lock()`), so such a
//! handler is in the package too. `REJECTED_BY_THE_ATTRIBUTE` lists handlers checked by `cargo
//! check` of a package of their own (`realworld/attribute.Cargo.lock`), where the attribute's errors
//! must be exactly at the hazards written down.
//!
//! The test prints the false and missed counts (`scripts/bench-ctxlock-realworld` reads them) and
//! fails on any handler whose verdict differs from the truth, unless `KNOWN_WRONG` lists it; a listed
//! handler that comes out right fails the test too, so that the list only shrinks.
//!
//! Needs crates.io, or the crates in cargo's cache.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// One handler and its truth.
struct Handler {
    /// The crate, as in `[dependencies]`, at the exact version of `realworld/Cargo.lock`.
    krate: &'static str,
    version: &'static str,
    /// The file of the handler in the crate, and the start of the line that declares it: a `fn`,
    /// which gets `#[ctxlock::nmi_safe]`, or a line with a closure (`Ok(move || {`), which
    /// `ctxlock::nmi_safe_closure!` wraps, as a user would a handler handed to a registry.
    file: &'static str,
    declaration: &'static str,
    /// Each call that really is a hazard: its line in the registry's file, a piece of that line's
    /// text (a guard against a misread line), and the category codes (`ctxlock::` left off) that
    /// name it correctly, `|` between alternatives. Empty: the handler is async-signal-safe.
    hazards: &'static [(u32, &'static str, &'static str)],
    /// Why the verdict is what it is, and the public evidence for it.
    why: &'static str,
}

const HANDLERS: &[Handler] = &[
    Handler {
        krate: "tokio",
        version: "1.54.1",
        file: "src/signal/unix.rs",
        declaration: "fn action(globals: &'static Globals",
        hazards: &[],
        why: "sets an AtomicBool of the signal's slot, then one write(2) of one byte to a \
              UnixStream, and drops the io::Result (an error from errno owns no heap)",
    },
    Handler {
        krate: "signal-hook-registry",
        version: "1.4.8",
        file: "src/lib.rs",
        declaration: "extern \"C\" fn handler(sig: c_int, info: *mut siginfo_t",
        hazards: &[],
        why: "reads the registered actions through its own lock-free HalfLock (atomics), calls \
              them, and the previous handler; it exists to be async-signal-safe. The actions of \
              the bins: signal-hook's flag and pipe actions (an atomic store, a send(2)), its \
              conditional shutdown (`low_level::exit`: _exit(2)) and conditional default \
              (`emulate_default_handler`: sigaction, sigemptyset, sigaddset, sigprocmask, raise, \
              abort, all on POSIX's list; its errors are `from_raw_os_error`, no heap), tokio's \
              `action`, signal-hook's iterator action (iterator/backend.rs line 139: a store in a \
              lock-free Channel of siginfo_t, then `pipe::wake` through a `dyn SelfPipeWrite`), \
              and async-signal 0.2.14's closure (pipe.rs line 48: one write(2) of the signal's \
              number to a non-blocking UnixStream, the result dropped)",
    },
    Handler {
        krate: "signal-hook",
        version: "0.3.18",
        file: "src/low_level/pipe.rs",
        declaration: "pub(crate) fn wake(pipe: RawFd, method: WakeMethod)",
        hazards: &[],
        why: "one send(2) or write(2) of one byte on a non-blocking fd, errors ignored",
    },
    Handler {
        krate: "ctrlc",
        version: "3.5.3",
        file: "src/platform/unix/mod.rs",
        declaration: "extern \"C\" fn os_handler(",
        hazards: &[],
        why: "sem_post(3), which POSIX lists as async-signal-safe",
    },
    Handler {
        krate: "pprof",
        version: "0.15.0",
        file: "src/profiler.rs",
        declaration: "extern \"C\" fn perf_signal_handler(",
        hazards: &[
            // backtrace-rs → libgcc's _Unwind_Backtrace, which takes the unwinder's lock and
            // dl_iterate_phdr's: tikv/pprof-rs#36, tikv/tikv#11108, the README's warning.
            (355, "TraceImpl::trace(ucontext", "not_signal_safe|blocks"),
            // pthread_getname_np is not async-signal-safe (POSIX does not list it; glibc's page
            // marks it MT-Safe only).
            (377, "write_thread_name(current_thread", "not_signal_safe"),
            // Hashing the frames calls backtrace's `symbol_address`, libgcc's
            // _Unwind_FindEnclosingFunction: the same unwinder lock and dl_iterate_phdr.
            (380, "profiler.sample(", "not_signal_safe|blocks"),
            // When the write of a full buffer to the temp file fails, tempfile's `with_err_path`
            // boxes a new io::Error with a PathBuf, and `sample` drops it: malloc and free.
            (380, "profiler.sample(", "allocates"),
            // The release of the write guard at the end (line 382) is no hazard: in 0.15.0
            // PROFILER is a `spin::RwLock` (profiler.rs line 10), whose release is one atomic
            // operation. (This table once expected parking_lot's unlock slow path there, which
            // takes a bucket lock, as in tikv/tikv#18474; that is not this version's lock.)
            // Nor is `PROFILER.try_write()` at line 292, though PROFILER is a `Lazy`: the bin's
            // `ProfilerGuard::new` derefs it (line 123) before `register_signal_handler` installs
            // the handler, so the handler finds it set and never waits for an initialiser.
            // `SmallVec::with_capacity(MAX_DEPTH)` at line 351 is no hazard either: MAX_DEPTH is
            // the inline capacity, so it does not allocate.
        ],
        why: "the CPU profiler's SIGPROF handler: the unwinder's locks (publicly reported \
              deadlocks), and calls around them that are not async-signal-safe or allocate",
    },
    Handler {
        krate: "rustyline",
        version: "17.0.2",
        file: "src/tty/unix.rs",
        declaration: "extern \"C\" fn sig_handler(sig: libc::c_int)",
        hazards: &[],
        why: "maps the signal to a byte and writes it to a pipe with nix's `unistd::write` \
              (one write(2)), dropping the `Result<usize, Errno>`",
    },
    Handler {
        krate: "wait-timeout",
        version: "0.2.1",
        file: "src/unix.rs",
        declaration: "extern \"C\" fn sigchld_handler(",
        hazards: &[],
        why: "one write(2) of one byte to a non-blocking UnixStream (`notify`, line 229), then a \
              call of the SIGCHLD handler it replaced, read back from sigaction(2) as an integer \
              (lines 259-268): code outside the program, which the bin installs none of. \
              `notify` panics on a write error other than WouldBlock (line 233): a panic, which \
              only `--panics` reports",
    },
    Handler {
        krate: "simple-signal",
        version: "1.1.1",
        file: "src/lib.rs",
        declaration: "pub extern \"C\" fn handler(sig: c_int)",
        hazards: &[
            // CVAR is a `lazy_static!` Condvar: its Deref is `Once::call_once` (lazy_static
            // 1.5.1, inline_lazy.rs), which waits on a futex while another thread runs the
            // initialiser. `set_handler` installs the handler before it spawns the thread whose
            // first `CVAR.wait` initialises CVAR, so the signal can land on that thread inside the
            // initialiser and wait for itself. (`notify_all` itself is one FUTEX_WAKE.)
            (83, "CVAR.notify_all()", "blocks"),
        ],
        why: "sets a bit of an atomic mask, then wakes the user's thread with a Condvar \
              behind a lazy_static, whose first use may wait for another thread's (or its own \
              thread's) initialisation",
    },
    Handler {
        krate: "backtrace-on-stack-overflow",
        version: "0.3.0",
        file: "src/lib.rs",
        declaration: "extern \"C\" fn handle_sigsegv(",
        hazards: &[
            // eprintln! takes the stderr lock: the attribute says so at the macro.
            (94, "eprintln!(", "attribute"),
            // backtrace 0.3.77's `Backtrace::new` walks the stack with libgcc's _Unwind_Backtrace
            // (the unwinder's lock and dl_iterate_phdr's), ...
            (94, "backtrace::Backtrace::new()", "not_signal_safe"),
            // ... first taking the crate's global std Mutex (`lock::lock`, lib.rs line 227), which
            // waits while another thread takes a backtrace ...
            (94, "backtrace::Backtrace::new()", "blocks"),
            // ... and collects and resolves the frames into Vecs (capture.rs). The crate's own
            // docs say it "is unsuited for being enabled in production".
            (94, "backtrace::Backtrace::new()", "allocates"),
        ],
        why: "prints a resolved backtrace to stderr from a SIGSEGV/SIGABRT handler, then \
              abort(3), which is async-signal-safe",
    },
    Handler {
        krate: "signal-notify",
        version: "0.1.3",
        file: "src/lib.rs",
        declaration: "extern \"C\" fn signal_handler(",
        hazards: &[],
        why: "one libc::write(2) of the signal's number to the pipe whose fds are a `static mut` \
              array (line 73); the Mutex'd HashMap of senders (line 76) is used by its own thread \
              only, never by the handler",
    },
    Handler {
        krate: "crash-handler",
        version: "0.6.3",
        file: "src/linux/state.rs",
        declaration: "unsafe extern \"C\" fn signal_handler(",
        hazards: &[
            // The parking_lot Mutex HANDLER, in the handler's own tokens: the attribute's error
            // (the whole-program finding at the same call is left out).
            (346, "HANDLER.lock()", "attribute"),
            // `handle_signal` locks the parking_lot Mutex CRASH_CONTEXT (line 438). Its other
            // calls are prctl(2) and gettid(2) as raw syscalls, getpid, memset/memcpy and the
            // user's callback, which here returns at once.
            (349, "handler.handle_signal(info, uc)", "blocks"),
            // HANDLER's guard is dropped at the end of the block: when a thread is parked on the
            // Mutex, parking_lot's unlock slow path takes the lock of a bucket of its global
            // table (`unpark_one`), which the interrupted thread may hold (tikv/tikv#18474).
            (359, "};", "blocks"),
            // `restore_handlers` locks the parking_lot Mutex OLD_HANDLERS (line 195), then
            // sigaction(2).
            (373, "restore_handlers()", "blocks"),
        ],
        why: "a crash reporter's handler: three parking_lot Mutexes, locked and unlocked \
              (parking's first use also allocates its hashtable, behind the wait that is \
              reported); the rest is sigaction, sigemptyset, sigaddset, signal, siglongjmp \
              (only when the callback asks for a jump), raw gettid/tgkill/prctl syscalls, \
              getpid and _exit, all async-signal-safe",
    },
    Handler {
        krate: "async-signal",
        version: "0.2.14",
        file: "src/pipe.rs",
        declaration: "Ok(move || {",
        hazards: &[],
        why: "the closure that signal-hook-registry's handler runs: one write(2) of the \
              signal's number to a non-blocking UnixStream, the io::Result dropped",
    },
];

/// Handlers the check gets wrong today, with what is wrong. The goal is an empty list.
const KNOWN_WRONG: &[(&str, &str)] = &[];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/realworld")
}

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Writes a file only if its content changes: cargo fingerprints path crates by mtime, so an
/// unchanged tree is not rebuilt on the next run.
fn write_if_changed(path: &Path, content: &[u8]) {
    if fs::read(path).is_ok_and(|old| old == content) {
        return;
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    // The registry's files may be read-only; a copy of one is replaced, not opened for writing.
    let _ = fs::remove_file(path);
    fs::write(path, content).unwrap();
}

/// A copy of a directory tree, except the files `skip` (relative paths) that the caller writes.
fn copy_tree(from: &Path, to: &Path, skip: &[&Path]) {
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        for entry in fs::read_dir(from.join(&relative)).unwrap() {
            let entry = entry.unwrap();
            let path = relative.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                pending.push(path);
            } else if !skip.contains(&path.as_path()) {
                write_if_changed(&to.join(&path), &fs::read(entry.path()).unwrap());
            }
        }
    }
}

/// The scratch workspace: the package from `Cargo.toml.in` with the pinned lock, its bins, and with
/// `patch` the annotated copies of the crates patched in.
fn write_package(dir: &Path, patch: &str) {
    let manifest = fs::read_to_string(suite_dir().join("Cargo.toml.in"))
        .unwrap()
        .replace("@CTXLOCK@", &workspace().display().to_string());
    write_if_changed(
        &dir.join("Cargo.toml"),
        format!("{manifest}{patch}").as_bytes(),
    );
    write_if_changed(
        &dir.join("Cargo.lock"),
        &fs::read(suite_dir().join("Cargo.lock")).unwrap(),
    );
    let bins: Vec<PathBuf> = fs::read_dir(suite_dir().join("bin"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    fs::create_dir_all(dir.join("src/bin")).unwrap();
    // Stale bins from renamed ones would be built too.
    for entry in fs::read_dir(dir.join("src/bin")).unwrap() {
        let path = entry.unwrap().path();
        if !bins.iter().any(|b| b.file_name() == path.file_name()) {
            fs::remove_file(path).unwrap();
        }
    }
    for path in bins {
        write_if_changed(
            &dir.join("src/bin").join(path.file_name().unwrap()),
            &fs::read(&path).unwrap(),
        );
    }
}

/// Where cargo unpacked each crate of the table: `cargo metadata` of the unpatched package.
fn sources(dir: &Path, handlers: &[Handler]) -> BTreeMap<&'static str, PathBuf> {
    let output = cargo()
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cargo metadata: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut found = BTreeMap::new();
    for handler in handlers {
        let package = metadata["packages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == handler.krate && p["version"] == handler.version)
            .unwrap_or_else(|| {
                panic!(
                    "{} {} is not in the pinned lock",
                    handler.krate, handler.version
                )
            });
        let manifest = PathBuf::from(package["manifest_path"].as_str().unwrap());
        found.insert(handler.krate, manifest.parent().unwrap().to_path_buf());
    }
    found
}

/// Copies a crate beside the package, puts the attribute on its handler and `ctxlock` among its
/// dependencies. Returns the `[patch.crates-io]` line.
fn annotate(dir: &Path, handler: &Handler, source: &Path) -> String {
    let copy = dir
        .join("patched")
        .join(format!("{}-{}", handler.krate, handler.version));
    copy_tree(
        source,
        &copy,
        &[Path::new(handler.file), Path::new("Cargo.toml")],
    );
    let text = fs::read_to_string(source.join(handler.file)).unwrap();
    let matches = text
        .lines()
        .filter(|l| l.trim_start().starts_with(handler.declaration))
        .count();
    assert_eq!(
        matches, 1,
        "{}: `{}` must start exactly one line of {}",
        handler.krate, handler.declaration, handler.file
    );
    let mut annotated: Vec<String> = text.lines().map(str::to_string).collect();
    let at = annotated
        .iter()
        .position(|l| l.trim_start().starts_with(handler.declaration))
        .unwrap();
    if handler.declaration.contains("fn ") {
        let line = &annotated[at];
        let indent = &line[..line.len() - line.trim_start().len()];
        annotated[at] = format!("{indent}#[ctxlock::nmi_safe] {}", line.trim_start());
    } else {
        wrap_closure(&mut annotated, at, handler.krate);
    }
    write_if_changed(
        &copy.join(handler.file),
        (annotated.join("\n") + "\n").as_bytes(),
    );
    // A table of its own at the end: valid next to either style of `[dependencies]`.
    let mut manifest = fs::read_to_string(source.join("Cargo.toml")).unwrap();
    manifest.push_str(&format!(
        "\n[dependencies.ctxlock]\npath = \"{}\"\n",
        workspace().display()
    ));
    write_if_changed(&copy.join("Cargo.toml"), manifest.as_bytes());
    format!(
        "{} = {{ path = \"patched/{}-{}\" }}\n",
        handler.krate, handler.krate, handler.version
    )
}

/// Wraps the closure that starts on line `at` (its first `move |`, else its first `|`) in
/// `ctxlock::nmi_safe_closure!( … )`, the `)` after the `}` that closes its body: both on the lines
/// they are on, so that line numbers stay the registry's. Braces are counted as text, so the body
/// must have none in its strings or chars; the suite's closures have none.
fn wrap_closure(lines: &mut [String], at: usize, krate: &str) {
    let start = lines[at]
        .find("move |")
        .or_else(|| lines[at].find('|'))
        .unwrap_or_else(|| panic!("{krate}: no closure on line {}", at + 1));
    lines[at].insert_str(start, "ctxlock::nmi_safe_closure!(");
    let mut depth = 0;
    let mut from = start;
    for (index, line) in lines.iter_mut().enumerate().skip(at) {
        let mut end = None;
        for (offset, c) in line.char_indices().skip_while(|(i, _)| *i < from) {
            match c {
                '{' => depth += 1,
                '}' if depth == 1 => {
                    end = Some(offset + 1);
                    break;
                }
                '}' => depth -= 1,
                _ => {}
            }
        }
        if let Some(end) = end {
            line.insert(end, ')');
            return;
        }
        from = 0;
        assert!(
            depth > 0 || index == at,
            "{krate}: the closure of line {} has no braced body",
            at + 1
        );
    }
    panic!("{krate}: the closure of line {} never closes", at + 1);
}

/// A report of the run: (file relative to the package, line, code).
type Report = (String, u32, String);

struct Run {
    code: i32,
    reports: Vec<Report>,
    roots: usize,
    stderr: String,
}

fn check(dir: &Path) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_cargo-ctxlock"))
        .arg("ctxlock")
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(dir.join("target"))
        .args(["--message-format=json", "--bins"])
        // What cargo does for registry crates, which a patched copy no longer is: their lints are
        // not ours to fail on (rustyline's code trips a deny-by-default lint).
        .env("RUSTFLAGS", "--cap-lints=warn")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let mut reports = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" {
            continue;
        }
        let m = &message["message"];
        let span = &m["spans"][0];
        let code = m["code"]["code"].as_str().unwrap_or("");
        if let Some(code) = code.strip_prefix("ctxlock::") {
            reports.push((
                span["file_name"].as_str().unwrap_or("").to_string(),
                span["line_start"].as_u64().unwrap_or(0) as u32,
                code.to_string(),
            ));
        } else if m["level"] == "error" {
            panic!(
                "the suite does not compile:\n{}",
                m["rendered"].as_str().unwrap_or("")
            );
        }
    }
    // Several programs link the same library: one report per call and category.
    reports.sort();
    reports.dedup();
    let roots = stderr
        .lines()
        .rev()
        .find_map(|l| {
            let before = &l[..l.find(" `#[nmi_safe]` fn")?];
            let word = before.rsplit(' ').next()?;
            if word == "no" {
                Some(0)
            } else {
                word.parse().ok()
            }
        })
        .unwrap_or_else(|| panic!("no count of checked roots on stderr:\n{stderr}"));
    Run {
        code: output.status.code().unwrap_or(-1),
        reports,
        roots,
        stderr,
    }
}

/// One handler's comparison with the truth.
#[derive(Default)]
struct Verdict {
    missed: Vec<String>,
    false_reports: Vec<String>,
}

/// Where a handler's file is in the scratch package, as reports name it.
fn patched_file(handler: &Handler) -> String {
    format!(
        "patched/{}-{}/{}",
        handler.krate, handler.version, handler.file
    )
}

/// Compares the reports with the truth; `text` is the handler's file.
fn judge(handler: &Handler, text: &str, reports: &[Report]) -> Verdict {
    let file = patched_file(handler);
    let line_text = |line: u32| {
        text.lines()
            .nth(line as usize - 1)
            .unwrap_or("")
            .trim()
            .to_string()
    };
    for (line, piece, _) in handler.hazards {
        assert!(
            line_text(*line).contains(piece),
            "{}: line {line} of {} is `{}`, not `{piece}`: the table is misread",
            handler.krate,
            handler.file,
            line_text(*line)
        );
    }
    let mut verdict = Verdict::default();
    let mine: Vec<&Report> = reports.iter().filter(|r| r.0 == file).collect();
    let mut unmatched: Vec<&Report> = mine.clone();
    for (line, _, codes) in handler.hazards {
        // The first alternative that was reported, so that a second report at the same call
        // is left to be counted on its own.
        let hit = codes
            .split('|')
            .find_map(|code| unmatched.iter().position(|r| r.1 == *line && r.2 == code));
        match hit {
            Some(i) => {
                unmatched.remove(i);
            }
            None => verdict
                .missed
                .push(format!("line {line} `{}`: {codes}", line_text(*line))),
        }
    }
    for report in unmatched {
        verdict.false_reports.push(format!(
            "line {} `{}`: {}",
            report.1,
            line_text(report.1),
            report.2
        ));
    }
    verdict
}

#[test]
fn real_handlers() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ctxlock-realworld");
    fs::create_dir_all(&dir).unwrap();
    write_package(&dir, "");
    let sources = sources(&dir, HANDLERS);
    let mut patch = String::from("\n[patch.crates-io]\n");
    for handler in HANDLERS {
        patch.push_str(&annotate(&dir, handler, &sources[handler.krate]));
    }
    write_package(&dir, &patch);
    for (name, _) in KNOWN_WRONG {
        assert!(
            HANDLERS.iter().any(|h| h.krate == *name),
            "KNOWN_WRONG names `{name}`, which is not in HANDLERS"
        );
    }

    let run = check(&dir);
    assert_eq!(
        run.roots,
        HANDLERS.len(),
        "every annotated handler is a root (a patch that cargo did not use leaves one out):\n{}",
        run.stderr
    );
    let files: Vec<String> = HANDLERS.iter().map(patched_file).collect();
    let stray: Vec<&Report> = run
        .reports
        .iter()
        .filter(|r| !files.contains(&r.0))
        .collect();
    assert!(stray.is_empty(), "reports outside the handlers: {stray:?}");

    let (mut missed, mut false_reports, mut hazards) = (0, 0, 0);
    let mut failures = Vec::new();
    let mut known = Vec::new();
    for handler in HANDLERS {
        let text = fs::read_to_string(dir.join(patched_file(handler))).unwrap();
        let verdict = judge(handler, &text, &run.reports);
        hazards += handler.hazards.len();
        missed += verdict.missed.len();
        false_reports += verdict.false_reports.len();
        let wrong = !verdict.missed.is_empty() || !verdict.false_reports.is_empty();
        println!(
            "realworld: {} {}: {} hazard(s) expected, {} missed, {} false",
            handler.krate,
            handler.version,
            handler.hazards.len(),
            verdict.missed.len(),
            verdict.false_reports.len()
        );
        let detail = format!(
            "{} {} ({}): {}\n  missed: {:#?}\n  false: {:#?}",
            handler.krate,
            handler.version,
            handler.file,
            handler.why,
            verdict.missed,
            verdict.false_reports
        );
        match (KNOWN_WRONG.iter().find(|(k, _)| *k == handler.krate), wrong) {
            (None, false) => {}
            (None, true) => failures.push(detail),
            (Some((_, why)), true) => known.push(format!("{detail}\n  (known wrong: {why})")),
            (Some(_), false) => failures.push(format!(
                "{}: listed in KNOWN_WRONG but right now: take it off the list",
                handler.krate
            )),
        }
    }
    // scripts/bench-ctxlock-realworld reads this line. Past the test harness's capture, so that a
    // passing run still shows the counts.
    let _ = writeln!(
        std::io::stderr(),
        "realworld totals: {} handlers, {hazards} hazards, {} reports, {false_reports} false, {missed} missed{}",
        HANDLERS.len(),
        run.reports.len(),
        if known.is_empty() {
            String::new()
        } else {
            format!(
                "; known wrong (KNOWN_WRONG in realworld.rs; --nocapture shows how): {}",
                KNOWN_WRONG.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ")
            )
        }
    );
    if !known.is_empty() {
        println!("{}", known.join("\n\n"));
    }
    assert_eq!(
        run.code,
        i32::from(!run.reports.is_empty()),
        "the exit status and the reports disagree:\n{}",
        run.stderr
    );
    assert!(
        failures.is_empty(),
        "{} of {} handlers are wrong:\n\n{}",
        failures.len(),
        HANDLERS.len(),
        failures.join("\n\n")
    );
}

/// The comparison fails what it must: a missed hazard, a report of the wrong category or at the
/// wrong line, and a second category at one call; `A|B` takes either, the first one reported.
#[test]
fn the_judge_can_fail() {
    let handler = Handler {
        krate: "k",
        version: "1.0.0",
        file: "src/lib.rs",
        declaration: "fn h(",
        hazards: &[(3, "lock()", "blocks|sleeps")],
        why: "",
    };
    let text = "fn h() {\n    let a = 1;\n    M.lock();\n}\n";
    let file = patched_file(&handler);
    let report = |line: u32, code: &str| (file.clone(), line, code.to_string());
    let count = |reports: &[Report]| {
        let v = judge(&handler, text, reports);
        (v.missed.len(), v.false_reports.len())
    };
    assert_eq!(count(&[report(3, "blocks")]), (0, 0));
    assert_eq!(count(&[report(3, "sleeps")]), (0, 0));
    assert_eq!(count(&[]), (1, 0));
    assert_eq!(count(&[report(2, "blocks")]), (1, 1));
    assert_eq!(count(&[report(3, "allocates")]), (1, 1));
    assert_eq!(count(&[report(3, "blocks"), report(3, "sleeps")]), (0, 1));
    // Another handler's file is not this one's business.
    let other = (
        "patched/other/src/lib.rs".to_string(),
        3,
        "blocks".to_string(),
    );
    assert_eq!(count(&[other]), (1, 0));
}

/// A closure is wrapped on the lines it is on: the macro before its `move |`, the `)` after the `}`
/// that closes its body, not after a nested block's.
#[test]
fn a_closure_is_wrapped_in_place() {
    let mut lines: Vec<String> = [
        "    Ok(move || {",
        "        if x { y() }",
        "        z();",
        "    })",
        "}",
    ]
    .map(String::from)
    .to_vec();
    wrap_closure(&mut lines, 0, "k");
    assert_eq!(
        lines,
        [
            "    Ok(ctxlock::nmi_safe_closure!(move || {",
            "        if x { y() }",
            "        z();",
            "    }))",
            "}",
        ]
    );
}

/// Handlers that `#[nmi_safe]` itself rejects: it sees a hazard in the handler's own tokens, so the
/// crate does not compile with `cargo check` (`cargo ctxlock` reports the same errors and goes on, so
/// such a handler can be in `HANDLERS` too). `hazards` are where the attribute must point, with a
/// piece of its message in place of a category (its errors carry no code).
const REJECTED_BY_THE_ATTRIBUTE: &[Handler] = &[Handler {
    krate: "crash-handler",
    version: "0.6.3",
    file: "src/linux/state.rs",
    declaration: "unsafe extern \"C\" fn signal_handler(",
    hazards: &[(346, "HANDLER.lock()", "may block")],
    why: "a crash reporter's handler locks its parking_lot Mutex HANDLER in its own body (and \
          two more in callees, which only the whole-program check could see)",
}];

/// The attribute's verdict on real handlers, where it has one: a separate scratch package (the
/// crate fails to compile, which would stop `cargo check` of the others), `cargo check`, and its
/// errors in the handler's file compared with the truth.
#[test]
fn real_handlers_the_attribute_rejects() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ctxlock-realworld-attribute");
    fs::create_dir_all(dir.join("src")).unwrap();
    let manifest = |patch: &str| {
        let mut text = format!(
            "# The scratch package of tests/realworld.rs, real_handlers_the_attribute_rejects.\n\
             [package]\nname = \"realworld-attribute\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
             publish = false\n\n[dependencies]\nctxlock = {{ path = \"{}\" }}\n",
            workspace().display()
        );
        for handler in REJECTED_BY_THE_ATTRIBUTE {
            text.push_str(&format!("{} = \"={}\"\n", handler.krate, handler.version));
        }
        text.push_str("\n[workspace]\nexclude = [\"patched\"]\n");
        text.push_str(patch);
        text
    };
    write_if_changed(&dir.join("Cargo.toml"), manifest("").as_bytes());
    write_if_changed(
        &dir.join("Cargo.lock"),
        &fs::read(suite_dir().join("attribute.Cargo.lock")).unwrap(),
    );
    write_if_changed(&dir.join("src/lib.rs"), b"");
    let sources = sources(&dir, REJECTED_BY_THE_ATTRIBUTE);
    let mut patch = String::from("\n[patch.crates-io]\n");
    for handler in REJECTED_BY_THE_ATTRIBUTE {
        patch.push_str(&annotate(&dir, handler, &sources[handler.krate]));
    }
    write_if_changed(&dir.join("Cargo.toml"), manifest(&patch).as_bytes());

    let output = cargo()
        .args(["check", "--message-format=json", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(dir.join("target"))
        .env("RUSTFLAGS", "--cap-lints=warn")
        .output()
        .unwrap();
    assert!(
        !output.status.success(),
        "every handler here must be rejected, and the build passed"
    );
    let mut errors: Vec<(String, u32, String)> = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let m = &message["message"];
        if message["reason"] != "compiler-message" || m["level"] != "error" {
            continue;
        }
        let span = &m["spans"][0];
        errors.push((
            span["file_name"].as_str().unwrap_or("").to_string(),
            span["line_start"].as_u64().unwrap_or(0) as u32,
            m["message"].as_str().unwrap_or("").to_string(),
        ));
    }
    let mut failures = Vec::new();
    for handler in REJECTED_BY_THE_ATTRIBUTE {
        let file = dir.join(patched_file(handler)).display().to_string();
        let text = fs::read_to_string(&file).unwrap();
        let mut mine: Vec<&(String, u32, String)> =
            errors.iter().filter(|e| file.ends_with(&e.0)).collect();
        for (line, piece, words) in handler.hazards {
            let line_text = text.lines().nth(*line as usize - 1).unwrap_or("");
            assert!(
                line_text.contains(piece),
                "{}: line {line} is `{}`, not `{piece}`: the table is misread",
                handler.krate,
                line_text.trim()
            );
            match mine
                .iter()
                .position(|e| e.1 == *line && e.2.contains(words))
            {
                Some(i) => {
                    mine.remove(i);
                }
                None => failures.push(format!(
                    "{}: the attribute does not say `{words}` at line {line} `{}`",
                    handler.krate,
                    line_text.trim()
                )),
            }
        }
        for error in mine {
            failures.push(format!(
                "{}: the attribute rejects line {} for what the truth does not have: {}",
                handler.krate, error.1, error.2
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\nall errors: {errors:#?}",
        failures.join("\n")
    );
}
