//! The service proposal: which modules are composition roots, which form the shared kernel,
//! and which services the rest falls into.
//!
//! Steps: (1) roles — crate roots and pure wiring modules (no types, no impls of their own)
//! are composition roots; top-level areas that most other areas depend on, and that depend on
//! nothing but each other, are the shared kernel; (2) an undirected affinity graph over the
//! remaining modules: structural edge weights (damped logarithmically), shared-data affinity
//! normalised by the number of modules touching the datum, and a light tie to the nearest
//! clustered ancestor (or, under a composition root, between siblings); (3) Leiden, at the
//! requested service count or on the most stable plateau of the resolution profile; (4)
//! clean-up: singletons join their strongest neighbour, a module that alone splits the writers
//! of a table joins the table's owner, services are named after the module path that
//! dominates them.
//!
//! Takes the program, the module graph and the data graph; returns a [`Proposal`]. Knows
//! nothing of output formats.

use super::affinity::AffinityGraph;
use super::leiden::{LeidenParams, leiden};
use super::partition::{community_count, renumber};
use super::resolution::{
    choose_by_plateau, geometric_gammas, partition_with_k, resolution_profile,
};
use crate::data::{DataGraph, suggested_owner};
use crate::graph::{ModuleGraph, Weights};
use crate::model::{DataKind, EdgeKind, ItemKind, ModuleIdx, Program};
use std::collections::{BTreeMap, BTreeSet};

/// Seed of every random choice: proposals are reproducible.
pub const SEED: u64 = 0x5eed;

/// Role of a proposed group of modules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// A deployable service.
    Service,
    /// A library every service links (error, config, util...), not a service.
    SharedKernel,
}

impl Role {
    /// SPEC name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Service => "service",
            Role::SharedKernel => "shared-kernel",
        }
    }
}

/// One proposed service (or the shared kernel).
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceCandidate {
    /// Unique, stable name (`orders`, `billing::invoices`).
    pub name: String,
    /// Its modules, sorted.
    pub modules: Vec<ModuleIdx>,
    /// Service or shared kernel.
    pub role: Role,
}

/// Options of the proposal.
#[derive(Clone, Debug)]
pub struct ProposalOptions {
    /// Requested number of services (the shared kernel does not count).
    pub services: Option<usize>,
    /// Detect composition roots and the shared kernel (off: every module is clustered).
    pub roles: bool,
    /// Weights of data affinity.
    pub weights: Weights,
}

impl Default for ProposalOptions {
    fn default() -> Self {
        ProposalOptions {
            services: None,
            roles: true,
            weights: Weights::default(),
        }
    }
}

/// The proposal.
#[derive(Clone, Debug, Default)]
pub struct Proposal {
    /// Services then the shared kernel, each sorted by name.
    pub services: Vec<ServiceCandidate>,
    /// Per module: index into `services`, `None` for composition roots.
    pub membership: Vec<Option<usize>>,
    /// Composition roots (gateway/bootstrap code: crate roots, routers).
    pub roots: Vec<ModuleIdx>,
    /// Resolution the partition was found at, when a profile was used.
    pub resolution: Option<f64>,
    /// Why the requested service count could not be met, if it could not.
    pub note: Option<String>,
}

/// Area of each module: its ancestor just below the crate root (`None` for crate roots).
pub fn areas(program: &Program) -> Vec<Option<ModuleIdx>> {
    let mut out = vec![None; program.modules.len()];
    for (i, slot) in out.iter_mut().enumerate() {
        let mut cur = i;
        while let Some(p) = program.modules[cur].parent {
            if program.modules[p].parent.is_none() {
                *slot = Some(cur);
                break;
            }
            cur = p;
        }
    }
    out
}

