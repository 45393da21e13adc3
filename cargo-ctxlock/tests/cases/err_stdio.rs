// The print! family and Stdout::lock, one call down.
use ctxlock::nmi_safe;
use std::io::Write;

fn say(code: u32) {
    println!("fault {code}");
}

fn locked() {
    let _ = std::io::stdout().lock().write_all(b"x");
}

#[nmi_safe]
fn handler(code: u32) {
    say(code);
    locked();
}

fn main() {
    std::hint::black_box(handler as fn(u32));
}
