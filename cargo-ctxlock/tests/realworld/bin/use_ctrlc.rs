// ctrlc installs `os_handler` for SIGINT and SIGTERM; the user's closure runs on its own thread.
fn main() {
    ctrlc::set_handler(|| println!("bye")).unwrap();
}
