//! What a user sees in the IDE and in `cargo check`: one `#[nmi_safe]` fn per rule violation, fns that
//! must get no diagnostic at all, and callers that prove a fn with a violation keeps its signature.
//! `tests/ide_spans` compares rustc's diagnostics (`cargo check --message-format=json`) with the
//! annotations, and `scripts/ide-check` compares rust-analyzer's (`rust-analyzer diagnostics`).
//!
//! An annotation is a line that starts with `//`, spaces and a `^`. It describes the nearest line above
//! it that is not an annotation: its marks stand under the columns of the diagnostic's primary span,
//! exactly; then come the severity (`ERROR` or `WARNING`) and the tools, and the rest of the line is a
//! fragment that the message must contain.
//!
//! - `ERROR`: rustc and rust-analyzer both report it; rustc underlines `^` and `-`, rust-analyzer only
//!   the `^` (for a proc macro's `compile_error!` it underlines the first token of the span).
//! - `ERROR(rustc)`: only rustc reports it there.
//! - `ERROR(ra)`: only rust-analyzer reports it there.
//!
//! Every diagnostic that no annotation expects is a failure, warnings included.
//!
//! Rule 5 is a trait-bound error (E0277) that the compiler reports through the probes of `#[nmi_safe]`,
//! for the calls it can be sure about (a `#[may_sleep]` free fn reached by a path through its module,
//! a glob or a `use`); the other calls of `#[may_sleep]` fns below get no diagnostic, since only
//! `cargo ctxlock` finds them. A private `#[may_sleep]` fn gets its marker only where the compiler
//! gives the attribute its source file's location, which rust-analyzer's proc-macro server does not:
//! there, rule 5 does not see calls of it (`ERROR(rustc)` only). rust-analyzer reports rule 5 without the
//! `#[diagnostic::on_unimplemented]` message, as "the trait bound `MaySleep: NmiCallable` is not
//! satisfied", on the first token of the call's path. (That is what rust-analyzer 0.0.336 showed for the
//! earlier marker, with the marker's type in place of `MaySleep`; this wording has not been re-measured.)

use core::sync::atomic::{AtomicU32, Ordering};
use std::thread;
use std::thread::sleep;
use std::time::Duration;

use ctxlock::{may_sleep, nmi_safe, nmi_unchecked, HybridLock};

static STATE: HybridLock<u64> = HybridLock::new(0);
static CPUS: AtomicU32 = AtomicU32::new(0);

/// The `#[may_sleep]` fns that rule 5 must find, however they are reached.
pub mod kexec {
    use ctxlock::may_sleep;

    /// Loads a capture kernel; waits for the crash path to let go of the lock.
    #[may_sleep]
    pub fn kexec_load() -> u32 {
        *super::STATE.lock() += 1;
        1
    }

    /// Generic, for the turbofish call.
    #[may_sleep]
    pub fn kexec_image<T: Default>() -> T {
        T::default()
    }

    /// Reached through `super::`.
    pub mod crash {
        use ctxlock::nmi_safe;

        #[nmi_safe]
        pub fn rule5_super_path() -> u32 {
            super::kexec_load()
//          ^^^^^^^^^^^^^^^^^^^ ERROR(rustc) this call may sleep: its callee is a `#[may_sleep]` fn, and an `#[nmi_safe]` fn must not call it
//          ^^^^^ ERROR(ra) the trait bound `MaySleep: NmiCallable` is not satisfied
        }
    }
}

mod glob {
    pub use crate::kexec::*;
}

/// In the same module as its callers; `pub(crate)`, because a private fn carries no marker.
#[may_sleep]
pub(crate) fn flush_log() {}

/// Private: rustc reports calls of it, which its source file shows as a module's item; rust-analyzer
/// gives no location, so there only `cargo ctxlock` finds them.
#[may_sleep]
fn flush_trace() {}

// ---- Rule 1: blocking methods -------------------------------------------------------------------

#[nmi_safe]
pub fn rule1_lock() {
    *STATE.lock() += 1;
//         ^^^^-- ERROR `.lock()` may block until another thread releases the lock; `#[nmi_safe]` code must not wait: use `try_lock()` and handle `Busy`
}

#[nmi_safe]
pub fn rule1_join(worker: thread::JoinHandle<()>) {
    let _ = worker.join();
//                 ^^^^-- ERROR `.join()` blocks until a thread ends
}

// ---- Rule 2: sleeping fns by path ---------------------------------------------------------------

#[nmi_safe]
pub fn rule2_full_path() {
    std::thread::sleep(Duration::from_millis(1));
//  ^^^----------------------------------------- ERROR `std::thread::sleep` sleeps; `#[nmi_safe]` code must never sleep
}

