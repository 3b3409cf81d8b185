//! After clustering: clean-up of the partition, roots that front one service, and the evidence
//! behind each module's place.
//!
//! - A service of one module joins the service it is most attached to, before the table moves
//!   below and again after them (they may leave a module alone).
//! - A service holding less than `Tuning::tiny` (0.3 %) of the clustered lines (rumqttd's
//!   32-line `pingreq` packets, sqlpage's 15-line `directory`) is too small to deploy: it
//!   joins the service it is most attached to, smallest first.
//! - A module that alone splits the writers of a table from the table's owner (the module
//!   writing it most, then reading it most) joins the owner's service; a table whose writers are
//!   split wider stays shared, and is reported as such.
//! - A crate root whose clustered modules sit, two thirds or more, in one service is that
//!   service's entry point and joins it; other roots stay composition roots.
//! - Evidence: for each clustered module, its strongest links into its own service (modules,
//!   tables, terms) and its margin over the next-best service; for each module set apart, why,
//!   and the service it depends on or serves most (its next-best home).

use super::ServiceCandidate;
use super::roles::{Classification, Place};
use super::signals::{NodeKind, Signals};
use super::vocab::Vocabulary;
use crate::cluster::adjacency::Adjacency;
use crate::cluster::affinity::AffinityGraph;
use crate::data::{DataGraph, suggested_owner};
use crate::graph::ModuleGraph;
use crate::model::Role;
use crate::model::{DataKind, ModuleIdx, Program};
use std::collections::{BTreeMap, BTreeSet};

/// What a piece of evidence is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum EvidenceKind {
    /// References to or from a module of the same service.
    Edge,
    /// A table (or static) the module touches, held by the same service.
    Table,
    /// A domain term the module shares with the service.
    Term,
    /// A use case (an entry module of the same service and what it reaches) the module is
    /// part of.
    UseCase,
    /// The developers' folder the module sits in, whose other modules are in the service (a
    /// module used too widely to cluster, set back with its domain).
    Folder,
    /// The service the config declares it in (`analyze --declared`).
    Declared,
}

impl EvidenceKind {
    /// SPEC name.
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::Edge => "edge",
            EvidenceKind::Table => "table",
            EvidenceKind::Term => "term",
            EvidenceKind::UseCase => "use-case",
            EvidenceKind::Folder => "folder",
            EvidenceKind::Declared => "declared",
        }
    }
}

/// One reason a module is where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    /// Module, table, term or use case.
    pub kind: EvidenceKind,
    /// A module id, a data id, a term or the module id of a use case's entry.
    pub detail: String,
    /// Affinity it brings.
    pub weight: f64,
}

/// Why a module is where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Placement {
    /// The module.
    pub module: ModuleIdx,
    /// Index into the proposal's services.
    pub service: usize,
    /// Strongest links into its service, strongest first (at most three).
    pub evidence: Vec<Evidence>,
    /// Affinity to its service minus that to the next-best one (clustered modules).
    pub margin: f64,
    /// The next-best service, by index.
    pub next_best: Option<usize>,
    /// Why it was set apart (shared kernel, migrations…), if it was.
    pub reason: Option<String>,
    /// Share of the re-runs with other seeds that keep it with the bulk of its service
    /// (clustered modules of a service; `None` for the others or when not measured).
    pub settled: Option<f64>,
    /// The service whose bulk it joins most often in the re-runs that move it, if any.
    pub drifts_to: Option<usize>,
}

impl Placement {
    /// The share of the re-runs that keep it with its service, when some re-run moves it (a
    /// close call); `None` when it is settled or was not measured.
    pub fn close_call(&self) -> Option<f64> {
        self.settled.filter(|&s| s < 1.0)
    }
}

/// Singletons and lone table writers (memberships over every node of the affinity graph).
pub fn clean_up(
    membership: &mut [usize],
    g: &Signals,
    data: &DataGraph,
    modules: usize,
    node_of: &[Option<usize>],
) {
    let adj = Adjacency::from_graph(&g.graph);
    join_singletons(membership, &adj, modules);
    join_table_users(membership, g, &adj, data, modules, node_of);
    settle_with(membership, &adj, data, modules, node_of);
}

/// The last word, after the clean-up and again after the folder rules: lone writers of a
/// table join its owner (data ownership), then a module those moves or the folder rules left
/// alone (the migration root whose partner, a lone writer, joined a table's owner; a module
/// whose folder-mates rejoined their folder's service) joins the service it is most attached
/// to.
pub fn settle(
    membership: &mut [usize],
    g: &Signals,
    data: &DataGraph,
    modules: usize,
    node_of: &[Option<usize>],
) {
    settle_with(
        membership,
        &Adjacency::from_graph(&g.graph),
        data,
        modules,
        node_of,
    );
}

