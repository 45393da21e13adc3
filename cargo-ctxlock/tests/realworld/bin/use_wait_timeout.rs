// wait-timeout installs `sigchld_handler` for SIGCHLD on the first wait with a timeout, chaining to
// the handler it replaced.
use std::process::Command;
use std::time::Duration;
use wait_timeout::ChildExt;

fn main() {
    let mut child = Command::new("true").spawn().unwrap();
    let _ = child.wait_timeout(Duration::from_secs(1));
}
