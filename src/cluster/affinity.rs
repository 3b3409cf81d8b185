//! The input type of the cluster stage: an undirected weighted graph over `n` nodes.
//!
//! Owns [`AffinityGraph`] and the connected-components helper. The graph stage (or the pipeline
//! glue) fills it from module-level dependencies; this file knows nothing of modules, ids or syn.
//!
//! Edge hygiene, shared by every algorithm in `cluster/`: an edge whose weight is NaN, infinite,
//! zero or negative, or whose endpoint is `>= n`, is ignored (never a panic). Repeated edges add
//! up. A self-loop `(v, v, w)` is internal weight `w` of `v` (it adds `2w` to `v`'s degree, as in
//! igraph and networkx).

/// Undirected weighted affinity graph over `n` nodes (modules).
///
/// Edges may repeat (their weights add up); weights should be `> 0`; self-loops are allowed.
/// Invalid edges (see the file docs) are ignored by every consumer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AffinityGraph {
    /// Number of nodes; node ids are `0..n`.
    pub n: usize,
    /// `(a, b, weight)` triples, undirected.
    pub edges: Vec<(usize, usize, f64)>,
}

impl AffinityGraph {
    /// Builds a graph from its parts.
    pub fn new(n: usize, edges: Vec<(usize, usize, f64)>) -> Self {
        AffinityGraph { n, edges }
    }

    /// Iterates the edges that every algorithm accepts: both endpoints `< n` and a finite
    /// weight `> 0`.
    pub fn valid_edges(&self) -> impl Iterator<Item = (usize, usize, f64)> + '_ {
        let n = self.n;
        self.edges
            .iter()
            .copied()
            .filter(move |&(a, b, w)| a < n && b < n && is_valid_weight(w))
    }
}

/// True for a weight the cluster and metrics stages use: finite and strictly positive.
pub fn is_valid_weight(w: f64) -> bool {
    w.is_finite() && w > 0.0
}

/// Connected components of `g` (valid edges only), numbered `0..c` in order of their lowest
/// node, so the result is already a renumbered membership vector.
pub fn connected_components(g: &AffinityGraph) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..g.n).collect();
    for (a, b, _) in g.valid_edges() {
        let ra = find_root(&mut parent, a);
        let rb = find_root(&mut parent, b);
        if ra != rb {
            // Attach the higher root below the lower one; any fixed rule keeps this deterministic.
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            parent[hi] = lo;
        }
    }
    let mut label = vec![usize::MAX; g.n];
    let mut membership = vec![0; g.n];
    let mut next = 0;
    for (v, slot) in membership.iter_mut().enumerate() {
        let r = find_root(&mut parent, v);
        if label[r] == usize::MAX {
            label[r] = next;
            next += 1;
        }
        *slot = label[r];
    }
    membership
}

fn find_root(parent: &mut [usize], mut v: usize) -> usize {
    while parent[v] != v {
        // Path halving keeps the trees shallow without recursion.
        parent[v] = parent[parent[v]];
        v = parent[v];
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_edges_are_ignored() {
        let g = AffinityGraph::new(
            3,
            vec![
                (0, 1, f64::NAN),
                (0, 1, -1.0),
                (0, 1, 0.0),
                (0, 7, 1.0),
                (1, 2, f64::INFINITY),
                (1, 2, 2.0),
            ],
        );
        let valid: Vec<_> = g.valid_edges().collect();
        assert_eq!(valid, vec![(1, 2, 2.0)]);
    }

    #[test]
    fn components_are_numbered_by_lowest_node() {
        let g = AffinityGraph::new(6, vec![(4, 5, 1.0), (1, 3, 1.0), (3, 0, 1.0)]);
        assert_eq!(connected_components(&g), vec![0, 0, 1, 0, 2, 2]);
        assert!(connected_components(&AffinityGraph::default()).is_empty());
    }
}
