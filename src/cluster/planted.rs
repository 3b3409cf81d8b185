//! Seeded planted-partition graphs: the known-answer input for the Leiden tests and the
//! `cluster` benchmark.
//!
//! Exists in the library (not under `#[cfg(test)]`) because `benches/cluster.rs` is a separate
//! crate that needs the same generator. Takes sizes and a seed; returns an [`AffinityGraph`]
//! and the planted membership. Knows nothing else.

use super::affinity::AffinityGraph;
use super::rng::SplitMix64;

/// A graph of `n` nodes in `k` planted communities (node `v` belongs to `v % k`).
///
/// Each node draws `internal_degree` edges (weight 1) to uniform random other members of its
/// community and `external_degree` edges to uniform random nodes of other communities, so the
/// graph has about `n · (internal_degree + external_degree)` edges and a mixing parameter of
/// about `external / (internal + external)`. Returns the graph and the planted membership.
/// `k` is clamped to `1..=n`.
pub fn planted_partition(
    n: usize,
    k: usize,
    internal_degree: usize,
    external_degree: usize,
    seed: u64,
) -> (AffinityGraph, Vec<usize>) {
    let k = k.clamp(1, n.max(1));
    let membership: Vec<usize> = (0..n).map(|v| v % k).collect();
    let mut rng = SplitMix64::new(seed);
    let mut edges = Vec::with_capacity(n * (internal_degree + external_degree));
    for v in 0..n {
        let c = v % k;
        // Members of c are c, c + k, c + 2k, … below n.
        let size = (n - c).div_ceil(k);
        if size > 1 {
            for _ in 0..internal_degree {
                let mut u = c + k * rng.below(size);
                if u == v {
                    u = c + k * ((u / k + 1) % size);
                }
                edges.push((v, u, 1.0));
            }
        }
        if k > 1 {
            for _ in 0..external_degree {
                // A uniform node outside c: draw among the n - size others and skip c's slots.
                let mut u = rng.below(n - size);
                u = skip_community(u, c, k, n);
                edges.push((v, u, 1.0));
            }
        }
    }
    (AffinityGraph::new(n, edges), membership)
}

/// Maps `i` in `0..(n - |c|)` to the `i`-th node (in index order) that is not in community `c`.
fn skip_community(i: usize, c: usize, k: usize, n: usize) -> usize {
    // Every full block of k consecutive nodes holds k - 1 nodes outside c.
    let block = i / (k - 1);
    let within = i % (k - 1);
    let u = block * k + if within >= c { within + 1 } else { within };
    u.min(n - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_respect_the_plan() {
        let (g, m) = planted_partition(103, 10, 3, 1, 5);
        assert_eq!(g.n, 103);
        let mut internal = 0;
        let mut external = 0;
        for &(a, b, w) in &g.edges {
            assert!(a < 103 && b < 103 && a != b && w == 1.0);
            if m[a] == m[b] {
                internal += 1;
            } else {
                external += 1;
            }
        }
        assert_eq!(internal, 103 * 3);
        assert_eq!(external, 103);
    }

    #[test]
    fn skip_community_never_lands_in_c() {
        let (n, k): (usize, usize) = (23, 4);
        for c in 0..k {
            let size = (n - c).div_ceil(k);
            let mapped: Vec<usize> = (0..n - size).map(|i| skip_community(i, c, k, n)).collect();
            assert!(mapped.iter().all(|&u| u % k != c && u < n));
            let mut dedup = mapped.clone();
            dedup.dedup();
            assert_eq!(dedup.len(), mapped.len());
        }
    }

    #[test]
    fn degenerate_sizes() {
        assert!(planted_partition(0, 3, 2, 1, 0).0.edges.is_empty());
        let (g, m) = planted_partition(1, 5, 2, 1, 0);
        assert!(g.edges.is_empty());
        assert_eq!(m, vec![0]);
    }
}
