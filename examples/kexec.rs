//! Linux's kexec in user space: a loader that may sleep and a crash path that must not, sharing one
//! lock.
//!
//! In the kernel, `kexec_load()` sleeps while it copies a crash kernel in, and `__crash_kexec()`
//! runs in NMI context, where waiting for that loader would hang the dying machine: it takes the
//! lock with a trylock and skips the dump when the lock is busy. Here SIGUSR1 plays the NMI, and
//! `HybridLock` gives each side its face: `lock()` for the loader, `try_lock()` for the crash path.
//!
//! Run it with `cargo run --example kexec`.

mod sigsafe_write;

use std::fmt::Write as _;
use std::io;
use std::os::unix::thread::JoinHandleExt;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use ctxlock::{may_sleep, nmi_safe, Busy, HybridLock};
use sigsafe_write::{FixedBuf, SavedErrno};

const MIB: usize = 1 << 20;

/// What `kexec_lock` guards: the crash kernel, once loaded, and the memory reserved for it.
struct KexecState {
    crash_image: Option<&'static str>,
    crash_size: usize,
}

static KEXEC_LOCK: HybridLock<KexecState> = HybridLock::new(KexecState {
    crash_image: None,
    crash_size: 256 * MIB,
});

/// `kexec_load(2)`: installs a crash kernel. Process context: it waits for the lock as long as it
/// takes, and copying the image in takes a while.
#[may_sleep]
fn kexec_load(image: &'static str, copy_segments: impl FnOnce()) {
    let mut state = KEXEC_LOCK.lock();
    println!("[loader] kexec_load: lock() took KEXEC_LOCK; copying {image} in...");
    copy_segments();
    state.crash_image = Some(image);
    println!("[loader] kexec_load: {image} loaded; releasing KEXEC_LOCK");
}

/// `__crash_kexec()`: boots the capture kernel when the machine dies. It runs in NMI context,
/// possibly on top of the very loader that holds the lock, so it never waits: if the lock is
/// `Busy`, it gives up.
#[nmi_safe]
fn crash_kexec() -> Result<(), Busy> {
    let state = KEXEC_LOCK.try_lock()?;
    if let Some(image) = state.crash_image {
        let mut out = FixedBuf::<128>::new();
        let _ = writeln!(
            out,
            "[nmi]    crash_kexec: try_lock() took KEXEC_LOCK: booting {image}"
        );
        out.flush_to(libc::STDOUT_FILENO);
    }
    Ok(())
}

/// The NMI: a SIGUSR1 handler. `entry` puts the thread in NMI context while it runs, so that (in
/// debug builds) a sleeping call reached from here aborts with a message instead of hanging.
#[nmi_safe(entry)]
extern "C" fn on_nmi(_signal: libc::c_int) {
    let _errno = SavedErrno::save();
    let outcome = match crash_kexec() {
        Ok(()) => NMI_RAN,
        Err(Busy) => {
            sigsafe_write::write_all(
                libc::STDOUT_FILENO,
                b"[nmi]    crash_kexec: try_lock() -> Busy, a load is in progress: skip the dump\n",
            );
            NMI_SKIPPED
        }
    };
    NMI_OUTCOME.store(outcome, Ordering::Release);
}

/// What the last NMI did, for `main` to wait on.
static NMI_OUTCOME: AtomicU8 = AtomicU8::new(NMI_PENDING);
const NMI_PENDING: u8 = 0;
const NMI_SKIPPED: u8 = 1;
const NMI_RAN: u8 = 2;

/// `cat /sys/kernel/kexec_crash_size`. Like the kernel's, it fails with `EBUSY` during a load
/// rather than wait: `Busy` converts into that `io::Error`.
fn crash_get_memory_size() -> io::Result<usize> {
    let state = KEXEC_LOCK.try_lock()?;
    Ok(state.crash_size)
}

