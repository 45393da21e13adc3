//! The NMI face under real Unix signals: a handler that interrupts the holder gets `Busy` instead
//! of deadlocking, and a storm of handlers that `try_lock` while two threads `lock()` (one of them
//! sleeping on the futex) keeps mutual exclusion, wakes every sleeper and loses no update.
//!
//! Handlers only do async-signal-safe things: atomics, `try_lock`, plain writes under the lock, and
//! the unlock that dropping the guard performs.
#![cfg(all(unix, not(loom)))]

use std::{
    hint::black_box,
    mem,
    os::unix::thread::JoinHandleExt,
    ptr,
    sync::atomic::{AtomicBool, AtomicI32, AtomicU32, AtomicU64, Ordering::Relaxed},
    thread,
    time::{Duration, Instant},
};

use ctxlock_runtime::{Busy, HybridLock};
use libc::c_int;

/// Installs `handler` for `signal` with `SA_RESTART`, so interrupted system calls resume.
fn install(signal: c_int, handler: extern "C" fn(c_int)) {
    // SAFETY: `action` is fully initialised (zeroed, then its mask emptied) before `sigaction`
    // reads it; `handler` is an `extern "C" fn(c_int)`, the shape `sa_sigaction` expects without
    // `SA_SIGINFO`, and only does async-signal-safe work.
    unsafe {
        let mut action: libc::sigaction = mem::zeroed();
        action.sa_sigaction = handler as *const () as libc::sighandler_t;
        action.sa_flags = libc::SA_RESTART;
        libc::sigemptyset(&mut action.sa_mask);
        assert_eq!(
            libc::sigaction(signal, &action, ptr::null_mut()),
            0,
            "sigaction({signal})"
        );
    }
}

// (a) A handler on the thread that holds the lock.

static HELD: HybridLock<u32> = HybridLock::new(0);
static SAW: AtomicU32 = AtomicU32::new(NOT_RUN);
const NOT_RUN: u32 = 0;
const SAW_BUSY: u32 = 1;
const SAW_FREE: u32 = 2;

extern "C" fn try_held(_: c_int) {
    let saw = match HELD.try_lock() {
        Ok(mut count) => {
            *count += 1;
            SAW_FREE
        }
        Err(Busy) => SAW_BUSY,
    };
    SAW.store(saw, Relaxed);
}

/// `raise` sends to the calling thread and runs the handler before it returns.
fn raise(signal: c_int) {
    // SAFETY: `raise` has no memory-safety preconditions; the handler is installed.
    assert_eq!(unsafe { libc::raise(signal) }, 0, "raise({signal})");
}

#[test]
fn handler_interrupting_the_holder_gets_busy() {
    install(libc::SIGUSR1, try_held);

    let guard = HELD.lock();
    raise(libc::SIGUSR1);
    assert_eq!(
        SAW.swap(NOT_RUN, Relaxed),
        SAW_BUSY,
        "handler on the holding thread"
    );
    drop(guard);

    raise(libc::SIGUSR1);
    assert_eq!(SAW.load(Relaxed), SAW_FREE, "handler once the lock is free");
    assert_eq!(*HELD.lock(), 1);
}

// (b) The storm.

/// How many signals the storm sends, each handled before the next is sent.
const SIGNALS: u64 = 10_000;
/// The sender's pause after each handled signal (timer slack makes it longer).
const SIGNAL_GAP: Duration = Duration::from_micros(1);
/// The watchdog: past this, the storm is taken for a deadlock and the process aborts.
const WATCHDOG_SECONDS: u32 = 30;
/// Every this many critical sections, the target holds the lock for `BRIEF_HOLD`...
const BRIEF_HOLD_EVERY: u64 = 16;
/// ... far longer than the contender's spin, so that it often has to sleep.
const BRIEF_HOLD: Duration = Duration::from_micros(50);
/// Every this many critical sections, the target holds the lock until it sees the contender asleep.
const SLEEPER_HOLD_EVERY: u64 = 256;
/// The longest the target waits for that (the contender may be done).
const SLEEPER_PATIENCE: Duration = Duration::from_millis(10);
/// How many spin hints the lockers spend outside the lock between critical sections, so that the
/// handler often finds it free.
const OUTSIDE_WORK: u32 = 200;

