//! The graph DOT, Mermaid, JSON (`graph --format json`) all draw, computed once: nodes
//! (modules, folded modules or services, data), groups (services, shared kernel, composition
//! roots) and edges, all sorted, so that the formats always show the same content. The
//! options that make a large graph readable live here too (`--collapse`, `--focus`/`--depth`,
//! `--min-weight`); `graph_fold.rs` folds a view until it fits an edge budget.

use crate::Analysis;
use crate::model::DataKind;
use crate::model::Role;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// Granularity of the drawn graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// One node per module.
    Module,
    /// One node per service.
    Service,
}

impl Level {
    /// Name in the JSON graph and in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Module => "module",
            Level::Service => "service",
        }
    }
}

/// What to draw.
#[derive(Clone, Debug)]
pub struct GraphOptions {
    /// Module or service nodes.
    pub level: Level,
    /// Add table and static nodes.
    pub data: bool,
    /// Draw only what is within `depth` edges of this module (and its submodules) or service.
    pub focus: Option<String>,
    /// Hops from the focus (ignored without one).
    pub depth: usize,
    /// Fold every module deeper than this into its ancestor at this depth (crate root: 0).
    pub collapse: Option<usize>,
    /// Leave out dependency edges lighter than this.
    pub min_weight: f64,
}

impl Default for GraphOptions {
    fn default() -> Self {
        GraphOptions {
            level: Level::Module,
            data: false,
            focus: None,
            depth: 1,
            collapse: None,
            min_weight: 0.0,
        }
    }
}

/// Why a graph could not be drawn.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum GraphError {
    /// `--focus` names neither a module nor a service.
    #[error("--focus: no module or service `{0}`")]
    UnknownFocus(String),
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
    /// Modules it stands for (0 for data).
    pub modules: usize,
    /// Lines of code of those modules.
    pub loc: u64,
}

