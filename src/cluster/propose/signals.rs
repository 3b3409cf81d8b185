//! The affinity graph the services are found in: clustered modules plus one node per table,
//! static, domain term and unclustered parent, so that every signal costs edges linear in its
//! size (no pairwise links between all modules touching a datum or sharing a directory).
//!
//! Edge weights:
//! - structure: the summed reference weight between two modules, damped above 1
//!   (`1 + ln w`): reference volume grows with code size more than with belonging; a link to
//!   a module of a layer-named folder (`schema/`, `handlers/`), or of a folder that is a
//!   layer by its shape ([`super::folders::mirrored_layers`]) or that folder's own module,
//!   that more than `Tuning::hub` modules use is scaled down by √(hub / users), like a table
//!   everyone reads: it ties one layer of every domain, not a domain;
//! - tables (and statics): module → datum, a write weighing [`WRITE`] and a read `Tuning::read` of the
//!   `table` (`static`) weight, the declaring module (SeaORM entity, diesel model) counting as a
//!   writer; a datum touched by many modules has each link scaled down by √(touching / 3), so
//!   a table everyone reads glues nothing; a module that reaches a table only through the
//!   project functions it calls (`DataNode::via_calls`) is linked at `Tuning::via` of that,
//!   these links thinned by their own count; two tables the code declares related (SeaORM
//!   `Relation`, diesel `joinable!`, one SQL statement) are linked at `Tuning::relation` of the
//!   table weight, thinned by the number of tables either is related to;
//! - vocabulary: module → term, `Tuning::term` spread over the module's terms by their TF-IDF share
//!   (`Tuning::layered_term` times that in an application whose packages are named by layers);
//! - directory: module → its parent, or → a node standing for the parent when that is not
//!   clustered (a crate root, a kernel module), `Tuning::directory` each. Light on purpose:
//!   layer folders (`handlers/`, `models/`) are directories too. A folder that is a layer by
//!   its shape (gitu's `ops/`, `screen/`) gives none;
//! - shared helpers: module → a node standing for a module set apart (a crate root aside)
//!   that two or more clustered modules use, `Tuning::shared` × the damped reference weight,
//!   scaled down by √(users / 3): plugins of one family use the same helpers;
//! - package: module → a node standing for its package, `Tuning::package` each, when there are
//!   several packages: a boundary the developers drew on purpose; in an application, the
//!   project's umbrella package (`pingap` among `pingap-*`) gets `Tuning::umbrella` of that;
//! - use cases (in an application): an entry module (clustered, used by no clustered module:
//!   a request handler, a command) → a node standing for its use case, and every module it
//!   reaches within `Tuning::usecase_depth` dependency steps (at most [`REACH`], nearest
//!   first) → that node, `Tuning::usecase` each, scaled down by √(reached / 3): a handler, the
//!   service it calls and the repository below it serve one use case even in three layers.

use super::Tuning;
use super::vocab::Vocabulary;
use crate::cluster::affinity::AffinityGraph;
use crate::data::DataGraph;
use crate::graph::{ModuleGraph, Weights};
use crate::model::{DataKind, ModuleIdx, Program};
use std::collections::{BTreeMap, BTreeSet};

/// Share of the table weight a writing module gets.
pub const WRITE: f64 = 1.0;

/// What a node of the affinity graph stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// A clustered module.
    Module(ModuleIdx),
    /// A table or static, by index into the data graph's nodes.
    Data(usize),
    /// A domain term, by index into the vocabulary.
    Term(usize),
    /// An unclustered parent module standing for its directory.
    Directory(ModuleIdx),
    /// A package, standing for the boundary its developers drew.
    Package(usize),
    /// A module set apart (the kernel's) that several clustered modules use.
    Shared(ModuleIdx),
    /// A use case: an entry module (no clustered module uses it) and what it reaches.
    UseCase(ModuleIdx),
}

/// The graph and what each node is.
#[derive(Clone, Debug, Default)]
pub struct Signals {
    pub graph: AffinityGraph,
    pub kinds: Vec<NodeKind>,
}

