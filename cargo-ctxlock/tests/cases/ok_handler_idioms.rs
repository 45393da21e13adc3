// What real handlers do that is async-signal-safe, each a root of its own: format into a stack
// buffer and write(2) it, restore the default action and re-raise, write through a `File` made from
// a borrowed fd, end the process with `abort` or `_exit`, read a `OnceLock` that is already set,
// call the handler a registry holds, copy a buffer, save and restore errno, wide arithmetic, and
// unblock and send a signal.
use ctxlock::nmi_safe;
use std::io::{Cursor, Write};
use std::mem::ManuallyDrop;
use std::os::unix::io::FromRawFd;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::OnceLock;

static HITS: AtomicU64 = AtomicU64::new(0);
static FATAL: AtomicBool = AtomicBool::new(false);
static LIMIT: OnceLock<u64> = OnceLock::new();
static CALLBACK: OnceLock<Box<dyn Fn(i32) + Send + Sync>> = OnceLock::new();

#[nmi_safe]
extern "C" fn format_on_stack(signal: libc::c_int) {
    let mut buf = [0u8; 64];
    let mut cursor = Cursor::new(&mut buf[..]);
    let _ = writeln!(cursor, "signal {signal}, {} so far", HITS.load(Ordering::Relaxed));
    let len = cursor.position() as usize;
    // SAFETY: `len` bytes of `buf` are initialised.
    unsafe { libc::write(2, buf.as_ptr().cast(), len) };
}

#[nmi_safe]
extern "C" fn reraise(signal: libc::c_int) {
    // SAFETY: a zeroed sigaction with SIG_DFL is valid.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = libc::SIG_DFL;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(signal, &action, std::ptr::null_mut());
        libc::raise(signal);
    }
}

#[nmi_safe]
extern "C" fn write_through_file(_: libc::c_int) {
    // SAFETY: fd 2 stays open; `ManuallyDrop` keeps it from being closed.
    let mut stderr = ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(2) });
    let _ = stderr.write_all(b"fatal signal\n");
}

#[nmi_safe]
extern "C" fn end(_: libc::c_int) {
    if FATAL.load(Ordering::Relaxed) {
        std::process::abort();
    }
    // SAFETY: ends the process without running anything else.
    unsafe { libc::_exit(3) };
}

#[nmi_safe]
extern "C" fn read_state(signal: libc::c_int) {
    if let Some(limit) = LIMIT.get() {
        HITS.store(*limit, Ordering::Relaxed);
    }
    if let Some(callback) = CALLBACK.get() {
        callback(signal);
    }
    let _ = std::process::id();
    let mut now: libc::timespec = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `now` is a valid timespec to write.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut now) };
}

#[nmi_safe]
extern "C" fn copy_and_compute(signal: libc::c_int) {
    let saved = std::io::Error::last_os_error();
    let mut page = [0u8; 4096];
    page.fill(signal as u8);
    let mut copy = [0u8; 4096];
    copy.copy_from_slice(&page);
    let wide = u128::from(HITS.load(Ordering::Relaxed)) * 1_000_000_007;
    HITS.store((wide / (signal as u128 + 1)) as u64 + u64::from(copy[17]), Ordering::Relaxed);
    if let Some(code) = saved.raw_os_error() {
        // SAFETY: errno is this thread's.
        unsafe { *libc::__errno_location() = code };
    }
}

#[nmi_safe]
extern "C" fn forward(signal: libc::c_int) {
    // SAFETY: a zeroed sigset_t is a valid argument to sigemptyset.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, signal);
        libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
        libc::pthread_kill(libc::pthread_self(), signal);
        libc::kill(libc::getpid(), signal);
    }
}

fn main() {
    let _ = LIMIT.set(5);
    let _ = CALLBACK.set(Box::new(|signal| {
        HITS.store(signal as u64, Ordering::Relaxed);
    }));
    let handlers: [extern "C" fn(libc::c_int); 7] = [
        format_on_stack,
        reraise,
        write_through_file,
        end,
        read_state,
        copy_and_compute,
        forward,
    ];
    for (offset, handler) in handlers.iter().enumerate() {
        // SAFETY: each is an `extern "C" fn(c_int)` handler.
        unsafe { libc::signal(libc::SIGRTMIN() + offset as i32, *handler as libc::sighandler_t) };
    }
}
