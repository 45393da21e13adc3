// cargo-ctxlock: --panics
// With --panics, panic paths are reported: `expect`, and an index that may be out of bounds.
use ctxlock::nmi_safe;

#[nmi_safe]
fn handler(table: &[u32], i: usize) -> u32 {
    let first = table.first().copied().expect("a table");
    first + table[i]
}

fn main() {
    std::hint::black_box(handler as fn(&[u32], usize) -> u32);
}
