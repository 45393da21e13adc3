//! Properties of the expansion itself, on generated and mutated input: it never panics, gives the user's
//! tokens back untouched when it cannot expand them, and otherwise produces items that parse.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use proptest::prelude::*;

use crate::args::Attr;
use crate::expand;

const ARGS: &[&str] = &[
    "",
    "entry",
    "no_marker",
    "crate = \"::ctxlock\"",
    "crate = \"my::renamed\"",
    "entry, crate = \"x\"",
    "bogus",
    "crate = 1",
    "crate = \"not a path!\"",
    "entry = true",
    "crate",
    "(",
    ", ,",
];

const QUALIFIERS: &[&str] = &[
    "",
    "const",
    "unsafe",
    "async",
    "extern \"C\"",
    "const unsafe",
    "unsafe extern \"C\"",
];
const VIS: &[&str] = &["", "pub", "pub(crate)", "pub(super)"];
const NAMES: &[&str] = &[
    "f", "lock", "sleep", "r#type", "handler", "_private", "join",
];
const SIGNATURES: &[&str] = &[
    "()",
    "(x: u32) -> u32",
    "<T: Copy>(t: T) -> T where T: Send",
    "(&self)",
    "(self: &Self, n: usize) -> Self",
    "((a, b): (u8, u8), mut c: Vec<u8>) -> impl Iterator<Item = u8>",
];
const STATEMENTS: &[&str] = &[
    "let x = 1;",
    "m.lock();",
    "m.try_lock().ok();",
    "std::thread::sleep(d);",
    "println!(\"{}\", 1);",
    "let v = vec![1, 2];",
    "f.await;",
    "let c = async { 1 };",
    "sleepy(1);",
    "crate::a::b::c(2);",
    "self::g::<u8>();",
    "Self::assoc();",
    "u32::from(1u8);",
    "let k = |sleepy: u32| sleepy(1);",
    "match x { Some(y) => lock(y), None => {} }",
    "if let Some(q) = q { q(); } else { other(); }",
    "for i in 0..3 { unsafe { raw(i) } }",
    "let Some(z) = o else { return; };",
    "fn inner() { std::thread::sleep(d); }",
    "ctxlock::nmi_unchecked!(\"reviewed\", sleepy());",
    "assert_eq!(compute(), 1);",
    "write!(w, \"{}\", x.join(\",\")).ok();",
    "loop { break 'outer; }",
    "drop(guard);",
];

fn pick(list: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    prop::sample::select(list)
}

prop_compose! {
    fn fn_item()(
        doc in prop::bool::ANY,
        vis in pick(VIS),
        qualifiers in pick(QUALIFIERS),
        name in pick(NAMES),
        signature in pick(SIGNATURES),
        body in prop::collection::vec(pick(STATEMENTS), 0..8),
        declaration in prop::bool::weighted(0.05),
    ) -> String {
        let doc = if doc { "/// Docs.\n#[inline]\n" } else { "" };
        let body = if declaration { ";".to_owned() } else { format!("{{ {} }}", body.concat()) };
        format!("{doc}{vis} {qualifiers} fn {name}{signature} {body}")
    }
}

fn attr() -> impl Strategy<Value = Attr> {
    prop_oneof![Just(Attr::NmiSafe), Just(Attr::MaySleep)]
}

/// One random edit of a token stream, at any depth: remove, duplicate or swap tokens, or truncate.
fn mutate(tokens: TokenStream, seed: &mut u64) -> TokenStream {
    let mut next = || {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    };
    let mut trees: Vec<TokenTree> = tokens.into_iter().collect();
    if trees.is_empty() {
        return TokenStream::new();
    }
    let at = (next() % trees.len() as u64) as usize;
    match next() % 5 {
        0 => {
            trees.remove(at);
        }
        1 => trees.insert(at, trees[at].clone()),
        2 => {
            let other = (next() % trees.len() as u64) as usize;
            trees.swap(at, other);
        }
        3 => trees.truncate(at),
        _ => {
            if let TokenTree::Group(group) = &trees[at] {
                let inner = mutate(group.stream(), seed);
                let mut new = Group::new(group.delimiter(), inner);
                new.set_span(group.span());
                trees[at] = TokenTree::Group(new);
            } else {
                trees[at] = TokenTree::Group(Group::new(Delimiter::Brace, TokenStream::new()));
            }
        }
    }
    trees.into_iter().collect()
}

