//! The kernel-style report of a sleeping call in NMI context: one `BUG:` line naming the caller,
//! written without allocating or locking, then abort (a panic without `std`).

use core::{fmt, panic::Location};

/// Reports that the caller was about to sleep in NMI context, and never returns.
#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn sleeping_in_nmi(function: Option<&'static str>) -> ! {
    let bug = SleepingInNmi {
        function,
        at: Location::caller(),
    };
    #[cfg(feature = "std")]
    {
        stderr::write_line(&bug);
        std::process::abort()
    }
    #[cfg(not(feature = "std"))]
    {
        panic!("{bug}")
    }
}

/// The message, without newline:
/// ``BUG: sleeping function [`name` ]called from NMI context at file:line:column``.
struct SleepingInNmi {
    function: Option<&'static str>,
    at: &'static Location<'static>,
}

impl fmt::Display for SleepingInNmi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A named function is located where it is defined (`#[may_sleep]` checks on entry, and
        // cannot know its caller); a bare `might_sleep()` where it is called.
        match self.function {
            Some(name) => write!(
                f,
                "BUG: sleeping function `{name}` ({}) called from NMI context",
                self.at
            ),
            None => write!(
                f,
                "BUG: sleeping function called from NMI context at {}",
                self.at
            ),
        }
    }
}

#[cfg(feature = "std")]
mod stderr {
    use core::fmt::{self, Write};

    /// Room for the message and its newline; a longer one (a very long path) is cut short.
    const CAPACITY: usize = 512;

    /// A line assembled on the stack: what does not fit is dropped, and the newline always fits.
    struct Line {
        bytes: [u8; CAPACITY],
        len: usize,
    }

    impl Write for Line {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            let room = CAPACITY - 1 - self.len; // the last byte is kept for '\n'
            let taken = s.len().min(room);
            self.bytes[self.len..self.len + taken].copy_from_slice(&s.as_bytes()[..taken]);
            self.len += taken;
            Ok(())
        }
    }

    /// Writes `message` and a newline to stderr in one `write(2)` (more only if the kernel takes
    /// part of it), bypassing `std::io::stderr` and its lock: the interrupted code may hold it.
    pub(super) fn write_line(message: &dyn fmt::Display) {
        let mut line = Line {
            bytes: [0; CAPACITY],
            len: 0,
        };
        let _ = write!(line, "{message}");
        line.bytes[line.len] = b'\n';
        let bytes = &line.bytes[..=line.len];
        write_all(bytes);
    }

    #[cfg(unix)]
    fn write_all(mut bytes: &[u8]) {
        while !bytes.is_empty() {
            // SAFETY: `bytes` is a live, initialised buffer of `bytes.len()` bytes; `write` only
            // reads it. Fd 2 may be closed or anything else: then the call fails, harmlessly.
            let written = unsafe { libc::write(2, bytes.as_ptr().cast(), bytes.len()) };
            match usize::try_from(written) {
                Ok(0) => return,
                Ok(n) => bytes = &bytes[n.min(bytes.len())..],
                Err(_)
                    if std::io::Error::last_os_error().kind()
                        == std::io::ErrorKind::Interrupted => {}
                Err(_) => return,
            }
        }
    }

    /// No `write(2)` to call: `std`'s unbuffered stderr. Its lock is reentrant, so only a handler
    /// that interrupted another thread's write to stderr could wait on it.
    #[cfg(not(unix))]
    fn write_all(bytes: &[u8]) {
        let _ = std::io::Write::write_all(&mut std::io::stderr(), bytes);
    }

    #[cfg(test)]
    mod tests {
        use std::string::String;

        use super::*;

        #[test]
        fn long_messages_are_cut_and_keep_their_newline() {
            let mut line = Line {
                bytes: [0; CAPACITY],
                len: 0,
            };
            let long = String::from("x").repeat(2 * CAPACITY);
            write!(line, "BUG: {long}").unwrap();
            assert_eq!(line.len, CAPACITY - 1);
            assert!(line.bytes[..line.len].starts_with(b"BUG: xxx"));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::string::ToString;

    use super::*;

    #[test]
    fn message_names_location_and_function() {
        let at = Location::caller();
        let anonymous = SleepingInNmi { function: None, at }.to_string();
        assert_eq!(
            anonymous,
            std::format!("BUG: sleeping function called from NMI context at {at}")
        );
        let named = SleepingInNmi {
            function: Some("kexec_load"),
            at,
        }
        .to_string();
        assert_eq!(
            named,
            std::format!("BUG: sleeping function `kexec_load` ({at}) called from NMI context")
        );
    }
}
