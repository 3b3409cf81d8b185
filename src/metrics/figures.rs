//! The figures of a proposal: per-service cohesion, coupling, API, owned and shared data;
//! boundaries ranked by coupling; the extraction order; the SPEC metrics; and the
//! distributed-monolith warnings (shared written tables, service cycles).
//!
//! Takes the program, module graph, data graph and proposal; returns [`Figures`]. Composition
//! roots and the shared kernel are not services: references from or to them are wiring and
//! library calls, not network calls, so they are left out of every service figure. Statics
//! and types defined in the shared kernel are per-process library state, not shared data.

use super::coupling::{icp, service_coupling, service_cycle_sets};
use super::data::{is_shared_written, shared_data_ratio};
use super::extraction::extraction_order;
use super::feedback::feedback_arcs;
use super::services::{UNASSIGNED, counted_edges};
use super::structure::{ifn, modularity, ned, sm};
use crate::cluster::propose::Proposal;
use crate::data::{DataGraph, grouped_accesses, owner};
use crate::graph::ModuleGraph;
use crate::model::Role;
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
        /// The lightest set of dependencies whose removal breaks every cycle among them
        /// (see [`super::feedback`]), lightest first.
        cut: Vec<CutDependency>,
    },
}

/// How many dependencies of a cycle's cut the one-line warning names.
const SHOWN_CUT: usize = 8;

/// How many services of a cycle the one-line warning names (a large application can have
/// thirty services in one strongly connected component).
const SHOWN_SERVICES: usize = 8;

/// One service dependency of a cycle's lightest cut.
#[derive(Clone, Debug)]
pub struct CutDependency {
    /// The depending service.
    pub from: String,
    /// The service it depends on.
    pub to: String,
    /// Weight of the references `from → to`.
    pub weight: f64,
}

impl CutDependency {
    fn key(&self) -> (&str, &str) {
        (&self.from, &self.to)
    }
}

/// `from → to (weight)`, as the warning and the extraction order print it.
impl std::fmt::Display for CutDependency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let w = crate::model::fmt_float(self.weight, 1);
        write!(f, "{} → {} ({w})", self.from, self.to)
    }
}

// Ordered by services, then weight (`total_cmp`: a total order, NaN included), so that
// warnings sort deterministically.
impl PartialEq for CutDependency {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for CutDependency {}

impl PartialOrd for CutDependency {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for CutDependency {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key()
            .cmp(&other.key())
            .then(self.weight.total_cmp(&other.weight))
    }
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
            Warning::ServiceCycle { services, cut } => {
                let names = if services.len() > SHOWN_SERVICES {
                    format!(
                        "{} and {} more ({} in all, every one in --format json)",
                        services[..SHOWN_SERVICES].join(" ⇄ "),
                        services.len() - SHOWN_SERVICES,
                        services.len()
                    )
                } else {
                    services.join(" ⇄ ")
                };
                write!(f, "services {names} depend on each other in a cycle")?;
                if !cut.is_empty() {
                    let mut arcs: Vec<String> = cut
                        .iter()
                        .take(SHOWN_CUT)
                        .map(ToString::to_string)
                        .collect();
                    if cut.len() > SHOWN_CUT {
                        arcs.push(format!(
                            "and {} more (all in --format json)",
                            cut.len() - SHOWN_CUT
                        ));
                    }
                    let total: f64 = cut.iter().map(|c| c.weight).sum();
                    write!(
                        f,
                        "; the lightest way out drops {} dependenc{} of weight {}: {}",
                        cut.len(),
                        if cut.len() == 1 { "y" } else { "ies" },
                        crate::model::fmt_float(total, 1),
                        arcs.join(", ")
                    )?;
                }
                Ok(())
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
    /// Services cut alike across the same folders, largest family first.
    pub families: Vec<super::families::Family>,
}

impl Figures {
    /// Data that more than one service touches.
    pub fn shared_data(&self) -> std::collections::BTreeSet<&str> {
        self.services
            .iter()
            .flat_map(|sf| sf.shared_data.iter().map(String::as_str))
            .collect()
    }

    /// Tables that several services write (the distributed-monolith warnings).
    pub fn tables_written_by_several(&self) -> std::collections::BTreeSet<&str> {
        self.warnings
            .iter()
            .filter_map(|w| match w {
                Warning::SharedTable { table, .. } => Some(table.as_str()),
                Warning::ServiceCycle { .. } => None,
            })
            .collect()
    }
}

/// The proposal as the metrics see it: a service label per module (roots and kernel
/// [`UNASSIGNED`]), which modules are roots or kernel, and the weighted module edges.
struct Labelled<'p> {
    proposal: &'p Proposal,
    label: Vec<usize>,
    kernel: Vec<bool>,
    edges: Vec<(usize, usize, f64)>,
}

impl<'p> Labelled<'p> {
    fn new(program: &Program, graph: &ModuleGraph, proposal: &'p Proposal) -> Self {
        let n = program.modules.len();
        let membership = |m: usize| proposal.membership.get(m).copied().flatten();
        let label = (0..n)
            .map(|m| match membership(m) {
                Some(s) if is_service(proposal, s) => s,
                _ => UNASSIGNED,
            })
            .collect();
        let kernel = (0..n)
            .map(|m| membership(m).is_some_and(|s| !is_service(proposal, s)))
            .collect();
        let edges = graph
            .dependencies
            .iter()
            .map(|d| (d.from, d.to, d.weight))
            .collect();
        Labelled {
            proposal,
            label,
            kernel,
            edges,
        }
    }