fn expand(attr: Attr, args: &str, item: &TokenStream) -> TokenStream {
    let args: TokenStream = args.parse().unwrap_or_default();
    expand::attribute(attr, args, item.clone())
}

fn is_fn(item: &TokenStream) -> bool {
    syn::parse2::<crate::fn_item::FnItem>(item.clone()).is_ok()
}

fn config() -> ProptestConfig {
    // Fixed seed and a bounded number of cases: the same run in CI and here.
    ProptestConfig {
        cases: 2_000,
        rng_algorithm: prop::test_runner::RngAlgorithm::ChaCha,
        rng_seed: prop::test_runner::RngSeed::Fixed(0x00c7_7c0c),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn valid_fns_expand_to_items(attr in attr(), args in pick(ARGS), source in fn_item()) {
        let item: TokenStream = source.parse().expect("the generator writes valid tokens");
        let out = expand(attr, args, &item);
        let file: syn::File = syn::parse2(out.clone())
            .map_err(|e| TestCaseError::fail(format!("{e}: {out}")))?;
        prop_assert!(!file.items.is_empty());
    }

    #[test]
    fn anything_else_comes_back_untouched(attr in attr(), args in pick(ARGS), source in fn_item(), seed in any::<u64>(), edits in 1..4usize) {
        let mut item: TokenStream = source.parse().expect("the generator writes valid tokens");
        let mut seed = seed | 1;
        for _ in 0..edits {
            item = mutate(item, &mut seed);
        }
        let out = expand(attr, args, &item);
        if !is_fn(&item) {
            // Not a fn (any more): the errors, if any, then exactly the user's tokens.
            prop_assert!(out.to_string().ends_with(&item.to_string()), "{} => {}", item, out);
        } else {
            prop_assert!(syn::parse2::<syn::File>(out.clone()).is_ok(), "{} => {}", item, out);
        }
    }

    #[test]
    fn argument_errors_keep_the_item(attr in attr(), source in fn_item()) {
        let item: TokenStream = source.parse().expect("the generator writes valid tokens");
        let out = expand(attr, "bogus", &item);
        let text = out.to_string();
        prop_assert!(text.contains("compile_error"));
        prop_assert!(text.ends_with(&item.to_string()));
    }
}

/// The compiler hands an attribute balanced token trees only. Half-typed code that does not tokenize
/// reaches it as an IDE's parser recovers it: with the open delimiters closed (`fn f(` as `fn f()`), or
/// with them dropped (`fn f`). Both are tried, so that no input is skipped.
fn as_handed_over(soup: &str) -> Vec<String> {
    let mut open = Vec::new();
    let mut dropped = String::new();
    for (at, c) in soup.char_indices() {
        match c {
            '(' | '[' | '{' => open.push(at),
            ')' | ']' | '}' => drop(open.pop()),
            _ => {}
        }
    }
    let closed: String = soup
        .chars()
        .chain(open.iter().rev().map(|&at| match &soup[at..=at] {
            "(" => ')',
            "[" => ']',
            _ => '}',
        }))
        .collect();
    for (at, c) in soup.char_indices() {
        if !open.contains(&at) {
            dropped.push(c);
        }
    }
    vec![soup.to_owned(), closed, dropped]
}

#[test]
fn arbitrary_token_soup_never_panics() {
    let soups = [
        "",
        "fn",
        "fn f",
        "fn f(",
        "fn f() ->",
        "fn f() {",
        "fn f() { g(",
        "fn f() { m::g::<",
        "#[x] fn f() { let x = [1, 2",
        "struct S;",
        "impl X { fn f() {} }",
        "#[x]",
        "pub",
        "fn f() { let }",
    ];
    let mut tried = 0;
    for soup in soups {
        let items: Vec<TokenStream> = as_handed_over(soup)
            .iter()
            .filter_map(|text| text.parse().ok())
            .collect();
        assert!(!items.is_empty(), "{soup}: no form of it tokenizes");
        for item in items {
            tried += 1;
            for attr in [Attr::NmiSafe, Attr::MaySleep] {
                for args in ARGS {
                    let out = expand(attr, args, &item).to_string();
                    // A fn comes back expanded; anything else as it was, after the errors.
                    let is_fn = syn::parse2::<crate::fn_item::FnItem>(item.clone()).is_ok();
                    assert!(
                        if is_fn {
                            out.contains("fn f")
                        } else {
                            out.ends_with(&item.to_string())
                        },
                        "{soup} / {args}: {out}"
                    );
                }
            }
        }
    }
    // Every soup in every form that tokenizes: the unbalanced ones in two forms.
    assert!(tried >= soups.len() + 6, "{tried}");
}

#[test]
fn unbalanced_soups_are_tried_closed_and_cut() {
    assert_eq!(
        as_handed_over("fn f() {"),
        ["fn f() {", "fn f() {}", "fn f() "]
    );
    assert_eq!(as_handed_over("fn f("), ["fn f(", "fn f()", "fn f"]);
}

#[test]
fn violations_are_reported_at_the_call_and_the_item_is_still_emitted() {
    let item: TokenStream = "fn f(m: &M) { m.lock(); println!(); }".parse().unwrap();
    let out = expand(Attr::NmiSafe, "", &item).to_string();
    assert_eq!(out.matches("compile_error").count(), 2, "{out}");
    assert!(out.contains("fn f"), "{out}");
}

#[test]
fn locals_shadow_fn_items_in_their_scope_only() {
    let item: TokenStream = "fn f() { { let sleepy = || (); sleepy(); } sleepy(); }"
        .parse()
        .unwrap();
    let out = expand(Attr::NmiSafe, "", &item).to_string();
    assert_eq!(
        out.matches("nmi_callable (& { __ctxlock_may_sleep_sleepy })")
            .count(),
        1,
        "{out}"
    );
}

#[test]
fn may_sleep_marks_only_fns_that_cannot_be_in_a_trait() {
    let marked = |attr_args: &str, item: &str| {
        let item: TokenStream = item.parse().unwrap();
        expand(Attr::MaySleep, attr_args, &item)
            .to_string()
            .contains("const __ctxlock_may_sleep_load")
    };
    assert!(marked("", "pub fn load() {}"));
    assert!(marked("", "pub(crate) fn load() -> u32 { 1 }"));
    // Private: perhaps a trait impl's, which allows no extra item.
    assert!(!marked("", "fn load() {}"));
    assert!(!marked("", "pub fn load(&self) {}"));
    assert!(!marked("", "pub fn load() -> Self { Self }"));
    assert!(!marked("", "pub fn load();"));
    assert!(!marked("no_marker", "pub fn load() {}"));
}

#[test]
fn additions_are_spliced_after_the_attributes_into_the_users_tokens() {
    let item: TokenStream =
        "/// Docs.\n#[inline] pub fn f() { #![allow(unused)] let x = 1; g(); h(); }"
            .parse()
            .unwrap();
    let out = expand(Attr::NmiSafe, "", &item).to_string();
    // The doc line after the user's attributes; in the body, the inner attribute, then the mark, then
    // the probes (one glob for both bare calls), then the user's statements.
    let doc = out.find("NMI-safe").unwrap();
    assert!(out.find("inline").unwrap() < doc, "{out}");
    let inner = out.find("allow (unused)").expect("inner attribute kept");
    let mark = out.find("nmi_safe_root").unwrap();
    let probes = out.find("const _").unwrap();
    assert!(
        doc < inner && inner < mark && mark < probes && probes < out.find("let x").unwrap(),
        "{out}"
    );
    let opening = out[..inner].trim_end().strip_suffix('[').map(str::trim_end);
    assert!(
        opening.is_some_and(|o| o.ends_with('!')),
        "still inner: {out}"
    );
    assert_eq!(out.matches("use self :: *").count(), 1, "{out}");
    assert_eq!(out.matches("nmi_callable").count(), 2, "{out}");
}

#[test]
fn a_body_in_an_invisible_group_is_printed_again_with_the_mark() {
    // What a `macro_rules!` `$body:block` fragment looks like to the attribute.
    let body: TokenStream = "{ g(); }".parse().unwrap();
    let mut item: TokenStream = "fn f()".parse().unwrap();
    item.extend([TokenTree::Group(Group::new(Delimiter::None, body))]);
    let out = expand(Attr::NmiSafe, "", &item).to_string();
    let mark = out.find("nmi_safe_root").expect("mark emitted");
    assert!(
        out.find("fn f").unwrap() < mark && mark < out.find("g ()").unwrap(),
        "{out}"
    );
}
