//! The attribute and `cargo ctxlock` agree on what a C call is. `#[nmi_safe]` sees only tokens and
//! rejects some C calls by name (`macros/src/rules.rs`); `cargo ctxlock` must report each of them
//! too, from its own tables, in the category the attribute's message gives. The attribute knows
//! fewer names than the whole-program check, never other ones.

use cargo_ctxlock::classify::{self, Category, Class, C_ALLOCATES, C_BLOCKS, C_SLEEPS};

const RULES: &str = include_str!("../../macros/src/rules.rs");

/// The string literals of one fn of `rules.rs`, from its signature to the `}` that closes it.
fn literals_of(function: &str) -> Vec<&'static str> {
    let start = RULES
        .find(&format!("fn {function}("))
        .unwrap_or_else(|| panic!("`fn {function}` is gone from macros/src/rules.rs"));
    let body = &RULES[start..];
    let body = &body[..body.find("\n}\n").expect("the fn ends")];
    body.split('"').skip(1).step_by(2).collect()
}

/// The literals of the one match arm of `sleeping_path` that mentions `name`.
fn arm_with(name: &str) -> Vec<&'static str> {
    let line = RULES
        .lines()
        .find(|l| l.trim_start().starts_with("(_, ") && l.contains(&format!("\"{name}\"")))
        .unwrap_or_else(|| panic!("no arm of `sleeping_path` names `{name}`"));
    line.split('"').skip(1).step_by(2).collect()
}

#[test]
fn every_c_call_the_attribute_rejects_is_reported() {
    let mut checked = 0;
    let mut waits = literals_of("waits_in_c");
    waits.extend(literals_of("locks_in_c"));
    let sleeps = arm_with("nanosleep");
    let allocates = arm_with("malloc");
    let children = arm_with("waitpid");
    assert!(
        waits.len() > 20 && sleeps.len() >= 4 && allocates.len() >= 3 && children.len() >= 5,
        "the lists moved"
    );
    for name in waits
        .iter()
        .chain(&sleeps)
        .chain(&allocates)
        .chain(&children)
    {
        // `sleep_ms` and `sleep_until` are std's, not C's; `libc` is the path the names are called by.
        if name.starts_with("sleep_") || *name == "libc" {
            continue;
        }
        let listed =
            C_SLEEPS.contains(name) || C_BLOCKS.contains(name) || C_ALLOCATES.contains(name);
        assert!(
            listed,
            "`#[nmi_safe]` rejects `{name}`, which cargo ctxlock's C tables do not list: {:?}",
            classify::c(name)
        );
        let category = match classify::c(name) {
            Class::Sink(category, _) => category,
            other => panic!("`{name}` is {other:?} for cargo ctxlock"),
        };
        let expected: &[Category] = if allocates.contains(name) || *name == "free" {
            &[Category::Allocates]
        } else {
            &[Category::Sleeps, Category::Blocks]
        };
        assert!(expected.contains(&category), "`{name}`: {category:?}");
        checked += 1;
    }
    assert!(checked > 25);
}

/// A wait for a child that the attribute lets through because its options name `WNOHANG` is one
/// that `cargo ctxlock` names by that constant and finds safe; without it, both reject it.
#[test]
fn a_wait_with_wnohang_is_safe_for_both() {
    assert!(RULES.contains("fn returns_at_once("));
    let no_hang = Some(i64::from(libc::WNOHANG));
    for (name, args) in [
        ("waitpid", vec![Some(-1), None, no_hang]),
        ("wait4", vec![Some(-1), None, no_hang, None]),
        ("waitid", vec![Some(0), Some(0), None, no_hang]),
        ("wait3", vec![None, no_hang, None]),
    ] {
        let named = classify::call_name(name, &args)
            .unwrap_or_else(|| panic!("`{name}` with WNOHANG is not named by its options"));
        assert!(matches!(classify::c(&named), Class::Safe(_)), "{named}");
        assert!(
            matches!(classify::c(name), Class::Sink(Category::Sleeps, _)),
            "{name}"
        );
    }
}
