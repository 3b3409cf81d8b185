//! Stage `report`: renders an [`Analysis`](crate::Analysis) for people and tools. One file per
//! format, each a function of the analysis and a writer. Only this stage knows output
//! formats; nothing here computes anything the reader could not get from the analysis.
//! `graph_view.rs` is the graph DOT, Mermaid and the graph JSON draw (`graph_fold.rs` folds it
//! to an edge budget); `layout.rs` places the service map that `svg.rs` draws, standalone and
//! inside the HTML report (`html/`).

pub mod dot;
pub mod escape;
pub mod explain;
pub mod graph_fold;
pub mod graph_json;
pub mod graph_view;
pub mod html;
pub mod json;
pub mod layout;
pub mod mermaid;
pub mod svg;
pub mod text;

/// What the headline adds after the service count: the shared kernel, and how many modules
/// of library code no binary reaches were set apart (a reader should not wonder where they
/// went).
pub(crate) fn headline_extras(proposal: &crate::cluster::propose::Proposal) -> String {
    use crate::model::Role;
    let mut out = String::new();
    if proposal
        .services
        .iter()
        .any(|s| s.role == Role::SharedKernel)
    {
        out.push_str(" + a shared kernel");
    }
    let unreached: usize = proposal
        .services
        .iter()
        .filter(|s| s.role == Role::Unreached)
        .map(|s| s.modules.len())
        .sum();
    if unreached > 0 {
        out.push_str(&format!(
            "; {unreached} module{} no binary reaches set apart",
            if unreached == 1 { "" } else { "s" }
        ));
    }
    out
}

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

/// Escapes text for HTML and SVG markup: `& < > " '` become entities, and control characters
/// other than newline and tab a visible `\u{…}` (names come from the analysed code).
pub(crate) fn markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_escapes_html_and_controls() {
        assert_eq!(
            super::markup("<a href=\"x\">&'\u{1b}[2J"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;\\u{1b}[2J"
        );
    }
}
