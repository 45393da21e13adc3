// Rule 3 by path: `std::println!` is `println!`.
use ctxlock::nmi_safe;

#[nmi_safe]
fn report() {
    std::println!("crash");
}

fn main() {}