/// Finds composition roots and shared-kernel modules.
fn roles(program: &Program, graph: &ModuleGraph) -> (Vec<bool>, Vec<bool>) {
    let n = program.modules.len();
    let area = areas(program);
    let mut is_root: Vec<bool> = program.modules.iter().map(|m| m.parent.is_none()).collect();

    // Fan-in and fan-out between areas, ignoring composition roots.
    let mut fan_in: BTreeMap<ModuleIdx, BTreeSet<ModuleIdx>> = BTreeMap::new();
    let mut fan_out: BTreeMap<ModuleIdx, BTreeSet<ModuleIdx>> = BTreeMap::new();
    let all_areas: BTreeSet<ModuleIdx> = area.iter().flatten().copied().collect();
    for d in &graph.dependencies {
        if let (Some(a), Some(b)) = (area[d.from], area[d.to])
            && a != b
        {
            fan_in.entry(b).or_default().insert(a);
            fan_out.entry(a).or_default().insert(b);
        }
    }
    // Wiring modules (routers): reach three or more other areas, no module but a crate root
    // depends on them, most of their weight goes out of their area, and they hold no
    // behaviour of their own (see `holds_behaviour`).
    let behaviour = holds_behaviour(program, graph);
    let mut afferent_any = vec![0.0f64; n];
    let mut afferent_foreign = vec![0.0f64; n];
    let mut efferent_foreign = vec![0.0f64; n];
    let mut efferent_all = vec![0.0f64; n];
    let mut foreign_targets: Vec<BTreeSet<ModuleIdx>> = vec![BTreeSet::new(); n];
    for d in &graph.dependencies {
        efferent_all[d.from] += d.weight;
        if !is_root[d.from] {
            afferent_any[d.to] += d.weight;
        }
        if area[d.from] != area[d.to] {
            if !is_root[d.from] {
                afferent_foreign[d.to] += d.weight;
            }
            efferent_foreign[d.from] += d.weight;
            if let Some(b) = area[d.to] {
                foreign_targets[d.from].insert(b);
            }
        }
    }

    // Shared kernel: areas most others depend on, depending only on other kernel areas.
    let mut kernel_areas: BTreeSet<ModuleIdx> = BTreeSet::new();
    if all_areas.len() >= 4 {
        let threshold = ((all_areas.len() - 1) as f64 * 0.5).ceil().max(3.0) as usize;
        kernel_areas = fan_in
            .iter()
            .filter(|(_, from)| from.len() >= threshold)
            .map(|(a, _)| *a)
            .collect();
        loop {
            let keep: BTreeSet<ModuleIdx> = kernel_areas
                .iter()
                .copied()
                .filter(|a| {
                    fan_out
                        .get(a)
                        .is_none_or(|outs| outs.iter().all(|b| kernel_areas.contains(b)))
                })
                .collect();
            if keep == kernel_areas {
                break;
            }
            kernel_areas = keep;
        }
        // A kernel that swallows most of the code is no kernel.
        let kernel_modules = (0..n)
            .filter(|&i| area[i].is_some_and(|a| kernel_areas.contains(&a)))
            .count();
        if kernel_modules * 2 > n {
            kernel_areas.clear();
        }
    }
    let is_kernel: Vec<bool> = (0..n)
        .map(|i| area[i].is_some_and(|a| kernel_areas.contains(&a)))
        .collect();
    for i in 0..n {
        let foreign_domains = foreign_targets[i]
            .iter()
            .filter(|a| !kernel_areas.contains(a))
            .count();
        if !is_root[i]
            && !is_kernel[i]
            && !behaviour[i]
            && foreign_domains >= 3
            && afferent_foreign[i] == 0.0
            && afferent_any[i] == 0.0
            && efferent_foreign[i] * 2.0 >= efferent_all[i]
        {
            is_root[i] = true;
        }
    }
    (is_root, is_kernel)
}

/// Per module: does it define a type or trait, or implement a trait or a type defined
/// elsewhere? Such a module is a feature's implementation even when nothing in the project
/// refers to it (a printer, a request handler registered through a trait, a code generator's
/// expansion), so it is never taken for wiring: left out of clustering, it would also take
/// with it the ties that hold its feature's modules together.
fn holds_behaviour(program: &Program, graph: &ModuleGraph) -> Vec<bool> {
    let mut out = vec![false; program.modules.len()];
    for item in &program.items {
        if matches!(
            item.kind,
            ItemKind::Struct | ItemKind::Enum | ItemKind::Union | ItemKind::Trait
        ) {
            out[item.module] = true;
        }
    }
    for d in &graph.dependencies {
        if d.kinds.contains_key(&EdgeKind::Impl) {
            out[d.from] = true;
        }
    }
    out
}

