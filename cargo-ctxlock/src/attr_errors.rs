//! The attributes' own errors, read back from the IR. Under `--cfg ctxlock_analysis` a rule that
//! `#[nmi_safe]` checks on its fn's tokens (a direct `eprintln!`, say) does not stop the build: the
//! attribute calls `__private::analysis::rule_violation("message")` at the token `cargo check`
//! would underline, so that one run of `cargo ctxlock` reports these errors with the whole-program
//! findings.

use std::collections::HashMap;

use crate::ir::Module;
use crate::report::{Diagnostic, Sources};

/// Every `rule_violation` call in one crate's IR, as a diagnostic at its debug location.
pub fn read(text: &str, module: &Module, sources: &Sources) -> Vec<Diagnostic> {
    // Both manglings spell the path's last two segments this way.
    const MARK: &str = "8analysis14rule_violation";
    let mut strings: Option<HashMap<&str, String>> = None;
    let mut found = Vec::new();
    for line in text.lines() {
        let Some(call) = line.trim_start().strip_prefix("call void @") else {
            continue;
        };
        let Some((callee, rest)) = call.split_once('(') else {
            continue;
        };
        if !callee.contains(MARK) {
            continue;
        }
        // `(ptr align 1 @alloc_…, i64 N)`: the message is the constant the pointer names.
        let Some(global) = rest
            .split([',', ')'])
            .next()
            .and_then(|a| a.split(' ').next_back())
        else {
            continue;
        };
        let strings = strings.get_or_insert_with(|| constant_strings(text));
        let message = global
            .strip_prefix('@')
            .and_then(|g| strings.get(g))
            .cloned()
            .unwrap_or_else(|| {
                "an attribute's rule is broken here (its message was not found in the IR)".into()
            });
        let place = line
            .rsplit_once("!dbg !")
            .and_then(|(_, id)| id.trim().parse().ok())
            .and_then(|id| location(module, id));
        let (file, line, column) = place.map_or((String::from("<unknown>"), 0, 0), |(f, l, c)| {
            (sources.display(f), l, c)
        });
        found.push(Diagnostic {
            file,
            line,
            column,
            message,
            label: "breaks a rule of `#[nmi_safe]`".into(),
            notes: Vec::new(),
            help: "`cargo check` reports this as a compile error; `cargo ctxlock` reports it and goes on to check the whole program".into(),
            code: "ctxlock::attribute".into(),
        });
    }
    found
}

/// The byte-string constants of the module, by name: `@alloc_… = … constant [N x i8] c"…", align 1`.
fn constant_strings(text: &str) -> HashMap<&str, String> {
    let mut strings = HashMap::new();
    for line in text.lines() {
        let Some((name, definition)) = line.strip_prefix('@').and_then(|l| l.split_once(" = "))
        else {
            continue;
        };
        let Some(start) = definition.find(" c\"") else {
            continue;
        };
        let body = &definition[start + 3..];
        let Some(end) = body.find('"') else {
            continue;
        };
        strings.insert(name, unescape(&body[..end]));
    }
    strings
}

/// LLVM's string escapes: `\XX` in hex for every byte that is not printable, `\\` for a backslash.
fn unescape(text: &str) -> String {
    let mut bytes = Vec::with_capacity(text.len());
    let raw = text.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        let hex = raw
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (raw[i], hex) {
            (b'\\', Some(byte)) => {
                bytes.push(byte);
                i += 3;
            }
            (byte, _) => {
                bytes.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The file, line and column of a debug location, the outermost one when it was inlined.
fn location(module: &Module, id: u32) -> Option<(&str, u32, u32)> {
    let mut loc = module.locations.get(&id)?;
    for _ in 0..64 {
        match loc
            .inlined_at
            .and_then(|outer| module.locations.get(&outer))
        {
            Some(outer) => loc = outer,
            None => break,
        }
    }
    let mut scope = loc.scope;
    for _ in 0..256 {
        let s = module.scopes.get(&scope)?;
        if let Some(file) = s.file.and_then(|f| module.files.get(&f)) {
            return Some((file, loc.line, loc.column));
        }
        scope = s.parent?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::unescape;

    #[test]
    fn unescapes_llvm_strings() {
        assert_eq!(unescape(r"a\0Ab\5Cc"), "a\nb\\c");
        assert_eq!(unescape(r"`f` \E2\80\94 g"), "`f` \u{2014} g");
    }
}
