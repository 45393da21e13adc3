//! An upstream crate for the cross-crate tests of `#[nmi_safe]` and `#[may_sleep]`: its marked pub fns
//! are what `tests/downstream` and `tests/ui/cross_crate/` call. Every kind of fn carries an attribute,
//! so that `cargo clippy --workspace -- -D warnings` also checks what the attributes generate.

use core::sync::atomic::{AtomicU32, Ordering};

use ctxlock::{may_sleep, nmi_safe, Busy, HybridLock};

static LOADED: HybridLock<u32> = HybridLock::new(0);
static CRASHES: AtomicU32 = AtomicU32::new(0);

/// Loads a crash kernel, waiting for the lock as long as it takes.
#[may_sleep]
pub fn kexec_load(size: u32) {
    *LOADED.lock() = size;
}

/// Like [`kexec_load`], generic, for the turbofish cases.
#[may_sleep]
pub fn kexec_load_as<T: Into<u32>>(size: T) {
    kexec_load(size.into());
}

/// The crash path: never waits.
///
/// # Errors
/// [`Busy`] when a load holds the lock.
#[nmi_safe]
pub fn crash_kexec() -> Result<u32, Busy> {
    let size = LOADED.try_lock()?;
    record_crash();
    Ok(*size)
}

/// Counts a crash; an `#[nmi_safe]` fn called by [`crash_kexec`] and by other crates.
#[nmi_safe]
pub fn record_crash() -> u32 {
    CRASHES.fetch_add(1, Ordering::Relaxed) + 1
}

/// A module of fns, for the by-path and glob-import cases.
pub mod kexec {
    use ctxlock::{may_sleep, nmi_safe};

    /// Re-reads the image from disk.
    #[may_sleep]
    pub fn reload() {
        super::kexec_load(0);
    }

    /// How many crashes were seen, without waiting.
    #[nmi_safe]
    #[must_use]
    pub fn crashes() -> u32 {
        super::CRASHES.load(core::sync::atomic::Ordering::Relaxed)
    }
}

/// A type whose methods carry the attributes: these are not probed across crates (rule 5 sees paths,
/// not methods), but must compile cleanly here.
#[derive(Debug, Default)]
pub struct Image {
    size: u32,
}

impl Image {
    /// Makes an empty image.
    #[nmi_safe]
    #[must_use]
    pub const fn new() -> Self {
        Self { size: 0 }
    }

    /// Fills the image, which may sleep.
    #[may_sleep]
    pub fn load(&mut self, size: u32) {
        kexec_load(size);
        self.size = size;
    }

    /// The image's size.
    #[nmi_safe]
    #[must_use]
    pub fn size(&self) -> u32 {
        self.size
    }
}
