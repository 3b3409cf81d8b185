//! Mermaid `flowchart` output with the same content as the DOT output: one `subgraph` per
//! group, one edge per dependency labelled with its reference count.

use crate::Analysis;
use std::io::{self, Write};

/// Mermaid node ids must be plain: `n` plus the module index.
fn node_id(i: usize) -> String {
    format!("n{i}")
}

/// Mermaid labels cannot hold `"`; use the HTML entity.
fn label(s: &str) -> String {
    s.replace('"', "#quot;")
}

/// Writes the module graph as a Mermaid flowchart.
pub fn write(analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
    let p = &analysis.program;
    writeln!(out, "flowchart LR")?;
    for (gi, (name, members)) in super::dot::groups(analysis).iter().enumerate() {
        writeln!(out, "  subgraph g{gi}[\"{}\"]", label(name))?;
        for &m in members {
            writeln!(out, "    {}[\"{}\"]", node_id(m), label(&p.modules[m].id))?;
        }
        writeln!(out, "  end")?;
    }
    for d in &analysis.graph.dependencies {
        writeln!(
            out,
            "  {} -->|{}| {}",
            node_id(d.from),
            d.count,
            node_id(d.to)
        )?;
    }
    Ok(())
}