#[nmi_safe]
pub fn rule2_module_path() {
    thread::sleep(Duration::from_millis(1));
//  ^^^^^^--------------------------------- ERROR `thread::sleep` sleeps
}

#[nmi_safe]
pub fn rule2_imported() {
    sleep(Duration::from_millis(1));
//  ^^^^^-------------------------- ERROR `sleep` sleeps
}

#[nmi_safe]
pub fn rule2_park() {
    thread::park();
//  ^^^^^^-------- ERROR `thread::park` parks the thread until another one wakes it
}

// ---- Rule 3: stdio and allocating macros --------------------------------------------------------

#[nmi_safe]
pub fn rule3_println() {
    println!("crash");
//  ^^^^^^^- ERROR `println!` takes the stdio lock and may allocate
}

#[nmi_safe]
pub fn rule3_format() -> usize {
    let text = format!("cpu {}", 1);
//             ^^^^^^- ERROR `format!` allocates
    text.len()
}

// ---- Rule 4: async ------------------------------------------------------------------------------

#[nmi_safe]
pub async fn rule4_async_fn() {}
//  ^^^^^------------------ ERROR an `#[nmi_safe]` fn cannot be `async`

#[nmi_safe]
pub fn rule4_async_block() -> impl core::future::Future<Output = ()> {
    async {
//  ^^^^^-- ERROR an `async` block runs later
        flush_async().await;
//                   ^----- ERROR `.await` suspends the fn until another task wakes it
    }
}

async fn flush_async() {}

// ---- Rule 5: calls of `#[may_sleep]` fns that the compiler can be sure about ------------------

#[nmi_safe]
pub fn rule5_bare_name() {
    flush_log();
//  ^^^^^^^^^^^ ERROR(rustc) this call may sleep: its callee is a `#[may_sleep]` fn, and an `#[nmi_safe]` fn must not call it
//  ^^^^^^^^^ ERROR(ra) the trait bound `MaySleep: NmiCallable` is not satisfied
}

#[nmi_safe]
pub fn rule5_module_path() -> u32 {
    kexec::kexec_load()
//  ^^^^^^^^^^^^^^^^^^^ ERROR(rustc) this call may sleep: its callee is a `#[may_sleep]` fn
//  ^^^^^ ERROR(ra) the trait bound `MaySleep: NmiCallable` is not satisfied
}

#[nmi_safe]
pub fn rule5_crate_path() -> u32 {
    crate::kexec::kexec_load()
//  ^^^^^^^^^^^^^^^^^^^^^^^^^^ ERROR(rustc) this call may sleep: its callee is a `#[may_sleep]` fn
//  ^^^^^ ERROR(ra) the trait bound `MaySleep: NmiCallable` is not satisfied
}

#[nmi_safe]
pub fn rule5_use_in_body() -> u32 {
    use crate::kexec::kexec_load;
    kexec_load()
//  ^^^^^^^^^^^^ ERROR(rustc) this call may sleep: its callee is a `#[may_sleep]` fn
//  ^^^^^^^^^^ ERROR(ra) the trait bound `MaySleep: NmiCallable` is not satisfied
}

/// Through imports of the module: renamed (followed through the module's source file, so by rustc
/// only: rust-analyzer gives no location), and by glob.
pub mod imports {
    use crate::glob::*;
    use crate::kexec::kexec_load as load_image;
    use ctxlock::nmi_safe;

    #[nmi_safe]
    pub fn rule5_rename() -> u32 {
        load_image()
//      ^^^^^^^^^^^^ ERROR(rustc) this call may sleep: its callee is a `#[may_sleep]` fn
    }

    #[nmi_safe]
    pub fn rule5_glob() -> u32 {
        kexec_load()
//      ^^^^^^^^^^^^ ERROR(rustc) this call may sleep: its callee is a `#[may_sleep]` fn
//      ^^^^^^^^^^ ERROR(ra) the trait bound `MaySleep: NmiCallable` is not satisfied
    }
}

#[nmi_safe]
pub fn rule5_turbofish() -> u32 {
    kexec::kexec_image::<u32>()
//  ^^^^^^^^^^^^^^^^^^^^^^^^^^^ ERROR(rustc) this call may sleep: its callee is a `#[may_sleep]` fn
//  ^^^^^ ERROR(ra) the trait bound `MaySleep: NmiCallable` is not satisfied
}

// ---- All rules in one fn: each violation its own diagnostic, in one build ------------------------

