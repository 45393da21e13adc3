// Sleeping, parking, joining, spawning and receiving.
use ctxlock::nmi_safe;
use std::sync::mpsc::Receiver;
use std::time::Duration;

fn pause() {
    std::thread::sleep(Duration::from_millis(1));
}

fn idle() {
    std::thread::park();
}

fn spawn_and_join() {
    std::thread::spawn(|| {}).join().ok();
}

fn receive(rx: &Receiver<u32>) -> u32 {
    rx.recv().unwrap_or(0)
}

#[nmi_safe]
fn handler(rx: &Receiver<u32>) -> u32 {
    pause();
    idle();
    spawn_and_join();
    receive(rx)
}

fn main() {
    std::hint::black_box(handler as fn(&Receiver<u32>) -> u32);
}
