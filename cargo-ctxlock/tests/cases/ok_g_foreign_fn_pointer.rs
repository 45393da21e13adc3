// A handler calls the handler it replaced, read back from sigaction(2) as an integer, the way
// signal-hook-registry and crash reporters chain: no fn of the program has the old handler's
// signature, so the pointer comes from outside the program, and nothing here is reported. The
// program's own fns have other signatures (the handler itself takes siginfo), and the one that locks
// is no candidate.
use ctxlock::nmi_safe;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

static PREVIOUS: AtomicUsize = AtomicUsize::new(0);
static LOG: Mutex<u64> = Mutex::new(0);

fn record(code: u64) {
    *LOG.lock().unwrap() = code;
}

#[nmi_safe]
extern "C" fn on_signal(signal: libc::c_int, _: *mut libc::siginfo_t, _: *mut libc::c_void) {
    let previous = PREVIOUS.load(Ordering::Relaxed);
    if previous != libc::SIG_DFL && previous != libc::SIG_IGN {
        // SAFETY: the kernel returned it as the signal's handler, an `extern "C" fn(c_int)`.
        let previous: extern "C" fn(libc::c_int) =
            unsafe { std::mem::transmute(previous as *const ()) };
        previous(signal);
    }
}

fn main() {
    let record: fn(u64) = std::hint::black_box(record);
    record(1);
    // SAFETY: a zeroed sigaction is valid; the handler has the SA_SIGINFO signature.
    unsafe {
        let mut new: libc::sigaction = std::mem::zeroed();
        let mut old: libc::sigaction = std::mem::zeroed();
        new.sa_sigaction = on_signal as usize;
        new.sa_flags = libc::SA_SIGINFO;
        libc::sigaction(libc::SIGUSR1, &new, &mut old);
        PREVIOUS.store(old.sa_sigaction, Ordering::Relaxed);
    }
}
