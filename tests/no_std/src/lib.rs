//! `#[nmi_safe]` and `#[may_sleep]` in a `#![no_std]` library built without ctxlock's `std` feature:
//! an interrupt handler as the entry point, and the code it may and may not call.

#![no_std]

use core::sync::atomic::{AtomicU32, Ordering};

use ctxlock::{may_sleep, nmi_safe, Busy, HybridLock};

static TICKS: AtomicU32 = AtomicU32::new(0);
static SAMPLES: HybridLock<[u16; 8]> = HybridLock::new([0; 8]);

/// The timer interrupt: counts ticks and stores a sample if the buffer is free.
#[nmi_safe(entry)]
#[no_mangle]
pub extern "C" fn timer_interrupt(sample: u16) {
    let tick = TICKS.fetch_add(1, Ordering::Relaxed);
    let _ = store(tick, sample);
}

/// Stores `sample` in slot `tick % 8`, never waiting.
///
/// # Errors
/// [`Busy`] if the main loop holds the buffer.
#[nmi_safe]
pub fn store(tick: u32, sample: u16) -> Result<(), Busy> {
    let mut samples = SAMPLES.try_lock()?;
    let slot = usize::try_from(tick % 8).unwrap_or_default();
    samples[slot] = sample;
    Ok(())
}

/// The main loop's read of the buffer: spins until the interrupt lets go.
#[may_sleep]
pub fn average() -> u16 {
    let samples = SAMPLES.lock();
    let sum: u32 = samples.iter().map(|&s| u32::from(s)).sum();
    u16::try_from(sum / 8).unwrap_or(u16::MAX)
}

/// A `const fn` under both attributes, as a `no_std` crate may have.
#[nmi_safe]
#[must_use]
pub const fn slot_of(tick: u32) -> u32 {
    tick % 8
}

/// The sleepable counterpart of [`slot_of`]; a `const fn` gets no run-time check.
#[may_sleep]
#[must_use]
pub const fn slots() -> u32 {
    8
}
