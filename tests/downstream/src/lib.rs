//! A downstream crate: its `#[nmi_safe]` fns call `ctxlock-test-upstream`'s `#[nmi_safe]` pub fns by
//! path, import, rename and glob, and compile.
//!
//! Calling upstream's `#[may_sleep]` fns by path or glob from an `#[nmi_safe]` fn does not compile
//! (E0277, the `#[may_sleep]` diagnostic); `tests/ui/cross_crate/` records the full messages. The
//! examples write `fn main` themselves, so that their items are module items, as in real code: inside
//! the `fn main` that rustdoc would wrap them in, the probes would not see the glob.
//!
//! ```compile_fail,E0277
//! #[ctxlock::nmi_safe]
//! fn on_crash() {
//!     ctxlock_test_upstream::kexec_load(0);
//! }
//! ```
//!
//! ```compile_fail,E0277
//! use ctxlock_test_upstream::kexec::*;
//!
//! #[ctxlock::nmi_safe]
//! fn on_crash() {
//!     reload();
//! }
//! # fn main() {}
//! ```

use ctxlock::{may_sleep, nmi_safe};
use ctxlock_test_upstream::crash_kexec as crash;
use ctxlock_test_upstream::kexec::*;
use ctxlock_test_upstream::{record_crash, Image};

/// Calls upstream's `#[nmi_safe]` fns in every way a path can reach them.
#[nmi_safe(entry)]
pub fn on_crash() -> u32 {
    let by_path = ctxlock_test_upstream::record_crash();
    let by_import = record_crash();
    let by_rename = crash().unwrap_or(0);
    let by_glob = crashes();
    let by_module = ctxlock_test_upstream::kexec::crashes();
    by_path + by_import + by_rename + by_glob + by_module
}

/// Methods and associated fns of an upstream type.
#[nmi_safe]
#[must_use]
pub fn image_size() -> u32 {
    Image::new().size()
}

/// Sleepable code may call anything, upstream's `#[may_sleep]` fns included.
#[may_sleep]
pub fn load(size: u32) {
    ctxlock_test_upstream::kexec_load(size);
    ctxlock_test_upstream::kexec_load_as::<u16>(1);
    reload();
    Image::default().load(size);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_across_crates() {
        load(4);
        assert!(on_crash() >= 4);
        assert_eq!(image_size(), 0);
    }
}
