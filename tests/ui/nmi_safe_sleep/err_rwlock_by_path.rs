// Rule 2: `RwLock::read`/`write` by path (as methods they are not rejected: `read`/`write` are too
// common as method names).
use std::sync::RwLock;

use ctxlock::nmi_safe;

#[nmi_safe]
fn peek(table: &RwLock<u32>) {
    drop(RwLock::read(table));
    drop(RwLock::write(table));
}

fn main() {}