/// Two halves that every critical section increments one after the other: seen unequal at the
/// start of a critical section means two holders at once.
struct Pair {
    first: u64,
    second: u64,
}

static SHARED: HybridLock<Pair> = HybridLock::new(Pair {
    first: 0,
    second: 0,
});
static TORN: AtomicBool = AtomicBool::new(false);
static HANDLER_WINS: AtomicU64 = AtomicU64::new(0);
static HANDLER_BUSY: AtomicU64 = AtomicU64::new(0);
static HANDLED: AtomicU64 = AtomicU64::new(0);
/// The write end of the pipe on which the handler tells the sender it is done (the self-pipe
/// trick: `write` is async-signal-safe, and the sender sleeps in `read` instead of taking a core).
static HANDLED_PIPE: AtomicI32 = AtomicI32::new(-1);
static STOP: AtomicBool = AtomicBool::new(false);
/// Set by the target while it holds the lock on purpose: the contender then stops its outside
/// work and calls `lock()`.
static HOLDING: AtomicBool = AtomicBool::new(false);

/// One critical section, the same for every party: check the invariant, then break and restore it.
fn critical_section(pair: &mut Pair) {
    if pair.first != pair.second {
        TORN.store(true, Relaxed);
    }
    pair.first += 1;
    black_box(&mut *pair);
    pair.second += 1;
}

extern "C" fn try_shared(_: c_int) {
    match SHARED.try_lock() {
        Ok(mut pair) => {
            critical_section(&mut pair);
            HANDLER_WINS.fetch_add(1, Relaxed);
        }
        Err(Busy) => {
            HANDLER_BUSY.fetch_add(1, Relaxed);
        }
    }
    HANDLED.fetch_add(1, Relaxed);
    // Tell the sender this signal is handled.
    let done = [0u8];
    // SAFETY: `write` reads 1 byte of a live buffer; a bad descriptor only makes it fail, and the
    // sender would then wait until the watchdog fires, loudly.
    unsafe { libc::write(HANDLED_PIPE.load(Relaxed), done.as_ptr().cast(), 1) };
}

extern "C" fn watchdog(_: c_int) {
    let message =
        b"signals.rs: the signal storm made no progress for the watchdog's time: deadlock\n";
    // SAFETY: `write` reads `message.len()` bytes of a live buffer; `abort` is async-signal-safe.
    unsafe {
        libc::write(2, message.as_ptr().cast(), message.len());
        libc::abort();
    }
}

/// One turn of the target's loop. Every `SLEEPER_HOLD_EVERY`th turn it holds the lock until the
/// contender sleeps, with the storm's signal blocked: the signal then lands just after the unlock
/// that wakes the contender, so the handler races the waking sleeper. Every `BRIEF_HOLD_EVERY`th
/// turn it holds the lock for a while. Returns whether it saw the contender asleep.
fn target_turn(turn: u64, contender: libc::pid_t) -> bool {
    if turn % SLEEPER_HOLD_EVERY == 0 {
        let _blocked = BlockedSignal::new(libc::SIGUSR2);
        let mut pair = SHARED.lock();
        critical_section(&mut pair);
        return hold_until_asleep(contender);
    }
    let mut pair = SHARED.lock();
    critical_section(&mut pair);
    if turn % BRIEF_HOLD_EVERY == 0 {
        HOLDING.store(true, Relaxed);
        // Busy-waits: a `thread::sleep` that the storm keeps interrupting may never finish.
        let since = Instant::now();
        while since.elapsed() < BRIEF_HOLD {
            std::hint::spin_loop();
        }
        HOLDING.store(false, Relaxed);
    }
    false
}

