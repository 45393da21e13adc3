//! The picture: every chain from a root to a violation, as one Graphviz graph. Roots are bold boxes,
//! what they must not reach is red, and each arrow is labelled with where the call is.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use crate::graph::{Program, Violation};
use crate::report::Sources;

#[derive(Default)]
pub struct Picture {
    /// Name → (label, kind).
    nodes: BTreeMap<String, (String, Kind)>,
    /// (from, to) → label.
    edges: BTreeMap<(String, String), BTreeSet<String>>,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Root,
    Between,
    Sink,
}

impl Picture {
    pub fn add(&mut self, program: &Program, violation: &Violation, sources: &Sources) {
        let name = |node: usize| program.nodes[node].name.replace("{{closure}}", "{closure}");
        let def = |node: usize| {
            let def = program.nodes[node]
                .def
                .as_ref()
                .filter(|d| !crate::report::is_std(&d.file));
            def.map_or_else(String::new, |d| {
                format!("{}:{}", sources.display(&d.file), d.line)
            })
        };
        let root = name(violation.root);
        self.node(
            root.clone(),
            format!("{root}\n{}", def(violation.root)),
            Kind::Root,
        );
        for (i, hop) in violation.chain.iter().enumerate() {
            let from = name(hop.from);
            let last = i + 1 == violation.chain.len();
            let to = if hop.from == hop.to {
                format!("{from}: indirect call")
            } else {
                name(hop.to)
            };
            let label = if last {
                format!("{to}\n{}: {}", violation.category.verb(), violation.reason)
            } else {
                format!("{to}\n{}", def(hop.to))
            };
            self.node(
                to.clone(),
                label,
                if last { Kind::Sink } else { Kind::Between },
            );
            let site = hop.site.as_ref().map_or_else(String::new, |s| {
                format!(
                    "{}:{}:{}",
                    short(&sources.display(&s.file)),
                    s.line,
                    s.column
                )
            });
            let site = if hop.indirect {
                format!("{site} (indirect)")
            } else {
                site
            };
            self.edges.entry((from, to)).or_default().insert(site);
        }
    }

    fn node(&mut self, name: String, label: String, kind: Kind) {
        let entry = self.nodes.entry(name).or_insert((label.clone(), kind));
        // A fn that is a sink in one chain and on the way in another is drawn as the more severe.
        if kind > entry.1 || (kind == Kind::Root && entry.1 != Kind::Root) {
            *entry = (label, kind);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn to_dot(&self) -> String {
        let mut out = String::from("digraph ctxlock {\n    rankdir=LR;\n    node [shape=box, fontname=\"monospace\", fontsize=10];\n    edge [fontname=\"monospace\", fontsize=9];\n");
        let ids: BTreeMap<&String, usize> =
            self.nodes.keys().enumerate().map(|(i, n)| (n, i)).collect();
        for (name, (label, kind)) in &self.nodes {
            let style = match kind {
                Kind::Root => ", style=bold, color=\"#1f5fbf\"",
                Kind::Between => "",
                Kind::Sink => ", color=\"#c0392b\", fontcolor=\"#c0392b\"",
            };
            let _ = writeln!(
                out,
                "    n{} [label=\"{}\"{style}];",
                ids[name],
                escape(label)
            );
        }
        for ((from, to), sites) in &self.edges {
            let label: Vec<&str> = sites.iter().map(String::as_str).collect();
            let _ = writeln!(
                out,
                "    n{} -> n{} [label=\"{}\"];",
                ids[from],
                ids[to],
                escape(&label.join("\n"))
            );
        }
        out.push_str("}\n");
        out
    }
}

/// std's paths from `library/` on: the toolchain's prefix makes the picture wide and says nothing.
fn short(path: &str) -> String {
    match path.find("/library/") {
        Some(at) if crate::report::is_std(path) => path[at + 1..].to_string(),
        _ => path.to_string(),
    }
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}
