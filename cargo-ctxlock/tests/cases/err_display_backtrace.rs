// Formatting a `Backtrace` into a stack buffer: std resolves the symbols under its backtrace lock,
// into heap-allocated names, reading the binary's debug info with open, mmap and dl_iterate_phdr,
// of which POSIX lists only open as async-signal-safe.
use core::fmt::{self, Write};
use ctxlock::nmi_safe;
use std::backtrace::Backtrace;

struct StackBuf {
    bytes: [u8; 4096],
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
fn report(trace: &Backtrace) -> usize {
    let mut buf = StackBuf {
        bytes: [0; 4096],
        len: 0,
    };
    let _ = write!(buf, "{trace}"); //~ blocks allocates not_signal_safe
    buf.len
}

fn main() {
    let trace = Backtrace::force_capture();
    std::hint::black_box(report(&trace));
}
