// Calls behind a branch that the handler's own constants rule out. The check follows calls, not
// values, so each of these was reported; before a finding is reported, the handler's code is now
// run over abstract values (`paths.rs`), and a sink that no execution reaches is dropped.
// Each helper has the shape of a real crate's: nix's `waitpid(pid, Option<WaitPidFlag>)`, which
// passes `match options { Some(b) => b.bits(), None => 0 }` on to C; a small vector that
// allocates only past its inline capacity (smallvec's `with_capacity`); a logger with a verbose
// switch; a raw `syscall` wrapper that takes its number as a parameter.
use ctxlock::nmi_safe;

#[derive(Clone, Copy)]
struct WaitFlags(libc::c_int);

impl WaitFlags {
    const NO_HANG: WaitFlags = WaitFlags(libc::WNOHANG);

    fn bits(self) -> libc::c_int {
        self.0
    }
}

/// nix's shape: the options as an `Option` of a flags newtype.
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

/// Heap memory only past the inline capacity.
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
    // SAFETY: the system calls given here take no arguments.
    unsafe { libc::syscall(number) }
}

#[nmi_safe]
extern "C" fn on_sigchld(signal: libc::c_int) {
    while wait_child(-1, Some(WaitFlags::NO_HANG)) > 0 {}
    let flags = WaitFlags(libc::WNOHANG | libc::WUNTRACED);
    wait_child(-1, Some(flags));
    let scratch = buffer(8);
    std::hint::black_box(&scratch);
    std::mem::forget(scratch);
    note(false, signal);
    raw(libc::SYS_getpid);
}

fn main() {
    std::hint::black_box(on_sigchld as extern "C" fn(libc::c_int));
}
