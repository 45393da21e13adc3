// pprof's CPU profiler installs `perf_signal_handler` for SIGPROF.
fn main() {
    let guard = pprof::ProfilerGuard::new(100).unwrap();
    let mut x = 0u64;
    for i in 0..1_000_000u64 {
        x = x.wrapping_mul(31).wrapping_add(i);
    }
    std::hint::black_box(x);
    drop(guard);
}
