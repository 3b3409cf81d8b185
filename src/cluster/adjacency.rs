//! Compact adjacency (CSR) of an undirected weighted graph: the form every algorithm in
//! `cluster/` walks.
//!
//! Exists because [`AffinityGraph`] is a loose edge list (repeats, invalid weights, any order)
//! while local moving needs each node's neighbours fast and in a canonical order. Takes an
//! [`AffinityGraph`] (or rows built by aggregation) and returns an [`Adjacency`] whose rows are
//! sorted by neighbour, with repeated edges summed and invalid edges dropped, so no result can
//! depend on the order in which the caller listed its edges.

use super::affinity::AffinityGraph;

/// Undirected weighted graph in compressed sparse row form.
///
/// Every undirected edge `{a, b}` (`a != b`) is stored in both rows; self-loops are kept apart in
/// [`Adjacency::self_loop`] and are counted once in [`Adjacency::total_weight`].
#[derive(Debug, Clone, Default)]
pub struct Adjacency {
    offsets: Vec<usize>,
    targets: Vec<usize>,
    weights: Vec<f64>,
    self_loops: Vec<f64>,
    total_weight: f64,
}

impl Adjacency {
    /// Canonical adjacency of `g`'s valid edges (see [`AffinityGraph::valid_edges`]).
    pub fn from_graph(g: &AffinityGraph) -> Self {
        let n = g.n;
        let mut self_loops = vec![0.0; n];
        let mut degree = vec![0usize; n];
        for (a, b, _) in g.valid_edges() {
            if a != b {
                degree[a] += 1;
                degree[b] += 1;
            }
        }
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        for d in &degree {
            let last = offsets[offsets.len() - 1];
            offsets.push(last + d);
        }
        let slots = offsets[n];
        let mut entries: Vec<(usize, f64)> = vec![(0, 0.0); slots];
        let mut fill = offsets.clone();
        for (a, b, w) in g.valid_edges() {
            if a == b {
                self_loops[a] += w;
            } else {
                entries[fill[a]] = (b, w);
                fill[a] += 1;
                entries[fill[b]] = (a, w);
                fill[b] += 1;
            }
        }
        let mut builder = AdjacencyBuilder::with_capacity(n, slots);
        for v in 0..n {
            let row = &mut entries[offsets[v]..offsets[v + 1]];
            builder.push_row(row, self_loops[v]);
        }
        builder.finish()
    }

    /// Number of nodes.
    pub fn n(&self) -> usize {
        self.self_loops.len()
    }

    /// Neighbours of `v` (never `v` itself) and the summed edge weights, sorted by neighbour.
    pub fn row(&self, v: usize) -> (&[usize], &[f64]) {
        let range = self.offsets[v]..self.offsets[v + 1];
        (&self.targets[range.clone()], &self.weights[range])
    }

    /// Weight of `v`'s self-loop (0 when it has none).
    pub fn self_loop(&self, v: usize) -> f64 {
        self.self_loops[v]
    }

    /// Strength (weighted degree) of `v`: its edge weights plus twice its self-loop.
    pub fn strength(&self, v: usize) -> f64 {
        let (_, w) = self.row(v);
        w.iter().sum::<f64>() + 2.0 * self.self_loops[v]
    }

    /// Total undirected edge weight `m` (each edge once, self-loops included once).
    pub fn total_weight(&self) -> f64 {
        self.total_weight
    }
}

/// Builds an [`Adjacency`] row by row, for nodes `0, 1, 2, …` in order.
#[derive(Debug, Default)]
pub struct AdjacencyBuilder {
    adj: Adjacency,
    /// Twice the weight of the non-loop edges seen so far (each appears in two rows).
    twice_edges: f64,
    self_total: f64,
}

impl AdjacencyBuilder {
    /// A builder with room for `n` rows and `slots` row entries.
    pub fn with_capacity(n: usize, slots: usize) -> Self {
        let mut adj = Adjacency {
            offsets: Vec::with_capacity(n + 1),
            targets: Vec::with_capacity(slots),
            weights: Vec::with_capacity(slots),
            self_loops: Vec::with_capacity(n),
            total_weight: 0.0,
        };
        adj.offsets.push(0);
        AdjacencyBuilder {
            adj,
            twice_edges: 0.0,
            self_total: 0.0,
        }
    }

    /// Appends the next row. `entries` may be unsorted and repeat a neighbour; it is sorted in
    /// place (by neighbour, then weight) and repeats are summed. The caller must list every
    /// non-loop edge in both of its endpoints' rows.
    pub fn push_row(&mut self, entries: &mut [(usize, f64)], self_loop: f64) {
        entries.sort_unstable_by(|x, y| x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)));
        let mut i = 0;
        while i < entries.len() {
            let target = entries[i].0;
            let mut w = 0.0;
            while i < entries.len() && entries[i].0 == target {
                w += entries[i].1;
                i += 1;
            }
            self.adj.targets.push(target);
            self.adj.weights.push(w);
            self.twice_edges += w;
        }
        self.adj.offsets.push(self.adj.targets.len());
        self.adj.self_loops.push(self_loop);
        self.self_total += self_loop;
    }

    /// The finished adjacency.
    pub fn finish(mut self) -> Adjacency {
        self.adj.total_weight = self.twice_edges / 2.0 + self.self_total;
        self.adj
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_canonical_and_summed() {
        // Edge order and repeats must not matter: 0-1 twice (1 + 2), 1-2 once, loop on 2.
        let g = AffinityGraph::new(
            3,
            vec![
                (1, 0, 1.0),
                (2, 1, 4.0),
                (0, 1, 2.0),
                (2, 2, 0.5),
                (0, 2, f64::NAN),
            ],
        );
        let adj = Adjacency::from_graph(&g);
        assert_eq!(adj.n(), 3);
        assert_eq!(adj.row(0), (&[1][..], &[3.0][..]));
        assert_eq!(adj.row(1), (&[0, 2][..], &[3.0, 4.0][..]));
        assert_eq!(adj.row(2), (&[1][..], &[4.0][..]));
        assert_eq!(adj.self_loop(2), 0.5);
        // Strength of 2 = 4 + 2 * 0.5 = 5; m = 3 + 4 + 0.5 = 7.5.
        assert_eq!(adj.strength(2), 5.0);
        assert_eq!(adj.total_weight(), 7.5);
    }

    #[test]
    fn empty_graph() {
        let adj = Adjacency::from_graph(&AffinityGraph::default());
        assert_eq!(adj.n(), 0);
        assert_eq!(adj.total_weight(), 0.0);
    }
}