    /// The services of a cross-service link `from → to` between modules, ordered `(a, b)` by
    /// name, and whether `from` is `a`; `None` inside a service or touching no service.
    fn pair(&self, from: usize, to: usize) -> Option<((usize, usize), bool)> {
        let (sf, st) = (self.label[from], self.label[to]);
        if sf == UNASSIGNED || st == UNASSIGNED || sf == st {
            return None;
        }
        Some((self.ordered(sf, st), self.by_name(sf, st)))
    }

    fn by_name(&self, a: usize, b: usize) -> bool {
        let services = &self.proposal.services;
        services[a].name < services[b].name
    }

    fn ordered(&self, x: usize, y: usize) -> (usize, usize) {
        if self.by_name(x, y) { (x, y) } else { (y, x) }
    }
}

fn is_service(proposal: &Proposal, s: usize) -> bool {
    proposal
        .services
        .get(s)
        .is_some_and(|c| c.role == Role::Service)
}

/// Computes the figures of a proposal.
pub fn evaluate(
    program: &Program,
    graph: &ModuleGraph,
    data: &DataGraph,
    proposal: &Proposal,
) -> Figures {
    let services = &proposal.services;
    let view = Labelled::new(program, graph, proposal);
    let mut figures = service_figures(program, &view);
    let mut pairs = api_and_boundaries(program, graph, &view, &mut figures);
    let (accessors, mut warnings) = data_ownership(data, &view, &mut figures, &mut pairs);

    let cycle_sets = service_cycle_sets(&view.edges, &view.label);
    let mut directed: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for e in counted_edges(&view.edges, &view.label).filter(|e| !e.is_internal()) {
        *directed
            .entry((e.from_service, e.to_service))
            .or_insert(0.0) += e.weight;
    }
    for set in &cycle_sets {
        let mut names: Vec<String> = set.iter().map(|&s| services[s].name.clone()).collect();
        names.sort();
        let cut = feedback_arcs(set, &directed)
            .into_iter()
            .map(|(a, b, w)| CutDependency {
                from: services[a].name.clone(),
                to: services[b].name.clone(),
                weight: w,
            })
            .collect();
        warnings.push(Warning::ServiceCycle {
            services: names,
            cut,
        });
    }
    warnings.sort();

    let boundaries = ranked_boundaries(pairs, proposal);
    let extraction_order = extraction_order(proposal, &figures, &warnings, &cycle_sets);
    let api_sizes: Vec<usize> = (0..services.len())
        .filter(|&s| is_service(proposal, s))
        .map(|s| figures[s].api.len())
        .collect();
    let (edges, label) = (&view.edges, &view.label);
    let metrics = Metrics {
        modularity: modularity(edges, label),
        icp: icp(edges, label),
        ifn: ifn(&api_sizes),
        ned: ned(label),
        sm: sm(edges, label),
        shared_data_ratio: shared_data_ratio(&accessors),
        service_cycles: cycle_sets.len(),
    };
    let parents: Vec<Option<usize>> = program.modules.iter().map(|m| m.parent).collect();
    let families = super::families::families(
        (0..services.len())
            .filter(|&s| is_service(proposal, s))
            .map(|s| (s, services[s].modules.as_slice())),
        &parents,
    );
    Figures {
        services: figures,
        boundaries,
        extraction_order,
        metrics,
        warnings,
        families,
    }
}

/// Per service: lines of code, and cohesion and coupling from the module edges.
fn service_figures(program: &Program, view: &Labelled<'_>) -> Vec<ServiceFigures> {
    let services = &view.proposal.services;
    let mut figures: Vec<ServiceFigures> = vec![ServiceFigures::default(); services.len()];
    for (si, s) in services.iter().enumerate() {
        figures[si].loc = s
            .modules
            .iter()
            .map(|&m| u64::from(program.modules[m].loc))
            .sum();
    }
    let coupling = service_coupling(&view.edges, &view.label);
    for (si, c) in coupling.iter().enumerate() {
        if let Some(f) = figures.get_mut(si) {
            f.cohesion = c.cohesion;
            f.afferent = c.afferent;
            f.efferent = c.efferent;
            f.instability = c.instability;
        }
    }
    figures
}

/// The boundary of services `(a, b)` in `pairs`, empty when new.
fn boundary(
    pairs: &mut BTreeMap<(usize, usize), Boundary>,
    (a, b): (usize, usize),
) -> &mut Boundary {
    pairs.entry((a, b)).or_insert_with(|| Boundary {
        a,
        b,
        ..Default::default()
    })
}

/// Each service's API (what other services reference of it) into `figures`, and the
/// boundaries: references counted from the program, weights from the module graph.
fn api_and_boundaries(
    program: &Program,
    graph: &ModuleGraph,
    view: &Labelled<'_>,
    figures: &mut [ServiceFigures],
) -> BTreeMap<(usize, usize), Boundary> {
    let mut api: Vec<BTreeSet<String>> = vec![BTreeSet::new(); figures.len()];
    let mut pairs: BTreeMap<(usize, usize), Boundary> = BTreeMap::new();
    for r in &program.references {
        let Some((pair, _)) = view.pair(r.from, r.to) else {
            continue;
        };
        let id = match r.item {
            Some(i) => program.items[i].id.clone(),
            None => program.modules[r.to].id.clone(),
        };
        api[view.label[r.to]].insert(id);
        boundary(&mut pairs, pair).references += 1;
    }
    for d in &graph.dependencies {
        let Some((pair, forward)) = view.pair(d.from, d.to) else {
            continue;
        };
        let entry = boundary(&mut pairs, pair);
        if forward {
            entry.weight_ab += d.weight;
        } else {
            entry.weight_ba += d.weight;
        }
    }
    for (si, items) in api.into_iter().enumerate() {
        figures[si].api = items.into_iter().collect();
    }
    pairs
}

/// Who touches each table and static and who owns it: owned and shared data into `figures`,
/// the data both sides of a boundary touch into `pairs`; returns the services accessing each
/// data node (for `shared_data_ratio`) and the shared-table warnings.
fn data_ownership(
    data: &DataGraph,
    view: &Labelled<'_>,
    figures: &mut [ServiceFigures],
    pairs: &mut BTreeMap<(usize, usize), Boundary>,
) -> (Vec<Vec<usize>>, Vec<Warning>) {
    let services = &view.proposal.services;
    let mut accessors: Vec<Vec<usize>> = Vec::new();
    let mut warnings = Vec::new();
    for node in &data.nodes {
        if node.kind == DataKind::Type
            || node
                .defined_in
                .is_some_and(|d| view.kernel[d] && node.kind != DataKind::Table)
        {
            continue;
        }
        let group_of = |m: crate::model::ModuleIdx| {
            let s = view.label[m];
            (s != UNASSIGNED).then_some(s)
        };
        // A table whose SQL sits in a data layer set apart is owned and shared by the services
        // that reach it through calls; the ratio and the shared-table warning keep to direct
        // accesses, which have a site to show.
        let (per, through_calls) = grouped_accesses(node, group_of);
        if per.is_empty() {
            continue;
        }
        if !through_calls {
            accessors.push(per.keys().copied().collect());
        }
        let owner = owner(&per);
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
                let pair = view.ordered(x, y);
                boundary(pairs, pair).shared_data.push(node.id.clone());
            }
        }
        if node.kind == DataKind::Table && !through_calls && is_shared_written(&per) {
            let names = |written: bool| {
                per.iter()
                    .filter(|(_, u)| (u.writes > 0) == written)
                    .map(|(s, _)| services[*s].name.clone())
                    .collect()
            };
            warnings.push(Warning::SharedTable {
                table: node.id.clone(),
                writers: names(true),
                readers: names(false),
            });
        }
    }
    for f in figures.iter_mut() {
        f.owned_data.sort();
        f.shared_data.sort();
    }
    (accessors, warnings)
}

