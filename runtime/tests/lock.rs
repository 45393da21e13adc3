//! Each method of `HybridLock` and `HybridGuard`, one thread at a time.
#![cfg(not(loom))] // loom's atomics only work inside `loom::model`

use std::{collections::HashMap, fmt::Debug, mem};

use ctxlock_runtime::{Busy, HybridGuard, HybridLock};

fn assert_send<T: Send>() {}
fn assert_sync<T: Sync>() {}

#[test]
fn auto_traits_follow_the_value() {
    assert_send::<HybridLock<Vec<u8>>>();
    assert_sync::<HybridLock<Vec<u8>>>();
    // `Cell` is `Send` but not `Sync`: the lock makes it shareable.
    assert_sync::<HybridLock<std::cell::Cell<u8>>>();
    assert_sync::<HybridGuard<'static, u8>>();
    // (What must *not* hold, `HybridLock<Rc<_>>: Sync` and `HybridGuard: Send`, is checked by the
    // compile-fail cases in `tests/ui/lock/` at the repository root.)
}

#[test]
fn new_works_in_a_static() {
    static LOCK: HybridLock<u32> = HybridLock::new(41);
    *LOCK.lock() += 1;
    assert_eq!(*LOCK.lock(), 42);
}

#[test]
fn lock_gives_exclusive_access_until_the_guard_drops() {
    let lock = HybridLock::new(vec![1]);
    let mut guard = lock.lock();
    assert!(lock.is_locked());
    assert_eq!(lock.try_lock().unwrap_err(), Busy);
    guard.push(2);
    drop(guard);
    assert!(!lock.is_locked());
    assert_eq!(*lock.lock(), [1, 2]);
}

#[test]
fn try_lock_takes_a_free_lock() {
    let lock = HybridLock::new(String::from("a"));
    let mut guard = lock.try_lock().expect("lock is free");
    guard.push('b');
    assert!(lock.is_locked());
    assert!(matches!(lock.try_lock(), Err(Busy)));
    drop(guard);
    assert_eq!(*lock.try_lock().unwrap(), "ab");
}

#[test]
fn is_locked_tracks_both_faces() {
    let lock = HybridLock::new(());
    assert!(!lock.is_locked());
    let guard = lock.lock();
    assert!(lock.is_locked());
    drop(guard);
    assert!(!lock.is_locked());
    let guard = lock.try_lock().unwrap();
    assert!(lock.is_locked());
    drop(guard);
    assert!(!lock.is_locked());
}

#[test]
fn get_mut_and_into_inner_need_no_locking() {
    let mut lock = HybridLock::new(HashMap::from([("a", 1)]));
    lock.get_mut().insert("b", 2);
    assert!(!lock.is_locked());
    let map = lock.into_inner();
    assert_eq!(map.len(), 2);
}

#[test]
fn force_unlock_releases_a_forgotten_hold() {
    let lock = HybridLock::new(1);
    mem::forget(lock.lock());
    assert!(lock.is_locked());
    assert_eq!(lock.try_lock().unwrap_err(), Busy);
    // SAFETY: the hold's guard was forgotten, so it can never be dropped or used again.
    unsafe { lock.force_unlock() };
    assert!(!lock.is_locked());
    *lock.lock() += 1;
    assert_eq!(lock.into_inner(), 2);
}

#[test]
fn debug_never_blocks() {
    let lock = HybridLock::new(vec![7]);
    assert_eq!(format!("{lock:?}"), "HybridLock { data: [7] }");
    let guard = lock.lock();
    assert_eq!(format!("{lock:?}"), "HybridLock { data: <locked> }");
    assert_eq!(format!("{lock:#?}"), "HybridLock {\n    data: <locked>,\n}");
    drop(guard);
    // Formatting took and released the lock.
    assert!(!lock.is_locked());
}

#[test]
fn unsized_values() {
    let lock: &HybridLock<[u8]> = &HybridLock::new([1, 2, 3]);
    lock.lock()[0] = 9;
    assert_eq!(&*lock.lock(), [9, 2, 3]);
    assert_eq!(format!("{lock:?}"), "HybridLock { data: [9, 2, 3] }");

    let lock: &HybridLock<dyn Debug> = &HybridLock::new(5u8);
    assert_eq!(format!("{:?}", lock.lock()), "5");
}

#[test]
fn guard_formats_the_value() {
    let lock = HybridLock::new(String::from("kexec"));
    let guard = lock.lock();
    assert_eq!(format!("{guard}"), "kexec");
    assert_eq!(format!("{guard:?}"), "\"kexec\"");
}

#[test]
fn guard_derefs_both_ways() {
    let lock = HybridLock::new(1u64);
    let mut guard = lock.lock();
    *guard += 1;
    let shared: &u64 = &guard;
    assert_eq!(*shared, 2);
}

#[test]
fn default_and_from() {
    let lock: HybridLock<Vec<u8>> = HybridLock::default();
    assert!(lock.lock().is_empty());
    let lock = HybridLock::from(3);
    assert_eq!(lock.into_inner(), 3);
}

#[test]
fn no_poisoning() {
    let lock = HybridLock::new(0);
    let panicked = std::thread::scope(|s| {
        s.spawn(|| {
            let mut guard = lock.lock();
            *guard = 1;
            panic!("holder panics");
        })
        .join()
        .is_err()
    });
    assert!(panicked);
    // The guard was dropped during unwinding: the lock is free, the write kept.
    assert_eq!(*lock.try_lock().unwrap(), 1);
}

#[cfg(feature = "std")]
#[test]
fn busy_converts_with_question_mark() {
    fn take(lock: &HybridLock<u8>) -> std::io::Result<u8> {
        Ok(*lock.try_lock()?)
    }
    let lock = HybridLock::new(3);
    assert_eq!(take(&lock).unwrap(), 3);
    let _guard = lock.lock();
    let err = take(&lock).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::ResourceBusy);
}
