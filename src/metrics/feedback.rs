//! The lightest way out of a service cycle: a minimum-weight feedback arc set of the service
//! dependencies inside one strongly connected component.
//!
//! Services in a cycle cannot be extracted one at a time. Dropping (inverting, or moving the
//! code behind) the arcs returned here leaves the component acyclic, and no other set of arcs
//! that does so weighs less: the team learns which few dependencies stand between the
//! tangle and an extraction order, as architecture tools report a tangle's "feedback"
//! dependencies. Exact for up to [`EXACT`] services (dynamic programming over the orders of
//! subsets); above that, the greedy order of Eades, Lin and Smyth (1993), weighted, improved
//! by moving one service at a time to its best place (sifting), which is not always minimal.
//! Pure and deterministic: ties go to the lower index.

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
        sift(&w, greedy_order(&w))
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

/// [`feedback_arcs`] over services known by name: `arcs` are `(from, to, weight)`, summed per
/// pair, those touching a service outside `members` ignored; the cut comes back by name.
pub fn feedback_arcs_by_name<'m, 'a>(
    members: &'m [String],
    arcs: impl IntoIterator<Item = (&'a str, &'a str, f64)>,
) -> Vec<(&'m str, &'m str, f64)> {
    let index: BTreeMap<&str, usize> = members
        .iter()
        .enumerate()
        .map(|(i, m)| (m.as_str(), i))
        .collect();
    let mut weights: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for (from, to, w) in arcs {
        if let (Some(&a), Some(&b)) = (index.get(from), index.get(to)) {
            *weights.entry((a, b)).or_insert(0.0) += w;
        }
    }
    let all: Vec<usize> = (0..members.len()).collect();
    feedback_arcs(&all, &weights)
        .into_iter()
        .map(|(a, b, w)| (members[a].as_str(), members[b].as_str(), w))
        .collect()
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

/// Most passes of [`sift`] over the members.
const SIFT_PASSES: usize = 8;

/// Local search on an order (sifting): each member in turn is moved to the place where the
/// weight of the arcs pointing back is least, while a pass still finds a strict gain. Never
/// worse than the order it starts from.
fn sift(w: &[Vec<f64>], mut order: Vec<usize>) -> Vec<usize> {
    for _ in 0..SIFT_PASSES {
        let mut improved = false;
        for (v, _) in w.iter().enumerate() {
            let Some(from) = order.iter().position(|&x| x == v) else {
                continue;
            };
            order.remove(from);
            // At slot 0, before every other member, the arcs `u → v` point back. Moving `v`
            // past `u` turns `u → v` forward and `v → u` back.
            let mut cost: f64 = order.iter().map(|&u| w[u][v]).sum();
            let (mut best, mut best_cost) = (0usize, cost);
            let mut current = f64::NAN;
            for (slot, &u) in order.iter().enumerate() {
                if slot == from {
                    current = cost;
                }
                cost += w[v][u] - w[u][v];
                if cost < best_cost {
                    best = slot + 1;
                    best_cost = cost;
                }
            }
            if from == order.len() {
                current = cost;
            }
            if best_cost + 1e-12 < current {
                order.insert(best, v);
                improved = true;
            } else {
                order.insert(from, v);
            }
        }
        if !improved {
            break;
        }
    }
    order
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

    /// Weight of the arcs pointing back in `order`.
    fn back_weight(w: &[Vec<f64>], order: &[usize]) -> f64 {
        let mut total = 0.0;
        for (i, &a) in order.iter().enumerate() {
            for &b in &order[..i] {
                total += w[a][b];
            }
        }
        total
    }

    #[test]
    fn sifting_never_loses_and_often_wins_on_large_tangles() {
        // Pseudo-random dense graphs of 18–30 services (a fixed linear congruential sequence).
        let mut state: u64 = 0x5eed;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 33) as usize
        };
        let mut wins = 0;
        for round in 0..12 {
            let k = 18 + round;
            let mut w = vec![vec![0.0; k]; k];
            for (a, row) in w.iter_mut().enumerate() {
                for (b, cell) in row.iter_mut().enumerate() {
                    if a != b && next() % 4 == 0 {
                        *cell = 1.0 + (next() % 9) as f64;
                    }
                }
            }
            let greedy = greedy_order(&w);
            let sifted = sift(&w, greedy.clone());
            let mut sorted = sifted.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..k).collect::<Vec<_>>(), "a permutation");
            let (g, s) = (back_weight(&w, &greedy), back_weight(&w, &sifted));
            assert!(s <= g + 1e-9, "round {round}: {s} > {g}");
            if s < g {
                wins += 1;
            }
        }
        assert!(wins >= 6, "sifting improved {wins} of 12");
    }

    #[test]
    fn no_cycle_needs_no_cut() {
        let arcs = [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0)];
        assert!(feedback_arcs(&[0, 1, 2], &weights(&arcs)).is_empty());
        assert!(feedback_arcs(&[], &weights(&arcs)).is_empty());
    }
}
