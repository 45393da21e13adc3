//! The one place the lock's atomics come from: `core` normally, loom's model checker under
//! `cfg(loom)`, so the loom models in `tests/loom.rs` check the very code that ships.

#[cfg(not(loom))]
pub(crate) use core::{
    hint::spin_loop,
    sync::atomic::{AtomicU32, Ordering},
};
#[cfg(loom)]
pub(crate) use loom::sync::atomic::fence;
// Loom's spin hint is a yield: it tells the model checker this thread waits for another.
#[cfg(loom)]
pub(crate) use loom::{
    hint::spin_loop,
    sync::atomic::{AtomicU32, Ordering},
};

/// Defines a `const fn` normally and a plain `fn` under loom, whose atomics cannot be built in a
/// const context. The constructors that have to work in a `static` use it.
macro_rules! const_fn_unless_loom {
    ($(#[$attr:meta])* $vis:vis fn $($rest:tt)*) => {
        #[cfg(not(loom))]
        $(#[$attr])*
        $vis const fn $($rest)*

        #[cfg(loom)]
        $(#[$attr])*
        $vis fn $($rest)*
    };
}
pub(crate) use const_fn_unless_loom;
