//! `graph --format json`: the drawn graph itself (the same view DOT and Mermaid draw, so it
//! honours `--level`, `--data`, `--focus`, `--depth`, `--collapse` and `--min-weight`), as
//! `schema_version` 1 with `level`, `nodes` and `edges`. Wire types live here.

use super::graph_view::{GraphOptions, Shape, View};
use crate::model::round;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Graph<'a> {
    schema_version: u32,
    level: &'static str,
    data: bool,
    nodes: Vec<Node<'a>>,
    edges: Vec<Edge<'a>>,
}

#[derive(Serialize)]
struct Node<'a> {
    id: &'a str,
    kind: &'static str,
    group: Option<&'a str>,
    modules: usize,
    loc: u64,
}

#[derive(Serialize)]
struct Edge<'a> {
    from: &'a str,
    to: &'a str,
    kind: &'static str,
    weight: f64,
    count: u32,
    label: &'a str,
}

/// Writes the view as JSON.
pub fn write(view: &View, opts: &GraphOptions, out: &mut dyn Write) -> io::Result<()> {
    let box_kind = match opts.level {
        super::graph_view::Level::Module => "module",
        super::graph_view::Level::Service => "service",
    };
    let graph = Graph {
        schema_version: crate::model::SCHEMA_VERSION,
        level: opts.level.as_str(),
        data: opts.data,
        nodes: view
            .nodes
            .iter()
            .map(|n| Node {
                id: &n.key,
                kind: match n.shape {
                    Shape::Box => box_kind,
                    Shape::Table => "table",
                    Shape::Static => "static",
                },
                group: n.group.and_then(|g| view.groups.get(g)).map(String::as_str),
                modules: n.modules,
                loc: n.loc,
            })
            .collect(),
        edges: view
            .edges
            .iter()
            .map(|e| Edge {
                from: &view.nodes[e.from].key,
                to: &view.nodes[e.to].key,
                kind: if e.data { "data" } else { "dependency" },
                weight: round(e.weight, 3),
                count: e.count,
                label: &e.label,
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &graph)?;
    writeln!(out)
}
