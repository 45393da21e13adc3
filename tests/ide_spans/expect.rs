//! The fixture's `//` annotations, and the comparison of a tool's diagnostics with them. The syntax is
//! described at the top of `tests/ide-fixture/src/lib.rs`.

use std::fmt::{self, Write as _};

/// Who reports a diagnostic.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Tool {
    Rustc,
    RustAnalyzer,
}

/// One expected diagnostic, from one annotation line.
#[derive(Debug)]
pub struct Expected {
    /// The annotated line, 1-based.
    pub line: usize,
    /// First column, 0-based.
    pub start: usize,
    /// One past the last column rustc underlines (all marks).
    pub rustc_end: usize,
    /// One past the last column rust-analyzer underlines (the `^` marks only).
    pub ra_end: usize,
    pub severity: Severity,
    pub rustc: bool,
    pub ra: bool,
    /// A part of the message.
    pub fragment: String,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Severity {
    Error,
    Warning,
}

/// One diagnostic as a tool reported it, with its primary span.
#[derive(Debug)]
pub struct Reported {
    /// The file, as the tool names it.
    pub file: String,
    /// 1-based.
    pub line: usize,
    /// 0-based; `end` is one past the last column.
    pub start: usize,
    pub end_line: usize,
    pub end: usize,
    /// `error`, `warning`, ... as the tool spells it, lowercased.
    pub severity: String,
    pub code: Option<String>,
    pub message: String,
}

impl Expected {
    fn end(&self, tool: Tool) -> usize {
        match tool {
            Tool::Rustc => self.rustc_end,
            Tool::RustAnalyzer => self.ra_end,
        }
    }

    fn expected_by(&self, tool: Tool) -> bool {
        match tool {
            Tool::Rustc => self.rustc,
            Tool::RustAnalyzer => self.ra,
        }
    }

    fn matches(&self, tool: Tool, file: &str, reported: &Reported) -> bool {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        reported.file == file
            && reported.severity == severity
            && (reported.line, reported.start) == (self.line, self.start)
            && (reported.end_line, reported.end) == (self.line, self.end(tool))
            && reported.message.contains(&self.fragment)
    }
}

/// Parses the annotations of `source`. Panics on a malformed one, naming its line.
pub fn parse(source: &str) -> Vec<Expected> {
    assert!(
        source.is_ascii(),
        "the fixture must be ASCII: rustc counts columns in chars, rust-analyzer in bytes"
    );
    let mut expected = Vec::new();
    let mut target = None;
    for (index, text) in source.lines().enumerate() {
        let number = index + 1;
        let Some(annotation) = annotation(text) else {
            target = Some(number);
            continue;
        };
        let line =
            target.unwrap_or_else(|| panic!("line {number}: an annotation needs a line above it"));
        match annotation {
            Ok(mut e) => {
                e.line = line;
                expected.push(e);
            }
            Err(why) => panic!("line {number}: malformed annotation ({why}): {text}"),
        }
    }
    expected
}

/// `//  ^^^^---- ERROR(rustc) fragment`: `None` if the line is no annotation (its first character
/// after `//` and spaces is not `^`).
fn annotation(text: &str) -> Option<Result<Expected, &'static str>> {
    let rest = text.strip_prefix("//")?;
    let start = 2 + rest.len() - rest.trim_start_matches(' ').len();
    if !text[start..].starts_with('^') {
        return None;
    }
    Some(parse_annotation(text, start))
}

