// A fn pointer in a field of what the handler is given: the fns of that Rust type whose address
// the program takes are its candidates, the one that locks included.
use ctxlock::nmi_safe;
use std::sync::Mutex;

static LOG: Mutex<Vec<u32>> = Mutex::new(Vec::new());

struct Hooks {
    on_fault: fn(u32),
}

fn record(code: u32) {
    if let Ok(mut log) = LOG.lock() {
        log.push(code);
    }
}

fn ignore(_: u32) {}

#[nmi_safe]
fn on_signal(hooks: &Hooks, code: u32) {
    (hooks.on_fault)(code);
}

fn main() {
    let hooks = if std::env::args().count() > 1 {
        Hooks { on_fault: record }
    } else {
        Hooks { on_fault: ignore }
    };
    on_signal(&hooks, 1);
}