fn settle_with(
    membership: &mut [usize],
    adj: &Adjacency,
    data: &DataGraph,
    modules: usize,
    node_of: &[Option<usize>],
) {
    join_lone_writers(membership, data, node_of);
    join_singletons(membership, adj, modules);
}

/// A module that alone splits the writers of a table from the table's owner (the module
/// writing it most, then reading it most) joins the owner's service.
fn join_lone_writers(membership: &mut [usize], data: &DataGraph, node_of: &[Option<usize>]) {
    for datum in data.nodes.iter().filter(|n| n.kind == DataKind::Table) {
        let Some(owner) = suggested_owner(datum).and_then(|o| node_of[o]) else {
            continue;
        };
        let home = membership[owner];
        let outsiders: Vec<usize> = datum
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

/// A service of one module joins the service it is most attached to; one tied only to terms,
/// a folder or tables it holds alone joins the service of the modules those point to.
fn join_singletons(membership: &mut [usize], adj: &Adjacency, modules: usize) {
    let mut sizes = super::count::sizes(membership, modules);
    if sizes.len() > 1 {
        for node in 0..modules {
            if sizes.get(&membership[node]) != Some(&1) {
                continue;
            }
            let own = membership[node];
            let mut to: BTreeMap<usize, f64> = BTreeMap::new();
            let (targets, weights) = adj.row(node);
            for (&other, &w) in targets.iter().zip(weights) {
                let c = membership[other];
                if c != own && sizes.contains_key(&c) {
                    *to.entry(c).or_insert(0.0) += w;
                }
            }
            // Tied to no other module's service, only to terms, a folder or tables that it
            // holds alone (a login form shares nothing but the word `login` with the login
            // handler): it joins the service of the modules those point to.
            if to.is_empty() {
                for (&x, &w) in targets.iter().zip(weights) {
                    if x < modules {
                        continue;
                    }
                    let (near, near_w) = adj.row(x);
                    let total: f64 = near_w.iter().sum();
                    for (&y, &wy) in near.iter().zip(near_w) {
                        let c = membership[y];
                        if y < modules && c != own && sizes.contains_key(&c) && total > 0.0 {
                            *to.entry(c).or_insert(0.0) += w * wy / total;
                        }
                    }
                }
            }
            if let Some((home, _)) = to
                .into_iter()
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            {
                membership[node] = home;
                sizes.remove(&own);
                *sizes.entry(home).or_default() += 1;
            }
        }
    }
}

/// Services too small to deploy join the one they are most attached to: smallest first,
/// while a service holds less than `share` of the lines of code of the clustered modules
/// (`loc`, by affinity node). One tied to no other service stays.
pub fn join_tiny(membership: &mut [usize], g: &AffinityGraph, loc: &[f64], share: f64) {
    let modules = loc.len();
    let total: f64 = loc.iter().sum();
    if share <= 0.0 || total <= 0.0 {
        return;
    }
    let adj = Adjacency::from_graph(g);
    let mut alone: BTreeSet<usize> = BTreeSet::new();
    loop {
        let mut lines: BTreeMap<usize, f64> = BTreeMap::new();
        for (node, &c) in membership[..modules].iter().enumerate() {
            *lines.entry(c).or_default() += loc[node];
        }
        if lines.len() < 2 {
            return;
        }
        let Some((&c, _)) = lines
            .iter()
            .filter(|(c, l)| **l < share * total && !alone.contains(*c))
            .min_by(|a, b| a.1.total_cmp(b.1).then(a.0.cmp(b.0)))
        else {
            return;
        };
        let mut to: BTreeMap<usize, f64> = BTreeMap::new();
        for (a, _) in membership.iter().enumerate().filter(|(_, x)| **x == c) {
            let (targets, weights) = adj.row(a);
            for (&b, &w) in targets.iter().zip(weights) {
                let d = membership[b];
                if d != c && lines.contains_key(&d) {
                    *to.entry(d).or_default() += w;
                }
            }
        }
        match to
            .into_iter()
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        {
            Some((home, _)) => {
                for x in membership.iter_mut().filter(|x| **x == c) {
                    *x = home;
                }
            }
            None => {
                alone.insert(c);
            }
        }
    }
}

/// A group made only of modules that declare tables (SeaORM entities, diesel models kept
/// apart from the code that uses them) is a slice of the schema, not a service: each of its
/// modules joins the group whose other modules are most drawn to the tables it declares
/// (writers and readers, directly or through the functions they call).
fn join_table_users(
    membership: &mut [usize],
    g: &Signals,
    adj: &Adjacency,
    data: &DataGraph,
    modules: usize,
    node_of: &[Option<usize>],
) {
    let mut declared: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (node, kind) in g.kinds.iter().enumerate() {
        if let NodeKind::Data(index) = kind
            && let Some(datum) = data.nodes.get(*index)
            && datum.kind == DataKind::Table
            && let Some(x) = datum.defined_in.and_then(|d| node_of[d])
        {
            declared.entry(x).or_default().push(node);
        }
    }
    let mut all_declare: BTreeMap<usize, bool> = BTreeMap::new();
    for (x, &c) in membership[..modules].iter().enumerate() {
        *all_declare.entry(c).or_insert(true) &= declared.contains_key(&x);
    }
    let schema_only: Vec<usize> = all_declare
        .into_iter()
        .filter_map(|(c, all)| all.then_some(c))
        .collect();
    if schema_only.is_empty() {
        return;
    }
    let before = membership.to_vec();
    for (x, tables) in &declared {
        let own = before[*x];
        if !schema_only.contains(&own) {
            continue;
        }
        let mut to: BTreeMap<usize, f64> = BTreeMap::new();
        for &t in tables {
            let (targets, weights) = adj.row(t);
            for (&other, &w) in targets.iter().zip(weights) {
                let c = before[other];
                if other < modules && c != own && !schema_only.contains(&c) {
                    *to.entry(c).or_insert(0.0) += w;
                }
            }
        }
        if let Some((home, _)) = to
            .into_iter()
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        {
            membership[*x] = home;
        }
    }
}

/// Crate roots and directory modules that only declare their children join the group
/// holding two thirds or more of their clustered descendants. Returns the composition roots
/// that remain. (Binary roots and wiring modules stay roots.)
pub fn attach_roots(
    program: &Program,
    c: &Classification,
    groups: &mut [Vec<ModuleIdx>],
) -> Vec<ModuleIdx> {
    let n = program.modules.len();
    let mut group_of: Vec<Option<usize>> = vec![None; n];
    for (gi, g) in groups.iter().enumerate() {
        for &m in g {
            group_of[m] = Some(gi);
        }
    }
    // Votes of each root's clustered descendants, counted once per ancestor root.
    let mut votes: BTreeMap<ModuleIdx, BTreeMap<usize, usize>> = BTreeMap::new();
    for (m, gi) in group_of.iter().enumerate() {
        let Some(gi) = *gi else { continue };
        let mut up = program.modules[m].parent;
        while let Some(p) = up {
            if c.is_root(p) {
                *votes.entry(p).or_default().entry(gi).or_default() += 1;
            }
            up = program.modules[p].parent;
        }
    }
    let mut roots = Vec::new();
    for m in 0..n {
        if !c.is_root(m) {
            continue;
        }
        let lib = program.crates[program.modules[m].krate].kind == "lib";
        let eligible = (c.crate_root[m] && lib) || c.declares_only[m];
        let home = votes.get(&m).filter(|_| eligible).and_then(|v| {
            let total: usize = v.values().sum();
            v.iter()
                .max_by_key(|(g, n)| (**n, std::cmp::Reverse(**g)))
                .filter(|(_, n)| **n * 3 >= total * 2)
                .map(|(g, _)| *g)
        });
        match home {
            Some(gi) => groups[gi].push(m),
            None => roots.push(m),
        }
    }
    roots
}

/// The evidence behind every clustered and set-apart module's place.
#[allow(clippy::too_many_arguments)]
pub fn explain(
    program: &Program,
    graph: &ModuleGraph,
    data: &DataGraph,
    g: &Signals,
    full: &[usize],
    member: &[Option<usize>],
    services: &[ServiceCandidate],
    terms: &Vocabulary,
    c: &Classification,
    joined: &[(ModuleIdx, Option<ModuleIdx>)],
) -> Vec<Placement> {
    let n = program.modules.len();
    let adj = Adjacency::from_graph(&g.graph);
    // Service of each community, through its modules.
    let mut service_of_community: BTreeMap<usize, usize> = BTreeMap::new();
    for (v, kind) in g.kinds.iter().enumerate() {
        if let NodeKind::Module(m) = kind
            && let Some(s) = member[*m]
        {
            service_of_community.entry(full[v]).or_insert(s);
        }
    }
    let service_of_node = |v: usize| -> Option<usize> {
        match g.kinds[v] {
            NodeKind::Module(m) => member[m],
            _ => service_of_community.get(&full[v]).copied(),
        }
    };
    let mut out = Vec::new();
    for (v, kind) in g.kinds.iter().enumerate() {
        let NodeKind::Module(m) = *kind else { continue };
        let Some(own) = member[m] else { continue };
        let mut per_service: BTreeMap<usize, f64> = BTreeMap::new();
        let mut evidence: Vec<Evidence> = Vec::new();
        let (targets, weights) = adj.row(v);
        for (&other, &w) in targets.iter().zip(weights) {
            let Some(s) = service_of_node(other) else {
                continue;
            };
            *per_service.entry(s).or_insert(0.0) += w;
            if s != own {
                continue;
            }
            let (kind, detail) = match &g.kinds[other] {
                NodeKind::Module(x) => (EvidenceKind::Edge, program.modules[*x].id.clone()),
                NodeKind::Data(d) => (EvidenceKind::Table, data.nodes[*d].id.clone()),
                NodeKind::Term(t) => (EvidenceKind::Term, terms.surface[*t].clone()),
                // A use case of the service (its entry module is in it too); its own use case
                // says where the modules it reaches are, not where it is.
                NodeKind::UseCase(x) if *x != m && member[*x] == Some(own) => {
                    (EvidenceKind::UseCase, program.modules[*x].id.clone())
                }
                NodeKind::Directory(_)
                | NodeKind::Package(_)
                | NodeKind::Shared(_)
                | NodeKind::UseCase(_) => continue,
            };
            match evidence
                .iter_mut()
                .find(|e| e.kind == kind && e.detail == detail)
            {
                Some(e) => e.weight += w,
                None => evidence.push(Evidence {
                    kind,
                    detail,
                    weight: w,
                }),
            }
        }
        evidence.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then(a.kind.cmp(&b.kind))
                .then(a.detail.cmp(&b.detail))
        });
        evidence.truncate(3);
        for e in &mut evidence {
            e.weight = round3(e.weight);
        }
        per_service.retain(|s, _| *s == own || services[*s].role == Role::Service);
        let (margin, next_best) = margin_over_next(&per_service, own);
        out.push(Placement {
            module: m,
            service: own,
            evidence,
            margin,
            next_best,
            reason: None,
            settled: None,
            drifts_to: None,
        });
    }
    // Modules set apart: why, and the service they are most tied to.
    let mut ties: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); n];
    for d in &graph.dependencies {
        if let Some(s) = member[d.to].filter(|&s| services[s].role == Role::Service) {
            *ties[d.from].entry(s).or_insert(0.0) += d.weight;
        }
        if let Some(s) = member[d.from].filter(|&s| services[s].role == Role::Service) {
            *ties[d.to].entry(s).or_insert(0.0) += d.weight;
        }
    }
    // Kernel modules that joined a service after clustering: their references into the
    // service, and the folder that brought them, if one did.
    for &(m, folder) in joined {
        let Some(own) = member[m] else { continue };
        let mut links: BTreeMap<ModuleIdx, f64> = BTreeMap::new();
        for d in &graph.dependencies {
            let other = if d.from == m {
                d.to
            } else if d.to == m {
                d.from
            } else {
                continue;
            };
            if other != m && member[other] == Some(own) {
                *links.entry(other).or_insert(0.0) += d.weight;
            }
        }
        let mut evidence: Vec<Evidence> = links
            .into_iter()
            .map(|(x, w)| Evidence {
                kind: EvidenceKind::Edge,
                detail: program.modules[x].id.clone(),
                weight: round3(w),
            })
            .collect();
        evidence.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.detail.cmp(&b.detail)));
        evidence.truncate(3);
        if let Some(folder) = folder {
            evidence.push(Evidence {
                kind: EvidenceKind::Folder,
                detail: program.modules[folder].id.clone(),
                weight: 0.0,
            });
        }
        let (margin, next_best) = margin_over_next(&ties[m], own);
        out.push(Placement {
            module: m,
            service: own,
            evidence,
            margin,
            next_best,
            reason: None,
            settled: None,
            drifts_to: None,
        });
    }
    for m in 0..n {
        if !matches!(c.place[m], Place::Apart(_)) {
            continue;
        }
        let Some(own) = member[m] else { continue };
        let next = ties[m]
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(s, _)| *s);
        out.push(Placement {
            module: m,
            service: own,
            evidence: Vec::new(),
            margin: 0.0,
            next_best: next,
            reason: c.reason[m].clone(),
            settled: None,
            drifts_to: None,
        });
    }
    out.sort_by_key(|p| p.module);
    out
}

/// A module's affinity to its service `own` minus that to the next-best service in `per_service`,
/// and that service.
fn margin_over_next(per_service: &BTreeMap<usize, f64>, own: usize) -> (f64, Option<usize>) {
    let here = per_service.get(&own).copied().unwrap_or(0.0);
    let next = per_service
        .iter()
        .filter(|(s, _)| **s != own)
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)));
    (
        round3(here - next.map_or(0.0, |x| *x.1)),
        next.map(|x| *x.0),
    )
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
