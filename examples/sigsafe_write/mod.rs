//! Output from a signal handler. `println!` takes the stdout lock and may allocate, so a handler
//! that interrupted a `println!` (or `malloc`) would deadlock; this formats into a fixed buffer and
//! hands it to the kernel with `write(2)`, which is async-signal-safe.

use core::fmt;

use ctxlock::nmi_safe;

/// Formats into a fixed buffer (on the stack, or in a static), never allocating. What does not fit
/// is cut off.
pub struct FixedBuf<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> FixedBuf<N> {
    pub const fn new() -> Self {
        FixedBuf {
            buf: [0; N],
            len: 0,
        }
    }

    /// Writes out what was formatted so far and empties the buffer.
    #[nmi_safe]
    pub fn flush_to(&mut self, fd: libc::c_int) {
        write_all(fd, &self.buf[..self.len]);
        self.len = 0;
    }
}

impl<const N: usize> fmt::Write for FixedBuf<N> {
    #[nmi_safe]
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let n = s.len().min(N - self.len);
        self.buf[self.len..self.len + n].copy_from_slice(&s.as_bytes()[..n]);
        self.len += n;
        Ok(())
    }
}

/// `write(2)` until all of `bytes` is out. Errors are dropped: a handler cannot report them.
#[nmi_safe]
pub fn write_all(fd: libc::c_int, mut bytes: &[u8]) {
    while !bytes.is_empty() {
        // SAFETY: `bytes` is valid for reads of `bytes.len()` bytes.
        let written = unsafe { libc::write(fd, bytes.as_ptr().cast(), bytes.len()) };
        match usize::try_from(written) {
            Ok(n) => bytes = &bytes[n..],
            Err(_) if errno() == libc::EINTR => {}
            Err(_) => return,
        }
    }
}

/// Saves `errno` and puts it back on drop. A handler must leave `errno` as it found it: the code it
/// interrupted may be about to read it (std's `sleep` does, after `nanosleep` fails with `EINTR`).
pub struct SavedErrno(libc::c_int);

impl SavedErrno {
    #[nmi_safe]
    pub fn save() -> Self {
        SavedErrno(errno())
    }
}

impl Drop for SavedErrno {
    #[nmi_safe]
    fn drop(&mut self) {
        // SAFETY: `__errno_location` returns this thread's `errno`, valid while the thread lives.
        unsafe { *libc::__errno_location() = self.0 };
    }
}

#[nmi_safe]
fn errno() -> libc::c_int {
    // SAFETY: as in `SavedErrno::drop`.
    unsafe { *libc::__errno_location() }
}
