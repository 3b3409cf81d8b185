//! The lightest way out of a service cycle: a minimum-weight feedback arc set of the service
//! dependencies inside one strongly connected component.
//!
//! Services in a cycle cannot be extracted one at a time. Dropping (inverting, or moving the
//! code behind) the arcs returned here leaves the component acyclic, and no other set of arcs
//! that does so weighs less: the team learns which few dependencies stand between the
//! tangle and an extraction order, as architecture tools report a tangle's "feedback"
//! dependencies. Exact for up to [`EXACT`] services (dynamic programming over the orders of
//! subsets); above that, the greedy order of Eades, Lin and Smyth (1993), weighted, which is
//! not always minimal. Pure and deterministic: ties go to the lower index.

use std::collections::BTreeMap;

/// Largest component solved exactly (2^EXACT subsets).
pub const EXACT: usize = 14;

/// The arcs `(from, to, weight)` among `members` to drop so that the rest has no cycle, of
/// least total weight; `weights` holds the directed weights between services (other keys are
/// ignored). Sorted lightest first (the easiest to drop), then by `(from, to)`.
pub fn feedback_arcs(
    members: &[usize],
    weights: &BTreeMap<(usize, usize), f64>,
) -> Vec<(usize, usize, f64)> {
    let mut members: Vec<usize> = members.to_vec();
    members.sort_unstable();
    members.dedup();
    let k = members.len();
    // Dense matrix over the members: w[i][j] is the weight of members[i] → members[j].
    let mut w = vec![vec![0.0f64; k]; k];
    for (i, &a) in members.iter().enumerate() {
        for (j, &b) in members.iter().enumerate() {
            if i != j
                && let Some(&x) = weights.get(&(a, b))
                && x.is_finite()
                && x > 0.0
            {
                w[i][j] = x;
            }
        }
    }
    let order = if k <= EXACT {
        exact_order(&w)
    } else {
        greedy_order(&w)
    };
    // An arc from a later service to an earlier one goes against the order: it is dropped.
    let mut position = vec![0usize; k];
    for (p, &i) in order.iter().enumerate() {
        position[i] = p;
    }
    let mut out: Vec<(usize, usize, f64)> = Vec::new();
    for i in 0..k {
        for j in 0..k {
            if w[i][j] > 0.0 && position[i] > position[j] {
                out.push((members[i], members[j], w[i][j]));
            }
        }
    }
    out.sort_by(|a, b| a.2.total_cmp(&b.2).then((a.0, a.1).cmp(&(b.0, b.1))));
    out
}

/// The order of least backward weight: `best[S]` is the least weight of arcs pointing back
/// inside the set `S` laid out first; the member `v` placed right after `S` adds the weight
/// of its arcs into `S`.
fn exact_order(w: &[Vec<f64>]) -> Vec<usize> {
    let k = w.len();
    let full = (1usize << k) - 1;
    let mut best = vec![f64::INFINITY; full + 1];
    let mut last = vec![usize::MAX; full + 1];
    best[0] = 0.0;
    for set in 0..=full {
        if !best[set].is_finite() {
            continue;
        }
        for v in (0..k).filter(|&v| set & (1 << v) == 0) {
            let back: f64 = (0..k)
                .filter(|&u| set & (1 << u) != 0)
                .map(|u| w[v][u])
                .sum();
            let next = set | (1 << v);
            let cost = best[set] + back;
            if cost < best[next] {
                best[next] = cost;
                last[next] = v;
            }
        }
    }
    let mut order = Vec::with_capacity(k);
    let mut set = full;
    while set != 0 {
        let v = last[set];
        order.push(v);
        set &= !(1 << v);
    }
    order.reverse();
    order
}

