//! Keeping groups of nodes together after clustering (for example, the modules that write the
//! same table must end up in one service).
//!
//! Takes a membership vector, the groups and the [`AffinityGraph`] it was computed on; moves
//! nodes in place. Knows nothing of tables, modules or output formats.
//!
//! Rule: groups are handled once each, in the given order. A group whose nodes all share a
//! community is left alone. Otherwise every community holding some of the group is tried as the
//! meeting point: the group's other nodes are moved into it, one at a time in node order, and
//! the modularity (resolution 1) lost by those moves is measured exactly. The meeting point that
//! loses least wins; ties go to the community holding more of the group, then to the lower
//! label. For a group split in two this is "move the minority into the majority, unless moving
//! the majority the other way loses less". Only group nodes move; a later group may pull a node
//! away from an earlier group; labels are kept (a community may become empty, so renumber if
//! needed) and a community left behind may become disconnected. `usize::MAX` is an ordinary
//! label here. Group entries `>=` the membership length are ignored, as are invalid edges.

use super::adjacency::Adjacency;
use super::affinity::AffinityGraph;
use super::partition::DenseLabels;

/// Moves nodes so that every group in `groups` ends up in one community (see the file docs for
/// the rule and its limits).
pub fn enforce_together(membership: &mut [usize], groups: &[Vec<usize>], g: &AffinityGraph) {
    let len = membership.len();
    if len == 0 {
        return;
    }
    let adj = Adjacency::from_graph(g);
    let labels = DenseLabels::new(membership);
    let mut dense: Vec<usize> = membership.iter().map(|&c| labels.index(c)).collect();
    let strength: Vec<f64> = (0..len)
        .map(|v| if v < adj.n() { adj.strength(v) } else { 0.0 })
        .collect();
    let mut comm_strength = vec![0.0; labels.len()];
    for v in 0..len {
        comm_strength[dense[v]] += strength[v];
    }
    let state = Scorer {
        adj: &adj,
        strength: &strength,
        m: adj.total_weight(),
    };

    for group in groups {
        let mut nodes: Vec<usize> = group.iter().copied().filter(|&v| v < len).collect();
        nodes.sort_unstable();
        nodes.dedup();
        let mut present: Vec<usize> = nodes.iter().map(|&v| dense[v]).collect();
        present.sort_unstable();
        present.dedup();
        if present.len() < 2 {
            continue;
        }
        let mut best: Option<(f64, usize, usize)> = None; // (loss, members already there, c)
        for &c in &present {
            let held = nodes.iter().filter(|&&v| dense[v] == c).count();
            let loss = -state.gather(&nodes, c, &mut dense, &mut comm_strength, true);
            let better = match best {
                None => true,
                Some((bl, bh, _)) => loss < bl || (loss == bl && held > bh),
            };
            if better {
                best = Some((loss, held, c));
            }
        }
        if let Some((_, _, c)) = best {
            state.gather(&nodes, c, &mut dense, &mut comm_strength, false);
        }
    }
    for (v, slot) in membership.iter_mut().enumerate() {
        *slot = labels.label(dense[v]);
    }
}

/// Exact modularity changes of single-node moves.
struct Scorer<'a> {
    adj: &'a Adjacency,
    strength: &'a [f64],
    m: f64,
}

