//! The refinement phase of Leiden (Traag, Waltman and van Eck 2019, Algorithm A.2,
//! `RefinePartition` and `MergeNodesSubset`).
//!
//! Takes one aggregation level and the partition that fast local moving left on it; returns a
//! refined partition in which every refined community is a subset of one community of the
//! input and is connected, because a node only ever joins a refined community it has an edge
//! to. Aggregation then collapses the refined communities, which is what lets Leiden split a
//! badly connected community later (Louvain cannot).
//!
//! Rules, as in the paper: start from singletons; visit the nodes in a seeded random order;
//! only a node that is still a singleton and is well connected to its community may move; it
//! may join only well-connected refined communities `T` of its own community for which the
//! quality increment `ΔH = w(v, T) − γ' · a_v · A_T` is `≥ 0` (staying alone is `ΔH = 0`); the
//! target is drawn with probability `∝ exp(ΔH / θ)`, or with `θ = 0` the best increment wins
//! (ties: lowest refined-community index; a tie with staying alone stays).

use super::leiden::Level;
use super::rng::SplitMix64;

/// Refines `comm` (labels `< level.n()`) on `level`; returns refined labels `< level.n()` (not
/// renumbered). `gamma_eff` is the resolution in the units of the node weights (γ/2m for
/// modularity, γ for CPM); `theta` is the randomness in units of edge weight.
pub(crate) fn refine_partition(
    level: &Level,
    comm: &[usize],
    gamma_eff: f64,
    theta: f64,
    rng: &mut SplitMix64,
) -> Vec<usize> {
    let n = level.adj.n();
    let a = &level.node_weight;
    let mut refined: Vec<usize> = (0..n).collect();
    let mut r_weight = a.clone();
    let mut r_count = vec![1usize; n];
    let mut comm_total = vec![0.0; n];
    for v in 0..n {
        comm_total[comm[v]] += a[v];
    }
    // Weight from each refined community to the rest of its community.
    let mut r_ext = vec![0.0; n];
    for (v, ext) in r_ext.iter_mut().enumerate() {
        let (targets, weights) = level.adj.row(v);
        *ext = targets
            .iter()
            .zip(weights)
            .filter(|&(&u, _)| comm[u] == comm[v])
            .map(|(_, &w)| w)
            .sum();
    }

    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let mut link = vec![0.0; n];
    let mut touched: Vec<usize> = Vec::new();
    let mut candidates: Vec<(usize, f64)> = Vec::new();

    for &v in &order {
        let own = refined[v];
        if r_count[own] != 1 {
            continue;
        }
        let c = comm[v];
        if !well_connected(r_ext[v], gamma_eff * a[v] * (comm_total[c] - a[v])) {
            continue;
        }
        let (targets, weights) = level.adj.row(v);
        for (&u, &w) in targets.iter().zip(weights) {
            if comm[u] != c {
                continue;
            }
            let t = refined[u];
            if link[t] == 0.0 {
                touched.push(t);
            }
            link[t] += w;
        }
        candidates.clear();
        for &t in &touched {
            if t == own {
                continue;
            }
            let needed = gamma_eff * r_weight[t] * (comm_total[c] - r_weight[t]);
            if !well_connected(r_ext[t], needed) {
                continue;
            }
            let gain = link[t] - gamma_eff * a[v] * r_weight[t];
            if gain >= 0.0 {
                candidates.push((t, gain));
            }
        }
        if let Some(target) = choose(&mut candidates, theta, rng) {
            let w_vt = link[target];
            r_ext[target] += r_ext[v] - 2.0 * w_vt;
            r_weight[target] += a[v];
            r_count[target] += 1;
            r_count[own] = 0;
            refined[v] = target;
        }
        for &t in &touched {
            link[t] = 0.0;
        }
        touched.clear();
    }
    refined
}

