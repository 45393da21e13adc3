//! A process-wide crash reporter: the SIGSEGV, SIGBUS and SIGABRT handlers and the panic hook
//! share one `HybridLock<Report>`. The first crasher takes it with `try_lock()` and writes the
//! report with `write(2)`; a thread that crashes at the same time gets `Busy` and stands down
//! instead of hanging. Then the process dies the conventional way: the signal is raised again with
//! its default action (a panic ends with SIGABRT, as under `panic = "abort"`).
//!
//! Crash reporters that take an ordinary mutex at this point hang when the crash hits while it is
//! held. The handlers run on an alternate signal stack, so that a stack overflow is reported too.
//!
//! ```text
//! cargo run --example crash_handler -- --crash segv|abort|panic|overflow|two-threads
//! ```
//!
//! Linux only. Core dumps are turned off for the process, so it is safe to run in CI.

#[allow(dead_code)] // `SavedErrno`: these handlers never return to the code they interrupted.
mod sigsafe_write;

use std::fmt::{self, Write as _};
use std::hint::black_box;
use std::panic::PanicHookInfo;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU32, Ordering};
use std::{env, mem, process, ptr, thread};

use ctxlock::{may_sleep, nmi_safe, nmi_unchecked, Busy, HybridLock};
use sigsafe_write::FixedBuf;

/// What the reporter needs at crash time, prepared while sleeping is still allowed.
struct Report {
    program: &'static str,
    /// The report is assembled here, not on the small alternate stack.
    text: FixedBuf<2048>,
}

static REPORT: HybridLock<Report> = HybridLock::new(Report {
    program: "?",
    text: FixedBuf::new(),
});

/// The thread writing the report, so that it notices when it crashes again inside its own report.
static REPORTER_TID: AtomicI32 = AtomicI32::new(0);
/// Threads that entered `crash()`, and those that found the report `Busy` and stood down.
static CRASHERS: AtomicU32 = AtomicU32::new(0);
/// How many threads are known to be about to crash (`--crash two-threads`): the reporter waits, up to
/// its deadline, for them to reach their handlers, so that on a loaded machine the second one still
/// finds the report Busy rather than arriving after the process is gone.
static EXPECTED_CRASHERS: AtomicU32 = AtomicU32::new(1);
static STOOD_DOWN: AtomicU32 = AtomicU32::new(0);

const FATAL_SIGNALS: [libc::c_int; 3] = [libc::SIGSEGV, libc::SIGBUS, libc::SIGABRT];

enum Cause<'a> {
    Signal { signal: libc::c_int, address: usize },
    Panic(&'a PanicHookInfo<'a>),
}

/// Sets the reporter up for this process: handlers, panic hook, this thread's alternate stack, no
/// core dumps. Sleepable: it takes the report's lock with `lock()`.
#[may_sleep]
fn install(program: &'static str) {
    REPORT.lock().program = program;
    use_alternate_signal_stack();
    // SAFETY: plain libc calls on valid, fully initialised arguments; `on_fatal_signal` has the
    // `SA_SIGINFO` signature and does only async-signal-safe work.
    unsafe {
        let no_core = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        assert_eq!(libc::setrlimit(libc::RLIMIT_CORE, &no_core), 0);
        // A `core_pattern` that pipes to a program (systemd-coredump, apport) ignores the limit.
        assert_eq!(libc::prctl(libc::PR_SET_DUMPABLE, 0), 0);
        let mut action: libc::sigaction = mem::zeroed();
        action.sa_sigaction = on_fatal_signal as extern "C" fn(_, _, _) as libc::sighandler_t;
        action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
        // A fault inside the handler is then fatal at once, instead of re-entering it.
        for signal in FATAL_SIGNALS {
            libc::sigaddset(&mut action.sa_mask, signal);
        }
        for signal in FATAL_SIGNALS {
            assert_eq!(libc::sigaction(signal, &action, ptr::null_mut()), 0);
        }
    }
    std::panic::set_hook(Box::new(on_panic));
}

/// Gives this thread an alternate signal stack, where the handlers run even when its own stack has
/// overflowed. Each thread needs its own.
fn use_alternate_signal_stack() {
    const SIZE: usize = 64 * 1024;
    let stack = Box::leak(vec![0u8; SIZE].into_boxed_slice());
    let stack = libc::stack_t {
        ss_sp: stack.as_mut_ptr().cast(),
        ss_flags: 0,
        ss_size: SIZE,
    };
    // SAFETY: `stack` is `SIZE` bytes that live for the rest of the process.
    assert_eq!(unsafe { libc::sigaltstack(&stack, ptr::null_mut()) }, 0);
}