/// Eades–Lin–Smyth, weighted: sinks go to the end, sources to the front, and otherwise the
/// member whose outgoing weight most exceeds its incoming weight goes to the front.
fn greedy_order(w: &[Vec<f64>]) -> Vec<usize> {
    let k = w.len();
    let mut left = vec![true; k];
    let (mut front, mut back) = (Vec::new(), Vec::new());
    let out_in = |v: usize, left: &[bool]| -> (f64, f64) {
        let out = (0..k).filter(|&u| left[u] && u != v).map(|u| w[v][u]).sum();
        let inc = (0..k).filter(|&u| left[u] && u != v).map(|u| w[u][v]).sum();
        (out, inc)
    };
    while left.iter().any(|&l| l) {
        if let Some(v) = (0..k).find(|&v| left[v] && out_in(v, &left).0 == 0.0) {
            left[v] = false;
            back.push(v);
            continue;
        }
        if let Some(v) = (0..k).find(|&v| left[v] && out_in(v, &left).1 == 0.0) {
            left[v] = false;
            front.push(v);
            continue;
        }
        let mut pick: Option<(usize, f64)> = None;
        for v in (0..k).filter(|&v| left[v]) {
            let (out, inc) = out_in(v, &left);
            if pick.is_none_or(|(_, d)| out - inc > d) {
                pick = Some((v, out - inc));
            }
        }
        if let Some((v, _)) = pick {
            left[v] = false;
            front.push(v);
        }
    }
    back.reverse();
    front.extend(back);
    front
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weights(arcs: &[(usize, usize, f64)]) -> BTreeMap<(usize, usize), f64> {
        arcs.iter().map(|&(a, b, w)| ((a, b), w)).collect()
    }

    /// Is the graph of `arcs` minus `cut` free of cycles (Kahn's algorithm)?
    fn acyclic(n: usize, arcs: &[(usize, usize, f64)], cut: &[(usize, usize, f64)]) -> bool {
        let kept: Vec<(usize, usize)> = arcs
            .iter()
            .filter(|a| !cut.iter().any(|c| (c.0, c.1) == (a.0, a.1)))
            .map(|a| (a.0, a.1))
            .collect();
        let mut indegree = vec![0usize; n];
        for &(_, b) in &kept {
            indegree[b] += 1;
        }
        let mut ready: Vec<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
        let mut seen = 0;
        while let Some(v) = ready.pop() {
            seen += 1;
            for &(a, b) in &kept {
                if a == v {
                    indegree[b] -= 1;
                    if indegree[b] == 0 {
                        ready.push(b);
                    }
                }
            }
        }
        seen == n
    }

    #[test]
    fn a_two_way_dependency_loses_its_lighter_direction() {
        let arcs = [(3, 7, 40.0), (7, 3, 2.5)];
        assert_eq!(feedback_arcs(&[7, 3], &weights(&arcs)), vec![(7, 3, 2.5)]);
    }

    #[test]
    fn the_lightest_set_is_found_not_the_lightest_arc_of_each_loop() {
        // Two loops share the arc 0 → 1: 0 → 1 → 2 → 0 and 0 → 1 → 3 → 0. Cutting the
        // lightest arc of each loop costs 3 + 3; cutting the shared arc costs 4, though it
        // is the heaviest of both loops.
        let arcs = [
            (0, 1, 4.0),
            (1, 2, 3.0),
            (2, 0, 3.0),
            (1, 3, 3.0),
            (3, 0, 3.0),
        ];
        let cut = feedback_arcs(&[0, 1, 2, 3], &weights(&arcs));
        assert_eq!(cut, vec![(0, 1, 4.0)]);
        assert!(acyclic(4, &arcs, &cut));
    }

    #[test]
    fn every_answer_breaks_every_cycle_and_the_exact_one_is_minimal() {
        // A ring of 9 services with chords, weights varied: brute force over all cut sets
        // is too slow, so compare with every single-arc and two-arc cut that works.
        let mut arcs = Vec::new();
        for v in 0..9usize {
            arcs.push((v, (v + 1) % 9, 1.0 + (v * 7 % 5) as f64));
            if v % 3 == 0 {
                arcs.push(((v + 4) % 9, v, 0.5 + v as f64));
            }
        }
        let members: Vec<usize> = (0..9).collect();
        let cut = feedback_arcs(&members, &weights(&arcs));
        assert!(acyclic(9, &arcs, &cut), "{cut:?}");
        let total: f64 = cut.iter().map(|c| c.2).sum();
        for (i, a) in arcs.iter().enumerate() {
            for b in &arcs[i..] {
                let pair = [*a, *b];
                if acyclic(9, &arcs, &pair) {
                    let w = if a == b { a.2 } else { a.2 + b.2 };
                    assert!(total <= w + 1e-9, "{cut:?} weighs {total}, {pair:?} {w}");
                }
            }
        }
    }

    #[test]
    fn a_large_tangle_is_broken_greedily() {
        // 20 services in a ring, each also depending on the one before it: above the exact
        // limit; whatever the greedy order, what is left has no cycle.
        let n = 20;
        let mut arcs = Vec::new();
        for v in 0..n {
            arcs.push((v, (v + 1) % n, 5.0));
            arcs.push(((v + 1) % n, v, 1.0 + (v % 3) as f64));
        }
        let members: Vec<usize> = (0..n).collect();
        let cut = feedback_arcs(&members, &weights(&arcs));
        assert!(acyclic(n, &arcs, &cut), "{cut:?}");
        assert!(
            cut.len() < arcs.len() / 2 + 1,
            "{} of {}",
            cut.len(),
            arcs.len()
        );
    }

    #[test]
    fn no_cycle_needs_no_cut() {
        let arcs = [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0)];
        assert!(feedback_arcs(&[0, 1, 2], &weights(&arcs)).is_empty());
        assert!(feedback_arcs(&[], &weights(&arcs)).is_empty());
    }
}
