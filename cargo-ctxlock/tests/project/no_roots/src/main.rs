// No `#[nmi_safe]` fn: a selection where the handler was left out.
fn main() {
    println!("nothing to check");
}