/// Builds the affinity graph over `nodes` (the clustered modules, node `i` is `nodes[i]`).
#[allow(clippy::too_many_arguments)]
pub fn build(
    program: &Program,
    graph: &ModuleGraph,
    data: &DataGraph,
    nodes: &[ModuleIdx],
    node_of: &[Option<usize>],
    terms: &Vocabulary,
    layers: &BTreeSet<ModuleIdx>,
    w: &Weights,
    tune: &Tuning,
) -> Signals {
    // In an application cut in layers, the structure runs along the layers, and only the words
    // say which domain each module of a layer serves: they weigh `Tuning::layered_term` times
    // more.
    let application = super::roles::is_application(program);
    let layered = application && super::cues::layered(program);
    let term = if layered {
        tune.term * tune.layered_term
    } else {
        tune.term
    };
    let mut kinds: Vec<NodeKind> = nodes.iter().map(|&m| NodeKind::Module(m)).collect();
    let mut edges: Vec<(usize, usize, f64)> = Vec::new();
    let hub = layer_hubs(program, graph, nodes, node_of, layers, tune.hub);
    for d in &graph.dependencies {
        if let (Some(a), Some(b)) = (node_of[d.from], node_of[d.to])
            && a != b
        {
            edges.push((a, b, tune.structure * damped(d.weight) * hub[b]));
        }
    }
    // Modules that use the same module set apart (a helper of the kernel) are a little
    // alike: a family of plugins shares its helpers even when it never refers to itself.
    if tune.shared > 0.0 {
        let mut users: BTreeMap<ModuleIdx, BTreeMap<usize, f64>> = BTreeMap::new();
        for d in &graph.dependencies {
            if let (Some(a), None) = (node_of[d.from], node_of[d.to])
                && program.modules[d.to].parent.is_some()
            {
                *users.entry(d.to).or_default().entry(a).or_insert(0.0) += d.weight;
            }
        }
        for (k, list) in users {
            if list.len() < 2 {
                continue;
            }
            let node = kinds.len();
            kinds.push(NodeKind::Shared(k));
            let scale = tune.shared / (list.len() as f64 / 3.0).sqrt().max(1.0);
            for (x, w) in list {
                edges.push((x, node, scale * damped(w)));
            }
        }
    }
    // Affinity node, number of related tables and weight of each table in the graph.
    let mut data_node: BTreeMap<&str, (usize, usize, f64)> = BTreeMap::new();
    for (index, datum) in data.nodes.iter().enumerate() {
        let weight = match datum.kind {
            DataKind::Table => w.data_table * tune.table,
            DataKind::Static => w.data_static * tune.statics,
            DataKind::Type => continue,
        };
        if weight <= 0.0 {
            continue;
        }
        let mut links: BTreeMap<usize, f64> = BTreeMap::new();
        for a in &datum.accesses {
            if let Some(x) = node_of[a.module] {
                let share = if a.writes > 0 { WRITE } else { tune.read };
                let e = links.entry(x).or_insert(0.0);
                *e = e.max(share);
            }
        }
        if let Some(x) = datum.defined_in.and_then(|d| node_of[d]) {
            links.insert(x, WRITE);
        }
        // A module that reaches the table only through the project functions it calls (a
        // handler calling a repository method) is pulled towards it too, more weakly, and
        // scaled by how many do so: those links must not thin out the direct ones.
        let mut via: BTreeMap<usize, f64> = BTreeMap::new();
        if tune.via > 0.0 {
            for a in &datum.via_calls {
                if let Some(x) = node_of[a.module]
                    && !links.contains_key(&x)
                {
                    let share = tune.via * if a.writes > 0 { WRITE } else { tune.read };
                    let e = via.entry(x).or_insert(0.0);
                    *e = e.max(share);
                }
            }
        }
        let related = tune.relation > 0.0 && !datum.related.is_empty();
        if links.len() + via.len() < 2 && !(related && links.len() + via.len() == 1) {
            continue;
        }
        let thinned = |n: usize| weight * (n as f64 / 3.0).sqrt().max(1.0).recip();
        let (scale, via_scale) = (thinned(links.len()), thinned(via.len()));
        let node = kinds.len();
        kinds.push(NodeKind::Data(index));
        data_node.insert(datum.id.as_str(), (node, datum.related.len(), weight));
        for (x, share) in links {
            edges.push((x, node, share * scale));
        }
        for (x, share) in via {
            edges.push((x, node, share * via_scale));
        }
    }
    // Related tables pull their modules together through each other, a table related to
    // many (a `users` every aggregate points at) thinned like a table many modules touch.
    if tune.relation > 0.0 {
        for datum in &data.nodes {
            let Some(&(x, x_related, x_weight)) = data_node.get(datum.id.as_str()) else {
                continue;
            };
            for other in datum.related.iter().filter(|o| **o > datum.id) {
                if let Some(&(y, y_related, y_weight)) = data_node.get(other.as_str()) {
                    let hub = x_related.max(y_related) as f64 / 3.0;
                    let weight = tune.relation * x_weight.min(y_weight) / hub.sqrt().max(1.0);
                    edges.push((x, y, weight));
                }
            }
        }
    }
    let first_term = kinds.len();
    kinds.extend((0..terms.terms.len()).map(NodeKind::Term));
    for (x, list) in terms.of_node.iter().enumerate() {
        for &(t, share) in list {
            edges.push((x, first_term + t, term * share));
        }
    }
    let mut directory: BTreeMap<ModuleIdx, usize> = BTreeMap::new();
    for (x, &m) in nodes.iter().enumerate() {
        let Some(p) = program.modules[m].parent else {
            continue;
        };
        // A folder that is a layer by its shape ties nothing: it holds one part of several
        // domains (a folder named as a layer keeps its light tie).
        if layers.contains(&p) {
            continue;
        }
        match node_of[p] {
            Some(y) => edges.push((x, y, tune.directory)),
            None => {
                let node = *directory.entry(p).or_insert_with(|| {
                    kinds.push(NodeKind::Directory(p));
                    kinds.len() - 1
                });
                edges.push((x, node, tune.directory));
            }
        }
    }
    if tune.usecase > 0.0 && application {
        use_cases(graph, nodes, node_of, tune, &mut kinds, &mut edges);
    }
    // One package says nothing about where to cut; several are boundaries drawn on purpose.
    let packages: BTreeSet<&str> = nodes
        .iter()
        .map(|&m| program.crates[program.modules[m].krate].package.as_str())
        .collect();
    if tune.package > 0.0 && packages.len() > 1 {
        // In an application, the package named like the project whose other packages are
        // `<project>-x` (pingap among `pingap-*`, garage among `garage_*`) is its shell: what
        // it holds wraps the other packages' domains, and its boundary is not one of them.
        let dashed = |name: &str| name.replace('_', "-");
        let umbrella: BTreeSet<&str> = if application {
            packages
                .iter()
                .copied()
                .filter(|&name| {
                    let prefix = format!("{}-", dashed(name));
                    packages
                        .iter()
                        .filter(|o| dashed(o).starts_with(&prefix))
                        .count()
                        >= 2
                })
                .collect()
        } else {
            BTreeSet::new()
        };
        let mut package: BTreeMap<&str, usize> = BTreeMap::new();
        for (x, &m) in nodes.iter().enumerate() {
            let name = program.crates[program.modules[m].krate].package.as_str();
            let weight = if umbrella.contains(name) {
                tune.package * tune.umbrella
            } else {
                tune.package
            };
            if weight <= 0.0 {
                continue;
            }
            let node = *package.entry(name).or_insert_with(|| {
                kinds.push(NodeKind::Package(program.modules[m].krate));
                kinds.len() - 1
            });
            edges.push((x, node, weight));
        }
    }
    Signals {
        graph: AffinityGraph::new(kinds.len(), edges),
        kinds,
    }
}

