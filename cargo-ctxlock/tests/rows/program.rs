//! Uses what each row of `classify::SEMANTIC` describes, so that `tests/rows.rs` can require every row
//! to match a fn of this program as this toolchain builds it. Nothing here runs: `main` only takes
//! each fn's address.
use std::hint::black_box;
use std::io::Write;
use std::sync::*;

fn ctxlock_locks() {
    let lock = ctxlock::HybridLock::new(0u32);
    drop(lock.lock());
    let raw: lock_api04::Mutex<ctxlock::RawHybridLock, u32> = lock_api04::Mutex::new(0);
    drop(raw.lock());
}

fn std_locks(pair: &(Mutex<bool>, Condvar), rw: &RwLock<u32>, barrier: &Barrier) {
    drop(pair.0.lock());
    drop(pair.0.try_lock());
    pair.1.notify_all();
    let guard = pair.0.lock().unwrap();
    drop(pair.1.wait(guard));
    let guard = pair.0.lock().unwrap();
    drop(pair.1.wait_timeout(guard, std::time::Duration::from_millis(1)));
    drop(rw.read());
    drop(rw.write());
    barrier.wait();
}

static ONCE: Once = Once::new();
static CELL: OnceLock<u32> = OnceLock::new();
static LAZY: LazyLock<u32> = LazyLock::new(|| 7);

fn std_cells() -> u32 {
    ONCE.call_once(|| {});
    let _ = CELL.set(1);
    *CELL.get_or_init(|| 3) + *LazyLock::force(&LAZY) + *LAZY
}

fn std_channels() {
    let (tx, rx) = mpsc::channel::<u32>();
    let _ = tx.send(1);
    let _ = rx.recv();
    let (tx, _rx) = mpsc::sync_channel::<u32>(1);
    let _ = tx.send(1);
}

fn std_threads() {
    std::thread::sleep(std::time::Duration::from_millis(1));
    std::thread::park();
    let _ = std::thread::spawn(|| {}).join();
    let _ = std::thread::Builder::new().spawn(|| {});
    std::thread::scope(|_| {});
}

fn debug_str() -> String {
    // `<str as Debug>::fmt` writes through `<Formatter as fmt::Write>::write_char`.
    format!("{:?}", black_box("tab\t"))
}

fn ub_checked(slot: &mut u32) {
    // SAFETY: a valid, aligned `&mut`.
    unsafe { std::ptr::write_volatile(slot, 1) };
}

fn std_io() {
    println!("x");
    let _ = std::io::stdout().flush();
    let _ = (&std::io::stderr()).write_all(b"x");
    let result: std::io::Result<()> = Err(std::io::Error::last_os_error());
    drop(result);
}

fn heap() -> usize {
    let mut v: Vec<u32> = Vec::with_capacity(black_box(4));
    v.push(1);
    let z = vec![0u8; black_box(16)];
    let b = Box::new(5u64);
    let mut s = String::new();
    s.push_str("grow");
    v.len() + z.len() + *b as usize + s.len()
}

fn parking_lot_locks(pair: &(parking_lot::Mutex<bool>, parking_lot::Condvar)) {
    let mut guard = pair.0.lock();
    pair.1.wait(&mut guard);
    drop(guard);
    drop(pair.0.try_lock());
    let rw = parking_lot::RwLock::new(0);
    drop(rw.read());
    drop(rw.write());
    let up = rw.upgradable_read();
    drop(parking_lot::RwLockUpgradableReadGuard::upgrade(up));
    let reentrant = parking_lot::ReentrantMutex::new(0);
    drop(reentrant.lock());
    parking_lot::Once::new().call_once(|| {});
}

fn spin_locks() -> u32 {
    let mutex = spin::Mutex::new(0u32);
    let a = *mutex.lock();
    let rw = spin::RwLock::new(0u32);
    let b = *rw.read() + *rw.write();
    let c = *rw.upgradeable_read();
    let once = spin::Once::<u32>::new();
    let d = *once.call_once(|| 1);
    static SPIN_LAZY: spin::LazyLock<u32> = spin::LazyLock::new(|| 2);
    a + b + c + d + *SPIN_LAZY
}

fn once_cell_cells() -> u32 {
    static SYNC: once_cell::sync::OnceCell<u32> = once_cell::sync::OnceCell::new();
    static SYNC_LAZY: once_cell::sync::Lazy<u32> = once_cell::sync::Lazy::new(|| 4);
    *SYNC.get_or_init(|| 3) + *SYNC_LAZY
}

fn process_and_panics(code: i32) {
    if code == 1 {
        std::process::abort();
    }
    if code == 2 {
        std::process::exit(2);
    }
    if std::thread::panicking() {
        std::panic::panic_any(code);
    }
    let v = [1, 2, 3];
    let _ = v[black_box(5)];
}

fn main() {
    black_box(ctxlock_locks as fn());
    black_box(std_locks as fn(&(Mutex<bool>, Condvar), &RwLock<u32>, &Barrier));
    black_box(std_cells as fn() -> u32);
    black_box(std_channels as fn());
    black_box(std_threads as fn());
    black_box(std_io as fn());
    black_box(ub_checked as fn(&mut u32));
    black_box(debug_str as fn() -> String);
    black_box(heap as fn() -> usize);
    black_box(parking_lot_locks as fn(&(parking_lot::Mutex<bool>, parking_lot::Condvar)));
    black_box(spin_locks as fn() -> u32);
    black_box(once_cell_cells as fn() -> u32);
    black_box(process_and_panics as fn(i32));
    black_box(rows_lib::precompiled as fn() -> u64);
}
