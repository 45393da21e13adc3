//! A device driver built on ctxlock, the way a crate of yours would use it: the interrupt handler
//! and the configuration path share the device's registers through one `HybridLock`.
//!
//! - [`configure`] runs in process context (an `ioctl`, say). It may sleep, so it is `#[may_sleep]`
//!   and waits for the registers with `lock()`.
//! - [`irq_handler`] is the interrupt handler; a Unix signal plays the IRQ line. It is
//!   `#[nmi_safe(entry)]`, so the compiler rejects anything in it that could wait, and it takes the
//!   registers with `try_lock()`: while `configure` holds them, the interrupt is counted as missed
//!   instead of deadlocking the thread it interrupted.

use std::io;
use std::sync::atomic::{AtomicU64, Ordering};

use ctxlock::{may_sleep, nmi_safe, Busy, HybridLock};

/// The device's registers, as the driver sees them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Registers {
    /// How often the device raises its interrupt, once enabled.
    pub sample_rate_hz: u32,
    /// Whether the device is on.
    pub enabled: bool,
    /// Interrupts handled since the device was enabled.
    pub samples: u64,
}

static REGISTERS: HybridLock<Registers> = HybridLock::new(Registers {
    sample_rate_hz: 0,
    enabled: false,
    samples: 0,
});

/// Interrupts that found the registers held by [`configure`].
static MISSED: AtomicU64 = AtomicU64::new(0);

/// What the interrupt handler did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Irq {
    /// Took the registers and counted a sample.
    Handled,
    /// The device is off: not our interrupt.
    NotOurs,
    /// The configuration path held the registers: counted as missed.
    Missed,
}

/// Configures and enables the device, and returns the registers as set. Process context only: an
/// interrupt handler cannot call it.
///
/// ```compile_fail,E0277
/// #[ctxlock::nmi_safe]
/// fn on_irq() {
///     ctxlock_example_driver::configure(44_100); // error: `configure` may sleep
/// }
/// ```
#[may_sleep]
pub fn configure(sample_rate_hz: u32) -> Registers {
    let mut registers = REGISTERS.lock();
    registers.sample_rate_hz = sample_rate_hz;
    registers.enabled = true;
    registers.samples = 0;
    *registers
}

/// The registers, waiting for the interrupt handler if it holds them. Process context only.
#[may_sleep]
pub fn registers() -> Registers {
    *REGISTERS.lock()
}

/// Interrupts missed because [`configure`] held the registers.
pub fn missed_interrupts() -> u64 {
    MISSED.load(Ordering::Relaxed)
}

/// The interrupt's work. Never waits.
#[nmi_safe]
pub fn handle_interrupt() -> Irq {
    match REGISTERS.try_lock() {
        Ok(mut registers) if registers.enabled => {
            registers.samples += 1;
            Irq::Handled
        }
        Ok(_) => Irq::NotOurs,
        Err(Busy) => {
            MISSED.fetch_add(1, Ordering::Relaxed);
            Irq::Missed
        }
    }
}

/// The IRQ line: a signal handler, installed by [`install_irq_handler`].
#[nmi_safe(entry)]
pub extern "C" fn irq_handler(_signal: libc::c_int) {
    handle_interrupt();
}

/// Routes `signal` to [`irq_handler`].
pub fn install_irq_handler(signal: libc::c_int) -> io::Result<()> {
    // SAFETY: an all-zero `sigaction` is valid (no flags, empty mask); `irq_handler` has the plain
    // handler signature and does only async-signal-safe work.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = irq_handler as extern "C" fn(libc::c_int) as libc::sighandler_t;
        action.sa_flags = libc::SA_RESTART;
        if libc::sigaction(signal, &action, std::ptr::null_mut()) != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Raises the "IRQ" on this thread; `raise` returns after the handler has run.
    fn interrupt() {
        // SAFETY: SIGUSR2 has our handler.
        assert_eq!(unsafe { libc::raise(libc::SIGUSR2) }, 0);
    }

    // One test, because the device and the signal disposition are process-wide.
    #[test]
    fn the_handler_never_waits_for_the_configuration_path() {
        install_irq_handler(libc::SIGUSR2).unwrap();

        interrupt(); // Before `configure`: the device is off.
        assert_eq!(registers().samples, 0);

        let set = configure(48_000);
        assert_eq!(
            set,
            Registers {
                sample_rate_hz: 48_000,
                enabled: true,
                samples: 0
            }
        );
        interrupt();
        interrupt();
        assert_eq!(registers().samples, 2);

        // The IRQ arrives on the very thread that holds the registers: a blocking lock would
        // deadlock here; `try_lock` gives `Busy`, and the interrupt is counted as missed.
        let held = REGISTERS.lock();
        interrupt();
        drop(held);
        assert_eq!(missed_interrupts(), 1);
        assert_eq!(registers().samples, 2);
        assert_eq!(handle_interrupt(), Irq::Handled);
    }
}
