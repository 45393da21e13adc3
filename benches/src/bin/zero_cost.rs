//! The fns that `scripts/bench-zero-cost` compiles to release-mode assembly twice, with the `annotated`
//! feature (each fn under `#[nmi_safe]` or `#[may_sleep]`) and without, to show that the attributes add
//! no instruction. They cover what the attributes generate: `#[nmi_safe]` probes every call of a fn
//! (`zc_crash_path` calls two), `#[may_sleep]` adds a `might_sleep` check in debug builds only and a
//! marker type beside the fn. `#[no_mangle]` keeps the names stable across the two builds.

use std::hint::black_box;

use ctxlock::{Busy, HybridLock};

static STATE: HybridLock<u64> = HybridLock::new(0);

/// A crash path: takes the lock only if free, and calls other fns (each call gets a probe).
#[cfg_attr(feature = "annotated", ctxlock::nmi_safe)]
#[inline(never)]
#[no_mangle]
pub fn zc_crash_path(seed: u64) -> Result<u64, Busy> {
    let mut state = STATE.try_lock()?;
    let mixed = zc_mix(seed, *state);
    *state = match mixed % 3 {
        0 => mixed,
        1 => zc_mix(mixed, seed),
        _ => {
            let rotate = |x: u64| x.rotate_left(7);
            rotate(mixed)
        }
    };
    Ok(*state)
}

/// A leaf an NMI-safe fn may call.
#[cfg_attr(feature = "annotated", ctxlock::nmi_safe)]
#[inline(never)]
#[no_mangle]
pub fn zc_mix(a: u64, b: u64) -> u64 {
    a.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b.rotate_right(29)
}

/// Sleepable code: waits for the lock.
#[cfg_attr(feature = "annotated", ctxlock::may_sleep)]
#[inline(never)]
#[no_mangle]
pub fn zc_load(image: u64) -> u64 {
    let mut state = STATE.lock();
    *state = zc_mix(image, *state);
    *state
}

/// A method, which gets no marker, only the debug-build check.
pub struct Device {
    /// The device's lock.
    pub regs: HybridLock<[u32; 4]>,
}

impl Device {
    /// Sleepable: waits for the registers.
    #[cfg_attr(feature = "annotated", ctxlock::may_sleep)]
    #[inline(never)]
    #[no_mangle]
    pub fn zc_device_reset(&self) {
        *self.regs.lock() = [0; 4];
    }

    /// NMI-safe: reads a register if it can.
    #[cfg_attr(feature = "annotated", ctxlock::nmi_safe)]
    #[inline(never)]
    #[no_mangle]
    pub fn zc_device_status(&self) -> Option<u32> {
        self.regs.try_lock().ok().map(|regs| regs[0])
    }
}

fn main() {
    let device = black_box(Device {
        regs: HybridLock::new([1, 2, 3, 4]),
    });
    black_box(zc_load(black_box(1)));
    black_box(zc_crash_path(black_box(2))).ok();
    device.zc_device_reset();
    black_box(device.zc_device_status());
}