/// Builds the proposal.
pub fn propose(
    program: &Program,
    graph: &ModuleGraph,
    data: &DataGraph,
    opts: &ProposalOptions,
) -> Proposal {
    let n = program.modules.len();
    let (is_root, is_kernel) = if opts.roles {
        roles(program, graph)
    } else {
        (vec![false; n], vec![false; n])
    };
    let nodes: Vec<ModuleIdx> = (0..n).filter(|&i| !is_root[i] && !is_kernel[i]).collect();
    let mut node_of: Vec<Option<usize>> = vec![None; n];
    for (k, &m) in nodes.iter().enumerate() {
        node_of[m] = Some(k);
    }
    let g = affinity(program, graph, data, &node_of, &opts.weights);

    let mut note = None;
    let mut resolution = None;
    let mut membership: Vec<usize> = if nodes.is_empty() {
        Vec::new()
    } else if let Some(k) = opts.services {
        let k = k.max(1);
        let mut m = match partition_with_k(&g, k, SEED) {
            Ok(p) => p.membership,
            Err(e) => {
                let closest = e.closest().membership.clone();
                if community_count(&closest) < k {
                    note = Some(format!("asked for {k} services: {e}"));
                }
                closest
            }
        };
        merge_down(&mut m, &g, program, &nodes, k);
        m
    } else {
        let gammas = geometric_gammas(0.05, 3.0, 30);
        let profile = resolution_profile(&g, &gammas, SEED);
        match choose_by_plateau(&profile, &g) {
            Some(p) => {
                resolution = Some(p.gamma_low);
                p.partition.membership
            }
            None => {
                leiden(
                    &g,
                    &LeidenParams {
                        seed: SEED,
                        ..Default::default()
                    },
                )
                .membership
            }
        }
    };
    if !nodes.is_empty() {
        absorb_singletons(&mut membership, &g, program, &nodes);
        keep_table_writers_together(&mut membership, data, &node_of);
        renumber(&mut membership);
    }

    // Name and order services.
    let k = community_count(&membership);
    let mut groups: Vec<Vec<ModuleIdx>> = vec![Vec::new(); k];
    for (node, &c) in membership.iter().enumerate() {
        groups[c].push(nodes[node]);
    }
    groups.retain(|g| !g.is_empty());
    let mut services: Vec<ServiceCandidate> = groups
        .into_iter()
        .map(|modules| ServiceCandidate {
            name: String::new(),
            modules,
            role: Role::Service,
        })
        .collect();
    name_services(program, &mut services);
    services.sort_by(|a, b| a.name.cmp(&b.name));
    let kernel: Vec<ModuleIdx> = (0..n).filter(|&i| is_kernel[i]).collect();
    if !kernel.is_empty() {
        services.push(ServiceCandidate {
            name: "shared-kernel".to_string(),
            modules: kernel,
            role: Role::SharedKernel,
        });
    }
    let mut member = vec![None; n];
    for (si, s) in services.iter().enumerate() {
        for &m in &s.modules {
            member[m] = Some(si);
        }
    }
    let roots = (0..n).filter(|&i| is_root[i]).collect();
    Proposal {
        services,
        membership: member,
        roots,
        resolution,
        note,
    }
}

/// The undirected affinity graph over the clustered modules.
fn affinity(
    program: &Program,
    graph: &ModuleGraph,
    data: &DataGraph,
    node_of: &[Option<usize>],
    w: &Weights,
) -> AffinityGraph {
    let n = node_of.iter().flatten().count();
    let mut edges: Vec<(usize, usize, f64)> = Vec::new();
    for d in &graph.dependencies {
        if let (Some(a), Some(b)) = (node_of[d.from], node_of[d.to]) {
            edges.push((a, b, damped(d.weight)));
        }
    }
    // Shared data: each accessor gets a total affinity of `weight` spread over the others,
    // so that a datum touched by thirty modules does not glue them all into one blob.
    const MAX_PAIRWISE: usize = 40;
    for node in &data.nodes {
        let weight = match node.kind {
            DataKind::Table => w.data_table,
            DataKind::Static => w.data_static,
            DataKind::Type => w.data_type,
        };
        let mut touching: BTreeSet<usize> = node
            .accesses
            .iter()
            .filter_map(|a| node_of[a.module])
            .collect();
        if let Some(d) = node.defined_in.and_then(|d| node_of[d]) {
            touching.insert(d);
        }
        let list: Vec<usize> = touching.into_iter().collect();
        if list.len() < 2 || weight <= 0.0 {
            continue;
        }
        if list.len() <= MAX_PAIRWISE {
            let each = weight / (list.len() - 1) as f64;
            for (i, &a) in list.iter().enumerate() {
                for &b in &list[i + 1..] {
                    edges.push((a, b, each));
                }
            }
        } else if let Some(owner) = node
            .defined_in
            .or_else(|| suggested_owner(node))
            .and_then(|o| node_of[o])
        {
            for &a in &list {
                if a != owner {
                    edges.push((a, owner, weight));
                }
            }
        }
    }
    hierarchy_ties(program, node_of, &mut edges);
    AffinityGraph::new(n, edges)
}

