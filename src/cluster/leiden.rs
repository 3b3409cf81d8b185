//! Leiden community detection (Traag, Waltman and van Eck, "From Louvain to Leiden:
//! guaranteeing well-connected communities", Scientific Reports 9, 2019).
//!
//! Takes an [`AffinityGraph`] and [`LeidenParams`]; returns a [`Partition`]. Pure, single-threaded
//! and deterministic: the same graph, parameters and seed give the same membership on every
//! platform, whatever the order of the edge list (the adjacency is canonicalised first). Knows
//! nothing of modules or output formats.
//!
//! One pass, as in the paper: (1) fast local moving with a queue, (2) refinement (see
//! [`super::refine`]) so every community stays connected, (3) aggregation of the *refined*
//! partition, with the *non-refined* partition as the starting point on the aggregate graph;
//! repeat on the aggregate graph until local moving leaves every node alone or nothing
//! aggregates. Passes are then repeated from the previous result until the partition no longer
//! changes, or [`LeidenParams::max_iterations`] passes have run.
//!
//! Both quality functions are handled as one: moving node `v` into community `D` is worth
//! `w(v, D) − γ' · a_v · A_D`, where for modularity `a` is the strength and `γ' = γ / 2m`, and
//! for CPM `a` is the node count and `γ' = γ`. Determinism: node visiting orders are shuffled by
//! a seeded [`SplitMix64`]; among equal gains the lowest community index wins; a node stays unless
//! a move strictly improves quality. Invalid edges are ignored (see [`super::affinity`]); a
//! resolution that is not a finite number `≥ 0` is treated as 1.0.

use std::collections::VecDeque;

use super::adjacency::{Adjacency, AdjacencyBuilder};
use super::affinity::AffinityGraph;
use super::partition::{Partition, community_count, cpm, modularity, renumber};
use super::refine::refine_partition;
use super::rng::SplitMix64;

/// The quality function Leiden maximises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QualityFunction {
    /// Newman–Girvan modularity with a resolution (see [`super::partition::modularity`]).
    #[default]
    Modularity,
    /// Constant Potts Model (see [`super::partition::cpm`]); its resolution is a density in
    /// edge-weight units, free of the resolution limit.
    Cpm,
}

/// Parameters of [`leiden`].
#[derive(Debug, Clone, PartialEq)]
pub struct LeidenParams {
    /// Resolution γ: higher gives more, smaller communities. Default 1.0.
    pub resolution: f64,
    /// Quality function. Default modularity.
    pub quality: QualityFunction,
    /// Seed of the random visiting order and refinement draws. Default 0.
    pub seed: u64,
    /// Most Leiden passes; each pass starts from the previous result and the loop stops early
    /// once a pass changes nothing. 0 is treated as 1. Default 10.
    pub max_iterations: usize,
    /// Refinement randomness θ in units of edge weight (the paper's θ; 0 = always the best
    /// merge). Default 0.01.
    pub randomness: f64,
}

impl Default for LeidenParams {
    fn default() -> Self {
        LeidenParams {
            resolution: 1.0,
            quality: QualityFunction::Modularity,
            seed: 0,
            max_iterations: 10,
            randomness: 0.01,
        }
    }
}

/// Finds communities of `g` with the Leiden algorithm.
///
/// Returns every node's community, renumbered `0..k` by first node, and the quality of the
/// result at `params.resolution`. An empty graph gives an empty partition; a graph without any
/// valid edge weight gives all singletons (quality 0 for modularity).
pub fn leiden(g: &AffinityGraph, params: &LeidenParams) -> Partition {
    leiden_fixed(g, params, &[])
}

