//! How many services: the evidence decides by default, `--services N` is met exactly.
//!
//! Default: Leiden (modularity, resolution `Tuning::gamma`, 1.2) over the whole affinity graph,
//! the partition of highest modularity among [`RUNS`] seeds, then a size cap:
//! a service holding more than `Tuning::cap` (40 %) of the clustered modules is split again (Leiden on its
//! own subgraph, at rising resolution) as long as something separates it, i.e. the split does
//! not just peel off a module or two. Communities of `Tuning::refine_min` modules or more whose
//! own subgraph splits with modularity `Tuning::split_q` are split again, unless the split
//! would cut an aggregate: two tables the code declares related (foreign key, SeaORM relation,
//! join) written from different parts. With a requested count, services are split (largest
//! first) or merged (the two whose union raises modularity most: merging the smallest into the
//! one it is most attached to fed the largest) until exactly that many remain, or it is said
//! why not.
//!
//! Memberships here cover every node of the affinity graph (modules first, then tables, terms
//! and directories); only module nodes are counted.

use crate::cluster::affinity::AffinityGraph;
use crate::cluster::leiden::{LeidenParams, leiden, leiden_fixed};
use crate::cluster::partition::modularity;
use std::collections::{BTreeMap, BTreeSet};

use super::{SEED, Tuning};

/// The partition and why it has this many services.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// Community of every node of the affinity graph.
    pub membership: Vec<usize>,
    /// Resolution of the Leiden run the partition comes from.
    pub resolution: Option<f64>,
    /// Why a requested count could not be met.
    pub note: Option<String>,
    /// Why this many, without the count (the caller knows the final one).
    pub reason: String,
}

fn params(gamma: f64, seed: u64) -> LeidenParams {
    LeidenParams {
        resolution: gamma,
        seed,
        ..LeidenParams::default()
    }
}

/// How many seeds [`best_leiden`] tries on the whole graph.
pub const RUNS: u64 = 4;

/// How many seeds it tries when a community is split again: splits run many times (each
/// community over the cap or large enough, at up to four resolutions), and more seeds there
/// cost lemmy's cluster stage 25 → 110 ms for no steady gain on the domain benchmark.
pub const SPLIT_RUNS: u64 = 1;

/// The partition of highest modularity among Leiden runs with `runs` seeds: one run's
/// result depends on its random visiting order (on the domain benchmark, single runs with
/// different seeds move an application's score by up to 30 points), the best of several much
/// less. Ties go to the earlier seed. Four seeds cost lemmy's cluster stage 25 → 35 ms.
fn best_leiden(g: &AffinityGraph, gamma: f64, seed: u64, runs: u64) -> Vec<usize> {
    best_leiden_held(g, gamma, seed, runs, &[])
}

/// [`best_leiden`] with the nodes of `fixed` held in their communities (see
/// [`leiden_fixed`]).
fn best_leiden_held(
    g: &AffinityGraph,
    gamma: f64,
    seed: u64,
    runs: u64,
    fixed: &[Option<usize>],
) -> Vec<usize> {
    let base = params(gamma, seed);
    let mut best: Option<(f64, Vec<usize>)> = None;
    for run in 0..runs.max(1) {
        let p = LeidenParams {
            seed: base.seed.wrapping_add(run),
            ..base.clone()
        };
        let membership = leiden_fixed(g, &p, fixed).membership;
        let q = modularity(g, &membership, gamma);
        if best.as_ref().is_none_or(|(b, _)| q > *b) {
            best = Some((q, membership));
        }
    }
    best.map(|(_, m)| m).unwrap_or_else(|| vec![0; g.n])
}

/// Module count of each community holding modules.
pub fn sizes(membership: &[usize], modules: usize) -> BTreeMap<usize, usize> {
    let mut out = BTreeMap::new();
    for &c in &membership[..modules.min(membership.len())] {
        *out.entry(c).or_default() += 1;
    }
    out
}

/// The default partition: Leiden, then the size cap, then the split of services whose own
/// modules form clear communities.
pub fn partition(g: &AffinityGraph, modules: usize, is_data: &[bool], tune: &Tuning) -> Outcome {
    partition_held(g, modules, is_data, tune, &[])
}

