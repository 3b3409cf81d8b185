//! Coupling metrics of the SPEC: `icp` (inter-partition call percentage), `service_cycles`,
//! and per service `cohesion`, `afferent`, `efferent` and `instability`.
//!
//! Takes the directed module graph and a membership vector (conventions in
//! [`super::services`]); returns numbers. The formulas are the SPEC's.

use petgraph::algo::tarjan_scc;
use petgraph::graph::DiGraph;

use super::services::{counted_edges, label_span};

/// Inter-partition call percentage: cross-service edge weight / all edge weight (a fraction in
/// `[0, 1]`, as the SPEC defines it). 0 when no edge counts. Lower is better.
pub fn icp(edges: &[(usize, usize, f64)], membership: &[usize]) -> f64 {
    let (mut cross, mut all) = (0.0, 0.0);
    for e in counted_edges(edges, membership) {
        all += e.weight;
        if !e.is_internal() {
            cross += e.weight;
        }
    }
    if all > 0.0 { cross / all } else { 0.0 }
}

/// Weighted coupling of one service.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ServiceCoupling {
    /// Weight of edges with both ends in the service.
    pub internal: f64,
    /// Weighted references into the service from other services.
    pub afferent: f64,
    /// Weighted references from the service to other services.
    pub efferent: f64,
    /// `internal / (internal + afferent + efferent)`; see [`cohesion`].
    pub cohesion: f64,
    /// `efferent / (afferent + efferent)`; see [`instability`].
    pub instability: f64,
}

/// Per-service coupling, indexed by service label (see [`super::services`] for the length and
/// the treatment of unassigned modules: references from or to them are not counted).
pub fn service_coupling(
    edges: &[(usize, usize, f64)],
    membership: &[usize],
) -> Vec<ServiceCoupling> {
    let mut out = vec![ServiceCoupling::default(); label_span(membership)];
    for e in counted_edges(edges, membership) {
        if e.is_internal() {
            out[e.from_service].internal += e.weight;
        } else {
            out[e.from_service].efferent += e.weight;
            out[e.to_service].afferent += e.weight;
        }
    }
    for s in &mut out {
        s.cohesion = cohesion(s.internal, s.afferent + s.efferent);
        s.instability = instability(s.afferent, s.efferent);
    }
    out
}

/// Cohesion: `internal / (internal + external)`. 0 for a service with no weight at all (no
/// evidence of cohesion).
pub fn cohesion(internal: f64, external: f64) -> f64 {
    let total = internal + external;
    if total > 0.0 { internal / total } else { 0.0 }
}

/// Instability: `efferent / (afferent + efferent)`; 0 when both are 0.
pub fn instability(afferent: f64, efferent: f64) -> f64 {
    let total = afferent + efferent;
    if total > 0.0 { efferent / total } else { 0.0 }
}

/// Number of strongly connected components with more than one service in the service graph
/// (see [`service_cycle_sets`]). 0 means the services form a DAG. Lower is better.
pub fn service_cycles(edges: &[(usize, usize, f64)], membership: &[usize]) -> usize {
    service_cycle_sets(edges, membership).len()
}

/// The strongly connected components with more than one service of the service graph (an
/// edge `a → b` when some module of `a` references some module of `b`, `a ≠ b`; Tarjan's
/// algorithm from petgraph): each component's labels sorted, the components sorted.
pub fn service_cycle_sets(edges: &[(usize, usize, f64)], membership: &[usize]) -> Vec<Vec<usize>> {
    let span = label_span(membership);
    let mut graph: DiGraph<usize, ()> = DiGraph::with_capacity(span, 0);
    let nodes: Vec<_> = (0..span).map(|s| graph.add_node(s)).collect();
    let mut links: Vec<(usize, usize)> = counted_edges(edges, membership)
        .filter(|e| !e.is_internal())
        .map(|e| (e.from_service, e.to_service))
        .collect();
    links.sort_unstable();
    links.dedup();
    for (a, b) in links {
        graph.add_edge(nodes[a], nodes[b], ());
    }
    let mut out: Vec<Vec<usize>> = tarjan_scc(&graph)
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|c| {
            let mut labels: Vec<usize> = c.into_iter().map(|n| graph[n]).collect();
            labels.sort_unstable();
            labels
        })
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::services::UNASSIGNED as U;

    /// A = {0, 1}, B = {2, 3}, 4 unassigned (see structure.rs for the same graph).
    const EDGES: [(usize, usize, f64); 6] = [
        (0, 1, 2.0),
        (1, 0, 1.0),
        (2, 3, 1.0),
        (1, 2, 1.0),
        (4, 0, 5.0),
        (3, 3, 9.0),
    ];
    const MEMBERSHIP: [usize; 5] = [0, 0, 1, 1, U];

    #[test]
    fn icp_by_hand() {
        // Counted: 0→1 (2), 1→0 (1), 2→3 (1), 1→2 (1); cross = 1, all = 5 → 0.2.
        assert!((icp(&EDGES, &MEMBERSHIP) - 0.2).abs() < 1e-12);
        assert_eq!(icp(&[], &MEMBERSHIP), 0.0);
    }

    #[test]
    fn coupling_by_hand() {
        // A: internal 2 + 1 = 3, efferent 1 (1→2), afferent 0 (4→0 is from no service).
        //    cohesion 3/(3 + 1) = 0.75, instability 1/(0 + 1) = 1.
        // B: internal 1, afferent 1, efferent 0: cohesion 1/2, instability 0.
        let c = service_coupling(&EDGES, &MEMBERSHIP);
        assert_eq!(c.len(), 2);
        assert_eq!(
            (c[0].internal, c[0].afferent, c[0].efferent),
            (3.0, 0.0, 1.0)
        );
        assert_eq!((c[0].cohesion, c[0].instability), (0.75, 1.0));
        assert_eq!(
            (c[1].internal, c[1].afferent, c[1].efferent),
            (1.0, 1.0, 0.0)
        );
        assert_eq!((c[1].cohesion, c[1].instability), (0.5, 0.0));
        // Sparse labels: label 1 unused gets zeros.
        let c = service_coupling(&[(0, 1, 1.0)], &[0, 2]);
        assert_eq!(c.len(), 3);
        assert_eq!(c[1], ServiceCoupling::default());
        assert_eq!(c[2].afferent, 1.0);
    }

    #[test]
    fn ratios_with_zero_totals() {
        assert_eq!(instability(0.0, 0.0), 0.0);
        assert_eq!(cohesion(0.0, 0.0), 0.0);
        assert_eq!(instability(1.0, 3.0), 0.75);
    }

    #[test]
    fn cycles_by_hand() {
        // Services: 0 ⇄ 1 (one cycle), 2 → 3 → 4 → 2 (another), 5 → 0 and 6 alone.
        // Modules are numbered like their services here.
        let edges = [
            (0, 1, 1.0),
            (1, 0, 1.0),
            (2, 3, 1.0),
            (3, 4, 1.0),
            (4, 2, 1.0),
            (5, 0, 1.0),
        ];
        let membership = [0, 1, 2, 3, 4, 5, 6];
        assert_eq!(service_cycles(&edges, &membership), 2);
        assert_eq!(
            service_cycle_sets(&edges, &membership),
            vec![vec![0, 1], vec![2, 3, 4]]
        );
        // Internal edges are not cycles; unassigned modules break cycles.
        assert_eq!(service_cycles(&[(0, 1, 1.0), (1, 0, 1.0)], &[0, 0]), 0);
        assert_eq!(
            service_cycles(&[(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0)], &[0, U, 1]),
            0
        );
        assert_eq!(service_cycles(&[], &[]), 0);
    }
}