#[nmi_safe(entry)]
extern "C" fn on_fatal_signal(
    signal: libc::c_int,
    info: *mut libc::siginfo_t,
    _context: *mut libc::c_void,
) {
    // SAFETY: with `SA_SIGINFO` the kernel passes a valid `siginfo_t`.
    let address = unsafe { (*info).si_addr() } as usize;
    crash(Cause::Signal { signal, address }, signal);
}

#[nmi_safe(entry)]
fn on_panic(info: &PanicHookInfo<'_>) {
    crash(Cause::Panic(info), libc::SIGABRT);
}

/// First crasher wins: it writes the report and ends the process with `signal`, still holding the
/// lock, so that nobody writes a second one. Anyone else gets `Busy` and stands down.
#[nmi_safe]
fn crash(cause: Cause<'_>, signal: libc::c_int) -> ! {
    CRASHERS.fetch_add(1, Ordering::AcqRel);
    let mut report = match REPORT.try_lock() {
        Ok(report) => report,
        Err(Busy) => stand_down(&cause, signal),
    };
    // SAFETY: `gettid` has no preconditions.
    let tid = unsafe { libc::gettid() };
    REPORTER_TID.store(tid, Ordering::Relaxed);
    let Report { program, text } = &mut *report;
    let _ = writeln!(
        text,
        "==== crash report: {program}, pid {} ====",
        process::id()
    );
    let _ = writeln!(text, "thread: {tid} {}", ThreadName);
    let _ = writeln!(text, "cause:  {cause}");
    let _ = writeln!(
        text,
        "==== end of crash report; ending the process with {} ====",
        SignalName(signal)
    );
    text.flush_to(libc::STDERR_FILENO);
    let_others_stand_down();
    die(signal)
}

/// Another thread is writing the report: say so in one line, and wait for it to end the process.
#[nmi_safe]
fn stand_down(cause: &Cause<'_>, signal: libc::c_int) -> ! {
    // SAFETY: `gettid` has no preconditions.
    let tid = unsafe { libc::gettid() };
    if REPORTER_TID.load(Ordering::Relaxed) == tid {
        die(signal); // We crashed inside our own report: nobody else will end the process.
    }
    let mut line = FixedBuf::<256>::new();
    let _ = writeln!(
        line,
        "thread {tid} {} crashed too ({cause}), but the report is Busy: standing down",
        ThreadName
    );
    line.flush_to(libc::STDERR_FILENO);
    STOOD_DOWN.fetch_add(1, Ordering::AcqRel);
    nmi_unchecked!(
        "waits for the reporter to end the process; it holds no lock, so nothing waits for it",
        loop {
            // SAFETY: `pause` has no preconditions.
            unsafe { libc::pause() };
        }
    )
}

/// Gives threads that are crashing at the same moment up to a second to stand down, so that their
/// lines get out before the process dies. Like the kernel's `crash_smp_send_stop()`, it spins with
/// a deadline: it never waits on a lock, and never for long.
#[nmi_safe]
fn let_others_stand_down() {
    let deadline = monotonic_ns() + 1_000_000_000;
    while (STOOD_DOWN.load(Ordering::Acquire) + 1 < CRASHERS.load(Ordering::Acquire)
        || CRASHERS.load(Ordering::Acquire) < EXPECTED_CRASHERS.load(Ordering::Relaxed))
        && monotonic_ns() < deadline
    {
        std::hint::spin_loop();
    }
}

/// Ends the process with `signal`'s default action, so that the parent sees the usual status (in a
/// shell, 128 + the signal number).
#[nmi_safe]
fn die(signal: libc::c_int) -> ! {
    // SAFETY: async-signal-safe libc calls on valid arguments.
    unsafe {
        libc::signal(signal, libc::SIG_DFL);
        libc::raise(signal);
        // Inside its own handler the signal is blocked: unblock it, and it is delivered now.
        let mut set: libc::sigset_t = mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, signal);
        libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, ptr::null_mut());
        libc::_exit(128 + signal)
    }
}

#[nmi_safe]
fn monotonic_ns() -> u64 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid `timespec` to write to.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut now) };
    now.tv_sec as u64 * 1_000_000_000 + now.tv_nsec as u64
}