/// [`leiden`] with some nodes held in place: node `v` with `fixed[v] = Some(c)` starts in
/// community `c` with the others fixed to `c` and never moves, so fixed nodes of different
/// labels never share a community; the free nodes join them or form communities of their own
/// as the quality function says. An empty `fixed` (or one of the wrong length) fixes nothing.
pub fn leiden_fixed(
    g: &AffinityGraph,
    params: &LeidenParams,
    fixed: &[Option<usize>],
) -> Partition {
    let n = g.n;
    let gamma = if params.resolution.is_finite() && params.resolution >= 0.0 {
        params.resolution
    } else {
        1.0
    };
    let adj = Adjacency::from_graph(g);
    let m = adj.total_weight();
    let (node_weight, gamma_eff) = match params.quality {
        QualityFunction::Modularity => {
            if m <= 0.0 {
                return Partition::singletons(n);
            }
            ((0..n).map(|v| adj.strength(v)).collect(), gamma / (2.0 * m))
        }
        QualityFunction::Cpm => (vec![1.0; n], gamma),
    };
    let held = fixed.len() == n && fixed.iter().any(Option::is_some);
    let base = Level {
        adj,
        node_weight,
        fixed: if held {
            fixed.iter().map(Option::is_some).collect()
        } else {
            Vec::new()
        },
    };
    let mut rng = SplitMix64::new(params.seed);
    let mut membership: Vec<usize> = (0..n).collect();
    if held {
        // Fixed label `c` starts as the community of its first node.
        let mut first: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
        for v in 0..n {
            if let Some(c) = fixed[v] {
                membership[v] = *first.entry(c).or_insert(v);
            }
        }
    }
    for _ in 0..params.max_iterations.max(1) {
        let next = leiden_pass(&base, &membership, gamma_eff, params.randomness, &mut rng);
        let changed = next != membership;
        membership = next;
        if !changed {
            break;
        }
    }
    let quality = match params.quality {
        QualityFunction::Modularity => modularity(g, &membership, gamma),
        QualityFunction::Cpm => cpm(g, &membership, gamma),
    };
    Partition {
        membership,
        quality,
    }
}

/// One aggregation level: a graph whose nodes carry the weight the quality function needs.
#[derive(Debug, Clone)]
pub(crate) struct Level {
    pub(crate) adj: Adjacency,
    /// `a_v`: strength for modularity, number of original nodes for CPM.
    pub(crate) node_weight: Vec<f64>,
    /// Nodes that never move (holding a fixed node of the graph); empty: none.
    pub(crate) fixed: Vec<bool>,
}

impl Level {
    fn n(&self) -> usize {
        self.adj.n()
    }
}

/// One Leiden pass from `start` on the original graph; returns the renumbered membership.
fn leiden_pass(
    base: &Level,
    start: &[usize],
    gamma_eff: f64,
    theta: f64,
    rng: &mut SplitMix64,
) -> Vec<usize> {
    let mut comm = start.to_vec();
    renumber(&mut comm);
    let mut node_of: Vec<usize> = (0..base.n()).collect();
    let mut owned: Option<Level> = None;
    loop {
        let level = owned.as_ref().unwrap_or(base);
        move_nodes_fast(level, &mut comm, gamma_eff, rng);
        renumber(&mut comm);
        if community_count(&comm) == level.n() {
            break;
        }
        let mut refined = refine_partition(level, &comm, gamma_eff, theta, rng);
        renumber(&mut refined);
        let r = community_count(&refined);
        if r == level.n() {
            break;
        }
        let mut next_comm = vec![0; r];
        for (v, &c) in comm.iter().enumerate() {
            next_comm[refined[v]] = c;
        }
        renumber(&mut next_comm);
        for x in node_of.iter_mut() {
            *x = refined[*x];
        }
        let next = aggregate(level, &refined, r);
        owned = Some(next);
        comm = next_comm;
    }
    let mut membership: Vec<usize> = node_of.iter().map(|&x| comm[x]).collect();
    renumber(&mut membership);
    membership
}

