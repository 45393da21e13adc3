// Rule 3: the stdio macros take a lock the interrupted code may hold.
use ctxlock::nmi_safe;

#[nmi_safe]
fn report(code: u32) -> u32 {
    println!("crash {code}");
    print!("crash");
    eprintln!("crash {code}");
    eprint!("crash");
    dbg!(code)
}

fn main() {}
