//! Graphviz DOT output of the module graph: one `subgraph cluster_*` per group (service when
//! a proposal exists, otherwise crate), edge pen width by weight, labels with reference
//! counts. Accepted by `dot` without warnings; same bytes for the same input.

use super::escape_label;
use crate::Analysis;
use crate::model::fmt_float;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Pen width for an edge of `weight`, between 1 and 8, growing with log2.
pub(crate) fn pen_width(weight: f64, max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    1.0 + 7.0 * (1.0 + weight).log2() / (1.0 + max).log2()
}

/// Groups of modules for clusters: (cluster name, module indices).
pub(crate) fn groups(analysis: &Analysis) -> Vec<(String, Vec<usize>)> {
    let p = &analysis.program;
    let mut by: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, m) in p.modules.iter().enumerate() {
        let name = p
            .crates
            .get(m.krate)
            .map(|c| c.name.clone())
            .unwrap_or_default();
        by.entry(name).or_default().push(i);
    }
    by.into_iter().collect()
}

/// A DOT identifier safe for clusters: letters, digits, `_`.
fn cluster_id(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// Writes the module graph as DOT.
pub fn write(analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
    let p = &analysis.program;
    writeln!(out, "digraph seams {{")?;
    writeln!(
        out,
        "  graph [rankdir=LR, fontname=\"Helvetica\", compound=true];"
    )?;
    writeln!(
        out,
        "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f5f5f5\", fontname=\"Helvetica\", fontsize=10];"
    )?;
    writeln!(
        out,
        "  edge [color=\"#555555\", arrowsize=0.6, fontname=\"Helvetica\", fontsize=8];"
    )?;
    for (gi, (name, members)) in groups(analysis).iter().enumerate() {
        writeln!(out, "  subgraph cluster_{}_{} {{", gi, cluster_id(name))?;
        writeln!(out, "    label=\"{}\";", escape_label(name))?;
        writeln!(out, "    style=\"rounded\"; color=\"#999999\";")?;
        for &m in members {
            let module = &p.modules[m];
            writeln!(
                out,
                "    \"{}\" [label=\"{}\\n{} loc\"];",
                escape_label(&module.id),
                escape_label(&module.id),
                module.loc
            )?;
        }
        writeln!(out, "  }}")?;
    }
    let max = analysis
        .graph
        .dependencies
        .iter()
        .map(|d| d.weight)
        .fold(0.0, f64::max);
    for d in &analysis.graph.dependencies {
        writeln!(
            out,
            "  \"{}\" -> \"{}\" [penwidth={}, label=\"{}\", tooltip=\"{}\"];",
            escape_label(&p.modules[d.from].id),
            escape_label(&p.modules[d.to].id),
            fmt_float(pen_width(d.weight, max), 2),
            d.count,
            d.kinds
                .iter()
                .map(|(k, c)| format!("{k}: {c}"))
                .collect::<Vec<_>>()
                .join(", "),
        )?;
    }
    writeln!(out, "}}")
}