/// Most modules one use case links, nearest first: with it the use cases cost at most that
/// many edges per clustered module, linear in the graph like every other signal.
const REACH: usize = 48;

/// One node per entry module (a clustered module no clustered module uses: a request handler,
/// a command), linked to the clustered modules it reaches through its dependencies (up to
/// `Tuning::usecase_depth` steps, at most [`REACH`] modules), thinned by √(reached / 3) like a
/// table many modules touch.
fn use_cases(
    graph: &ModuleGraph,
    nodes: &[ModuleIdx],
    node_of: &[Option<usize>],
    tune: &Tuning,
    kinds: &mut Vec<NodeKind>,
    edges: &mut Vec<(usize, usize, f64)>,
) {
    let n = nodes.len();
    let mut out: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    let mut used = vec![false; n];
    for d in &graph.dependencies {
        if let (Some(a), Some(b)) = (node_of[d.from], node_of[d.to])
            && a != b
            && d.weight >= 1.0
        {
            out[a].insert(b);
            used[b] = true;
        }
    }
    let depth = tune.usecase_depth.max(1.0) as usize;
    for x in (0..n).filter(|&x| !used[x] && !out[x].is_empty()) {
        let mut seen: BTreeSet<usize> = BTreeSet::from([x]);
        let mut frontier = vec![x];
        for _ in 0..depth {
            if frontier.is_empty() {
                break;
            }
            let mut next = Vec::new();
            for &f in &frontier {
                for &t in &out[f] {
                    if seen.len() < REACH && seen.insert(t) {
                        next.push(t);
                    }
                }
            }
            frontier = next;
        }
        if seen.len() < 3 {
            continue;
        }
        let node = kinds.len();
        kinds.push(NodeKind::UseCase(nodes[x]));
        let scale = tune.usecase / (seen.len() as f64 / 3.0).sqrt().max(1.0);
        edges.extend(seen.into_iter().map(|y| (y, node, scale)));
    }
}

