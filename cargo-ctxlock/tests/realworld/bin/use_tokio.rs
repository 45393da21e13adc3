// tokio's signal driver: `signal()` registers `action` with signal-hook-registry for SIGUSR1.
use tokio::signal::unix::{signal, SignalKind};

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut usr1 = signal(SignalKind::user_defined1()).unwrap();
        std::hint::black_box(&mut usr1);
    });
}
