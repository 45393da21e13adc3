// A documented limit: a callee that shares its name with a lowercase struct in scope cannot be probed
// (the probe imports the name in every namespace, and globs from it). C structs from libc are
// recognised and skipped; others are an error at the call.
use ctxlock::nmi_safe;

#[allow(non_camel_case_types)]
pub struct reading {
    pub value: u32,
}

pub fn reading() -> reading {
    reading { value: 1 }
}

#[nmi_safe]
fn on_crash() -> u32 {
    reading().value
}

fn main() {
    let _ = on_crash();
}