impl Scorer<'_> {
    /// Moves every node of `nodes` not in `c` into `c`, in order, and returns the total change
    /// of modularity. With `undo`, every move is reverted before returning.
    fn gather(
        &self,
        nodes: &[usize],
        c: usize,
        dense: &mut [usize],
        comm_strength: &mut [f64],
        undo: bool,
    ) -> f64 {
        let mut delta = 0.0;
        let mut moved: Vec<(usize, usize)> = Vec::new();
        for &v in nodes {
            let from = dense[v];
            if from == c {
                continue;
            }
            delta += self.move_gain(v, from, c, dense, comm_strength);
            comm_strength[from] -= self.strength[v];
            comm_strength[c] += self.strength[v];
            dense[v] = c;
            moved.push((v, from));
        }
        if undo {
            for &(v, from) in moved.iter().rev() {
                comm_strength[c] -= self.strength[v];
                comm_strength[from] += self.strength[v];
                dense[v] = from;
            }
        }
        delta
    }

    /// ΔQ of moving `v` from `from` to `to`:
    /// `[w(v, to) − w(v, from∖v)] / m − k_v · (K_to − (K_from − k_v)) / 2m²`.
    fn move_gain(
        &self,
        v: usize,
        from: usize,
        to: usize,
        dense: &[usize],
        comm_strength: &[f64],
    ) -> f64 {
        if self.m <= 0.0 || v >= self.adj.n() {
            return 0.0;
        }
        let (targets, weights) = self.adj.row(v);
        let (mut w_to, mut w_from) = (0.0, 0.0);
        for (&u, &w) in targets.iter().zip(weights) {
            match dense.get(u) {
                Some(&cu) if cu == to => w_to += w,
                Some(&cu) if cu == from => w_from += w,
                _ => {}
            }
        }
        let k = self.strength[v];
        (w_to - w_from) / self.m
            - k * (comm_strength[to] - (comm_strength[from] - k)) / (2.0 * self.m * self.m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::partition::modularity;

    /// Triangle {0,1,2}, triangle {3,4,5}, bridge 2-3, and a pendant node 6 attached to 5.
    fn graph() -> AffinityGraph {
        AffinityGraph::new(
            7,
            vec![
                (0, 1, 1.0),
                (1, 2, 1.0),
                (0, 2, 1.0),
                (3, 4, 1.0),
                (4, 5, 1.0),
                (3, 5, 1.0),
                (2, 3, 1.0),
                (5, 6, 1.0),
            ],
        )
    }

    #[test]
    fn equal_losses_go_to_the_majority() {
        let g = graph();
        let mut m = vec![0, 0, 0, 1, 1, 1, 1];
        // Group {2, 3, 4}; m = 8, strengths 2,2,3,3,2,3,1, K0 = 7, K1 = 9.
        // Move 2 into 1: (1 − 2)/8 − 3·(9 − 4)/128 = −16/128 − 15/128 = −31/128.
        // Move 3 then 4 into 0: (1 − 2)/8 − 3·(7 − 6)/128 = −19/128, then (K0 = 10, K1 = 6)
        // (1 − 1)/8 − 2·(10 − 4)/128 = −12/128; total −31/128. A tie: community 1 holds two
        // of the group, so 2 moves.
        enforce_together(&mut m, &[vec![2, 3, 4]], &g);
        assert_eq!(m[2], m[3]);
        assert_eq!(m[3], m[4]);
        assert_eq!(m, vec![0, 0, 1, 1, 1, 1, 1]);
    }

    #[test]
    fn the_cheaper_direction_wins_even_against_the_majority() {
        // Group {0, 1, 3}: majority is community 0 (nodes 0, 1). Moving 3 (bridge end, degree 3)
        // into 0 versus moving 0 and 1 (degree 2 each, tied to 2) into 1.
        let g = graph();
        let start = vec![0, 0, 0, 1, 1, 1, 1];
        let mut m = start.clone();
        enforce_together(&mut m, &[vec![0, 1, 3]], &g);
        let mut a = start.clone();
        a[3] = 0;
        let mut b = start.clone();
        b[0] = 1;
        b[1] = 1;
        let (qa, qb) = (modularity(&g, &a, 1.0), modularity(&g, &b, 1.0));
        assert_eq!(m, if qa >= qb { a } else { b });
    }

    #[test]
    fn loss_matches_modularity_difference() {
        let g = graph();
        let adj = Adjacency::from_graph(&g);
        let strength: Vec<f64> = (0..7).map(|v| adj.strength(v)).collect();
        let start = vec![0, 0, 0, 1, 1, 1, 1];
        let mut dense = start.clone();
        let mut cs = vec![0.0; 2];
        for v in 0..7 {
            cs[dense[v]] += strength[v];
        }
        let s = Scorer {
            adj: &adj,
            strength: &strength,
            m: adj.total_weight(),
        };
        let delta = s.gather(&[3, 4], 0, &mut dense, &mut cs, true);
        assert_eq!(dense, start);
        let after = vec![0, 0, 0, 0, 0, 1, 1];
        let expected = modularity(&g, &after, 1.0) - modularity(&g, &start, 1.0);
        assert!((delta - expected).abs() < 1e-12);
    }

    #[test]
    fn degenerate_inputs_do_not_panic() {
        let g = graph();
        let mut empty: Vec<usize> = vec![];
        enforce_together(&mut empty, &[vec![0, 1]], &g);
        let mut m = vec![0, 1, 2];
        enforce_together(
            &mut m,
            &[vec![], vec![9, 0], vec![1, 1]],
            &AffinityGraph::new(3, vec![]),
        );
        assert_eq!(m, vec![0, 1, 2]);
        // No edges: every meeting point loses nothing; the larger share wins, then lower label.
        let mut m = vec![5, 5, 2, usize::MAX];
        enforce_together(&mut m, &[vec![0, 1, 2, 3]], &AffinityGraph::new(4, vec![]));
        assert_eq!(m, vec![5, 5, 5, 5]);
        let mut m = vec![5, 2];
        enforce_together(&mut m, &[vec![0, 1]], &AffinityGraph::new(2, vec![]));
        assert_eq!(m, vec![2, 2]);
    }
}