/// [`partition`] with declared nodes held: `fixed[v]` is the declared service of node `v`.
/// Fixed nodes of one service stay together and apart from the others' (Leiden never moves
/// them), and a community holding them is never split again: it is a service the user drew.
pub fn partition_held(
    g: &AffinityGraph,
    modules: usize,
    is_data: &[bool],
    tune: &Tuning,
    fixed: &[Option<usize>],
) -> Outcome {
    if modules == 0 {
        return Outcome {
            membership: vec![0; g.n],
            reason: "no module left to cluster once composition roots, the shared kernel, migrations and test support are set apart".to_string(),
            ..Outcome::default()
        };
    }
    if modules == 1 {
        return Outcome {
            membership: vec![0; g.n],
            reason: "one module left to cluster once composition roots, the shared kernel, migrations and test support are set apart: nothing to split".to_string(),
            ..Outcome::default()
        };
    }
    let gamma = tune.resolution(modules);
    let mut membership = best_leiden_held(g, gamma, tune.seed, RUNS, fixed);
    let found = sizes(&membership, modules).len();
    let held: BTreeSet<usize> = (0..membership.len())
        .filter(|&v| fixed.get(v).is_some_and(Option::is_some))
        .map(|v| membership[v])
        .collect();
    let cap = (tune.cap * modules as f64).ceil() as usize;
    let mut split = 0usize;
    let mut stuck: Vec<usize> = Vec::new();
    loop {
        let s = sizes(&membership, modules);
        let Some((&c, _)) = s
            .iter()
            .filter(|(c, size)| {
                **size > cap && **size >= 6 && !stuck.contains(c) && !held.contains(c)
            })
            .max_by_key(|(c, size)| (**size, std::cmp::Reverse(**c)))
        else {
            break;
        };
        if split_community(&mut membership, g, modules, c, false, 0.0, tune.seed, None) {
            split += 1;
        } else {
            stuck.push(c);
        }
    }
    // Communities of `Tuning::refine_min` modules or more with a strong structure of their own
    // are split again, unless that cuts an aggregate.
    let mut refined = 0usize;
    if tune.split_q < 1.0 {
        let mut done: Vec<usize> = Vec::new();
        loop {
            let s = sizes(&membership, modules);
            let Some((&c, _)) = s
                .iter()
                .filter(|(c, size)| {
                    **size as f64 >= tune.refine_min && !done.contains(c) && !held.contains(c)
                })
                .max_by_key(|(c, size)| (**size, std::cmp::Reverse(**c)))
            else {
                break;
            };
            if split_community(
                &mut membership,
                g,
                modules,
                c,
                false,
                tune.split_q,
                tune.seed,
                (tune.aggregate > 0.0).then_some(is_data),
            ) {
                refined += 1;
            } else {
                done.push(c);
            }
        }
    }
    let mut reason = format!(
        "the communities of structure, shared tables and domain terms (Leiden, resolution {})",
        (gamma * 100.0).round() / 100.0
    );
    if split > 0 {
        reason.push_str(&format!(
            "; {found} found, {split} split again so that none holds more than {:.0} % of the modules",
            tune.cap * 100.0
        ));
    }
    if refined > 0 {
        reason.push_str(&format!(
            "; {refined} split again where their own modules form communities (modularity ≥ {})",
            tune.split_q
        ));
    }
    if !stuck.is_empty() {
        let largest = sizes(&membership, modules)
            .values()
            .max()
            .copied()
            .unwrap_or(0);
        reason.push_str(&format!(
            "; the largest holds {:.0} % of the modules and nothing separates it further",
            100.0 * largest as f64 / modules as f64
        ));
    }
    Outcome {
        membership,
        resolution: Some(gamma),
        note: None,
        reason,
    }
}

/// Splits or merges until exactly `k` communities hold modules; a note says why not when that
/// cannot be done.
pub fn fit(
    membership: &mut [usize],
    g: &AffinityGraph,
    modules: usize,
    k: usize,
) -> Option<String> {
    let mut stuck: Vec<usize> = Vec::new();
    while sizes(membership, modules).len() < k {
        let s = sizes(membership, modules);
        let Some((&c, _)) = s
            .iter()
            .filter(|(c, size)| **size >= 2 && !stuck.contains(c))
            .max_by_key(|(c, size)| (**size, std::cmp::Reverse(**c)))
        else {
            break;
        };
        if !split_community(membership, g, modules, c, true, 0.0, SEED, None) {
            stuck.push(c);
        }
    }
    merge_by_modularity(membership, g, modules, k);
    let found = sizes(membership, modules).len();
    (found != k).then(|| {
        format!("asked for {k} services, found {found}: only {modules} modules can be clustered")
    })
}

