// Calls behind a branch that the handler's own constants rule out. The check follows calls, not
// values, so each of these was reported; before a finding is reported, the handler's code is now
// run over abstract values (`paths.rs`), and a sink that no execution reaches is dropped.
// The helpers (`cases_dep::shapes`) are in another crate, each in the shape of a real crate's:
// nix's `waitpid(pid, Option<WaitPidFlag>)`, which passes `match options { Some(b) => b.bits(),
// None => 0 }` on to C; a small vector that allocates only past its inline capacity (smallvec's
// `with_capacity`); a logger with a verbose switch; a raw `syscall` wrapper that takes its number
// as a parameter.
use cases_dep::shapes::{buffer, note, raw, wait_child, WaitFlags};
use ctxlock::nmi_safe;

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
