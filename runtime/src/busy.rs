//! The error of the NMI face: [`HybridLock::try_lock`](crate::HybridLock::try_lock) found the lock
//! held. With `std` it converts to `io::Error` (`EBUSY`), so "return -EBUSY" paths are one `?`
//! away.

use core::fmt;

/// The lock was held, so [`try_lock`](crate::HybridLock::try_lock) did not take it.
///
/// With `std`, it converts into [`std::io::Error`] with kind [`ResourceBusy`] and, on Unix, raw OS
/// error `EBUSY`.
///
/// [`std::io::Error`]: https://doc.rust-lang.org/std/io/struct.Error.html
/// [`ResourceBusy`]: https://doc.rust-lang.org/std/io/enum.ErrorKind.html#variant.ResourceBusy
///
/// ```
/// use ctxlock_runtime::{Busy, HybridLock};
///
/// let lock = HybridLock::new(0);
/// let held = lock.lock();
/// assert_eq!(lock.try_lock().unwrap_err(), Busy);
/// drop(held);
/// assert!(lock.try_lock().is_ok());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Busy;

impl fmt::Display for Busy {
    /// Prints `lock is busy`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("lock is busy")
    }
}

impl core::error::Error for Busy {}

#[cfg(feature = "std")]
impl From<Busy> for std::io::Error {
    /// `EBUSY` on Unix (kind `ResourceBusy`); elsewhere an error of kind `ResourceBusy` wrapping
    /// `Busy`. So a `try_lock` is one `?` away from an `io::Result`:
    ///
    /// ```
    /// use ctxlock_runtime::HybridLock;
    ///
    /// fn bump(counter: &HybridLock<u32>) -> std::io::Result<u32> {
    ///     let mut count = counter.try_lock()?;
    ///     *count += 1;
    ///     Ok(*count)
    /// }
    ///
    /// let counter = HybridLock::new(0);
    /// assert_eq!(bump(&counter).unwrap(), 1);
    /// let _held = counter.lock();
    /// let err = bump(&counter).unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::ResourceBusy);
    /// ```
    fn from(Busy: Busy) -> Self {
        #[cfg(unix)]
        {
            std::io::Error::from_raw_os_error(libc::EBUSY)
        }
        #[cfg(not(unix))]
        {
            std::io::Error::new(std::io::ErrorKind::ResourceBusy, Busy)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::{format, string::ToString};

    use super::*;

    #[test]
    fn display_and_debug() {
        assert_eq!(Busy.to_string(), "lock is busy");
        assert_eq!(format!("{Busy:?}"), "Busy");
    }

    #[test]
    fn is_an_error_without_source() {
        let err: &dyn core::error::Error = &Busy;
        assert!(err.source().is_none());
        assert_eq!(err.to_string(), "lock is busy");
    }

    #[test]
    fn copy_eq_hash() {
        use std::collections::HashSet;

        let a = Busy;
        let b = a;
        assert_eq!(a, b);
        assert_eq!(HashSet::from([a, b]).len(), 1);
    }

    #[cfg(all(feature = "std", unix))]
    #[test]
    fn converts_to_io_error_ebusy() {
        let err = std::io::Error::from(Busy);
        assert_eq!(err.kind(), std::io::ErrorKind::ResourceBusy);
        assert_eq!(err.raw_os_error(), Some(libc::EBUSY));
    }

    #[cfg(all(feature = "std", not(unix)))]
    #[test]
    fn converts_to_io_error_resource_busy() {
        let err = std::io::Error::from(Busy);
        assert_eq!(err.kind(), std::io::ErrorKind::ResourceBusy);
        assert_eq!(err.to_string(), "lock is busy");
    }
}