#[nmi_safe]
pub fn every_rule_at_once() {
    let _guard = STATE.lock();
//                     ^^^^-- ERROR `.lock()` may block
    sleep(Duration::from_millis(1));
//  ^^^^^-------------------------- ERROR `sleep` sleeps
    if CPUS.load(Ordering::Relaxed) > 1 {
        eprintln!("cpus");
//      ^^^^^^^^- ERROR `eprintln!` takes the stdio lock
        flush_log();
//      ^^^^^^^^^^^ ERROR(rustc) this call may sleep: its callee is a `#[may_sleep]` fn
//      ^^^^^^^^^ ERROR(ra) the trait bound `MaySleep: NmiCallable` is not satisfied
    }
}

// ---- The item survives its errors ---------------------------------------------------------------

/// What the crash path collected.
pub struct CrashReport {
    cpus: u32,
}

impl CrashReport {
    /// How many CPUs stopped.
    pub fn cpus(&self) -> u32 {
        self.cpus
    }
}

/// Has a rule violation: its signature must still be there for callers.
#[nmi_safe]
pub fn collect_with_violation() -> CrashReport {
    let cpus = *STATE.lock() as u32;
//                    ^^^^-- ERROR `.lock()` may block
    CrashReport { cpus }
}

/// Has an argument error: given back as written, beside the error.
#[nmi_safe(bogus)]
//         ^^^^^ ERROR unknown argument `bogus`: `#[nmi_safe]` takes `entry` and `crate = "path"`
pub fn collect_with_bad_argument() -> CrashReport {
    CrashReport { cpus: 1 }
}

/// Uses both return types: no diagnostic at all, so the fns and `CrashReport` resolve.
pub fn survivors() -> u32 {
    let report: CrashReport = collect_with_violation();
    let other: CrashReport = collect_with_bad_argument();
    report.cpus() + other.cpus()
}

/// The control: a method that `CrashReport` does not have is reported, so the silence of `survivors()`
/// means the type is known, not that it was given up on.
pub fn survivors_control() -> u32 {
    collect_with_violation().cpu_count()
//                           ^^^^^^^^^ ERROR(rustc) no method named `cpu_count` found for struct `CrashReport`
//                           ^^^^^^^^^ ERROR(ra) no method `cpu_count` on type `CrashReport`
}

// ---- Valid code: no diagnostic at all -----------------------------------------------------------

#[nmi_safe]
pub fn valid_try_lock() -> bool {
    match STATE.try_lock() {
        Ok(mut state) => {
            *state += 1;
            true
        }
        Err(_busy) => false,
    }
}

#[nmi_safe]
pub fn valid_atomics_and_constructors(raw: &[u8]) -> Option<u32> {
    let cpus = CPUS.fetch_add(1, Ordering::Relaxed);
    let text = core::str::from_utf8(raw).ok()?;
    let wide = u64::from(cpus);
    Some(cpus + text.len() as u32 + wide as u32)
}

#[nmi_safe]
pub fn valid_local_shadows_may_sleep_fn() -> u32 {
    let flush_log = || 7;
    flush_log()
}

#[nmi_safe]
pub fn valid_calls_nmi_safe() -> bool {
    valid_try_lock() && valid_atomics_and_constructors(b"ok").is_some()
}

/// Rule 5 at compile time does not see an associated `#[may_sleep]` fn called through its type:
/// `cargo ctxlock` does. A private one it sees with rustc only (see `flush_trace`).
#[nmi_safe]
pub fn rule5_not_seen() -> u32 {
    flush_trace();
//  ^^^^^^^^^^^^^ ERROR(rustc) this call may sleep: its callee is a `#[may_sleep]` fn
    CrashReport::reload()
}

#[nmi_safe]
pub fn valid_reviewed_exception() {
    nmi_unchecked!("the log is flushed before the handler is installed", flush_log());
}

/// Its body is never checked.
#[may_sleep]
pub fn valid_may_sleep_body() -> u64 {
    thread::sleep(Duration::from_millis(1));
    *STATE.lock()
}

impl CrashReport {
    /// A `#[may_sleep]` method and a `#[may_sleep]` associated fn.
    #[may_sleep]
    pub fn wait_for_cpus(&self) -> u32 {
        self.cpus
    }

    /// Mentions neither `self` nor `Self`: its marker stands in the impl as an associated const.
    #[may_sleep]
    pub fn reload() -> u32 {
        kexec::kexec_load()
    }

    /// An `#[nmi_safe]` method.
    #[nmi_safe]
    pub fn try_count(&self) -> u32 {
        self.cpus + CPUS.load(Ordering::Relaxed)
    }
}
