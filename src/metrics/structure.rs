//! Whole-proposal structure metrics of the SPEC: `modularity`, `sm` (structural modularity),
//! `ned` (non-extreme distribution) and `ifn` (interface number).
//!
//! Takes the directed module graph and a membership vector (conventions in [`super::services`])
//! or per-service counts; returns one number each. The formulas are the SPEC's, fixed so that
//! numbers compare across tools.

use std::collections::BTreeMap;

use super::services::{UNASSIGNED, counted_edges, service_sizes};
use crate::cluster::affinity::AffinityGraph;

/// Newman modularity Q (resolution 1) of the symmetrised weighted module graph: each directed
/// edge `a → b` of weight `w` becomes the undirected edge `{a, b}` of weight `w`, so a pair
/// linked both ways weighs the sum. Assigned modules only; 0 when no edge counts. Higher is
/// better.
pub fn modularity(edges: &[(usize, usize, f64)], membership: &[usize]) -> f64 {
    let undirected: Vec<(usize, usize, f64)> = counted_edges(edges, membership)
        .map(|e| (e.from, e.to, e.weight))
        .collect();
    let g = AffinityGraph::new(membership.len(), undirected);
    crate::cluster::partition::modularity(&g, membership, 1.0)
}

/// Structural modularity:
/// `SM = (1/K)·Σ_i μ_i/m_i² − (1/(K(K−1)/2))·Σ_{i<j} σ_ij/(2·m_i·m_j)`.
///
/// `m_i` is the number of modules of service `i`; `μ_i` the number of directed edges inside it
/// and `σ_ij` the number of directed edges between `i` and `j` in either direction, where an
/// edge is a distinct `from → to` pair of modules (repeats and weights do not count; self-edges
/// are ignored). With `K = 1` the second term is 0; with `K = 0` the result is 0. Higher is
/// better.
pub fn sm(edges: &[(usize, usize, f64)], membership: &[usize]) -> f64 {
    let sizes = service_sizes(membership);
    let k = sizes.len();
    if k == 0 {
        return 0.0;
    }
    let mut pairs: Vec<(usize, usize)> = counted_edges(edges, membership)
        .map(|e| (e.from, e.to))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut mu: BTreeMap<usize, usize> = BTreeMap::new();
    let mut sigma: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (from, to) in pairs {
        let (a, b) = (membership[from], membership[to]);
        if a == b {
            *mu.entry(a).or_insert(0) += 1;
        } else {
            *sigma.entry((a.min(b), a.max(b))).or_insert(0) += 1;
        }
    }
    let size = |s: usize| sizes.get(&s).copied().unwrap_or(1) as f64;
    let cohesion: f64 = mu
        .iter()
        .map(|(&s, &c)| c as f64 / (size(s) * size(s)))
        .sum::<f64>()
        / k as f64;
    let coupling = if k > 1 {
        let total: f64 = sigma
            .iter()
            .map(|(&(a, b), &c)| c as f64 / (2.0 * size(a) * size(b)))
            .sum();
        total / ((k * (k - 1)) as f64 / 2.0)
    } else {
        0.0
    };
    cohesion - coupling
}

/// Non-extreme distribution: `1 − (modules in services of 5..=20 modules) / (all modules)`,
/// where "all modules" are the assigned ones. 0 when no module is assigned. Lower is better.
pub fn ned(membership: &[usize]) -> f64 {
    let sizes = service_sizes(membership);
    let all: usize = sizes.values().sum();
    if all == 0 {
        return 0.0;
    }
    let moderate: usize = sizes.values().filter(|&&s| (5..=20).contains(&s)).sum();
    1.0 - moderate as f64 / all as f64
}

/// Interface number: the mean over services of the number of each service's items used by
/// other services. `api_items[i]` is that count for one service (one entry per service, in any
/// order). 0 for no services. Lower is better.
pub fn ifn(api_items: &[usize]) -> f64 {
    if api_items.is_empty() {
        return 0.0;
    }
    api_items.iter().sum::<usize>() as f64 / api_items.len() as f64
}

