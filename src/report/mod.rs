//! Stage `report`: renders an [`Analysis`](crate::Analysis) for people and tools. One file per
//! format, each a function of the analysis and a writer. Only this stage knows output
//! formats; nothing here computes anything the reader could not get from the analysis.

pub mod dot;
pub mod escape;
pub mod graph_view;
pub mod json;
pub mod mermaid;
pub mod text;

/// Escapes a string for a double-quoted DOT or Mermaid label.
pub(crate) fn escape_label(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out
}
