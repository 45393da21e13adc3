// Rule 1: other waits, each its own error with its own advice.
use std::sync::mpsc::Receiver;
use std::sync::{Barrier, Condvar, Mutex, Once, OnceLock};
use std::thread::JoinHandle;
use std::time::Duration;

use ctxlock::nmi_safe;

#[nmi_safe]
fn waits(
    ready: &Condvar,
    state: &Mutex<bool>,
    worker: JoinHandle<()>,
    rx: &Receiver<u8>,
    barrier: &Barrier,
    once: &Once,
    cell: &OnceLock<u8>,
) {
    if let Ok(guard) = state.try_lock() {
        let _guard = ready.wait(guard);
    }
    let _ = worker.join();
    let _ = rx.recv();
    let _ = rx.recv_timeout(Duration::from_millis(1));
    barrier.wait();
    once.call_once(|| ());
    let _ = cell.get_or_init(|| 1);
}

fn main() {}
