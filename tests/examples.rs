//! Runs each example the way a user does and checks what it prints and how it ends, so that a
//! broken example fails `cargo test`. The examples are built by the cargo that runs this test, with
//! its profile, into the same target directory (`CARGO_TARGET_DIR` is inherited).
#![cfg(target_os = "linux")]

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Longer than any example takes, even on a loaded machine; past it, the example hangs.
const HANG: Duration = Duration::from_secs(30);

// ---- kexec ----

#[test]
fn kexec_tells_the_story_in_order() {
    let started = Instant::now();
    let output = run(example("kexec"));
    let elapsed = started.elapsed();
    let stdout = stdout(&output);
    assert!(output.status.success(), "kexec failed: {output:?}");
    assert!(
        output.stderr.is_empty(),
        "kexec wrote to stderr:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(elapsed < Duration::from_secs(5), "kexec took {elapsed:?}");
    assert_in_order(
        &stdout,
        &[
            "[loader] kexec_load: lock() took KEXEC_LOCK",
            "[main]   NMI: SIGUSR1 to the loader thread, which holds KEXEC_LOCK",
            "[nmi]    crash_kexec: try_lock() -> Busy, a load is in progress: skip the dump",
            "[main]   the handler returned at once: no deadlock",
            "[sysfs]  crash_get_memory_size() -> Err(EBUSY)",
            "[sysfs]  crash_shrink_memory(128 MiB) -> Err(EBUSY)",
            "[loader] kexec_load: vmlinuz-crash loaded; releasing KEXEC_LOCK",
            "[sysfs]  crash_get_memory_size() -> Ok(256 MiB)",
            "[sysfs]  crash_shrink_memory(128 MiB) -> Ok(128 MiB)",
            "[main]   NMI: SIGUSR1 to the main thread; KEXEC_LOCK is free",
            "[nmi]    crash_kexec: try_lock() took KEXEC_LOCK: booting vmlinuz-crash",
            "compile-time half",
            "cargo build --example kexec",
        ],
    );
    assert_eq!(stdout.matches("-> Busy").count(), 1, "{stdout}");
    assert_eq!(stdout.matches("booting").count(), 1, "{stdout}");
}

/// The last lines of kexec name a line and an edit; making that edit must give the compile error
/// that the README shows, and only that one.
#[test]
fn kexec_points_at_a_line_that_the_compiler_rejects() {
    let stdout = stdout(&run(example("kexec")));
    let (line, from, to) = pointer(&stdout);
    let source = fs::read_to_string(Path::new(ROOT).join("examples/kexec.rs")).unwrap();
    let lines: Vec<&str> = source.lines().collect();
    let target = lines.get(line - 1).copied().unwrap_or_default();
    assert!(
        target.contains(&from),
        "examples/kexec.rs:{line} is `{target}`, which has no `{from}`"
    );
    let enclosing_fn = lines[..line]
        .iter()
        .rev()
        .find(|l| l.trim_start().starts_with("fn "))
        .unwrap();
    assert!(
        enclosing_fn.contains("fn crash_kexec"),
        "examples/kexec.rs:{line} is in `{enclosing_fn}`"
    );

    let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    edited[line - 1] = edited[line - 1].replace(&from, &to);
    let sigsafe_write = fs::read_to_string(Path::new(ROOT).join("examples/sigsafe_write/mod.rs"));
    let output = build_as_users_crate(
        "kexec-with-lock",
        &[
            ("examples/kexec_with_lock.rs", edited.join("\n")),
            ("examples/sigsafe_write/mod.rs", sigsafe_write.unwrap()),
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "the edited example compiled:\n{stderr}"
    );
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error") && !l.starts_with("error: could not compile"))
        .collect();
    assert_eq!(errors.len(), 1, "expected exactly one error:\n{stderr}");
    assert!(
        errors[0].contains("`.lock()`"),
        "the error is not about `.lock()`:\n{stderr}"
    );
    assert!(
        stderr.contains(&format!(".rs:{line}:")),
        "the error is not at line {line}:\n{stderr}"
    );

    let readme = fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    assert!(
        readme.contains(errors[0]) && readme.contains(&format!("examples/kexec.rs:{line}:")),
        "README.md shows a compile error that the build no longer gives; paste this one:\n{stderr}"
    );
}

/// `(line, from, to)` out of "… at examples/kexec.rs:LINE, change `FROM` to `TO` …".
fn pointer(stdout: &str) -> (usize, String, String) {
    let text = stdout.replace('\n', " ");
    let after = |marker: &str, from: &str| -> String {
        let start = from
            .find(marker)
            .unwrap_or_else(|| panic!("no `{marker}` in:\n{stdout}"))
            + marker.len();
        from[start..].to_string()
    };
    let rest = after("examples/kexec.rs:", &text);
    let line = rest[..rest.find(|c: char| !c.is_ascii_digit()).unwrap()]
        .parse()
        .unwrap();
    let rest = after("change `", &rest);
    let from = rest[..rest.find('`').unwrap()].to_string();
    let rest = after("` to `", &rest);
    let to = rest[..rest.find('`').unwrap()].to_string();
    (line, from, to)
}

/// The README's example compiles without warnings in a user's crate.
#[test]
fn readme_example_compiles() {
    let readme = fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let start = readme
        .find("```rust\n")
        .expect("README.md has no ```rust block")
        + "```rust\n".len();
    let code = &readme[start..][..readme[start..].find("```").unwrap()];
    // The example declares fns for the reader, and calls none of them.
    let source = format!("#![allow(dead_code)]\n{code}\nfn main() {{}}\n");
    let output = build_as_users_crate("readme-example", &[("examples/readme.rs", source)]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "README.md's example does not compile:\n{stderr}"
    );
    // (Warnings of ctxlock itself, a path dependency here, are not the README's business.)
    assert!(
        !stderr.contains("examples/readme.rs"),
        "README.md's example has warnings:\n{stderr}"
    );
}

/// Builds `files` as the examples of a scratch crate `name` that depends on ctxlock by path, as a
/// user's crate does. It builds into the workspace's target directory, with the workspace's lock
/// file, so that it needs no network and little building; its example names differ from the real
/// ones, so that it never replaces their binaries.
fn build_as_users_crate(name: &str, files_to_add: &[(&str, String)]) -> Output {
    let package = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let manifest = format!(
        r#"[package]
name = "{name}"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
ctxlock = {{ path = {ROOT:?} }}
libc = "0.2"
"#
    );
    let lock_file = fs::read_to_string(Path::new(ROOT).join("Cargo.lock")).unwrap();
    let files = [("Cargo.toml", manifest), ("Cargo.lock", lock_file)];
    for (path, contents) in files.iter().chain(files_to_add) {
        let path = package.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }
    let target_dir = target_dir();
    let mut args = vec!["build", "--offline", "--examples", "--target-dir"];
    args.push(target_dir.to_str().unwrap());
    cargo(&package, &args).output().unwrap()
}

/// The workspace's target directory, wherever `CARGO_TARGET_DIR` or cargo's config put it.
fn target_dir() -> PathBuf {
    let output = cargo(
        Path::new(ROOT),
        &["metadata", "--format-version=1", "--no-deps"],
    )
    .output()
    .unwrap();
    assert!(output.status.success(), "cargo metadata failed: {output:?}");
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    PathBuf::from(metadata["target_directory"].as_str().unwrap())
}

// ---- crash_handler ----

#[test]
fn signal_hook_handler_records_then_gets_busy() {
    let output = run(example("signal_hook"));
    assert!(output.status.success(), "{output:?}");
    assert_in_order(
        &stdout(&output),
        &[
            "[main] SIGUSR1 with the lock free: the handler recorded it; signals recorded: 1",
            "[main] SIGUSR1 while main held the lock: the handler got Busy and returned at once; signals recorded: 1",
        ],
    );
}

#[test]
fn crash_handler_without_a_flag_prints_usage() {
    let output = run(example("crash_handler"));
    assert!(output.status.success(), "{output:?}");
    assert!(
        stdout(&output).starts_with("usage: crash_handler --crash"),
        "{output:?}"
    );
}

#[test]
fn crash_handler_reports_a_segfault() {
    crash(
        "segv",
        libc::SIGSEGV,
        &["cause:  SIGSEGV: invalid memory access at 0x10"],
    );
}

#[test]
fn crash_handler_reports_an_abort() {
    crash(
        "abort",
        libc::SIGABRT,
        &["cause:  SIGABRT: abort() was called"],
    );
}

#[test]
fn crash_handler_reports_a_panic() {
    crash(
        "panic",
        libc::SIGABRT,
        &[
            "cause:  panicked at examples/crash_handler.rs:",
            "deliberate panic (--crash panic)",
        ],
    );
}

#[test]
fn crash_handler_reports_a_stack_overflow_from_the_alternate_stack() {
    crash(
        "overflow",
        libc::SIGSEGV,
        &["cause:  SIGSEGV: invalid memory access at 0x"],
    );
}

/// Every run must write exactly one report and die by SIGSEGV. The reporter waits up to a second for
/// the second crasher to reach its handler, so its `Busy` line comes in nearly every run; it is
/// required in one run of at most 100, since a loaded machine may not run that thread within the
/// second.
#[test]
fn crash_handler_writes_one_report_when_two_threads_crash_at_once() {
    for _ in 0..100 {
        let stderr = crash(
            "two-threads",
            libc::SIGSEGV,
            &["cause:  SIGSEGV: invalid memory access at 0x10"],
        );
        let reporter = stderr
            .lines()
            .find_map(|l| l.strip_prefix("thread: "))
            .unwrap();
        let reporter = reporter.split('"').nth(1).unwrap();
        let stood_down: Vec<&str> = stderr
            .lines()
            .filter(|l| l.contains("standing down"))
            .collect();
        match stood_down[..] {
            [] => continue,
            [line] => {
                assert!(line.contains("but the report is Busy"), "{stderr}");
                assert!(
                    !line.contains(reporter),
                    "the reporter stood down too:\n{stderr}"
                );
                return;
            }
            _ => panic!("more than one thread stood down:\n{stderr}"),
        }
    }
    panic!("in 100 runs, the second crashing thread never reported `Busy`");
}

/// Runs `crash_handler --crash <how>`, checks that it wrote exactly one report containing `cause`,
/// died by `signal` without a core dump, and returns its stderr.
fn crash(how: &str, signal: i32, cause: &[&str]) -> String {
    let mut command = example("crash_handler");
    command.args(["--crash", how]);
    let output = run(command);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(
        output.status.signal(),
        Some(signal),
        "--crash {how}: {:?}\n{stderr}",
        output.status
    );
    assert!(!output.status.core_dumped(), "--crash {how} dumped core");
    let stdout = stdout(&output);
    assert!(
        stdout.starts_with("crash_handler: pid ") && stdout.contains(&format!(", --crash {how}\n")),
        "{stdout}"
    );
    assert_eq!(
        stderr
            .matches("==== crash report: crash_handler, pid ")
            .count(),
        1,
        "--crash {how}:\n{stderr}"
    );
    assert_eq!(
        stderr.matches("==== end of crash report; ").count(),
        1,
        "--crash {how}:\n{stderr}"
    );
    let mut expected = vec!["==== crash report: crash_handler, pid ", "thread: "];
    expected.extend_from_slice(cause);
    let signal_name = match signal {
        libc::SIGSEGV => "SIGSEGV",
        libc::SIGABRT => "SIGABRT",
        _ => unreachable!(),
    };
    let end = format!("==== end of crash report; ending the process with {signal_name} ====");
    expected.push(&end);
    assert_in_order(&stderr, &expected);
    stderr
}

// ---- running the examples ----

/// A command that runs the example `name`, built once for all tests.
fn example(name: &str) -> Command {
    static BUILT: OnceLock<HashMap<String, PathBuf>> = OnceLock::new();
    let built = BUILT.get_or_init(|| build_examples(&["kexec", "crash_handler", "signal_hook"]));
    let mut command = Command::new(&built[name]);
    // crash_handler turns core dumps off, but if one ever happened, it would land here.
    command.current_dir(env!("CARGO_TARGET_TMPDIR"));
    command
}

/// Builds the examples with this test's cargo and profile; returns where cargo put each one.
fn build_examples(names: &[&str]) -> HashMap<String, PathBuf> {
    let mut args = vec![
        "build",
        "--package",
        "ctxlock",
        "--message-format=json-render-diagnostics",
    ];
    if !cfg!(debug_assertions) {
        args.push("--release");
    }
    for name in names {
        args.extend(["--example", name]);
    }
    let output = cargo(Path::new(ROOT), &args).output().unwrap();
    assert!(
        output.status.success(),
        "building the examples failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut built = HashMap::new();
    for line in stdout(&output).lines() {
        let message: serde_json::Value = serde_json::from_str(line).unwrap();
        if let (Some(name), Some(executable)) = (
            message["target"]["name"].as_str(),
            message["executable"].as_str(),
        ) {
            built.insert(name.to_owned(), PathBuf::from(executable));
        }
    }
    for name in names {
        assert!(
            built.contains_key(*name),
            "cargo built no executable for the example {name}"
        );
    }
    built
}

fn cargo(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO"));
    command.current_dir(dir).args(args);
    command
}

/// Runs an example to the end, capturing its output; fails the test if it hangs.
fn run(mut command: Command) -> Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let stdout = thread::spawn(move || read_all(&mut out));
    let stderr = thread::spawn(move || read_all(&mut err));
    let deadline = Instant::now() + HANG;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            let (stdout, stderr) = (stdout.join().unwrap(), stderr.join().unwrap());
            panic!(
                "{command:?} hung; its output so far:\n{}\n{}",
                String::from_utf8_lossy(&stdout),
                String::from_utf8_lossy(&stderr)
            );
        }
        thread::sleep(Duration::from_millis(10));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

fn read_all(pipe: &mut impl Read) -> Vec<u8> {
    let mut bytes = Vec::new();
    pipe.read_to_end(&mut bytes).unwrap();
    bytes
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Each of `expected` starts a line, or is part of one, after the line of the one before.
fn assert_in_order(text: &str, expected: &[&str]) {
    let lines: Vec<&str> = text.lines().collect();
    let mut next = 0;
    for want in expected {
        match lines[next..].iter().position(|line| line.contains(want)) {
            Some(at) => next += at + 1,
            None => panic!("expected `{want}` after line {next} of:\n{text}"),
        }
    }
}
