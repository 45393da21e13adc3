// Formatting an `io::Error` into a stack buffer: std's Display of an OS error calls strerror_r and
// builds a `String`.
use core::fmt::{self, Write};
use ctxlock::nmi_safe;

struct StackBuf {
    bytes: [u8; 128],
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
fn report(err: &std::io::Error) -> usize {
    let mut buf = StackBuf {
        bytes: [0; 128],
        len: 0,
    };
    let _ = write!(buf, "{err}"); //~ allocates not_signal_safe
    buf.len
}

fn main() {
    let err = std::io::Error::from_raw_os_error(2);
    std::hint::black_box(report(&err));
}
