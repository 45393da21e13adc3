// Box, Vec growth, String, format!, to_string and the drop of an owned heap value.
use ctxlock::nmi_safe;

fn boxed(code: u32) -> Box<u32> {
    Box::new(code)
}

fn push(log: &mut Vec<u32>, code: u32) {
    log.push(code);
}

fn render(code: u32) -> String {
    format!("fault {code}")
}

fn text(code: u32) -> usize {
    code.to_string().len()
}

fn free(buffer: Vec<u8>) {
    drop(buffer);
}

#[nmi_safe]
fn handler(log: &mut Vec<u32>, buffer: Vec<u8>, code: u32) -> usize {
    let b = boxed(code);
    push(log, *b as u32);
    let n = render(code).len();
    free(buffer);
    n + text(code)
}

fn main() {
    std::hint::black_box(handler as fn(&mut Vec<u32>, Vec<u8>, u32) -> usize);
}
