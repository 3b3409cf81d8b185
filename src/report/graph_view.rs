//! The graph both DOT and Mermaid draw, computed once: nodes (modules or services, data),
//! groups (services, shared kernel, composition roots) and edges, all sorted, so that the two
//! formats always show the same content.

use crate::Analysis;
use crate::cluster::propose::Role;
use crate::model::DataKind;
use std::collections::BTreeMap;

/// Granularity of the drawn graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// One node per module.
    Module,
    /// One node per service.
    Service,
}

/// What to draw.
#[derive(Clone, Copy, Debug)]
pub struct GraphOptions {
    /// Module or service nodes.
    pub level: Level,
    /// Add table and static nodes.
    pub data: bool,
}

/// Shape of a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A module or service.
    Box,
    /// A database table.
    Table,
    /// A global static.
    Static,
}

/// A node.
#[derive(Clone, Debug)]
pub struct Node {
    /// Stable key (module id, service name, data id).
    pub key: String,
    /// Label.
    pub label: String,
    /// Shape.
    pub shape: Shape,
    /// Group index, if in one.
    pub group: Option<usize>,
}

/// An edge between node indices.
#[derive(Clone, Debug)]
pub struct Edge {
    /// From node.
    pub from: usize,
    /// To node.
    pub to: usize,
    /// Weight.
    pub weight: f64,
    /// Label.
    pub label: String,
    /// Data access (dashed).
    pub data: bool,
}

/// The drawable graph.
#[derive(Clone, Debug, Default)]
pub struct View {
    /// Group names.
    pub groups: Vec<String>,
    /// Nodes.
    pub nodes: Vec<Node>,
    /// Edges.
    pub edges: Vec<Edge>,
}

/// Builds the view.
pub fn build(analysis: &Analysis, opts: GraphOptions) -> View {
    let p = &analysis.program;
    let prop = &analysis.proposal;
    let mut view = View::default();
    // Groups: services in order, then composition roots.
    for s in &prop.services {
        view.groups.push(match s.role {
            Role::Service => s.name.clone(),
            Role::SharedKernel => "shared kernel".to_string(),
            other => other.as_str().replace('-', " "),
        });
    }
    let roots_group = view.groups.len();
    view.groups.push("composition roots".to_string());
    // Node per module (module level) or per service (service level).
    let node_of_module: Vec<usize> = match opts.level {
        Level::Module => {
            for (i, m) in p.modules.iter().enumerate() {
                let group = prop
                    .membership
                    .get(i)
                    .copied()
                    .flatten()
                    .or(Some(roots_group));
                view.nodes.push(Node {
                    key: m.id.clone(),
                    label: format!("{}\n{} loc", m.id, m.loc),
                    shape: Shape::Box,
                    group,
                });
            }
            (0..p.modules.len()).collect()
        }
        Level::Service => {
            let mut map = Vec::with_capacity(p.modules.len());
            for (si, s) in prop.services.iter().enumerate() {
                let loc = analysis.figures.services.get(si).map_or(0, |f| f.loc);
                view.nodes.push(Node {
                    key: s.name.clone(),
                    label: format!(
                        "{}\n{} modules, {} loc",
                        view.groups[si],
                        s.modules.len(),
                        loc
                    ),
                    shape: Shape::Box,
                    group: None,
                });
            }
            let roots_node = view.nodes.len();
            if !prop.roots.is_empty() {
                view.nodes.push(Node {
                    key: "composition roots".to_string(),
                    label: "composition roots".to_string(),
                    shape: Shape::Box,
                    group: None,
                });
            }
            for i in 0..p.modules.len() {
                map.push(
                    prop.membership
                        .get(i)
                        .copied()
                        .flatten()
                        .unwrap_or(roots_node),
                );
            }
            map
        }
    };
    let mut agg: BTreeMap<(usize, usize), (f64, u32)> = BTreeMap::new();
    for d in &analysis.graph.dependencies {
        let (a, b) = (node_of_module[d.from], node_of_module[d.to]);
        if a != b {
            let e = agg.entry((a, b)).or_default();
            e.0 += d.weight;
            e.1 += d.count;
        }
    }
    for ((from, to), (weight, count)) in agg {
        view.edges.push(Edge {
            from,
            to,
            weight,
            label: count.to_string(),
            data: false,
        });
    }
    if opts.data {
        for n in &analysis.data.nodes {
            let shape = match n.kind {
                DataKind::Table => Shape::Table,
                DataKind::Static => Shape::Static,
                DataKind::Type => continue,
            };
            let idx = view.nodes.len();
            view.nodes.push(Node {
                key: n.id.clone(),
                label: n.id.clone(),
                shape,
                group: None,
            });
            let mut acc: BTreeMap<usize, (u32, u32)> = BTreeMap::new();
            for a in &n.accesses {
                let e = acc.entry(node_of_module[a.module]).or_default();
                e.0 += a.reads;
                e.1 += a.writes;
            }
            for (from, (r, w)) in acc {
                let label = match (r, w) {
                    (0, w) => format!("w{w}"),
                    (r, 0) => format!("r{r}"),
                    (r, w) => format!("r{r} w{w}"),
                };
                view.edges.push(Edge {
                    from,
                    to: idx,
                    weight: f64::from(r + w),
                    label,
                    data: true,
                });
            }
        }
    }
    view
}