/// Affinity of a structural dependency of summed reference weight `w`: `w` up to 1, then
/// `1 + ln w`. The number of references between two modules grows with the amount of code
/// more than with how closely the two belong together: one 3 000-line module calling a helper
/// eighty times should not outweigh ten modules that each use it a few times. Below 1 (a lone
/// `method` edge, the weakest heuristic) the weight is kept as it is.
fn damped(w: f64) -> f64 {
    if w <= 1.0 { w } else { 1.0 + w.ln() }
}

/// Modules of one directory usually belong together: a light tie (weight 1) from each
/// clustered module to its nearest clustered ancestor.
///
/// Where no ancestor is clustered (children of a crate root that is a composition root, and
/// their descendants under wiring modules), the modules in that position are tied to each
/// other instead, each with the same total weight of 1. Without this, leaving a crate root out
/// leaves its top-level modules unrelated, and a crate whose parts share no reference falls
/// apart into components that the requested service count then has to absorb.
fn hierarchy_ties(
    program: &Program,
    node_of: &[Option<usize>],
    edges: &mut Vec<(usize, usize, f64)>,
) {
    let mut orphans: BTreeMap<ModuleIdx, Vec<usize>> = BTreeMap::new();
    for (m, node) in node_of.iter().enumerate() {
        let (Some(a), Some(mut p)) = (node, program.modules[m].parent) else {
            continue;
        };
        while node_of[p].is_none() {
            match program.modules[p].parent {
                Some(up) => p = up,
                None => break,
            }
        }
        match node_of[p] {
            Some(b) => edges.push((*a, b, 1.0)),
            None => orphans.entry(p).or_default().push(*a),
        }
    }
    for siblings in orphans.values().filter(|s| s.len() > 1) {
        let each = 1.0 / (siblings.len() - 1) as f64;
        for (i, &a) in siblings.iter().enumerate() {
            for &b in &siblings[i + 1..] {
                edges.push((a, b, each));
            }
        }
    }
}

/// Neighbours of every node with their summed weights (self-loops left out).
fn adjacency(g: &AffinityGraph) -> Vec<Vec<(usize, f64)>> {
    let mut adj: Vec<Vec<(usize, f64)>> = vec![Vec::new(); g.n];
    for (a, b, w) in g.valid_edges() {
        if a != b {
            adj[a].push((b, w));
            adj[b].push((a, w));
        }
    }
    adj
}

/// Sums of affinity from `node` to each community.
fn links(adj: &[Vec<(usize, f64)>], membership: &[usize], node: usize) -> BTreeMap<usize, f64> {
    let mut out = BTreeMap::new();
    for &(other, w) in &adj[node] {
        *out.entry(membership[other]).or_insert(0.0) += w;
    }
    out
}

/// The community a node would join: strongest link, else its parent module's community.
fn best_home(
    adj: &[Vec<(usize, f64)>],
    membership: &[usize],
    node: usize,
    program: &Program,
    nodes: &[ModuleIdx],
) -> Option<usize> {
    let own = membership[node];
    let best = links(adj, membership, node)
        .into_iter()
        .filter(|(c, w)| *c != own && *w > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(c, _)| c);
    best.or_else(|| {
        let mut cur = program.modules[nodes[node]].parent;
        while let Some(p) = cur {
            if let Ok(i) = nodes.binary_search(&p)
                && membership[i] != own
            {
                return Some(membership[i]);
            }
            cur = program.modules[p].parent;
        }
        None
    })
}

/// One-module communities join the community they are most attached to.
fn absorb_singletons(
    membership: &mut [usize],
    g: &AffinityGraph,
    program: &Program,
    nodes: &[ModuleIdx],
) {
    if community_count(membership) <= 1 {
        return;
    }
    let adj = adjacency(g);
    let mut sizes: BTreeMap<usize, usize> = BTreeMap::new();
    for &c in membership.iter() {
        *sizes.entry(c).or_default() += 1;
    }
    for node in 0..membership.len() {
        if sizes.get(&membership[node]) == Some(&1)
            && let Some(home) = best_home(&adj, membership, node, program, nodes)
        {
            *sizes.entry(membership[node]).or_default() -= 1;
            membership[node] = home;
            *sizes.entry(home).or_default() += 1;
        }
    }
}

