// A call through a fn pointer made from an integer: no fn of the program can be behind it.
use ctxlock::nmi_safe;

#[nmi_safe]
fn handler(address: usize) {
    // SAFETY: not run; the case is only built.
    let f: extern "C" fn(u64, u64, u64, u64, u64) = unsafe { std::mem::transmute(address) };
    f(1, 2, 3, 4, 5);
}

fn main() {
    std::hint::black_box(handler as fn(usize));
}