/// Fast local moving (the paper's `MoveNodesFast`): visit nodes from a queue, move each to the
/// community with the best strictly positive gain, and re-queue its neighbours outside the new
/// community. `comm` labels must be `< level.n()`. Returns whether any node moved.
fn move_nodes_fast(
    level: &Level,
    comm: &mut [usize],
    gamma_eff: f64,
    rng: &mut SplitMix64,
) -> bool {
    let n = level.n();
    let a = &level.node_weight;
    let total_a: f64 = a.iter().sum();
    let mut comm_weight = vec![0.0; n];
    let mut comm_size = vec![0usize; n];
    for v in 0..n {
        comm_weight[comm[v]] += a[v];
        comm_size[comm[v]] += 1;
    }
    // Stack of empty labels, lowest on top.
    let mut empty: Vec<usize> = (0..n).rev().filter(|&c| comm_size[c] == 0).collect();
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let mut queue: VecDeque<usize> = order.into();
    let mut queued = vec![true; n];
    let mut link = vec![0.0; n];
    let mut touched: Vec<usize> = Vec::new();
    let mut moved = false;

    while let Some(v) = queue.pop_front() {
        queued[v] = false;
        if level.fixed.get(v).copied().unwrap_or(false) {
            continue;
        }
        let old = comm[v];
        let (targets, weights) = level.adj.row(v);
        let mut strength = 0.0;
        for (&u, &w) in targets.iter().zip(weights) {
            let c = comm[u];
            if link[c] == 0.0 {
                touched.push(c);
            }
            link[c] += w;
            strength += w;
        }
        comm_weight[old] -= a[v];
        comm_size[old] -= 1;
        let stay_gain = link[old] - gamma_eff * a[v] * comm_weight[old];
        let mut best: Option<(usize, f64)> = None;
        let mut consider = |c: usize, gain: f64| match best {
            Some((bc, bg)) if bg > gain || (bg == gain && bc < c) => {}
            _ => best = Some((c, gain)),
        };
        for &c in &touched {
            if c != old {
                consider(c, link[c] - gamma_eff * a[v] * comm_weight[c]);
            }
        }
        if comm_size[old] > 0
            && let Some(&e) = empty.last()
        {
            consider(e, 0.0);
        }
        // Rounding noise must not move a node back and forth between equal choices.
        let tolerance = 1e-12 * (strength + gamma_eff * a[v] * total_a);
        let target = match best {
            Some((c, gain)) if gain > stay_gain + tolerance => c,
            _ => old,
        };
        if target != old && comm_size[target] == 0 {
            empty.pop();
        }
        comm_weight[target] += a[v];
        comm_size[target] += 1;
        if target != old {
            moved = true;
            comm[v] = target;
            if comm_size[old] == 0 {
                empty.push(old);
            }
            for &u in targets {
                if !queued[u] && comm[u] != target {
                    queued[u] = true;
                    queue.push_back(u);
                }
            }
        }
        for &c in &touched {
            link[c] = 0.0;
        }
        touched.clear();
    }
    moved
}

/// Collapses each refined community (labels `0..r`) into one node: node weights add up, edges
/// inside a refined community become its self-loop, edges between two add up.
fn aggregate(level: &Level, refined: &[usize], r: usize) -> Level {
    let n = level.n();
    // Members of each refined community, in node order (counting sort).
    let mut start = vec![0usize; r + 1];
    for &x in refined {
        start[x + 1] += 1;
    }
    for i in 0..r {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut members = vec![0usize; n];
    for (v, &x) in refined.iter().enumerate() {
        members[fill[x]] = v;
        fill[x] += 1;
    }
    let mut builder = AdjacencyBuilder::with_capacity(r, 0);
    let mut node_weight = vec![0.0; r];
    let mut fixed = vec![false; if level.fixed.is_empty() { 0 } else { r }];
    for (v, &x) in refined.iter().enumerate() {
        if level.fixed.get(v).copied().unwrap_or(false) {
            fixed[x] = true;
        }
    }
    let mut entries: Vec<(usize, f64)> = Vec::new();
    for x in 0..r {
        entries.clear();
        let mut self_loop = 0.0;
        for &v in &members[start[x]..start[x + 1]] {
            node_weight[x] += level.node_weight[v];
            self_loop += level.adj.self_loop(v);
            let (targets, weights) = level.adj.row(v);
            for (&u, &w) in targets.iter().zip(weights) {
                let y = refined[u];
                if y == x {
                    // Seen once from each endpoint.
                    self_loop += w / 2.0;
                } else {
                    entries.push((y, w));
                }
            }
        }
        builder.push_row(&mut entries, self_loop);
    }
    Level {
        adj: builder.finish(),
        node_weight,
        fixed,
    }
}

#[cfg(test)]
mod tests;
