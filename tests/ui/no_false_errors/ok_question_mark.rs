// The `?` operator, on `Busy` and on `Option`.
#![deny(warnings)]

use ctxlock::{nmi_safe, Busy, HybridLock};

static STATE: HybridLock<Option<u64>> = HybridLock::new(None);

#[nmi_safe]
fn read() -> Result<u64, Busy> {
    let state = STATE.try_lock()?;
    Ok(state.unwrap_or(0))
}

#[nmi_safe]
fn first(xs: &[u64]) -> Option<u64> {
    let x = xs.first()?;
    Some(*x + 1)
}

fn main() {
    let _ = read();
    let _ = first(&[1]);
}
