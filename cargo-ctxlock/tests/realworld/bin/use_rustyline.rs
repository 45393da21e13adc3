// rustyline installs `sig_handler` for SIGINT and SIGWINCH while it reads a line.
fn main() {
    let mut editor = rustyline::DefaultEditor::new().unwrap();
    if let Ok(line) = editor.readline("> ") {
        println!("{line}");
    }
}
