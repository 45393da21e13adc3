// The `log` crate's shape: a static logger that defaults to a no-op and that `main` replaces with
// one whose `log()` locks. The handler's call may reach the installed logger, not only the default.
use ctxlock::nmi_safe;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

trait Log: Sync {
    fn log(&self, code: u32);
}

struct NopLogger;

impl Log for NopLogger {
    fn log(&self, _: u32) {}
}

struct FileLogger(Mutex<Vec<u32>>);

impl Log for FileLogger {
    fn log(&self, code: u32) {
        if let Ok(mut lines) = self.0.try_lock() {
            lines.clear();
        }
        let _held = self.0.lock();
        let _ = code;
    }
}

static mut LOGGER: &dyn Log = &NopLogger;
static INSTALLED: AtomicBool = AtomicBool::new(false);

fn set_logger(logger: &'static dyn Log) {
    if !INSTALLED.swap(true, Ordering::AcqRel) {
        // SAFETY: once, before any handler is installed, as `log::set_logger` does.
        unsafe { LOGGER = logger };
    }
}

fn logger() -> &'static dyn Log {
    if INSTALLED.load(Ordering::Acquire) {
        // SAFETY: written once above, before the flag is set.
        unsafe { LOGGER }
    } else {
        &NopLogger
    }
}

#[nmi_safe]
fn on_signal(code: u32) {
    logger().log(code);
}

fn main() {
    set_logger(Box::leak(Box::new(FileLogger(Mutex::new(Vec::new())))));
    std::hint::black_box(on_signal as fn(u32));
}