/// Splits community `c` by Leiden on its own subgraph at rising resolution. Without `force`,
/// a split must leave no part above 85 % of the community (peeling off a module or two is no
/// separation).
#[allow(clippy::too_many_arguments)]
fn split_community(
    membership: &mut [usize],
    g: &AffinityGraph,
    modules: usize,
    c: usize,
    force: bool,
    min_q: f64,
    seed: u64,
    aggregates: Option<&[bool]>,
) -> bool {
    let inside: Vec<usize> = (0..g.n).filter(|&v| membership[v] == c).collect();
    let mut local = vec![usize::MAX; g.n];
    for (i, &v) in inside.iter().enumerate() {
        local[v] = i;
    }
    let edges: Vec<(usize, usize, f64)> = g
        .valid_edges()
        .filter(|(a, b, _)| local[*a] != usize::MAX && local[*b] != usize::MAX)
        .map(|(a, b, w)| (local[a], local[b], w))
        .collect();
    let sub = AffinityGraph::new(inside.len(), edges);
    let size = inside.iter().filter(|&&v| v < modules).count();
    let ladder: &[f64] = if force {
        &[1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 25.0, 100.0]
    } else {
        &[1.0, 1.5, 2.0, 3.0]
    };
    for &gamma in ladder {
        let part = best_leiden(&sub, gamma, seed, SPLIT_RUNS);
        let mut parts: BTreeMap<usize, usize> = BTreeMap::new();
        for (i, &v) in inside.iter().enumerate() {
            if v < modules {
                *parts.entry(part[i]).or_default() += 1;
            }
        }
        if parts.len() < 2 {
            continue;
        }
        let largest = parts.values().max().copied().unwrap_or(0);
        if !force && largest * 100 > size * 85 {
            continue;
        }
        if min_q > 0.0 && modularity(&sub, &part, 1.0) < min_q {
            continue;
        }
        if let Some(is_data) = aggregates
            && cuts_aggregate(&sub, &inside, &part, modules, is_data)
        {
            // A finer split cuts it too.
            return false;
        }
        // The largest part keeps the label; the others get fresh ones.
        let keep = parts
            .iter()
            .max_by_key(|(p, n)| (**n, std::cmp::Reverse(**p)))
            .map(|(p, _)| *p);
        let mut next = membership.iter().max().copied().unwrap_or(0) + 1;
        let mut fresh: BTreeMap<usize, usize> = BTreeMap::new();
        for (i, &v) in inside.iter().enumerate() {
            if Some(part[i]) == keep {
                continue;
            }
            let label = *fresh.entry(part[i]).or_insert_with(|| {
                next += 1;
                next - 1
            });
            membership[v] = label;
        }
        return true;
    }
    false
}

/// Share of a datum's heaviest module link above which a link counts as a writer's (a read
/// weighs a fifth of a write, a call-reached access less).
const WRITER_SHARE: f64 = 0.5;

/// Would this split cut an aggregate: two tables that the code declares related (a foreign
/// key, a SeaORM relation, a join) written from different parts? `inside` maps the local
/// nodes of `sub` to the graph's; `is_data` marks the graph's table and static nodes.
pub(super) fn cuts_aggregate(
    sub: &AffinityGraph,
    inside: &[usize],
    part: &[usize],
    modules: usize,
    is_data: &[bool],
) -> bool {
    let data = |i: usize| is_data.get(inside[i]).copied().unwrap_or(false);
    let module = |i: usize| inside[i] < modules;
    let mut links: BTreeMap<usize, Vec<(usize, f64)>> = BTreeMap::new();
    for (a, b, w) in sub.valid_edges() {
        if data(a) && module(b) {
            links.entry(a).or_default().push((b, w));
        } else if data(b) && module(a) {
            links.entry(b).or_default().push((a, w));
        }
    }
    // The parts that write each datum: its heaviest module links.
    let mut writers: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (d, l) in &links {
        let most = l.iter().map(|(_, w)| *w).fold(0.0, f64::max);
        for &(m, w) in l {
            if w >= WRITER_SHARE * most {
                writers.entry(*d).or_default().insert(part[m]);
            }
        }
    }
    sub.valid_edges().any(|(a, b, _)| {
        data(a)
            && data(b)
            && matches!((writers.get(&a), writers.get(&b)), (Some(x), Some(y)) if x != y)
    })
}

