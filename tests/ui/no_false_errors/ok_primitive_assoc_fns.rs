// Associated fns of primitive types look like module paths (`u32::from`, `str::from_utf8`).
#![deny(warnings)]

use ctxlock::nmi_safe;

#[nmi_safe]
fn parse(bytes: &[u8], small: u8) -> u32 {
    let wide = u32::from(small) + u32::from_le_bytes([1, 0, 0, 0]);
    let text = str::from_utf8(bytes).unwrap_or("");
    let more = core::str::from_utf8(bytes).map_or(0, str::len);
    let c = char::from_u32(65).map_or(0, u32::from);
    wide + u32::try_from(text.len() + more).unwrap_or(0) + c + i64::from(small).unsigned_abs() as u32
}

fn main() {
    let _ = parse(b"x", 1);
}
