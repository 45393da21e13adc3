//! Diagnostics: each violation as rustc would print it (rendered by annotate-snippets), or as cargo's
//! `compiler-message` JSON, which editors and CI annotators already read. The primary span is the
//! call in the root where the chain starts; one note per hop follows it down to the sink.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use annotate_snippets::{Level, Renderer, Snippet};
use serde_json::{json, Value};

use crate::graph::{Program, Site, Violation};

/// A file, line and column.
pub type Place = (String, u32, u32);

/// A violation ready to print: everything in words and positions, nothing left to look up.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Diagnostic {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    pub label: String,
    /// Each hop, with where it is.
    pub notes: Vec<(String, Option<Place>)>,
    pub help: String,
    pub code: String,
}

pub struct Sources {
    root: PathBuf,
    cache: HashMap<String, Option<String>>,
}

impl Sources {
    pub fn new(root: &Path) -> Sources {
        Sources {
            root: root.to_path_buf(),
            cache: HashMap::new(),
        }
    }

    /// A path as rustc prints it: relative to the workspace when it is inside.
    pub fn display(&self, file: &str) -> String {
        Path::new(file)
            .strip_prefix(&self.root)
            .map_or_else(|_| file.to_string(), |p| p.display().to_string())
    }

    fn line(&mut self, file: &str, line: u32) -> Option<String> {
        let text = self
            .cache
            .entry(file.to_string())
            .or_insert_with(|| std::fs::read_to_string(file).ok());
        text.as_deref()?
            .lines()
            .nth(line.checked_sub(1)? as usize)
            .map(str::to_string)
    }
}

pub fn diagnose(program: &Program, violation: &Violation, sources: &Sources) -> Diagnostic {
    let name = |node: usize| short(&program.nodes[node].name);
    // The hops keep their generic arguments, which tell instances apart (`drop_in_place<std::io::Error>`).
    let shown = |node: usize| short(&without_parameters(&program.nodes[node].display));
    let root = name(violation.root);
    let last = violation.chain.last().expect("a chain is never empty");
    let sink = if last.from == last.to {
        String::new()
    } else {
        format!("`{}`", name(last.to))
    };
    let message = if sink.is_empty() {
        format!(
            "`{root}` {}: {}",
            violation.category.verb(),
            violation.reason
        )
    } else if violation.chain.len() == 1 {
        format!(
            "`{root}` {}: it calls {sink}, which {}",
            violation.category.verb(),
            violation.reason
        )
    } else {
        format!(
            "`{root}` {}: it reaches {sink}, which {}",
            violation.category.verb(),
            violation.reason
        )
    };
    let first = &violation.chain[0];
    let label = if violation.chain.len() == 1 {
        if sink.is_empty() {
            violation.reason.clone()
        } else {
            format!("{sink} {}", violation.reason)
        }
    } else {
        let sink = if sink.is_empty() {
            violation.reason.clone()
        } else {
            sink
        };
        format!("`{}` leads to {sink}", shown(first.to))
    };
    let at = |site: &Option<Site>| {
        site.as_ref()
            .map(|s| (sources.display(&s.file), s.line, s.column))
    };
    let mut notes = Vec::new();
    for hop in &violation.chain {
        // A hop to itself is inline assembly (the only finding without a callee).
        let how = if hop.from == hop.to {
            "runs"
        } else if hop.indirect {
            "may call, through a vtable or fn pointer,"
        } else if hop.from != hop.to && program.nodes[hop.to].inlined {
            "calls, inlined,"
        } else {
            "calls"
        };
        let callee = if hop.from == hop.to {
            "inline assembly".to_string()
        } else {
            // Where std's own fns are defined says little, in either form std's paths take.
            let def = program.nodes[hop.to].def.as_ref().filter(|d| {
                !d.file.starts_with("/rustc/") && !d.file.contains("/lib/rustlib/src/rust/")
            });
            match def {
                Some(def) => format!(
                    "`{}` ({}:{})",
                    shown(hop.to),
                    sources.display(&def.file),
                    def.line
                ),
                None => format!("`{}`", shown(hop.to)),
            }
        };
        let place = match at(&hop.site) {
            Some((file, line, column)) => format!("{file}:{line}:{column}: "),
            None => String::new(),
        };
        notes.push((
            format!("{place}`{}` {how} {callee}", shown(hop.from)),
            at(&hop.site),
        ));
    }
    for also in &violation.also {
        notes.push((
            format!(
                "through the same candidate of that indirect call, `{}` also {}: it reaches `{}`",
                shown(also.via),
                also.category.verb(),
                name(also.sink)
            ),
            None,
        ));
    }
    let (file, line, column) =
        at(&first.site).unwrap_or_else(|| match &program.nodes[violation.root].def {
            Some(def) => (sources.display(&def.file), def.line, def.column),
            None => (String::from("<unknown>"), 0, 0),
        });
    Diagnostic {
        file,
        line,
        column,
        message,
        label,
        notes,
        help: violation.category.help().to_string(),
        code: format!("ctxlock::{}", violation.category.code()),
    }
}

