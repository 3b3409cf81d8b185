//! Graphviz DOT output: one `subgraph cluster_*` per service (and the shared kernel and the
//! composition roots), edge pen width by weight, labels with reference counts; with data,
//! tables as cylinders and statics as notes, joined by dashed r/w edges. Accepted by `dot`
//! without warnings; same bytes for the same input.

use super::escape_label;
use super::graph_view::{Shape, View};
use crate::model::fmt_float;
use std::io::{self, Write};

/// Pen width for an edge of `weight`, between 1 and 8, growing with log2.
pub(crate) fn pen_width(weight: f64, max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    1.0 + 7.0 * (1.0 + weight).log2() / (1.0 + max).log2()
}

fn node_attrs(shape: Shape) -> &'static str {
    match shape {
        Shape::Box => "",
        Shape::Table => ", shape=cylinder, fillcolor=\"#dbe9f6\"",
        Shape::Static => ", shape=note, fillcolor=\"#fff4cc\"",
    }
}

/// Writes the graph as DOT.
pub fn write(view: &View, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "digraph seams {{")?;
    writeln!(
        out,
        "  graph [rankdir=LR, newrank=true, fontname=\"Helvetica\"];"
    )?;
    writeln!(
        out,
        "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f5f5f5\", fontname=\"Helvetica\", fontsize=10];"
    )?;
    writeln!(
        out,
        "  edge [color=\"#555555\", arrowsize=0.6, fontname=\"Helvetica\", fontsize=8];"
    )?;
    for (gi, name) in view.groups.iter().enumerate() {
        let members: Vec<usize> = (0..view.nodes.len())
            .filter(|&n| view.nodes[n].group == Some(gi))
            .collect();
        if members.is_empty() {
            continue;
        }
        writeln!(out, "  subgraph cluster_{gi} {{")?;
        writeln!(out, "    label=\"{}\";", escape_label(name))?;
        writeln!(out, "    style=\"rounded\"; color=\"#999999\";")?;
        for n in members {
            let node = &view.nodes[n];
            writeln!(
                out,
                "    \"{}\" [label=\"{}\"{}];",
                escape_label(&node.key),
                escape_label(&node.label),
                node_attrs(node.shape)
            )?;
        }
        writeln!(out, "  }}")?;
    }
    for node in view.nodes.iter().filter(|n| n.group.is_none()) {
        writeln!(
            out,
            "  \"{}\" [label=\"{}\"{}];",
            escape_label(&node.key),
            escape_label(&node.label),
            node_attrs(node.shape)
        )?;
    }
    let max = view
        .edges
        .iter()
        .filter(|e| !e.data)
        .map(|e| e.weight)
        .fold(0.0, f64::max);
    for e in &view.edges {
        let style = if e.data {
            ", style=dashed, color=\"#3b6ea5\""
        } else {
            ""
        };
        writeln!(
            out,
            "  \"{}\" -> \"{}\" [penwidth={}, label=\"{}\"{style}];",
            escape_label(&view.nodes[e.from].key),
            escape_label(&view.nodes[e.to].key),
            fmt_float(
                if e.data {
                    1.0
                } else {
                    pen_width(e.weight, max)
                },
                2
            ),
            escape_label(&e.label),
        )?;
    }
    writeln!(out, "}}")
}
