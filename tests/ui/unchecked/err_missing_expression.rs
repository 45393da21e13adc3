// A reason without an expression.
use ctxlock::nmi_unchecked;

fn main() {
    nmi_unchecked!("reviewed");
}