/// The boundaries heaviest first, then by shared data, then by the services' names.
fn ranked_boundaries(
    pairs: BTreeMap<(usize, usize), Boundary>,
    proposal: &Proposal,
) -> Vec<Boundary> {
    let services = &proposal.services;
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
    boundaries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_of_many_services_names_the_first_eight_and_counts_the_rest() {
        let cycle = |n: usize| Warning::ServiceCycle {
            services: (0..n).map(|i| format!("s{i}")).collect(),
            cut: vec![CutDependency {
                from: "s1".into(),
                to: "s0".into(),
                weight: 2.0,
            }],
        };
        assert_eq!(
            cycle(2).to_string(),
            "services s0 ⇄ s1 depend on each other in a cycle; the lightest way out drops 1 \
             dependency of weight 2: s1 → s0 (2)"
        );
        assert_eq!(
            cycle(8).to_string().split(" depend").next(),
            Some("services s0 ⇄ s1 ⇄ s2 ⇄ s3 ⇄ s4 ⇄ s5 ⇄ s6 ⇄ s7")
        );
        assert_eq!(
            cycle(32).to_string().split(" depend").next(),
            Some(
                "services s0 ⇄ s1 ⇄ s2 ⇄ s3 ⇄ s4 ⇄ s5 ⇄ s6 ⇄ s7 and 24 more (32 in all, every \
                 one in --format json)"
            )
        );
    }
}
