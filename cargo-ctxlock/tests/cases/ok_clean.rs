// What a handler may do: try_lock and release, atomics, NmiScope, core::ptr, formatting into a fixed
// buffer, async-signal-safe libc calls, and abort.
use core::fmt::{self, Write};
use ctxlock::{nmi_safe, HybridLock, NmiScope};
use std::sync::atomic::{AtomicU32, Ordering};

static STATE: HybridLock<[u32; 4]> = HybridLock::new([0; 4]);
static HITS: AtomicU32 = AtomicU32::new(0);

struct StackBuf {
    bytes: [u8; 64],
    len: usize,
}

impl Write for StackBuf {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        if end > self.bytes.len() {
            return Err(fmt::Error);
        }
        self.bytes[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[nmi_safe]
fn report(code: u32) {
    let mut buf = StackBuf { bytes: [0; 64], len: 0 };
    let _ = write!(buf, "fault {code} at {:#x}\n", code * 4);
    // SAFETY: writes the initialised part of the buffer to stderr.
    unsafe { libc::write(2, buf.bytes.as_ptr().cast(), buf.len) };
}

#[nmi_safe(entry)]
extern "C" fn on_signal(signal: libc::c_int) {
    let _scope = NmiScope::enter();
    HITS.fetch_add(1, Ordering::Relaxed);
    if let Ok(mut state) = STATE.try_lock() {
        state[0] = signal as u32;
        // SAFETY: both pointers are into the same live array.
        unsafe { core::ptr::copy(state.as_ptr(), state.as_mut_ptr().add(1), 1) };
    }
    report(signal as u32);
    if signal == libc::SIGABRT {
        std::process::abort();
    }
}

fn main() {
    std::hint::black_box(on_signal as extern "C" fn(libc::c_int));
}