/// Merges the community with the fewest modules into the one it is most attached to until at
/// most `k` communities hold modules.
pub fn merge_to(membership: &mut [usize], g: &AffinityGraph, modules: usize, k: usize) {
    loop {
        let s = sizes(membership, modules);
        if s.len() <= k.max(1) {
            return;
        }
        let Some((&small, _)) = s.iter().min_by_key(|(c, n)| (**n, **c)) else {
            return;
        };
        let mut to: BTreeMap<usize, f64> = BTreeMap::new();
        for (a, b, w) in g.valid_edges() {
            let (ca, cb) = (membership[a], membership[b]);
            if ca == small && cb != small && s.contains_key(&cb) {
                *to.entry(cb).or_insert(0.0) += w;
            } else if cb == small && ca != small && s.contains_key(&ca) {
                *to.entry(ca).or_insert(0.0) += w;
            }
        }
        let target = to
            .into_iter()
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(c, _)| c)
            .or_else(|| {
                s.iter()
                    .filter(|(c, _)| **c != small)
                    .max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c)))
                    .map(|(c, _)| *c)
            });
        let Some(target) = target else { return };
        for c in membership.iter_mut() {
            if *c == small {
                *c = target;
            }
        }
    }
}

/// Merges the two module communities whose union raises modularity most (or lowers it least)
/// until at most `k` hold modules: the agglomerative step of Clauset, Newman and Moore, on
/// communities instead of nodes.
pub fn merge_by_modularity(membership: &mut [usize], g: &AffinityGraph, modules: usize, k: usize) {
    let mut strength: BTreeMap<usize, f64> = BTreeMap::new();
    let mut total = 0.0;
    for (a, b, w) in g.valid_edges() {
        *strength.entry(membership[a]).or_insert(0.0) += w;
        *strength.entry(membership[b]).or_insert(0.0) += w;
        total += w;
    }
    if total <= 0.0 {
        merge_to(membership, g, modules, k);
        return;
    }
    loop {
        let s = sizes(membership, modules);
        if s.len() <= k.max(1) {
            return;
        }
        let mut between: BTreeMap<(usize, usize), f64> = BTreeMap::new();
        for (a, b, w) in g.valid_edges() {
            let (ca, cb) = (membership[a], membership[b]);
            if ca != cb && s.contains_key(&ca) && s.contains_key(&cb) {
                *between.entry((ca.min(cb), ca.max(cb))).or_insert(0.0) += w;
            }
        }
        let gain = |(x, y): (usize, usize), w: f64| {
            let sx = strength.get(&x).copied().unwrap_or(0.0);
            let sy = strength.get(&y).copied().unwrap_or(0.0);
            w / total - sx * sy / (2.0 * total * total)
        };
        let Some((&(x, y), _)) = between
            .iter()
            .map(|(pair, &w)| (pair, gain(*pair, w)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(a.0)))
        else {
            // No two communities touch: merge by size.
            merge_to(membership, g, modules, k);
            return;
        };
        for c in membership.iter_mut() {
            if *c == y {
                *c = x;
            }
        }
        let sy = strength.remove(&y).unwrap_or(0.0);
        *strength.entry(x).or_insert(0.0) += sy;
    }
}

/// A partition with `k` module communities if a resolution gives one: bisection of the
/// resolution on a log scale (Leiden at each step), the closest count kept, ties to the lower
/// resolution. [`fit`] then makes the count exact.
pub fn partition_k(g: &AffinityGraph, modules: usize, k: usize, seed: u64) -> Outcome {
    let count = |m: &[usize]| sizes(m, modules).len();
    let (mut lo, mut hi) = (1e-3f64.ln(), 1e3f64.ln());
    let mut best: Option<(usize, f64, Vec<usize>)> = None;
    for _ in 0..MAX_RUNS {
        let mid = (lo + hi) / 2.0;
        let gamma = mid.exp();
        let m = leiden(g, &params(gamma, seed)).membership;
        let c = count(&m);
        let distance = c.abs_diff(k);
        let better = best
            .as_ref()
            .is_none_or(|(d, gb, _)| distance < *d || (distance == *d && gamma < *gb));
        if better {
            best = Some((distance, gamma, m));
        }
        match c.cmp(&k) {
            std::cmp::Ordering::Less => lo = mid,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => break,
        }
    }
    let (_, gamma, membership) = best.unwrap_or((0, 1.0, vec![0; g.n]));
    Outcome {
        membership,
        resolution: Some(gamma),
        note: None,
        reason: "as asked".to_string(),
    }
}