/// std's own sources, in either form their paths take: `/rustc/HASH/library/…` or, with the rust-src
/// component installed, the sysroot's copy.
pub fn is_std(file: &str) -> bool {
    file.starts_with("/rustc/") || file.contains("/lib/rustlib/src/rust/")
}

/// A path without the noise of where std keeps things: `std::sync::poison::mutex::Mutex::lock` stays
/// as it is (it is what the docs call it), but crate hashes and `{{closure}}` braces are tidied.
pub fn short(name: &str) -> String {
    name.replace("{{closure}}", "{closure}")
}

/// A demangled name without the generic *parameters* that legacy symbols spell in impl paths
/// (`alloc::vec::Vec<T,A>::push` becomes `alloc::vec::Vec::push`): they name no instance. Arguments
/// that do (`drop_in_place<alloc::string::String>`, `Cell<u32>`) stay. A parameter is a bare
/// capitalised identifier; a type argument has a path (`alloc::string::String`) or is a primitive.
fn without_parameters(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(open) = rest.find('<') {
        let close = rest[open..].find('>').map(|c| open + c);
        let inner = close.map(|c| &rest[open + 1..c]);
        let parameters = inner.is_some_and(|inner| {
            inner.split(',').all(|item| {
                let item = item.trim();
                item.starts_with(|c: char| c.is_ascii_uppercase())
                    && item.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            })
        });
        match (parameters, close) {
            (true, Some(close)) => {
                out.push_str(&rest[..open]);
                rest = &rest[close + 1..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The byte range of the callee's name at a column: a path, a method name or a macro name.
fn callee_range(text: &str, column: u32) -> (usize, usize) {
    let start = text
        .char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map_or(text.len(), |(i, _)| i);
    let rest = &text[start..];
    let mut end = 0;
    let bytes = rest.as_bytes();
    while end < bytes.len() {
        let b = bytes[end];
        if b.is_ascii_alphanumeric() || b == b'_' {
            end += 1;
        } else if rest[end..].starts_with("::") {
            end += 2;
        } else if b == b'!' && end > 0 {
            end += 1;
            break;
        } else {
            break;
        }
    }
    let end = if end == 0 {
        rest.chars().next().map_or(0, char::len_utf8)
    } else {
        end
    };
    (start, start + end)
}

pub fn render(diagnostic: &Diagnostic, sources: &mut Sources, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let path = sources.root.join(&diagnostic.file);
    let text = sources
        .line(&path.to_string_lossy(), diagnostic.line)
        .unwrap_or_default();
    let (start, end) = callee_range(&text, diagnostic.column);
    let end = end.max(start + 1).min(text.len().max(start + 1));
    let mut message = Level::Error.title(&diagnostic.message);
    if !text.is_empty() {
        message = message.snippet(
            Snippet::source(&text)
                .line_start(diagnostic.line as usize)
                .origin(&diagnostic.file)
                .annotation(Level::Error.span(start..end).label(&diagnostic.label)),
        );
    }
    for (note, _) in &diagnostic.notes {
        message = message.footer(Level::Note.title(note));
    }
    message = message.footer(Level::Help.title(&diagnostic.help));
    let rendered = renderer.render(message).to_string();
    rendered
}

/// rustc's JSON diagnostic, as `cargo check --message-format=json` nests it.
pub fn json(diagnostic: &Diagnostic, sources: &mut Sources, rendered: &str) -> Value {
    let mut span = |file: &str,
                    line: u32,
                    column: u32,
                    primary: bool,
                    label: Option<&str>|
     -> Value {
        let path = sources.root.join(file);
        let path = path.to_string_lossy();
        let text = sources.line(&path, line).unwrap_or_default();
        let (start, end) = callee_range(&text, column);
        let line_offset = line_start_offset(sources, &path, line);
        let column_start = text[..start.min(text.len())].chars().count() + 1;
        let column_end = text[..end.min(text.len())].chars().count() + 1;
        json!({
            "file_name": file,
            "byte_start": line_offset + start,
            "byte_end": line_offset + end,
            "line_start": line,
            "line_end": line,
            "column_start": column_start,
            "column_end": column_end,
            "is_primary": primary,
            "text": [{"text": text, "highlight_start": column_start, "highlight_end": column_end}],
            "label": label,
            "suggested_replacement": null,
            "suggestion_applicability": null,
            "expansion": null,
        })
    };
    let primary = span(
        &diagnostic.file,
        diagnostic.line,
        diagnostic.column,
        true,
        Some(&diagnostic.label),
    );
    let mut children: Vec<Value> = diagnostic
        .notes
        .iter()
        .map(|(note, at)| {
            let spans = match at {
                Some((file, line, column)) if !file.starts_with('/') || Path::new(file).exists() => {
                    vec![span(file, *line, *column, true, None)]
                }
                _ => Vec::new(),
            };
            json!({"message": note, "code": null, "level": "note", "spans": spans, "children": [], "rendered": null})
        })
        .collect();
    children.push(json!({"message": diagnostic.help, "code": null, "level": "help", "spans": [], "children": [], "rendered": null}));
    json!({
        "$message_type": "diagnostic",
        "message": diagnostic.message,
        "code": {"code": diagnostic.code, "explanation": null},
        "level": "error",
        "spans": [primary],
        "children": children,
        "rendered": rendered,
    })
}

fn line_start_offset(sources: &mut Sources, file: &str, line: u32) -> usize {
    let text = sources
        .cache
        .entry(file.to_string())
        .or_insert_with(|| std::fs::read_to_string(file).ok());
    let Some(text) = text.as_deref() else {
        return 0;
    };
    text.split_inclusive('\n')
        .take(line.saturating_sub(1) as usize)
        .map(str::len)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::callee_range;

    #[test]
    fn drops_generic_parameters_keeps_arguments() {
        use super::without_parameters as w;
        assert_eq!(w("alloc::vec::Vec<T,A>::push"), "alloc::vec::Vec::push");
        assert_eq!(
            w("<alloc::boxed::Box<T,A> as core::ops::drop::Drop>::drop"),
            "<alloc::boxed::Box as core::ops::drop::Drop>::drop"
        );
        assert_eq!(
            w("core::ptr::drop_in_place<alloc::vec::Vec<u8>>"),
            "core::ptr::drop_in_place<alloc::vec::Vec<u8>>"
        );
        assert_eq!(
            w("std::thread::local::LocalKey<core::cell::Cell<T>>::set"),
            "std::thread::local::LocalKey<core::cell::Cell>::set"
        );
        assert_eq!(
            w("<u32 as core::fmt::Display>::fmt"),
            "<u32 as core::fmt::Display>::fmt"
        );
    }

    #[test]
    fn underlines_the_callee() {
        let line = "    stats.bump(code);";
        assert_eq!(
            &line[callee_range(line, 11).0..callee_range(line, 11).1],
            "bump"
        );
        let line = "    std::thread::sleep(d);";
        let (s, e) = callee_range(line, 5);
        assert_eq!(&line[s..e], "std::thread::sleep");
        let line = "    let s = format!(\"{}\", x);";
        let (s, e) = callee_range(line, 13);
        assert_eq!(&line[s..e], "format!");
        let line = "}";
        assert_eq!(callee_range(line, 1), (0, 1));
    }
}
