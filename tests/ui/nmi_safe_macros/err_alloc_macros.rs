// Rule 3: allocating macros, in statement and expression position.
use ctxlock::nmi_safe;

#[nmi_safe]
fn describe(code: u32) -> usize {
    let text = format!("crash {code}");
    let bytes = vec![0u8; 16];
    text.len() + bytes.len()
}

fn main() {}