/// Blocks a signal for the calling thread while it lives; a signal sent meanwhile stays pending
/// and is delivered when it drops. (Locals drop in reverse order: a guard declared after it has
/// been released by then.)
struct BlockedSignal(libc::sigset_t);

impl BlockedSignal {
    fn new(signal: c_int) -> Self {
        // SAFETY: `set` is initialised by `sigemptyset` before use; `pthread_sigmask` only reads
        // it.
        unsafe {
            let mut set: libc::sigset_t = mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, signal);
            assert_eq!(
                libc::pthread_sigmask(libc::SIG_BLOCK, &set, ptr::null_mut()),
                0
            );
            BlockedSignal(set)
        }
    }
}

impl Drop for BlockedSignal {
    fn drop(&mut self) {
        // SAFETY: as in `new`; the set was initialised there.
        unsafe { libc::pthread_sigmask(libc::SIG_UNBLOCK, &self.0, ptr::null_mut()) };
    }
}

/// Holds the lock (the caller's guard) until the contender sleeps, which it can only do in
/// `lock()`, on the futex. Yields meanwhile, so that the contender runs even if it shares this
/// core. Returns whether it saw the contender asleep.
#[cfg(target_os = "linux")]
fn hold_until_asleep(contender: libc::pid_t) -> bool {
    HOLDING.store(true, Relaxed);
    let since = Instant::now();
    let mut asleep = false;
    while !asleep && since.elapsed() < SLEEPER_PATIENCE {
        thread::yield_now();
        asleep = thread_state(contender) == Some('S');
    }
    HOLDING.store(false, Relaxed);
    asleep
}

#[cfg(not(target_os = "linux"))]
fn hold_until_asleep(_contender: libc::pid_t) -> bool {
    false // no `/proc` to look at
}

/// The scheduler state of a thread of this process (`R` running, `S` sleeping, ...).
#[cfg(target_os = "linux")]
fn thread_state(tid: libc::pid_t) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/self/task/{tid}/stat")).ok()?;
    // "tid (name) S ...": the name may hold anything, so read after its closing parenthesis.
    stat[stat.rfind(')')? + 1..].trim_start().chars().next()
}

#[cfg(target_os = "linux")]
fn current_tid() -> libc::pid_t {
    // SAFETY: `gettid` has no preconditions.
    unsafe { libc::gettid() }
}

#[cfg(not(target_os = "linux"))]
fn current_tid() -> libc::pid_t {
    0 // unused without `/proc`
}

fn outside_work() {
    for _ in 0..OUTSIDE_WORK {
        if HOLDING.load(Relaxed) {
            return;
        }
        std::hint::spin_loop();
    }
}

/// The storm again, in a child process with `membarrier` forced off (`CTXLOCK_MEMBARRIER=0`): the
/// fallback's unlock must wake the sleeper as well.
#[cfg(target_os = "linux")]
#[test]
fn signal_storm_in_the_fallback() {
    if std::env::var_os("CTXLOCK_MEMBARRIER").is_some() {
        return; // the child, or a run with the switch set for every test
    }
    let output = std::process::Command::new(std::env::current_exe().expect("test binary path"))
        .args(["--exact", "signal_storm_keeps_exclusion_and_wakes_sleepers"])
        .args(["--nocapture", "--test-threads", "1"])
        .env("CTXLOCK_MEMBARRIER", "0")
        .output()
        .expect("run the storm in a child");
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprint!("{stderr}");
    assert!(
        output.status.success(),
        "the storm in the fallback: {}",
        output.status
    );
    assert!(
        stderr.contains("membarrier: false"),
        "the child did not use the fallback"
    );
}

