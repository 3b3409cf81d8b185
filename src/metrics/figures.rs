//! The figures of a proposal: per-service cohesion, coupling, API, owned and shared data;
//! boundaries ranked by coupling; the extraction order; the SPEC metrics; and the
//! distributed-monolith warnings (shared written tables, service cycles).
//!
//! Takes the program, module graph, data graph and proposal; returns [`Figures`]. Composition
//! roots and the shared kernel are not services: references from or to them are wiring and
//! library calls, not network calls, so they are left out of every service figure. Statics
//! and types defined in the shared kernel are per-process library state, not shared data.

use super::coupling::{icp, service_coupling, service_cycles};
use super::data::shared_data_ratio;
use super::services::UNASSIGNED;
use super::structure::{ifn, modularity, ned, sm};
use crate::cluster::propose::{Proposal, Role};
use crate::data::DataGraph;
use crate::graph::ModuleGraph;
use crate::model::{DataKind, Program};
use std::collections::{BTreeMap, BTreeSet};

/// Figures of one proposed service (parallel to `Proposal::services`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceFigures {
    /// Lines of code.
    pub loc: u64,
    /// internal / (internal + external) weight.
    pub cohesion: f64,
    /// Weighted references in from other services.
    pub afferent: f64,
    /// Weighted references out to other services.
    pub efferent: f64,
    /// efferent / (afferent + efferent).
    pub instability: f64,
    /// Item (or module) ids other services use, sorted.
    pub api: Vec<String>,
    /// Data ids (tables, statics) this service owns: it writes them most, then reads them most.
    pub owned_data: Vec<String>,
    /// Data ids it touches that another service owns.
    pub shared_data: Vec<String>,
}

/// Coupling between two services.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Boundary {
    /// Service index (the one whose name sorts first).
    pub a: usize,
    /// Service index.
    pub b: usize,
    /// Weight of references a → b.
    pub weight_ab: f64,
    /// Weight of references b → a.
    pub weight_ba: f64,
    /// Number of references either way: what would become network calls.
    pub references: u32,
    /// Tables and statics both touch.
    pub shared_data: Vec<String>,
}

impl Boundary {
    /// Total weight.
    pub fn weight(&self) -> f64 {
        self.weight_ab + self.weight_ba
    }
}

/// The SPEC metrics.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metrics {
    /// Newman Q of the symmetrised module graph over the services.
    pub modularity: f64,
    /// Cross-service weight / all weight.
    pub icp: f64,
    /// Mean API size.
    pub ifn: f64,
    /// Share of modules in services outside 5..=20 modules.
    pub ned: f64,
    /// Structural modularity.
    pub sm: f64,
    /// Tables and statics touched by more than one service / all touched.
    pub shared_data_ratio: f64,
    /// Strongly connected components of size > 1 among services.
    pub service_cycles: usize,
}

/// A distributed-monolith finding.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Warning {
    /// A table touched by several services and written by at least one.
    SharedTable {
        /// Data id.
        table: String,
        /// Services that write it.
        writers: Vec<String>,
        /// Services that only read it.
        readers: Vec<String>,
    },
    /// Services that depend on each other in a cycle.
    ServiceCycle {
        /// The services of one strongly connected component.
        services: Vec<String>,
    },
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::SharedTable {
                table,
                writers,
                readers,
            } => {
                write!(f, "{table} is written by {}", writers.join(", "))?;
                if !readers.is_empty() {
                    write!(f, " and read by {}", readers.join(", "))?;
                }
                write!(f, ": one database behind several services")
            }
            Warning::ServiceCycle { services } => {
                write!(
                    f,
                    "services {} depend on each other in a cycle",
                    services.join(" ⇄ ")
                )
            }
        }
    }
}

/// Everything computed over a proposal.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figures {
    /// Per service, parallel to `Proposal::services`.
    pub services: Vec<ServiceFigures>,
    /// Service pairs with references between them, heaviest first.
    pub boundaries: Vec<Boundary>,
    /// Services (indices) cheapest to carve out first, each with a one-line reason.
    pub extraction_order: Vec<(usize, String)>,
    /// The SPEC metrics.
    pub metrics: Metrics,
    /// Distributed-monolith findings.
    pub warnings: Vec<Warning>,
}