/// Most Leiden runs [`partition_k`] spends.
const MAX_RUNS: usize = 24;

#[cfg(test)]
mod tests {
    use super::*;

    /// A dense community of six modules (0–5) and two pairs (6, 7) and (8, 9). Pair (6, 7) is
    /// tied more to the big community (weight 3) than to pair (8, 9) (weight 2), so merging the
    /// smallest into the one it is most attached to feeds the big one; modularity joins the two
    /// pairs, whose union is far less expected by chance.
    fn big_and_two_pairs() -> AffinityGraph {
        let mut edges = Vec::new();
        for a in 0..6 {
            for b in a + 1..6 {
                edges.push((a, b, 2.0));
            }
        }
        edges.extend([(6, 7, 2.0), (8, 9, 2.0), (6, 0, 3.0), (6, 8, 2.0)]);
        AffinityGraph::new(10, edges)
    }

    #[test]
    fn merging_to_k_joins_the_pair_modularity_prefers_not_the_most_attached() {
        let g = big_and_two_pairs();
        let start = vec![0, 0, 0, 0, 0, 0, 1, 1, 2, 2];
        let mut by_weight = start.clone();
        merge_to(&mut by_weight, &g, 10, 2);
        assert_eq!(
            by_weight[6], by_weight[0],
            "the raw weight feeds the big one"
        );
        let mut by_q = start;
        merge_by_modularity(&mut by_q, &g, 10, 2);
        assert_eq!(by_q[6], by_q[8]);
        assert_ne!(by_q[6], by_q[0]);
        assert_eq!(sizes(&by_q, 10).len(), 2);
    }

    #[test]
    fn one_module_is_one_service_and_the_reason_says_there_is_nothing_to_split() {
        // One module and the two tables it touches.
        let g = AffinityGraph::new(3, vec![(0, 1, 1.0), (0, 2, 1.0)]);
        let out = partition(&g, 1, &[false, true, true], &Tuning::default());
        assert_eq!(out.membership, vec![0, 0, 0]);
        assert!(out.reason.ends_with("nothing to split"), "{}", out.reason);
        assert_eq!(out.resolution, None);
    }

    /// The resolution limit of modularity: in a ring of forty 5-cliques, each tied to the next
    /// by one link, modularity at resolution 1.2 prefers joining neighbours in pairs. The
    /// resolution that grows with the module count keeps every clique apart.
    #[test]
    fn the_resolution_grows_with_the_module_count_so_a_ring_of_cliques_is_not_paired() {
        let (cliques, size) = (40usize, 5usize);
        let mut edges = Vec::new();
        for c in 0..cliques {
            let base = c * size;
            for a in 0..size {
                for b in a + 1..size {
                    edges.push((base + a, base + b, 1.0));
                }
            }
            edges.push((base, ((c + 1) % cliques) * size + 1, 1.0));
        }
        let n = cliques * size;
        let g = AffinityGraph::new(n, edges);
        let data = vec![false; n];
        let fixed = Tuning {
            gamma_from: 0.0,
            ..Tuning::default()
        };
        let growing = Tuning::default();
        assert_eq!(fixed.resolution(n), fixed.gamma);
        assert!(growing.resolution(n) > 2.0 && growing.resolution(50) == growing.gamma);
        let few = sizes(&partition(&g, n, &data, &fixed).membership, n).len();
        let all = partition(&g, n, &data, &growing);
        assert!(few < cliques, "fixed resolution keeps {few} communities");
        assert_eq!(sizes(&all.membership, n).len(), cliques);
        for c in 0..cliques {
            let first = all.membership[c * size];
            assert!((1..size).all(|i| all.membership[c * size + i] == first));
        }
        assert!(all.reason.contains("resolution 2.19"), "{}", all.reason);
    }

    #[test]
    fn communities_that_do_not_touch_are_merged_by_size() {
        let g = AffinityGraph::new(4, vec![(0, 1, 1.0), (2, 3, 1.0)]);
        let mut m = vec![0, 0, 1, 1];
        merge_by_modularity(&mut m, &g, 4, 1);
        assert_eq!(sizes(&m, 4).len(), 1);
    }
}
