// write! into a String: core::fmt::write calls String's fmt::Write impl, which allocates.
use ctxlock::nmi_safe;
use std::fmt::Write;

#[nmi_safe]
fn handler(out: &mut String, code: u32) {
    let _ = write!(out, "fault {code}");
}

fn main() {
    std::hint::black_box(handler as fn(&mut String, u32));
}
