//! At run time, in debug builds, a `#[may_sleep]` fn entered in NMI context aborts with one kernel-style
//! `BUG:` line that names it, whether the context comes from an `NmiScope` or from an
//! `#[nmi_safe(entry)]` fn; outside NMI context it runs as usual. Each aborting scenario runs in a child
//! process: this test binary re-executed with `CTXLOCK_MAY_SLEEP_SCENARIO` set to the scenario's name.
#![cfg(unix)]

use std::env;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Output, Stdio};

use ctxlock::{in_nmi, may_sleep, nmi_safe, nmi_unchecked, NmiScope};

const SCENARIO_VAR: &str = "CTXLOCK_MAY_SLEEP_SCENARIO";

/// SIGABRT is 6 on every Unix that Rust supports; spelled out to avoid a `libc` dev-dependency.
const SIGABRT: i32 = 6;

// The `BUG:` line gives where the `#[may_sleep]` fn is defined: the line and column of its name.
const KEXEC_LOAD_COLUMN: u32 = 4;
const KEXEC_LOAD_LINE: u32 = line!() + 2;
#[may_sleep]
fn kexec_load() -> u32 {
    1
}

struct Image;

const IMAGE_LOAD_LINE: u32 = line!() + 3;
impl Image {
    #[may_sleep]
    fn load(&self) -> u32 {
        2
    }
}
const IMAGE_LOAD_COLUMN: u32 = 8;

#[may_sleep]
const fn capacity() -> u32 {
    8
}

#[nmi_safe(entry)]
fn crash_handler() -> u32 {
    assert!(in_nmi());
    nmi_unchecked!("the test wants the run-time check to fire", kexec_load())
}

/// What a child runs: the call that must abort, or (for `const_fn`) must not.
fn run(scenario: &str) {
    let result = match scenario {
        "scope" => {
            let _nmi = NmiScope::enter();
            kexec_load()
        }
        "nested_scope" => {
            let _outer = NmiScope::enter();
            let inner = NmiScope::enter();
            drop(inner);
            kexec_load()
        }
        "entry" => crash_handler(),
        "method" => {
            let _nmi = NmiScope::enter();
            Image.load()
        }
        "const_fn" => {
            let _nmi = NmiScope::enter();
            capacity()
        }
        other => panic!("unknown scenario {other}"),
    };
    std::hint::black_box(result);
}

/// Re-executes this test binary, running only `test` with `scenario` selected.
fn run_child(test: &str, scenario: &str) -> Output {
    Command::new(env::current_exe().expect("test binary path"))
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(SCENARIO_VAR, scenario)
        .stdin(Stdio::null())
        .output()
        .expect("spawn child")
}

/// Runs `scenario` in a child and checks that it died of SIGABRT with exactly the `BUG:` line for `name`.
fn assert_aborts(test: &str, scenario: &str, name: &str, line: u32, column: u32) {
    let output = run_child(test, scenario);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.signal(),
        Some(SIGABRT),
        "{scenario}: the child should die of SIGABRT, got {:?}; stderr:\n{stderr}",
        output.status
    );
    let expected = format!(
        "BUG: sleeping function `{name}` ({}:{line}:{column}) called from NMI context\n",
        file!()
    );
    assert_eq!(stderr, expected, "{scenario}: the child's stderr");
}

/// Runs the child's scenario when this process is a child; tells the parent to go on otherwise.
fn is_child() -> bool {
    match env::var(SCENARIO_VAR) {
        Ok(scenario) => {
            run(&scenario);
            true // Reached only if the scenario did not abort; the parent sees a clean exit.
        }
        Err(_) => false,
    }
}

/// `#[may_sleep]` checks `might_sleep()` only in builds with debug_assertions.
fn skipped_in_release() -> bool {
    if cfg!(debug_assertions) {
        return false;
    }
    eprintln!(
        "skipped: `#[may_sleep]` checks `might_sleep()` only in builds with debug_assertions"
    );
    true
}

#[test]
fn may_sleep_fn_in_nmi_scope_aborts() {
    if is_child() || skipped_in_release() {
        return;
    }
    let test = "may_sleep_fn_in_nmi_scope_aborts";
    assert_aborts(
        test,
        "scope",
        "kexec_load",
        KEXEC_LOAD_LINE,
        KEXEC_LOAD_COLUMN,
    );
    assert_aborts(
        test,
        "nested_scope",
        "kexec_load",
        KEXEC_LOAD_LINE,
        KEXEC_LOAD_COLUMN,
    );
    assert_aborts(test, "method", "load", IMAGE_LOAD_LINE, IMAGE_LOAD_COLUMN);
}

#[test]
fn may_sleep_fn_reached_from_nmi_safe_entry_aborts() {
    if is_child() || skipped_in_release() {
        return;
    }
    assert_aborts(
        "may_sleep_fn_reached_from_nmi_safe_entry_aborts",
        "entry",
        "kexec_load",
        KEXEC_LOAD_LINE,
        KEXEC_LOAD_COLUMN,
    );
}

/// A `const fn` gets no run-time check, so it runs even in NMI context.
#[test]
fn may_sleep_const_fn_has_no_check() {
    if is_child() {
        return;
    }
    let output = run_child("may_sleep_const_fn_has_no_check", "const_fn");
    assert!(
        output.status.success(),
        "the child should exit cleanly, got {:?}; stderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Outside NMI context, and after leaving it, `#[may_sleep]` fns run as usual.
#[test]
fn may_sleep_fn_outside_nmi_context_runs() {
    if is_child() {
        return;
    }
    assert_eq!(kexec_load(), 1);
    assert_eq!(Image.load(), 2);
    drop(NmiScope::enter());
    assert!(!in_nmi());
    assert_eq!(kexec_load(), 1);
    assert_eq!(capacity(), 8);
}
