// `log::error!` in a handler, with a logger installed in `main` whose `log()` locks a Mutex: the
// macro calls the installed logger through `&dyn Log`, not only the crate's own `NopLogger`.
use ctxlock::nmi_safe;
use std::sync::Mutex;

struct FileLogger {
    lines: Mutex<u64>,
}

impl log::Log for FileLogger {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }
    fn log(&self, _: &log::Record) {
        *self.lines.lock().unwrap() += 1;
    }
    fn flush(&self) {}
}

static LOGGER: FileLogger = FileLogger {
    lines: Mutex::new(0),
};

#[nmi_safe]
fn on_fault(code: u32) {
    log::error!("fault {code}"); //~ blocks
}

fn main() {
    log::set_logger(&LOGGER).unwrap();
    log::set_max_level(log::LevelFilter::Error);
    std::hint::black_box(on_fault as fn(u32));
}