/// Merges the smallest community into its best neighbour until at most `k` remain.
fn merge_down(
    membership: &mut [usize],
    g: &AffinityGraph,
    program: &Program,
    nodes: &[ModuleIdx],
    k: usize,
) {
    let adj = adjacency(g);
    while community_count(membership) > k {
        let mut sizes: BTreeMap<usize, usize> = BTreeMap::new();
        for &c in membership.iter() {
            *sizes.entry(c).or_default() += 1;
        }
        let Some((&smallest, _)) = sizes.iter().min_by_key(|(c, s)| (**s, **c)) else {
            break;
        };
        // Affinity of the smallest community to every other.
        let mut to: BTreeMap<usize, f64> = BTreeMap::new();
        for (a, b, w) in g.valid_edges() {
            let (ca, cb) = (membership[a], membership[b]);
            if ca == smallest && cb != smallest {
                *to.entry(cb).or_insert(0.0) += w;
            } else if cb == smallest && ca != smallest {
                *to.entry(ca).or_insert(0.0) += w;
            }
        }
        let target = to
            .into_iter()
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(c, _)| c)
            .or_else(|| {
                let first = membership.iter().position(|&c| c == smallest)?;
                best_home(&adj, membership, first, program, nodes)
            })
            .or_else(|| {
                sizes
                    .iter()
                    .filter(|(c, _)| **c != smallest)
                    .max_by_key(|(c, s)| (**s, std::cmp::Reverse(**c)))
                    .map(|(c, _)| *c)
            });
        let Some(target) = target else { break };
        for c in membership.iter_mut() {
            if *c == smallest {
                *c = target;
            }
        }
    }
    renumber(membership);
}

/// A module that alone splits the writers of a table from the table's owner (the module
/// writing it most, then reading it most) joins the owner's community. A table whose writers
/// are split wider stays shared, and is reported as such.
fn keep_table_writers_together(
    membership: &mut [usize],
    data: &DataGraph,
    node_of: &[Option<usize>],
) {
    for node in data.nodes.iter().filter(|n| n.kind == DataKind::Table) {
        let Some(owner) = suggested_owner(node).and_then(|o| node_of[o]) else {
            continue;
        };
        let home = membership[owner];
        let outsiders: Vec<usize> = node
            .accesses
            .iter()
            .filter(|a| a.writes > 0)
            .filter_map(|a| node_of[a.module])
            .filter(|&n| membership[n] != home)
            .collect();
        if let [single] = outsiders.as_slice() {
            membership[*single] = home;
        }
    }
}

