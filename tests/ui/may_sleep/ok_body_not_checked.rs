// `#[may_sleep]` never rejects anything in its body: locks, sleeps, stdio, `async`, other
// `#[may_sleep]` fns.
#![deny(warnings)]

use std::time::Duration;

use ctxlock::{may_sleep, HybridLock};

static STATE: HybridLock<u32> = HybridLock::new(0);

#[may_sleep]
fn load() -> u32 {
    *STATE.lock() += 1;
    std::thread::sleep(Duration::from_nanos(1));
    println!("{}", format!("loaded {:?}", vec![1]));
    drop(async {});
    reload()
}

#[may_sleep]
fn reload() -> u32 {
    *STATE.lock()
}

#[may_sleep]
async fn load_later() -> u32 {
    0
}

fn main() {
    let _ = load();
    drop(load_later());
}