/// `echo $size > /sys/kernel/kexec_crash_size`: gives part of the reservation back.
fn crash_shrink_memory(new_size: usize) -> io::Result<usize> {
    let mut state = KEXEC_LOCK.try_lock()?;
    if new_size > state.crash_size {
        return Err(io::Error::from_raw_os_error(libc::EINVAL));
    }
    state.crash_size = new_size;
    Ok(new_size)
}

fn main() {
    install_nmi_handler();
    println!("kexec in user space: a loader sleeps holding KEXEC_LOCK; SIGUSR1 plays the NMI.\n");

    let (loading_tx, loading) = mpsc::channel();
    let (finish_tx, finish) = mpsc::channel();
    let loader = thread::spawn(move || {
        kexec_load("vmlinuz-crash", || {
            loading_tx.send(()).unwrap();
            // The copy, which the NMI interrupts; then the load is held open until `main` has
            // shown what happens meanwhile.
            thread::sleep(Duration::from_millis(300));
            finish.recv().unwrap();
        });
    });
    loading.recv().unwrap();

    println!("[main]   NMI: SIGUSR1 to the loader thread, which holds KEXEC_LOCK");
    assert_eq!(send_nmi(loader.as_pthread_t()), NMI_SKIPPED);
    println!("[main]   the handler returned at once: no deadlock");
    sysfs("crash_get_memory_size()", crash_get_memory_size());
    sysfs(
        "crash_shrink_memory(128 MiB)",
        crash_shrink_memory(128 * MIB),
    );

    finish_tx.send(()).unwrap();
    loader.join().unwrap();
    sysfs("crash_get_memory_size()", crash_get_memory_size());
    sysfs(
        "crash_shrink_memory(128 MiB)",
        crash_shrink_memory(128 * MIB),
    );
    println!("[main]   NMI: SIGUSR1 to the main thread; KEXEC_LOCK is free");
    // SAFETY: `pthread_self` has no preconditions.
    assert_eq!(send_nmi(unsafe { libc::pthread_self() }), NMI_RAN);

    println!();
    println!("That was the run-time half. For the compile-time half, make the crash path wait:");
    println!("at examples/kexec.rs:53, in crash_kexec, change `KEXEC_LOCK.try_lock()?`");
    println!("to `KEXEC_LOCK.lock()`, and run `cargo build --example kexec`:");
    println!("#[nmi_safe] rejects the blocking call.");
}

/// Sends the NMI to `thread` and waits until its handler has run; returns what it did.
fn send_nmi(thread: libc::pthread_t) -> u8 {
    NMI_OUTCOME.store(NMI_PENDING, Ordering::Relaxed);
    // SAFETY: `thread` is alive (the loader is joined only later), and SIGUSR1 has a handler.
    let rc = unsafe { libc::pthread_kill(thread, libc::SIGUSR1) };
    assert_eq!(rc, 0, "pthread_kill failed");
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match NMI_OUTCOME.load(Ordering::Acquire) {
            NMI_PENDING => assert!(Instant::now() < deadline, "the SIGUSR1 handler never ran"),
            outcome => return outcome,
        }
        thread::yield_now();
    }
}

fn install_nmi_handler() {
    // SAFETY: an all-zero `sigaction` is a valid value (no flags, empty mask) that we fill in;
    // `on_nmi` has the signature of a plain handler and does only async-signal-safe work.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_nmi as extern "C" fn(libc::c_int) as libc::sighandler_t;
        action.sa_flags = libc::SA_RESTART;
        let rc = libc::sigaction(libc::SIGUSR1, &action, std::ptr::null_mut());
        assert_eq!(rc, 0, "sigaction failed");
    }
}

/// Prints what a sysfs file operation returned, as `cat` or `echo` would see it.
fn sysfs(call: &str, result: io::Result<usize>) {
    match result {
        Ok(bytes) => println!("[sysfs]  {call} -> Ok({} MiB)", bytes / MIB),
        Err(err) if err.raw_os_error() == Some(libc::EBUSY) => {
            println!("[sysfs]  {call} -> Err(EBUSY): the lock is held");
        }
        Err(err) => println!("[sysfs]  {call} -> Err({err})"),
    }
}
