// std's other blocking primitives, each through a helper.
use ctxlock::nmi_safe;
use std::sync::{Condvar, LazyLock, Mutex, Once, OnceLock, RwLock};

static TABLE: RwLock<u32> = RwLock::new(0);
static INIT: Once = Once::new();
static CONFIG: OnceLock<u32> = OnceLock::new();
static LAZY: LazyLock<u32> = LazyLock::new(|| 7);

fn read_table() -> u32 {
    *TABLE.read().unwrap()
}

fn dump_once() {
    INIT.call_once(|| {});
}

fn config() -> u32 {
    *CONFIG.get_or_init(|| 3)
}

fn lazy() -> u32 {
    *LAZY
}

fn wait(pair: &(Mutex<bool>, Condvar)) {
    let guard = pair.0.try_lock().unwrap();
    let _guard = pair.1.wait(guard);
}

#[nmi_safe]
fn handler(pair: &(Mutex<bool>, Condvar)) -> u32 {
    dump_once();
    wait(pair);
    read_table() + config() + lazy()
}

fn main() {
    std::hint::black_box(handler as fn(&(Mutex<bool>, Condvar)) -> u32);
}
