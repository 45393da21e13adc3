//! A sleeping call inside an `NmiScope` aborts with exactly one kernel-style `BUG:` line naming the
//! caller. Each scenario runs in a child process: this test binary re-executed with
//! `CTXLOCK_NMI_SCENARIO` set, so that the abort kills the child, not the test run.
#![cfg(all(unix, feature = "std", not(loom)))] // without `std`, `might_sleep` panics instead

use std::{
    env,
    os::unix::process::ExitStatusExt,
    process::{Command, Stdio},
};

use ctxlock_runtime::{might_sleep, might_sleep_named, HybridLock, NmiScope};

const SCENARIO_VAR: &str = "CTXLOCK_NMI_SCENARIO";

static LOCK: HybridLock<()> = HybridLock::new(());

// `run` runs one scenario in this (child) process: enter NMI context, then make a sleeping call.
// `MATCH_LINE` is the line of its `match`; the scenarios' calls sit 1, 2 and 3 lines below it.
const MATCH_LINE: u32 = line!() + 3;
fn run(scenario: &str) {
    let _nmi = NmiScope::enter();
    match scenario {
        "might_sleep" => might_sleep(),
        "might_sleep_named" => might_sleep_named("foo"),
        "lock" => drop(LOCK.lock()),
        other => panic!("unknown scenario {other}"),
    }
}

/// Where each scenario's call is, for its `BUG:` line:
/// `(name, lines below MATCH_LINE, column, function name)`.
const EXPECTED: [(&str, u32, u32, Option<&str>); 3] = [
    ("might_sleep", 1, 26, None),
    ("might_sleep_named", 2, 32, Some("foo")),
    ("lock", 3, 29, None),
];

/// Re-executes this test binary, running only `test` with `scenario` selected.
fn run_child(test: &str, scenario: &str) -> std::process::Output {
    Command::new(env::current_exe().expect("test binary path"))
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(SCENARIO_VAR, scenario)
        .stdin(Stdio::null())
        .output()
        .expect("spawn child")
}

#[test]
fn sleeping_in_nmi_context_aborts_with_one_bug_line() {
    if let Ok(scenario) = env::var(SCENARIO_VAR) {
        run(&scenario);
        // Not reached when the scenario aborts; the parent then sees a clean exit and fails.
        return;
    }
    for (scenario, line_offset, column, function) in EXPECTED {
        if scenario == "lock" && !cfg!(debug_assertions) {
            continue; // `lock()` checks `might_sleep()` only in debug builds
        }
        let output = run_child("sleeping_in_nmi_context_aborts_with_one_bug_line", scenario);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.signal(),
            Some(libc::SIGABRT),
            "{scenario}: child should die of SIGABRT, got {:?}; stderr:\n{stderr}",
            output.status
        );
        let at = format!("{}:{}:{column}", file!(), MATCH_LINE + line_offset);
        let expected = match function {
            Some(name) => {
                format!("BUG: sleeping function `{name}` ({at}) called from NMI context\n")
            }
            None => format!("BUG: sleeping function called from NMI context at {at}\n"),
        };
        assert_eq!(stderr, expected, "{scenario}: stderr");
    }
}

/// Outside NMI context (and after leaving it) the same calls are no-ops.
#[test]
fn sleeping_outside_nmi_context_is_fine() {
    drop(NmiScope::enter());
    might_sleep();
    might_sleep_named("foo");
    drop(LOCK.lock());
}
