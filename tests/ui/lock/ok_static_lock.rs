// `HybridLock::new` is a `const fn`: a `static` lock, shared by two threads.
use ctxlock::HybridLock;

static COUNTER: HybridLock<u32> = HybridLock::new(0);

fn main() {
    let other = std::thread::spawn(|| *COUNTER.lock() += 1);
    *COUNTER.lock() += 1;
    other.join().unwrap();
    assert_eq!(*COUNTER.lock(), 2);
}
