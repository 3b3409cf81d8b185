//! Mermaid `flowchart` output with the same content as the DOT output: one `subgraph` per
//! service (and the shared kernel and the composition roots), one edge per dependency with
//! its reference count; with data, tables as cylinders and statics as notes with dotted
//! r/w edges. A graph over GitHub's 500-edge limit is folded first (`graph_fold.rs`) and says so
//! in a `%%` comment.

use super::graph_view::{Shape, View};
use std::io::{self, Write};

/// Mermaid labels cannot hold `"`; use the entity.
fn label(s: &str) -> String {
    s.replace('"', "#quot;").replace('\n', "<br/>")
}

fn node(i: usize, text: &str, shape: Shape) -> String {
    match shape {
        Shape::Box => format!("n{i}[\"{}\"]", label(text)),
        Shape::Table => format!("n{i}[(\"{}\")]", label(text)),
        Shape::Static => format!("n{i}>\"{}\"]", label(text)),
    }
}

/// GitHub renders no Mermaid chart with more edges than this.
pub const MAX_EDGES: usize = 500;

/// Writes the graph as a Mermaid flowchart; `fold` (from `graph_fold::fit`) says how the
/// graph was folded to stay within [`MAX_EDGES`], as a `%%` comment.
pub fn write(view: &View, fold: Option<&str>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "flowchart LR")?;
    if let Some(note) = fold {
        writeln!(out, "  %% {}", note.replace('\n', " "))?;
    }
    for (gi, name) in view.groups.iter().enumerate() {
        let members: Vec<usize> = (0..view.nodes.len())
            .filter(|&n| view.nodes[n].group == Some(gi))
            .collect();
        if members.is_empty() {
            continue;
        }
        writeln!(out, "  subgraph g{gi}[\"{}\"]", label(name))?;
        for n in members {
            writeln!(
                out,
                "    {}",
                node(n, &view.nodes[n].key, view.nodes[n].shape)
            )?;
        }
        writeln!(out, "  end")?;
    }
    for (i, n) in view
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.group.is_none())
    {
        writeln!(out, "  {}", node(i, &n.key, n.shape))?;
    }
    for e in &view.edges {
        let arrow = if e.data { "-.->" } else { "-->" };
        writeln!(out, "  n{} {arrow}|{}| n{}", e.from, label(&e.label), e.to)?;
    }
    Ok(())
}