/// Per clustered node, the scale of the structural links to it: √(`hub` / users) for a
/// module in a layer-named folder that more than `hub` clustered modules use (fuel-core's
/// `schema::scalars`, the scalar types every GraphQL resolver uses), or in a folder of
/// `layers` (layers by their shape), or that is such a folder's own module (gitu's `ops`, the
/// trait and dispatch of every operation), 1 otherwise. Such a module ties one layer of every
/// domain together, not a domain; a module of a domain's own folder used that widely is left
/// alone (the kernel rules judge it).
pub(super) fn layer_hubs(
    program: &Program,
    graph: &ModuleGraph,
    nodes: &[ModuleIdx],
    node_of: &[Option<usize>],
    layers: &BTreeSet<ModuleIdx>,
    hub: f64,
) -> Vec<f64> {
    let mut users: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); nodes.len()];
    for d in &graph.dependencies {
        if let (Some(a), Some(b)) = (node_of[d.from], node_of[d.to])
            && a != b
        {
            users[b].insert(a);
        }
    }
    let application = super::roles::is_application(program);
    let in_layer = |m: ModuleIdx| {
        layers.contains(&m)
            || program.modules[m].parent.is_some_and(|p| {
                let name = program.modules[p].id.rsplit("::").next().unwrap_or("");
                layers.contains(&p) || super::vocab::is_layer_of(name, application)
            })
    };
    nodes
        .iter()
        .zip(&users)
        .map(|(&m, u)| {
            let n = u.len() as f64;
            if hub > 0.0 && n > hub && in_layer(m) {
                (hub / n).sqrt()
            } else {
                1.0
            }
        })
        .collect()
}

/// Affinity of a structural dependency of summed reference weight `w`: `w` up to 1, then
/// `1 + ln w`. The number of references between two modules grows with the amount of code
/// more than with how closely the two belong together. Below 1 (a lone `method` edge, the
/// weakest heuristic) the weight is kept as it is.
pub fn damped(w: f64) -> f64 {
    if w <= 1.0 { w } else { 1.0 + w.ln() }
}