/// An edge between node indices.
#[derive(Clone, Debug)]
pub struct Edge {
    /// From node.
    pub from: usize,
    /// To node.
    pub to: usize,
    /// Weight (reads plus writes for data edges).
    pub weight: f64,
    /// Label.
    pub label: String,
    /// Data access (dashed).
    pub data: bool,
    /// References (dependency edges) or accesses (data edges).
    pub count: u32,
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

/// How a service group is called in pictures.
pub fn group_name(analysis: &Analysis, service: usize) -> String {
    match analysis.proposal.services.get(service) {
        Some(s) => match s.role {
            Role::Service => s.name.clone(),
            Role::SharedKernel => "shared kernel".to_string(),
            other => other.as_str().replace('-', " "),
        },
        None => "composition roots".to_string(),
    }
}

/// Depth of a module below its crate root (the root is 0).
fn depth_of(p: &crate::model::Program, m: usize) -> usize {
    let mut d = 0;
    let mut cur = p.modules[m].parent;
    while let Some(up) = cur {
        d += 1;
        cur = p.modules.get(up).and_then(|x| x.parent);
        if d > p.modules.len() {
            break;
        }
    }
    d
}

/// The deepest module depth (0 when there are none).
pub fn max_depth(analysis: &Analysis) -> usize {
    let p = &analysis.program;
    (0..p.modules.len())
        .map(|m| depth_of(p, m))
        .max()
        .unwrap_or(0)
}

/// Each module's ancestor at depth `n` (itself when it is not deeper).
fn ancestors_at(p: &crate::model::Program, n: usize) -> Vec<usize> {
    (0..p.modules.len())
        .map(|m| {
            let mut cur = m;
            for _ in n..depth_of(p, m) {
                match p.modules[cur].parent {
                    Some(up) => cur = up,
                    None => break,
                }
            }
            cur
        })
        .collect()
}

/// True when `id` is `pattern` or below it.
fn under(id: &str, pattern: &str) -> bool {
    id == pattern
        || id
            .strip_prefix(pattern)
            .is_some_and(|rest| rest.starts_with("::"))
}

/// The modules `--focus NAME` selects: a module and its submodules, else a service's modules.
fn focus_modules(analysis: &Analysis, name: &str) -> Result<Vec<usize>, GraphError> {
    let p = &analysis.program;
    let by_module: Vec<usize> = (0..p.modules.len())
        .filter(|&m| under(&p.modules[m].id, name))
        .collect();
    if !by_module.is_empty() {
        return Ok(by_module);
    }
    let prop = &analysis.proposal;
    if let Some(si) = (0..prop.services.len())
        .find(|&s| prop.services[s].name == name || group_name(analysis, s) == name)
    {
        return Ok(prop.services[si].modules.clone());
    }
    if name == "composition roots" {
        return Ok(prop.roots.clone());
    }
    Err(GraphError::UnknownFocus(name.to_string()))
}

/// Builds the view `opts` asks for.
pub fn build(analysis: &Analysis, opts: &GraphOptions) -> Result<View, GraphError> {
    build_folded(analysis, opts, None)
}

/// Each module's representative under `--collapse` (itself without it).
pub(crate) fn representatives(analysis: &Analysis, collapse: Option<usize>) -> Vec<usize> {
    let p = &analysis.program;
    match collapse {
        Some(n) => ancestors_at(p, n),
        None => (0..p.modules.len()).collect(),
    }
}

/// Each module's ancestor at depth `n` (itself when it is not deeper).
pub(crate) fn ancestors(analysis: &Analysis, n: usize) -> Vec<usize> {
    ancestors_at(&analysis.program, n)
}

/// The view, module nodes standing for `rep` (each module's representative module) when given
/// instead of what `opts.collapse` says.
pub(crate) fn build_folded(
    analysis: &Analysis,
    opts: &GraphOptions,
    rep: Option<&[usize]>,
) -> Result<View, GraphError> {
    let focus = match &opts.focus {
        Some(name) => Some(focus_modules(analysis, name)?),
        None => None,
    };
    let (mut view, node_of_module) = base(analysis, opts, rep);
    view.edges.retain(|e| e.data || e.weight >= opts.min_weight);
    let keep: Vec<bool> = match focus {
        Some(modules) => {
            let seeds: BTreeSet<usize> = modules.iter().map(|&m| node_of_module[m]).collect();
            reach(&view, &seeds, opts.depth)
        }
        None => view.nodes.iter().map(|n| n.shape == Shape::Box).collect(),
    };
    // Data nodes are drawn when a drawn node accesses them.
    let mut keep_all = keep.clone();
    for e in view.edges.iter().filter(|e| e.data && keep[e.from]) {
        keep_all[e.to] = true;
    }
    Ok(retain(view, &keep_all))
}

/// Nodes within `depth` undirected dependency edges of `seeds`.
fn reach(view: &View, seeds: &BTreeSet<usize>, depth: usize) -> Vec<bool> {
    let n = view.nodes.len();
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in view.edges.iter().filter(|e| !e.data) {
        adj[e.from].push(e.to);
        adj[e.to].push(e.from);
    }
    let mut dist: Vec<Option<usize>> = vec![None; n];
    let mut queue = VecDeque::new();
    for &s in seeds {
        dist[s] = Some(0);
        queue.push_back(s);
    }
    while let Some(u) = queue.pop_front() {
        let d = dist[u].unwrap_or(0);
        if d >= depth {
            continue;
        }
        for &v in &adj[u] {
            if dist[v].is_none() {
                dist[v] = Some(d + 1);
                queue.push_back(v);
            }
        }
    }
    dist.iter().map(Option::is_some).collect()
}

/// The view with only the kept nodes, the edges between them, and no data node left without
/// an edge; indices renumbered in order.
pub(crate) fn retain(view: View, keep: &[bool]) -> View {
    let edges: Vec<Edge> = view
        .edges
        .into_iter()
        .filter(|e| keep[e.from] && keep[e.to])
        .collect();
    let mut has_edge = vec![false; view.nodes.len()];
    for e in &edges {
        has_edge[e.from] = true;
        has_edge[e.to] = true;
    }
    let mut new_index = vec![usize::MAX; view.nodes.len()];
    let mut nodes = Vec::new();
    for (i, node) in view.nodes.into_iter().enumerate() {
        if keep[i] && (node.shape == Shape::Box || has_edge[i]) {
            new_index[i] = nodes.len();
            nodes.push(node);
        }
    }
    let edges = edges
        .into_iter()
        .map(|mut e| {
            e.from = new_index[e.from];
            e.to = new_index[e.to];
            e
        })
        .collect();
    View {
        groups: view.groups,
        nodes,
        edges,
    }
}

/// Every node and edge at the level and collapse asked for, and each module's node.
fn base(analysis: &Analysis, opts: &GraphOptions, rep: Option<&[usize]>) -> (View, Vec<usize>) {
    let p = &analysis.program;
    let prop = &analysis.proposal;
    let mut view = View::default();
    // Groups: services in order, then composition roots.
    for si in 0..prop.services.len() {
        view.groups.push(group_name(analysis, si));
    }
    let roots_group = view.groups.len();
    view.groups.push("composition roots".to_string());
    let node_of_module: Vec<usize> = match opts.level {
        Level::Module => {
            let rep: Vec<usize> = match rep {
                Some(r) if r.len() == p.modules.len() => r.to_vec(),
                _ => representatives(analysis, opts.collapse),
            };
            let mut members: BTreeMap<usize, (usize, u64)> = BTreeMap::new();
            for (m, &r) in rep.iter().enumerate() {
                let e = members.entry(r).or_default();
                e.0 += 1;
                e.1 += u64::from(p.modules[m].loc);
            }
            let mut node_of_rep: BTreeMap<usize, usize> = BTreeMap::new();
            for (&r, &(count, loc)) in &members {
                node_of_rep.insert(r, view.nodes.len());
                let id = &p.modules[r].id;
                let group = prop
                    .membership
                    .get(r)
                    .copied()
                    .flatten()
                    .or(Some(roots_group));
                view.nodes.push(Node {
                    key: id.clone(),
                    label: if count > 1 {
                        format!("{id}\n{count} modules, {loc} loc")
                    } else {
                        format!("{id}\n{loc} loc")
                    },
                    shape: Shape::Box,
                    group,
                    modules: count,
                    loc,
                });
            }
            rep.iter().map(|r| node_of_rep[r]).collect()
        }
        Level::Service => {
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
                    modules: s.modules.len(),
                    loc,
                });
            }
            let roots_node = view.nodes.len();
            if !prop.roots.is_empty() {
                let loc = prop
                    .roots
                    .iter()
                    .map(|&m| u64::from(p.modules[m].loc))
                    .sum();
                view.nodes.push(Node {
                    key: "composition roots".to_string(),
                    label: "composition roots".to_string(),
                    shape: Shape::Box,
                    group: None,
                    modules: prop.roots.len(),
                    loc,
                });
            }
            (0..p.modules.len())
                .map(|i| {
                    prop.membership
                        .get(i)
                        .copied()
                        .flatten()
                        .unwrap_or(roots_node)
                })
                .collect()
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
            count,
        });
    }
    if opts.data {
        add_data(analysis, &mut view, &node_of_module);
    }
    (view, node_of_module)
}

/// Table and static nodes with their r/w edges from the nodes whose modules access them.
fn add_data(analysis: &Analysis, view: &mut View, node_of_module: &[usize]) {
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
            modules: 0,
            loc: 0,
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
                count: r + w,
            });
        }
    }
}