#[test]
fn signal_storm_keeps_exclusion_and_wakes_sleepers() {
    let mut pipe = [0 as c_int; 2];
    // SAFETY: `pipe` is a valid out-array of two descriptors.
    assert_eq!(unsafe { libc::pipe(pipe.as_mut_ptr()) }, 0, "pipe");
    let [handled_read, handled_write] = pipe;
    HANDLED_PIPE.store(handled_write, Relaxed);
    install(libc::SIGUSR2, try_shared);
    install(libc::SIGALRM, watchdog);
    // SAFETY: `alarm` has no preconditions.
    unsafe { libc::alarm(WATCHDOG_SECONDS) };
    let started = Instant::now();

    // The contender: loops lock()/unlock, never signalled; it sleeps on the futex when it loses.
    let (tid_sender, tid) = std::sync::mpsc::channel();
    let contender = thread::spawn(move || {
        tid_sender.send(current_tid()).unwrap();
        let mut sections = 0u64;
        while !STOP.load(Relaxed) {
            critical_section(&mut SHARED.lock());
            sections += 1;
            outside_work();
        }
        sections
    });
    let contender_tid = tid.recv().unwrap();

    // The target: loops lock()/unlock, and is the thread the signals interrupt.
    let target = thread::spawn(move || {
        let (mut sections, mut saw_asleep) = (0u64, 0u64);
        while !STOP.load(Relaxed) {
            if target_turn(sections, contender_tid) {
                saw_asleep += 1;
            }
            sections += 1;
            outside_work();
        }
        (sections, saw_asleep)
    });

    // This thread is the storm: one signal at a time at the target, each handled before the next,
    // so that none merge and every one is counted.
    let target_thread = target.as_pthread_t();
    for _ in 0..SIGNALS {
        // SAFETY: the target is joinable (its handle lives below), so its id is valid.
        let error = unsafe { libc::pthread_kill(target_thread, libc::SIGUSR2) };
        assert_eq!(error, 0, "pthread_kill");
        let mut done = [0u8];
        loop {
            // SAFETY: `read` writes at most 1 byte into the live buffer `done`.
            let read = unsafe { libc::read(handled_read, done.as_mut_ptr().cast(), 1) };
            if read == 1 {
                break;
            }
            let error = std::io::Error::last_os_error();
            assert_eq!(
                error.kind(),
                std::io::ErrorKind::Interrupted,
                "read: {error}"
            );
        }
        // Give the core away before the next signal. Sent at once, it may reach a target that has
        // not run since the last handler, and land at the same spot of its loop every time.
        thread::sleep(SIGNAL_GAP);
    }
    STOP.store(true, Relaxed);
    let (target_sections, saw_asleep) = target.join().unwrap();
    let contender_sections = contender.join().unwrap();
    // SAFETY: `alarm` has no preconditions (0 cancels the watchdog); the pipe's descriptors are
    // ours and no handler will write to it again (the target is gone).
    unsafe {
        libc::alarm(0);
        libc::close(handled_read);
        libc::close(handled_write);
    }

    let wins = HANDLER_WINS.load(Relaxed);
    let busy = HANDLER_BUSY.load(Relaxed);
    let pair = SHARED.lock();
    eprintln!(
        "signal storm: {SIGNALS} signals in {:?}: handler won {wins}, got Busy {busy}; \
         target {target_sections} and contender {contender_sections} critical sections; \
         contender seen asleep in lock() {saw_asleep} times; membarrier: {}",
        started.elapsed(),
        ctxlock_runtime::uses_membarrier(),
    );
    assert!(!TORN.load(Relaxed), "two holders at once");
    assert_eq!(pair.first, pair.second);
    assert_eq!(
        pair.first,
        target_sections + contender_sections + wins,
        "lost updates"
    );
    assert_eq!(
        HANDLED.load(Relaxed),
        SIGNALS,
        "every signal ran the handler once"
    );
    assert_eq!(wins + busy, SIGNALS);
    assert!(wins > 0, "the handler never found the lock free");
    assert!(busy > 0, "the handler never found the lock held");
    // (Without `std`, `lock()` spins and never sleeps.)
    if cfg!(all(target_os = "linux", feature = "std")) {
        assert!(saw_asleep > 0, "the contender never slept on the futex");
    }
}