/// `ext ≥ needed`, forgiving rounding noise in sums that are equal in exact arithmetic.
fn well_connected(ext: f64, needed: f64) -> bool {
    ext >= needed - 1e-12 * needed.abs()
}

/// Picks the refined community to join among `candidates` (`(index, ΔH ≥ 0)`), or `None` to
/// stay alone (whose `ΔH` is 0).
fn choose(candidates: &mut [(usize, f64)], theta: f64, rng: &mut SplitMix64) -> Option<usize> {
    if candidates.is_empty() {
        return None;
    }
    // A canonical order, so the draw does not depend on the order neighbours were met.
    candidates.sort_unstable_by_key(|&(t, _)| t);
    let best = candidates
        .iter()
        .copied()
        .fold(None, |acc: Option<(usize, f64)>, (t, gain)| match acc {
            Some((_, g)) if g >= gain => acc,
            _ => Some((t, gain)),
        });
    let (best_t, best_gain) = best?;
    if !(theta.is_finite() && theta > 0.0) {
        return (best_gain > 0.0).then_some(best_t);
    }
    // Probabilities ∝ exp(ΔH / θ), shifted by the best ΔH so nothing overflows; staying alone
    // is the last option with ΔH = 0.
    let stay = (-best_gain / theta).exp();
    let total: f64 = candidates
        .iter()
        .map(|&(_, g)| ((g - best_gain) / theta).exp())
        .sum::<f64>()
        + stay;
    let mut draw = rng.unit() * total;
    for &(t, g) in candidates.iter() {
        let p = ((g - best_gain) / theta).exp();
        if draw < p {
            return Some(t);
        }
        draw -= p;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::adjacency::Adjacency;
    use crate::cluster::affinity::AffinityGraph;

    fn level(g: &AffinityGraph) -> Level {
        let adj = Adjacency::from_graph(g);
        let node_weight = (0..g.n).map(|v| adj.strength(v)).collect();
        Level {
            adj,
            node_weight,
            fixed: Vec::new(),
        }
    }

    #[test]
    fn refinement_splits_a_disconnected_community() {
        // Two separate edges 0-1 and 2-3 wrongly placed in one community: the refined
        // partition must keep them apart (a node only joins a neighbour's refined community).
        let g = AffinityGraph::new(4, vec![(0, 1, 1.0), (2, 3, 1.0)]);
        let lv = level(&g);
        let mut rng = SplitMix64::new(1);
        let r = refine_partition(&lv, &[0, 0, 0, 0], 1.0 / 4.0, 0.0, &mut rng);
        assert_eq!(r[0], r[1]);
        assert_eq!(r[2], r[3]);
        assert_ne!(r[0], r[2]);
    }

    #[test]
    fn refined_communities_nest_in_the_input() {
        let g = AffinityGraph::new(5, vec![(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (3, 4, 1.0)]);
        let lv = level(&g);
        let comm = [0, 0, 0, 3, 3];
        for seed in 0..10 {
            let mut rng = SplitMix64::new(seed);
            let r = refine_partition(&lv, &comm, 1.0 / 8.0, 0.01, &mut rng);
            for v in 0..5 {
                for u in 0..5 {
                    if r[v] == r[u] {
                        assert_eq!(comm[v], comm[u]);
                    }
                }
            }
        }
    }

    #[test]
    fn choose_is_greedy_without_randomness() {
        let mut rng = SplitMix64::new(0);
        let mut c = vec![(4, 1.0), (2, 3.0), (1, 3.0)];
        assert_eq!(choose(&mut c, 0.0, &mut rng), Some(1));
        let mut zero = vec![(3, 0.0)];
        assert_eq!(choose(&mut zero, 0.0, &mut rng), None);
        assert_eq!(choose(&mut [], 0.01, &mut rng), None);
        // With θ small against the gap, the best candidate is (almost surely) drawn.
        let mut c = vec![(4, 1.0), (2, 30.0)];
        assert_eq!(choose(&mut c, 0.01, &mut rng), Some(2));
    }
}
