// The helpers of `ok_p_constant_paths`, called with the constants that do reach their hazard: the
// values that prune a branch must never prune a path that runs. Each call is reported at its own
// line, with its own category; a hazard behind a value the handler cannot know (a parameter) is
// reported too.
use ctxlock::nmi_safe;

#[derive(Clone, Copy)]
struct WaitFlags(libc::c_int);

impl WaitFlags {
    fn bits(self) -> libc::c_int {
        self.0
    }
}

fn wait_child(pid: libc::pid_t, options: Option<WaitFlags>) -> libc::pid_t {
    let bits = match options {
        Some(flags) => flags.bits(),
        None => 0,
    };
    let mut status = 0;
    // SAFETY: status is a valid int.
    unsafe { libc::waitpid(pid, &mut status, bits) }
}

const INLINE: usize = 16;

#[allow(dead_code)] // What it holds is never read: only whether it allocates matters.
enum Buffer {
    Inline([u8; INLINE], usize),
    Heap(Vec<u8>),
}

fn buffer(capacity: usize) -> Buffer {
    if capacity > INLINE {
        Buffer::Heap(Vec::with_capacity(capacity))
    } else {
        Buffer::Inline([0; INLINE], 0)
    }
}

fn note(verbose: bool, code: i32) {
    if verbose {
        eprintln!("signal {code}");
    }
}

fn raw(number: libc::c_long) -> libc::c_long {
    // SAFETY: the system calls given here take no arguments the kernel reads.
    unsafe { libc::syscall(number) }
}

#[nmi_safe]
extern "C" fn on_sigchld(signal: libc::c_int) {
    wait_child(-1, None); //~ sleeps
    wait_child(-1, Some(WaitFlags(libc::WUNTRACED))); //~ sleeps
    let scratch = buffer(64); //~ allocates
    std::hint::black_box(&scratch);
    std::mem::forget(scratch);
    note(true, signal); //~ stdio
    raw(libc::SYS_pause); //~ sleeps
}

#[nmi_safe]
extern "C" fn on_signal(signal: libc::c_int) {
    // The handler's argument, not a constant: either side may run.
    note(signal == libc::SIGUSR1, signal); //~ stdio
    let scratch = buffer(signal as usize); //~ allocates
    std::mem::forget(scratch);
}

fn main() {
    std::hint::black_box(on_sigchld as extern "C" fn(libc::c_int));
    std::hint::black_box(on_signal as extern "C" fn(libc::c_int));
}