/// Computes the figures of a proposal.
pub fn evaluate(
    program: &Program,
    graph: &ModuleGraph,
    data: &DataGraph,
    proposal: &Proposal,
) -> Figures {
    let n = program.modules.len();
    let services = &proposal.services;
    let is_service = |s: usize| services.get(s).is_some_and(|c| c.role == Role::Service);
    // Service label per module; roots and kernel are unassigned.
    let label: Vec<usize> = (0..n)
        .map(|m| match proposal.membership.get(m).copied().flatten() {
            Some(s) if is_service(s) => s,
            _ => UNASSIGNED,
        })
        .collect();
    let kernel: Vec<bool> = (0..n)
        .map(|m| {
            proposal
                .membership
                .get(m)
                .copied()
                .flatten()
                .is_some_and(|s| !is_service(s))
        })
        .collect();
    let edges: Vec<(usize, usize, f64)> = graph
        .dependencies
        .iter()
        .map(|d| (d.from, d.to, d.weight))
        .collect();

    let mut figures: Vec<ServiceFigures> = vec![ServiceFigures::default(); services.len()];
    for (si, s) in services.iter().enumerate() {
        figures[si].loc = s
            .modules
            .iter()
            .map(|&m| u64::from(program.modules[m].loc))
            .sum();
    }
    let coupling = service_coupling(&edges, &label);
    for (si, c) in coupling.iter().enumerate() {
        if let Some(f) = figures.get_mut(si) {
            f.cohesion = c.cohesion;
            f.afferent = c.afferent;
            f.efferent = c.efferent;
            f.instability = c.instability;
        }
    }

    // APIs and boundaries from the references.
    let mut api: Vec<BTreeSet<String>> = vec![BTreeSet::new(); services.len()];
    let mut pairs: BTreeMap<(usize, usize), Boundary> = BTreeMap::new();
    let by_name = |a: usize, b: usize| services[a].name < services[b].name;
    for r in &program.references {
        let (sf, st) = (label[r.from], label[r.to]);
        if sf == UNASSIGNED || st == UNASSIGNED || sf == st {
            continue;
        }
        let id = match r.item {
            Some(i) => program.items[i].id.clone(),
            None => program.modules[r.to].id.clone(),
        };
        api[st].insert(id);
        let (a, b) = if by_name(sf, st) { (sf, st) } else { (st, sf) };
        let entry = pairs.entry((a, b)).or_insert_with(|| Boundary {
            a,
            b,
            ..Default::default()
        });
        entry.references += 1;
    }
    for d in &graph.dependencies {
        let (sf, st) = (label[d.from], label[d.to]);
        if sf == UNASSIGNED || st == UNASSIGNED || sf == st {
            continue;
        }
        let (a, b) = if by_name(sf, st) { (sf, st) } else { (st, sf) };
        let entry = pairs.entry((a, b)).or_insert_with(|| Boundary {
            a,
            b,
            ..Default::default()
        });
        if a == sf {
            entry.weight_ab += d.weight;
        } else {
            entry.weight_ba += d.weight;
        }
    }
    for (si, items) in api.into_iter().enumerate() {
        figures[si].api = items.into_iter().collect();
    }

    // Data: who touches each table and static, who owns it.
    let mut accessors: Vec<Vec<usize>> = Vec::new();
    let mut warnings = Vec::new();
    for node in &data.nodes {
        if node.kind == DataKind::Type
            || node
                .defined_in
                .is_some_and(|d| kernel[d] && node.kind != DataKind::Table)
        {
            continue;
        }
        let mut per: BTreeMap<usize, (u32, u32)> = BTreeMap::new();
        for a in &node.accesses {
            let s = label[a.module];
            if s != UNASSIGNED {
                let e = per.entry(s).or_default();
                e.0 += a.writes;
                e.1 += a.reads;
            }
        }
        if per.is_empty() {
            continue;
        }
        accessors.push(per.keys().copied().collect());
        let owner = per
            .iter()
            .max_by(|x, y| x.1.0.cmp(&y.1.0).then(x.1.1.cmp(&y.1.1)).then(y.0.cmp(x.0)))
            .map(|(s, _)| *s);
        for &s in per.keys() {
            if Some(s) == owner {
                figures[s].owned_data.push(node.id.clone());
            } else {
                figures[s].shared_data.push(node.id.clone());
            }
        }
        let list: Vec<usize> = per.keys().copied().collect();
        for (i, &x) in list.iter().enumerate() {
            for &y in &list[i + 1..] {
                let (a, b) = if by_name(x, y) { (x, y) } else { (y, x) };
                if let Some(bd) = pairs.get_mut(&(a, b)) {
                    bd.shared_data.push(node.id.clone());
                } else {
                    pairs.insert(
                        (a, b),
                        Boundary {
                            a,
                            b,
                            shared_data: vec![node.id.clone()],
                            ..Default::default()
                        },
                    );
                }
            }
        }
        let writers: Vec<String> = per
            .iter()
            .filter(|(_, (w, _))| *w > 0)
            .map(|(s, _)| services[*s].name.clone())
            .collect();
        if node.kind == DataKind::Table && per.len() > 1 && !writers.is_empty() {
            let readers = per
                .iter()
                .filter(|(_, (w, _))| *w == 0)
                .map(|(s, _)| services[*s].name.clone())
                .collect();
            warnings.push(Warning::SharedTable {
                table: node.id.clone(),
                writers,
                readers,
            });
        }
    }
    for f in &mut figures {
        f.owned_data.sort();
        f.shared_data.sort();
    }

    // Cycles among services.
    let cycle_sets = cycles(&edges, &label, services.len());
    for set in &cycle_sets {
        let mut names: Vec<String> = set.iter().map(|&s| services[s].name.clone()).collect();
        names.sort();
        warnings.push(Warning::ServiceCycle { services: names });
    }
    warnings.sort();

    let mut boundaries: Vec<Boundary> = pairs.into_values().collect();
    for b in &mut boundaries {
        b.shared_data.sort();
        b.shared_data.dedup();
    }
    boundaries.sort_by(|x, y| {
        y.weight()
            .total_cmp(&x.weight())
            .then(y.shared_data.len().cmp(&x.shared_data.len()))
            .then(services[x.a].name.cmp(&services[y.a].name))
            .then(services[x.b].name.cmp(&services[y.b].name))
    });

    let extraction_order = extraction_order(proposal, &figures, &warnings, &cycle_sets);
    let api_sizes: Vec<usize> = (0..services.len())
        .filter(|&s| is_service(s))
        .map(|s| figures[s].api.len())
        .collect();
    let metrics = Metrics {
        modularity: modularity(&edges, &label),
        icp: icp(&edges, &label),
        ifn: ifn(&api_sizes),
        ned: ned(&label),
        sm: sm(&edges, &label),
        shared_data_ratio: shared_data_ratio(&accessors),
        service_cycles: service_cycles(&edges, &label),
    };
    Figures {
        services: figures,
        boundaries,
        extraction_order,
        metrics,
        warnings,
    }
}