fn parse_annotation(text: &str, start: usize) -> Result<Expected, &'static str> {
    let marks = &text[start..];
    let carets = marks.len() - marks.trim_start_matches('^').len();
    let dashes = marks[carets..].len() - marks[carets..].trim_start_matches('-').len();
    let rest = marks[carets + dashes..]
        .strip_prefix(' ')
        .ok_or("the marks end with a space")?;
    let (kind, fragment) = rest
        .split_once(' ')
        .ok_or("a kind and a message fragment follow the marks")?;
    let (severity, tools) = match kind.split_once('(') {
        Some((severity, tools)) => (severity, tools.strip_suffix(')').ok_or("unclosed `(`")?),
        None => (kind, "rustc,ra"),
    };
    let severity = match severity {
        "ERROR" => Severity::Error,
        "WARNING" => Severity::Warning,
        _ => return Err("the kind is ERROR or WARNING"),
    };
    let (rustc, ra) = match tools {
        "rustc,ra" => (true, true),
        "rustc" => (true, false),
        "ra" => (false, true),
        _ => return Err("the tool is `(rustc)` or `(ra)`"),
    };
    if dashes > 0 && !(rustc && ra) {
        return Err(
            "`-` marks what rustc underlines beyond rust-analyzer: only for annotations of both",
        );
    }
    let fragment = fragment.trim();
    if fragment.is_empty() {
        return Err("the message fragment is empty");
    }
    Ok(Expected {
        line: 0,
        start,
        rustc_end: start + carets + dashes,
        ra_end: start + carets,
        severity,
        rustc,
        ra,
        fragment: fragment.to_owned(),
    })
}

/// Pairs each expectation for `tool` with one diagnostic that `tool` reported in `file`; a leftover
/// on either side is a mismatch, described with the source lines.
pub fn compare(
    tool: Tool,
    file: &str,
    source: &str,
    expected: &[Expected],
    reported: &[Reported],
) -> Result<(), String> {
    let mut unmatched: Vec<&Reported> = reported.iter().collect();
    let mut missing = Vec::new();
    for e in expected.iter().filter(|e| e.expected_by(tool)) {
        match unmatched.iter().position(|r| e.matches(tool, file, r)) {
            Some(at) => {
                unmatched.remove(at);
            }
            None => missing.push(e),
        }
    }
    if missing.is_empty() && unmatched.is_empty() {
        return Ok(());
    }
    let lines: Vec<&str> = source.lines().collect();
    let mut diff = String::new();
    if !missing.is_empty() {
        let _ = writeln!(diff, "expected by the fixture, not reported by {tool}:");
        for e in missing {
            let severity = format!("{:?}", e.severity).to_uppercase();
            let end = e.end(tool);
            let _ = writeln!(
                diff,
                "  - {file}:{}:{}-{} {severity} {}",
                e.line,
                e.start + 1,
                end,
                e.fragment
            );
            let _ = write!(diff, "{}", underline(&lines, e.line, e.start, e.line, end));
        }
    }
    if !unmatched.is_empty() {
        let _ = writeln!(diff, "reported by {tool}, not expected by the fixture:");
        for r in unmatched {
            let code = r
                .code
                .as_deref()
                .map(|c| format!("[{c}]"))
                .unwrap_or_default();
            let _ = writeln!(
                diff,
                "  + {}:{}:{}-{}:{} {}{code}: {}",
                r.file,
                r.line,
                r.start + 1,
                r.end_line,
                r.end,
                r.severity,
                r.message
            );
            if r.file == file {
                let _ = write!(
                    diff,
                    "{}",
                    underline(&lines, r.line, r.start, r.end_line, r.end)
                );
            }
        }
    }
    Err(diff)
}

/// The line with carets under the span (to the end of the line if the span goes on).
fn underline(lines: &[&str], line: usize, start: usize, end_line: usize, end: usize) -> String {
    let Some(text) = line.checked_sub(1).and_then(|i| lines.get(i)) else {
        return String::new();
    };
    let end = if end_line == line { end } else { text.len() };
    let width = end.saturating_sub(start).max(1);
    format!(
        "      {text}\n      {}{}\n",
        " ".repeat(start),
        "^".repeat(width)
    )
}

impl fmt::Display for Tool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Tool::Rustc => "rustc",
            Tool::RustAnalyzer => "rust-analyzer",
        })
    }
}
