// Every kind of call, each clean: helper, method, trait static dispatch, dyn, fn pointer, closure,
// drop, cross-crate.
use ctxlock::nmi_safe;
use std::sync::atomic::{AtomicU64, Ordering};

static TOTAL: AtomicU64 = AtomicU64::new(0);

fn add(n: u64) {
    TOTAL.fetch_add(n, Ordering::Relaxed);
}

struct Stats;

impl Stats {
    fn bump(&self, n: u64) {
        add(n);
    }
}

trait Sink {
    fn put(&self, n: u64);
}

impl Sink for Stats {
    fn put(&self, n: u64) {
        add(n);
    }
}

fn forward<S: Sink>(s: &S, n: u64) {
    s.put(n);
}

struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        add(1);
    }
}

#[nmi_safe]
fn handler(dynamic: &dyn Sink, n: u64) -> u64 {
    let _guard = Guard;
    let stats = Stats;
    stats.bump(n);
    forward(&stats, n);
    dynamic.put(n);
    let f: fn(u64) = add;
    f(n);
    cases_dep::apply(|x| x + 1, n)
}

fn main() {
    handler(&Stats, 1);
}