// The Display impls are not `#[nmi_safe]` roots of their own: what they may do depends on the writer
// of the `Formatter` they are handed, which only their caller knows. `cargo ctxlock` checks them where
// `crash` formats them into its stack buffer.
impl fmt::Display for Cause<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Cause::Signal {
                signal: libc::SIGSEGV,
                address,
            } => write!(f, "SIGSEGV: invalid memory access at {address:#x}"),
            Cause::Signal {
                signal: libc::SIGBUS,
                address,
            } => write!(f, "SIGBUS: bus error at {address:#x}"),
            Cause::Signal {
                signal: libc::SIGABRT,
                ..
            } => f.write_str("SIGABRT: abort() was called"),
            Cause::Signal { signal, .. } => write!(f, "{}", SignalName(signal)),
            Cause::Panic(info) => write!(f, "{info}"),
        }
    }
}

struct SignalName(libc::c_int);

impl fmt::Display for SignalName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            libc::SIGSEGV => f.write_str("SIGSEGV"),
            libc::SIGBUS => f.write_str("SIGBUS"),
            libc::SIGABRT => f.write_str("SIGABRT"),
            signal => write!(f, "signal {signal}"),
        }
    }
}

/// The calling thread's name, as the kernel knows it (`prctl(PR_GET_NAME)`, a plain system call).
struct ThreadName;

// Not a root either, for the reason given above `Cause`'s impl.
impl fmt::Display for ThreadName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut name = [0u8; 16];
        // SAFETY: `PR_GET_NAME` writes at most 16 bytes, NUL included.
        unsafe { libc::prctl(libc::PR_GET_NAME, name.as_mut_ptr()) };
        let len = name.iter().position(|&b| b == 0).unwrap_or(name.len());
        let name = core::str::from_utf8(&name[..len]).unwrap_or("?");
        write!(f, "{name:?}")
    }
}

const USAGE: &str = "\
usage: crash_handler --crash <how>

Crashes on purpose, and reports it from a signal handler or the panic hook:
  segv         read from an unmapped address (SIGSEGV)
  abort        call abort() (SIGABRT)
  panic        panic (the hook reports, then the process ends with SIGABRT)
  overflow     overflow the main thread's stack (SIGSEGV, reported on the alternate stack)
  two-threads  two threads fault at once: one report; the other thread gets Busy and stands down";

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let crash: fn() = match args[..] {
        [] => {
            println!("{USAGE}");
            return;
        }
        ["--crash", "segv"] => read_unmapped,
        ["--crash", "abort"] => || process::abort(),
        ["--crash", "panic"] => || panic!("deliberate panic (--crash panic)"),
        ["--crash", "overflow"] => || overflow_stack(0),
        ["--crash", "two-threads"] => two_threads_fault_at_once,
        _ => {
            eprintln!("{USAGE}");
            process::exit(2);
        }
    };
    install("crash_handler");
    println!("crash_handler: pid {}, {}", process::id(), args.join(" "));
    crash();
    unreachable!("the crash did not end the process");
}

/// A real invalid memory access: the first page of the address space is never mapped on Linux.
fn read_unmapped() {
    let unmapped = 0x10 as *const u8;
    // SAFETY: none; this is the crash we came for.
    black_box(unsafe { ptr::read_volatile(unmapped) });
}

/// Recurses until the stack runs out; `black_box` keeps every frame real.
fn overflow_stack(depth: u64) {
    let frame = black_box([depth; 64]);
    if depth < u64::MAX {
        overflow_stack(depth + 1);
    }
    black_box(frame);
}

/// Two threads fault at the same moment: one writes the report, the other gets `Busy`.
fn two_threads_fault_at_once() {
    static ARRIVED: AtomicU32 = AtomicU32::new(0);
    static GO: AtomicBool = AtomicBool::new(false);
    for name in ["crasher-1", "crasher-2"] {
        let crasher = move || {
            use_alternate_signal_stack();
            ARRIVED.fetch_add(1, Ordering::Release);
            // Spin rather than block, so that both threads are running when they fault.
            while !GO.load(Ordering::Acquire) {
                std::hint::spin_loop();
            }
            read_unmapped();
        };
        thread::Builder::new()
            .name(name.to_owned())
            .spawn(crasher)
            .unwrap();
    }
    while ARRIVED.load(Ordering::Acquire) < 2 {
        thread::yield_now();
    }
    EXPECTED_CRASHERS.store(2, Ordering::Relaxed);
    GO.store(true, Ordering::Release);
    thread::park(); // Until the process dies.
}
