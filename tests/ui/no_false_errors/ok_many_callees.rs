// More unannotated callees in one block than one probe group holds (32): no false error.
#![deny(warnings)]

use ctxlock::nmi_safe;

fn step() {}

#[nmi_safe]
fn on_crash() {
    step(); step(); step(); step(); step(); step(); step(); step();
    step(); step(); step(); step(); step(); step(); step(); step();
    step(); step(); step(); step(); step(); step(); step(); step();
    step(); step(); step(); step(); step(); step(); step(); step();
    step(); step(); step(); step(); step(); step(); step(); step();
    step(); step(); step(); step(); step(); step(); step(); step();
    step(); step(); step(); step(); step(); step(); step(); step();
    step(); step(); step(); step(); step(); step(); step(); step();
    step();
}

fn main() {
    on_crash();
}
