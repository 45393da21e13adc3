//! Uses what each row of `classify::PRECOMPILED` describes, from a library: a library's own IR is
//! what a selection that links no program is checked with, and there std's fns are precompiled.
use std::cell::{Cell, RefCell};
use std::fmt::Write as _;
use std::hint::black_box;
use std::sync::{Condvar, Mutex};

thread_local! {
    static COUNT: Cell<u32> = const { Cell::new(0) };
    static NAME: RefCell<String> = RefCell::new(String::new());
}

pub fn precompiled() -> u64 {
    COUNT.with(|c| c.set(c.get() + 1));
    NAME.with(|n| n.borrow_mut().push('x'));
    let pair = (Mutex::new(false), Condvar::new());
    drop(pair.0.lock());
    pair.1.notify_one();
    pair.1.notify_all();
    let started = std::time::Instant::now();
    let wall = std::time::SystemTime::now();
    let elapsed = started.elapsed() + std::time::Duration::from_millis(1);
    let mut text = String::new();
    let _ = write!(text, "{} {:?} {:?}", black_box(1u32), wall, elapsed);
    let _ = write!(text, "{} {}", black_box("str"), "x".parse::<u8>().unwrap_err());
    let upper = "abc".to_uppercase() + &text;
    let cell = RefCell::new(1);
    let borrowed = *cell.borrow_mut();
    let slice = [1u8, 2, 3];
    let tail = &slice[black_box(1)..];
    let word = &"héllo"[black_box(0)..black_box(1)];
    let digit = char::from_digit(black_box(3), 10).expect("a digit");
    let parsed: u32 = "7".parse().unwrap();
    let number = u32::from_str_radix("7", 10).unwrap_or(0);
    let some: Option<u32> = black_box(Some(1));
    let _ = std::env::var_os("HOME");
    let _ = std::panic::catch_unwind(|| ());
    let mut buf = [0u8; 16];
    let mut cursor = std::io::Cursor::new(&mut buf[..]);
    let _ = std::io::Write::write_fmt(&mut cursor, format_args!("{}", black_box(5)));
    u64::from(std::process::id())
        + elapsed.as_secs()
        + upper.len() as u64
        + borrowed as u64
        + tail.len() as u64
        + word.len() as u64
        + u64::from(digit)
        + u64::from(parsed + number + some.unwrap())
}
