//! Partitions of a node set and the two quality functions Leiden optimises.
//!
//! Owns [`Partition`], [`renumber`], [`community_count`], [`modularity`] and [`cpm`]. Takes plain
//! membership vectors (any `usize` labels) and an [`AffinityGraph`]; returns numbers. Knows
//! nothing of modules, services or output formats.

use super::affinity::AffinityGraph;

/// A partition of the nodes `0..n` of a graph into communities.
#[derive(Debug, Clone, PartialEq)]
pub struct Partition {
    /// Community of each node, renumbered `0..k` in order of each community's first node.
    pub membership: Vec<usize>,
    /// Value of the quality function that produced it (modularity or CPM, at its resolution).
    pub quality: f64,
}

impl Partition {
    /// Number of communities `k`.
    pub fn community_count(&self) -> usize {
        community_count(&self.membership)
    }

    /// Every node alone in its own community.
    pub fn singletons(n: usize) -> Self {
        Partition {
            membership: (0..n).collect(),
            quality: 0.0,
        }
    }
}

/// Relabels `membership` in place to `0..k` in order of each label's first occurrence, so that
/// two vectors describing the same partition become equal.
pub fn renumber(membership: &mut [usize]) {
    let labels = DenseLabels::new(membership);
    let mut new_label = vec![usize::MAX; labels.len()];
    let mut next = 0;
    for c in membership.iter_mut() {
        let d = labels.index(*c);
        if new_label[d] == usize::MAX {
            new_label[d] = next;
            next += 1;
        }
        *c = new_label[d];
    }
}

/// Number of distinct labels in `membership`.
pub fn community_count(membership: &[usize]) -> usize {
    DenseLabels::new(membership).len()
}

/// Newman–Girvan modularity with resolution `gamma` of `membership` on `g`:
/// `Q = Σ_c [ e_c / m − γ · (K_c / 2m)² ]`, where `m` is the total edge weight, `e_c` the weight
/// of edges inside community `c` (self-loops included) and `K_c` the summed strengths of its
/// nodes (a self-loop adds twice its weight). Labels may be any `usize`; nodes beyond
/// `membership.len()` and invalid edges are ignored. Returns 0 for a graph without edge weight.
pub fn modularity(g: &AffinityGraph, membership: &[usize], gamma: f64) -> f64 {
    let labels = DenseLabels::new(membership);
    let k = labels.len();
    let mut internal = vec![0.0; k];
    let mut strength = vec![0.0; k];
    let mut m = 0.0;
    for (a, b, w) in g.valid_edges() {
        if a >= membership.len() || b >= membership.len() {
            continue;
        }
        m += w;
        let ca = labels.index(membership[a]);
        let cb = labels.index(membership[b]);
        strength[ca] += w;
        strength[cb] += w;
        if ca == cb {
            internal[ca] += w;
        }
    }
    if m <= 0.0 {
        return 0.0;
    }
    (0..k)
        .map(|c| internal[c] / m - gamma * (strength[c] / (2.0 * m)).powi(2))
        .sum()
}

/// Constant Potts Model quality with resolution `gamma`:
/// `H = Σ_c [ e_c − γ · n_c (n_c − 1) / 2 ]`, with `e_c` as in [`modularity`] and `n_c` the
/// number of nodes in community `c`. Not normalised: it grows with the edge weight.
pub fn cpm(g: &AffinityGraph, membership: &[usize], gamma: f64) -> f64 {
    let labels = DenseLabels::new(membership);
    let k = labels.len();
    let mut internal = vec![0.0; k];
    let mut size = vec![0.0f64; k];
    for &c in membership {
        size[labels.index(c)] += 1.0;
    }
    for (a, b, w) in g.valid_edges() {
        if a < membership.len() && b < membership.len() && membership[a] == membership[b] {
            internal[labels.index(membership[a])] += w;
        }
    }
    (0..k)
        .map(|c| internal[c] - gamma * size[c] * (size[c] - 1.0) / 2.0)
        .sum()
}

/// Maps arbitrary `usize` labels to dense indices `0..k` (sorted label order).
#[derive(Debug)]
pub struct DenseLabels {
    sorted: Vec<usize>,
}