/// Services in cycles: strongly connected components of size > 1 of the service graph.
fn cycles(edges: &[(usize, usize, f64)], label: &[usize], k: usize) -> Vec<Vec<usize>> {
    let mut g: petgraph::graph::DiGraph<usize, ()> = petgraph::graph::DiGraph::new();
    let nodes: Vec<_> = (0..k).map(|s| g.add_node(s)).collect();
    let mut seen = BTreeSet::new();
    for &(f, t, _) in edges {
        let (a, b) = (label[f], label[t]);
        if a != UNASSIGNED && b != UNASSIGNED && a != b && seen.insert((a, b)) {
            g.add_edge(nodes[a], nodes[b], ());
        }
    }
    let mut out: Vec<Vec<usize>> = petgraph::algo::tarjan_scc(&g)
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|c| {
            let mut v: Vec<usize> = c.into_iter().map(|n| g[n]).collect();
            v.sort();
            v
        })
        .collect();
    out.sort();
    out
}

/// Cheapest first: not in a cycle, no shared written table, least weight crossing its
/// boundary (afferent + efferent), then least afferent.
fn extraction_order(
    proposal: &Proposal,
    figures: &[ServiceFigures],
    warnings: &[Warning],
    cycles: &[Vec<usize>],
) -> Vec<(usize, String)> {
    let services = &proposal.services;
    let mut rows: Vec<(bool, usize, f64, String, usize)> = Vec::new();
    for (s, svc) in services.iter().enumerate() {
        if svc.role != Role::Service {
            continue;
        }
        let in_cycle = cycles.iter().any(|c| c.contains(&s));
        let shared_tables = warnings
            .iter()
            .filter(|w| matches!(w, Warning::SharedTable { writers, readers, .. } if writers.contains(&svc.name) || readers.contains(&svc.name)))
            .count();
        rows.push((
            in_cycle,
            shared_tables,
            figures[s].afferent,
            svc.name.clone(),
            s,
        ));
    }
    // Every reference across the service's boundary becomes a remote call or an API contract,
    // so the cost is the weight crossing it both ways; callers weigh more on a tie.
    let crossing = |r: &(bool, usize, f64, String, usize)| r.2 + figures[r.4].efferent;
    rows.sort_by(|x, y| {
        x.0.cmp(&y.0)
            .then(x.1.cmp(&y.1))
            .then(crossing(x).total_cmp(&crossing(y)))
            .then(x.2.total_cmp(&y.2))
            .then(x.3.cmp(&y.3))
    });
    rows.into_iter()
        .map(|(in_cycle, shared, afferent, _, s)| {
            let f = &figures[s];
            let callers = if afferent == 0.0 {
                "no other service depends on it".to_string()
            } else {
                format!(
                    "other services depend on it with weight {}",
                    crate::model::fmt_float(afferent, 1)
                )
            };
            let callers = if f.efferent == 0.0 {
                format!("{callers}, it depends on none")
            } else {
                format!(
                    "{callers}, it depends on others with weight {}",
                    crate::model::fmt_float(f.efferent, 1)
                )
            };
            let data = if shared > 0 {
                format!("shares {shared} written table(s)")
            } else if f.owned_data.is_empty() {
                "touches no shared data".to_string()
            } else {
                format!("owns its {} data item(s)", f.owned_data.len())
            };
            let cycle = if in_cycle {
                "in a service cycle"
            } else {
                "no cycle"
            };
            (s, format!("{callers}; {data}; {cycle}"))
        })
        .collect()
}