/// Names each service after the module path that dominates it; names are made unique.
fn name_services(program: &Program, services: &mut [ServiceCandidate]) {
    let crates: BTreeSet<usize> = program.modules.iter().map(|m| m.krate).collect();
    let multi_crate =
        program.crates.iter().filter(|c| c.kind == "lib").count() > 1 || crates.len() > 2;
    for s in services.iter_mut() {
        let total: f64 = s
            .modules
            .iter()
            .map(|&m| f64::from(program.modules[m].loc.max(1)))
            .sum();
        // Weight of every path prefix.
        let mut weight: BTreeMap<Vec<&str>, f64> = BTreeMap::new();
        for &m in &s.modules {
            let segs: Vec<&str> = program.modules[m].id.split("::").collect();
            let w = f64::from(program.modules[m].loc.max(1));
            for len in 1..=segs.len() {
                *weight.entry(segs[..len].to_vec()).or_insert(0.0) += w;
            }
        }
        // The longest prefix that still covers 60% of the service; ties by weight, then name.
        let best = weight
            .iter()
            .filter(|(_, w)| **w >= 0.6 * total)
            .max_by(|a, b| {
                a.0.len()
                    .cmp(&b.0.len())
                    .then(a.1.total_cmp(b.1))
                    .then(b.0.cmp(a.0))
            })
            .or_else(|| {
                weight
                    .iter()
                    .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
            })
            .map(|(p, _)| p.clone())
            .unwrap_or_default();
        s.name = if multi_crate || best.len() <= 1 {
            best.join("::")
        } else {
            best[1..].join("::")
        };
        if s.name.is_empty() {
            s.name = "service".to_string();
        }
    }
    // Unique names: later (smaller) services with a taken name get a numeric suffix.
    let mut order: Vec<usize> = (0..services.len()).collect();
    order.sort_by(|&a, &b| {
        services[b]
            .modules
            .len()
            .cmp(&services[a].modules.len())
            .then(services[a].modules.cmp(&services[b].modules))
    });
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for i in order {
        let base = services[i].name.clone();
        let mut name = base.clone();
        let mut k = 2;
        while taken.contains(&name) {
            name = format!("{base}-{k}");
            k += 1;
        }
        taken.insert(name.clone());
        services[i].name = name;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Module;

    /// A program holding only a module tree: `(id, parent)` in index order.
    fn tree(modules: &[(&str, Option<ModuleIdx>)]) -> Program {
        Program {
            modules: modules
                .iter()
                .map(|&(id, parent)| Module {
                    id: id.to_string(),
                    parent,
                    ..Module::default()
                })
                .collect(),
            ..Program::default()
        }
    }

    #[test]
    fn hierarchy_ties_reach_past_unclustered_ancestors() {
        // 0 c, 1 c::a, 2 c::a::x, 3 c::b, 4 c::b::y, 5 c::d; the root 0 and the wiring
        // module 3 are not clustered.
        let program = tree(&[
            ("c", None),
            ("c::a", Some(0)),
            ("c::a::x", Some(1)),
            ("c::b", Some(0)),
            ("c::b::y", Some(3)),
            ("c::d", Some(0)),
        ]);
        let node_of = [None, Some(0), Some(1), None, Some(2), Some(3)];
        let mut edges = Vec::new();
        hierarchy_ties(&program, &node_of, &mut edges);
        // x keeps its parent; y, whose parent is left out, joins the root's children, which
        // are tied to each other with a total weight of 1 each.
        assert_eq!(
            edges,
            vec![(1, 0, 1.0), (0, 2, 0.5), (0, 3, 0.5), (2, 3, 0.5)]
        );
    }

    #[test]
    fn types_and_impls_are_behaviour_functions_and_reexports_are_not() {
        // 0 c, 1 c::model (a struct), 2 c::handler (impl of a foreign trait),
        // 3 c::routes (functions only), 4 c::prelude (re-exports only).
        let mut program = tree(&[
            ("c", None),
            ("c::model", Some(0)),
            ("c::handler", Some(0)),
            ("c::routes", Some(0)),
            ("c::prelude", Some(0)),
        ]);
        let item = |module: ModuleIdx, name: &str, kind: ItemKind| crate::model::Item {
            id: format!("{}::{name}", program.modules[module].id),
            name: name.to_string(),
            module,
            kind,
            location: crate::model::Location {
                file: String::new(),
                line: 1,
                column: 0,
            },
            sql_name: None,
        };
        program.items = vec![
            item(1, "Order", ItemKind::Struct),
            item(3, "mount", ItemKind::Fn),
        ];
        let dependency =
            |from: ModuleIdx, to: ModuleIdx, kind: EdgeKind| crate::graph::Dependency {
                from,
                to,
                weight: 1.0,
                count: 1,
                kinds: [(kind, 1)].into_iter().collect(),
            };
        let graph = ModuleGraph {
            dependencies: vec![
                dependency(2, 1, EdgeKind::Impl),
                dependency(3, 2, EdgeKind::Call),
                dependency(4, 1, EdgeKind::Use),
            ],
            ..ModuleGraph::default()
        };
        assert_eq!(
            holds_behaviour(&program, &graph),
            [false, true, true, false, false]
        );
    }

    #[test]
    fn structural_weights_are_damped_above_one() {
        assert_eq!(damped(0.5), 0.5);
        assert_eq!(damped(1.0), 1.0);
        assert!((damped(std::f64::consts::E) - 2.0).abs() < 1e-12);
        assert!(damped(80.0) < 6.0 && damped(80.0) > damped(40.0));
    }

    #[test]
    fn a_lone_module_under_a_root_gets_no_tie() {
        let program = tree(&[("c", None), ("c::a", Some(0))]);
        let mut edges = Vec::new();
        hierarchy_ties(&program, &[None, Some(0)], &mut edges);
        assert!(edges.is_empty());
    }
}