impl DenseLabels {
    /// The distinct labels of `membership`.
    pub fn new(membership: &[usize]) -> Self {
        let mut sorted = membership.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        DenseLabels { sorted }
    }

    /// Number of distinct labels.
    pub fn len(&self) -> usize {
        self.sorted.len()
    }

    /// True when there is no label at all.
    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }

    /// Dense index of `label`. Must be one of the labels given to [`DenseLabels::new`]; an
    /// unknown label maps to the index where it would be inserted, never a panic.
    pub fn index(&self, label: usize) -> usize {
        match self.sorted.binary_search(&label) {
            Ok(i) | Err(i) => i.min(self.sorted.len().saturating_sub(1)),
        }
    }

    /// The label at dense index `i`.
    pub fn label(&self, i: usize) -> usize {
        self.sorted[i]
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Two triangles {0,1,2} and {3,4,5} joined by the edge 2-3, all weights 1.
    pub(crate) fn two_triangles() -> AffinityGraph {
        AffinityGraph::new(
            6,
            vec![
                (0, 1, 1.0),
                (1, 2, 1.0),
                (0, 2, 1.0),
                (3, 4, 1.0),
                (4, 5, 1.0),
                (3, 5, 1.0),
                (2, 3, 1.0),
            ],
        )
    }

    #[test]
    fn renumber_by_first_occurrence() {
        let mut m = vec![7, 7, 3, usize::MAX, 3, 7];
        renumber(&mut m);
        assert_eq!(m, vec![0, 0, 1, 2, 1, 0]);
        assert_eq!(community_count(&m), 3);
        let mut empty: Vec<usize> = vec![];
        renumber(&mut empty);
        assert!(empty.is_empty());
    }

    #[test]
    fn modularity_of_two_triangles() {
        // m = 7. Each triangle: e_c = 3, K_c = 2+2+3 = 7.
        // Q = 2 * (3/7 - (7/14)^2) = 2 * (0.428571 - 0.25) = 0.357142...
        let g = two_triangles();
        let q = modularity(&g, &[0, 0, 0, 1, 1, 1], 1.0);
        assert!((q - (6.0 / 7.0 - 0.5)).abs() < 1e-12);
        // Labels need not be dense.
        let q2 = modularity(&g, &[9, 9, 9, 4, 4, 4], 1.0);
        assert!((q - q2).abs() < 1e-15);
        // All in one: e = 7, K = 14: Q = 1 - 1 = 0.
        assert!(modularity(&g, &[0; 6], 1.0).abs() < 1e-12);
        // No edges at all.
        assert_eq!(
            modularity(&AffinityGraph::new(3, vec![]), &[0, 1, 2], 1.0),
            0.0
        );
    }

    #[test]
    fn self_loop_counts_twice_in_strength() {
        // One node with a loop of weight 2 and an edge 0-1 of weight 1: m = 3.
        // All in one community: e = 3, K = 2*2 + 1 + 1 = 6, Q = 3/3 - (6/6)^2 = 0.
        // Split: c0 = {0}: e = 2, K = 5; c1 = {1}: e = 0, K = 1.
        // Q = 2/3 - (5/6)^2 - (1/6)^2 = 0.6667 - 0.6944 - 0.0278 = -0.0556.
        let g = AffinityGraph::new(2, vec![(0, 0, 2.0), (0, 1, 1.0)]);
        assert!(modularity(&g, &[0, 0], 1.0).abs() < 1e-12);
        let q = modularity(&g, &[0, 1], 1.0);
        assert!((q - (2.0 / 3.0 - 25.0 / 36.0 - 1.0 / 36.0)).abs() < 1e-12);
    }

    #[test]
    fn cpm_of_two_triangles() {
        // gamma = 0.5: each triangle 3 - 0.5 * 3 = 1.5, total 3.0.
        let g = two_triangles();
        assert!((cpm(&g, &[0, 0, 0, 1, 1, 1], 0.5) - 3.0).abs() < 1e-12);
        // All in one: 7 - 0.5 * 15 = -0.5.
        assert!((cpm(&g, &[0; 6], 0.5) + 0.5).abs() < 1e-12);
    }
}
