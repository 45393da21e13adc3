// A callee that shares its name with a lowercase struct in scope, as C bindings have them: the probe
// looks up only the marker's reserved name, so the struct is no obstacle.
#![deny(warnings)]
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