/// Number of modules that count for the metrics (membership other than [`UNASSIGNED`]).
pub fn assigned_modules(membership: &[usize]) -> usize {
    membership.iter().filter(|&&s| s != UNASSIGNED).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    const U: usize = UNASSIGNED;

    #[test]
    fn modularity_by_hand() {
        // Services A = {0, 1}, B = {2, 3}; node 4 is unassigned.
        // Directed: 0→1 (2), 1→0 (1), 2→3 (1), 1→2 (1), 4→0 (5, ignored), 3→3 (9, ignored).
        // Symmetrised: {0,1} = 3, {2,3} = 1, {1,2} = 1; m = 5.
        // Strengths: 0: 3, 1: 4, 2: 2, 3: 1 → K_A = 7, K_B = 3; e_A = 3, e_B = 1.
        // Q = 3/5 − (7/10)² + 1/5 − (3/10)² = 0.6 − 0.49 + 0.2 − 0.09 = 0.22.
        let edges = [
            (0, 1, 2.0),
            (1, 0, 1.0),
            (2, 3, 1.0),
            (1, 2, 1.0),
            (4, 0, 5.0),
            (3, 3, 9.0),
        ];
        let q = modularity(&edges, &[0, 0, 1, 1, U]);
        assert!((q - 0.22).abs() < 1e-12, "{q}");
        assert_eq!(modularity(&[], &[0, 1]), 0.0);
    }

    #[test]
    fn sm_by_hand() {
        // A = {0, 1, 2}, B = {3, 4}. Directed pairs: 0→1 (twice, counts once), 1→2, 2→0 inside
        // A: μ_A = 3; 3→4 inside B: μ_B = 1; 2→3 and 4→0 between: σ_AB = 2. 1→1 ignored.
        // SM = (1/2)·(3/3² + 1/2²) − (1/1)·(2/(2·3·2)) = (1/2)·(1/3 + 1/4) − 1/6 = 7/24 − 4/24
        //    = 0.125.
        let edges = [
            (0, 1, 1.0),
            (0, 1, 3.0),
            (1, 2, 1.0),
            (2, 0, 1.0),
            (3, 4, 1.0),
            (2, 3, 1.0),
            (4, 0, 1.0),
            (1, 1, 1.0),
        ];
        let value = sm(&edges, &[0, 0, 0, 1, 1]);
        assert!((value - 0.125).abs() < 1e-12, "{value}");
    }

    #[test]
    fn sm_single_and_no_service() {
        // K = 1: only the first term. A = {0, 1, 2} with 0→1, 1→2: μ = 2, SM = 2/9.
        let edges = [(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0)];
        assert!((sm(&edges, &[0, 0, 0, U]) - 2.0 / 9.0).abs() < 1e-12);
        assert_eq!(sm(&edges, &[U, U, U, U]), 0.0);
        // Sparse labels: services 7 and 3, one module each, one edge 0→1:
        // μ = 0, σ = 1, SM = 0 − (1/1)·(1/(2·1·1)) = −0.5.
        assert!((sm(&[(0, 1, 1.0)], &[7, 3]) + 0.5).abs() < 1e-12);
    }

    #[test]
    fn ned_by_hand() {
        // Sizes: service 0 has 5 modules, service 1 has 2, service 2 has 21; 2 unassigned.
        // Assigned = 28, in 5..=20: 5. NED = 1 − 5/28.
        let mut membership = vec![0; 5];
        membership.extend([1, 1]);
        membership.extend(vec![2; 21]);
        membership.extend([U, U]);
        assert!((ned(&membership) - (1.0 - 5.0 / 28.0)).abs() < 1e-12);
        assert_eq!(ned(&[U]), 0.0);
        assert_eq!(ned(&[0; 20]), 0.0);
        assert_eq!(assigned_modules(&membership), 28);
    }

    #[test]
    fn ifn_by_hand() {
        // (3 + 0 + 1) / 3 = 4/3.
        assert!((ifn(&[3, 0, 1]) - 4.0 / 3.0).abs() < 1e-12);
        assert_eq!(ifn(&[]), 0.0);
    }
}
