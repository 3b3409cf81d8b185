//! Agreement between two partitions of the same objects, for the quality harness: MoJoFM,
//! the adjusted Rand index and normalised mutual information.
//!
//! Takes two membership vectors (any `usize` labels, `usize::MAX` is just another label here);
//! returns a score. When the vectors differ in length only the first `min(len)` objects are
//! compared. Knows nothing of graphs, modules or output formats.
//!
//! MoJo (Tzerpos and Holt 1999; optimal algorithm by Wen and Tzerpos 2003): `mno(A, B)` is the
//! least number of Move (one object to another or a new cluster) and Join (two clusters) steps
//! turning A into B. Each cluster `A_i` is given the B cluster ("tag") holding most of its
//! objects; its other objects are moved, which costs `n − Σ_i max_k |A_i ∩ B_k|`. Clusters
//! given the same tag are joined; to join as few as possible, the choice among tied tags is a
//! maximum bipartite matching `g` between A clusters and their maximal tags (augmenting paths,
//! Kuhn's algorithm), and the joins cost `l_A − g`. MoJoFM (Wen and Tzerpos 2004) is
//! `100 · (1 − mno(A, B) / max_A' mno(A', B))`. The maximum over all partitions `A'` depends
//! only on B's cluster sizes `b_1 ≥ b_2 ≥ … ≥ b_l`: it is `n − min_{0≤j≤l} (j + b_{j+1})`
//! (with `b_{l+1} = 0`). That closed form is our own derivation, checked in the tests against
//! brute force over every partition of up to six objects.

/// Sizes of the clusters of `labels`, as a sorted list of `(label, size)`.
fn sizes(labels: &[usize]) -> Vec<(usize, usize)> {
    let mut sorted = labels.to_vec();
    sorted.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for x in sorted {
        match out.last_mut() {
            Some((l, c)) if *l == x => *c += 1,
            _ => out.push((x, 1)),
        }
    }
    out
}

/// Contingency table of `a` against `b` over their common prefix: the dense cluster index of
/// each label (sorted label order) and the non-zero cells `(i, j, count)` sorted by `(i, j)`.
struct Contingency {
    a_sizes: Vec<usize>,
    b_sizes: Vec<usize>,
    cells: Vec<(usize, usize, usize)>,
    n: usize,
}

impl Contingency {
    fn new(a: &[usize], b: &[usize]) -> Self {
        let n = a.len().min(b.len());
        let (a, b) = (&a[..n], &b[..n]);
        let a_labels = sizes(a);
        let b_labels = sizes(b);
        let dense = |labels: &[(usize, usize)], x: usize| labels.partition_point(|&(l, _)| l < x);
        let mut pairs: Vec<(usize, usize)> = a
            .iter()
            .zip(b)
            .map(|(&x, &y)| (dense(&a_labels, x), dense(&b_labels, y)))
            .collect();
        pairs.sort_unstable();
        let mut cells: Vec<(usize, usize, usize)> = Vec::new();
        for (i, j) in pairs {
            match cells.last_mut() {
                Some((ci, cj, c)) if *ci == i && *cj == j => *c += 1,
                _ => cells.push((i, j, 1)),
            }
        }
        Contingency {
            a_sizes: a_labels.iter().map(|&(_, s)| s).collect(),
            b_sizes: b_labels.iter().map(|&(_, s)| s).collect(),
            cells,
            n,
        }
    }
}

/// `mno(A, B)`: the least number of Move and Join operations that turn partition `a` into
/// partition `b` (one-directional MoJo; see the file docs for the algorithm).
pub fn mno(a: &[usize], b: &[usize]) -> usize {
    let t = Contingency::new(a, b);
    let l_a = t.a_sizes.len();
    // Largest overlap of each A cluster, then its maximal tags.
    let mut best = vec![0usize; l_a];
    for &(i, _, c) in &t.cells {
        best[i] = best[i].max(c);
    }
    let mut tags: Vec<Vec<usize>> = vec![Vec::new(); l_a];
    for &(i, j, c) in &t.cells {
        if c == best[i] {
            tags[i].push(j);
        }
    }
    let moves = t.n - best.iter().sum::<usize>();
    let joins = l_a - max_matching(&tags, t.b_sizes.len());
    moves + joins
}

/// Size of a maximum matching in the bipartite graph `left i — right j for j in adj[i]`
/// (Kuhn's augmenting paths, searched breadth-first so deep graphs cannot overflow the stack).
fn max_matching(adj: &[Vec<usize>], right_count: usize) -> usize {
    const NONE: usize = usize::MAX;
    let mut owner = vec![NONE; right_count];
    let mut mate = vec![NONE; adj.len()];
    let mut matched = 0;
    // During one search: the left node from which each right node was reached.
    let mut reached_from = vec![NONE; right_count];
    let mut touched: Vec<usize> = Vec::new();
    let mut queue = std::collections::VecDeque::new();
    for root in 0..adj.len() {
        queue.clear();
        queue.push_back(root);
        let mut free_end: Option<usize> = None;
        'search: while let Some(u) = queue.pop_front() {
            for &r in &adj[u] {
                if reached_from[r] != NONE {
                    continue;
                }
                reached_from[r] = u;
                touched.push(r);
                if owner[r] == NONE {
                    free_end = Some(r);
                    break 'search;
                }
                queue.push_back(owner[r]);
            }
        }
        if let Some(mut r) = free_end {
            // Walk back to the root: each left node on the path takes the right node found
            // from it and frees the one it held, which the previous left node then takes.
            loop {
                let u = reached_from[r];
                let held = mate[u];
                owner[r] = u;
                mate[u] = r;
                if held == NONE {
                    break;
                }
                r = held;
            }
            matched += 1;
        }
        for &r in &touched {
            reached_from[r] = NONE;
        }
        touched.clear();
    }
    matched
}

/// Largest `mno(A', B)` over every partition `A'` of the same objects: `n − min_j (j + b_{j+1})`
/// for B's cluster sizes sorted descending (see the file docs).
pub fn max_mno(b: &[usize]) -> usize {
    let mut b_sizes: Vec<usize> = sizes(b).into_iter().map(|(_, s)| s).collect();
    b_sizes.sort_unstable_by(|x, y| y.cmp(x));
    let floor = (0..=b_sizes.len())
        .map(|j| j + b_sizes.get(j).copied().unwrap_or(0))
        .min()
        .unwrap_or(0);
    b.len() - floor
}

/// MoJoFM of partition `a` against the reference partition `b`, in percent: 100 when `a` is
/// `b`, 0 when `a` is as far from `b` as any partition can be. One-directional, as published:
/// `b` is the authoritative decomposition. 100 for fewer than two objects.
pub fn mojofm(a: &[usize], b: &[usize]) -> f64 {
    let n = a.len().min(b.len());
    let worst = max_mno(&b[..n]);
    if worst == 0 {
        return 100.0;
    }
    100.0 * (1.0 - mno(&a[..n], &b[..n]) as f64 / worst as f64)
}

fn pairs(x: usize) -> f64 {
    let x = x as f64;
    x * (x - 1.0) / 2.0
}

/// Adjusted Rand index (Hubert and Arabie 1985) of `a` and `b`: 1 for identical partitions,
/// about 0 for independent ones, possibly negative. When the expected and the largest index
/// coincide (both partitions all-in-one, or both all-singletons, or fewer than two objects) the
/// partitions are identical and the result is 1.
pub fn adjusted_rand_index(a: &[usize], b: &[usize]) -> f64 {
    let t = Contingency::new(a, b);
    let index: f64 = t.cells.iter().map(|&(_, _, c)| pairs(c)).sum();
    let sum_a: f64 = t.a_sizes.iter().map(|&s| pairs(s)).sum();
    let sum_b: f64 = t.b_sizes.iter().map(|&s| pairs(s)).sum();
    let total = pairs(t.n);
    if total == 0.0 {
        return 1.0;
    }
    let expected = sum_a * sum_b / total;
    let max = (sum_a + sum_b) / 2.0;
    if max == expected {
        return 1.0;
    }
    (index - expected) / (max - expected)
}

/// Normalised mutual information of `a` and `b` with arithmetic-mean normalisation:
/// `NMI = I(A; B) / ((H(A) + H(B)) / 2)` (natural logarithms; the base cancels). 1 for
/// identical partitions; 1 when both have a single cluster (both entropies 0); 0 when exactly
/// one of them has a single cluster. Clamped to `[0, 1]` against rounding.
pub fn normalized_mutual_info(a: &[usize], b: &[usize]) -> f64 {
    let t = Contingency::new(a, b);
    let n = t.n as f64;
    let entropy = |s: &[usize]| -> f64 {
        s.iter()
            .map(|&c| {
                let p = c as f64 / n;
                -p * p.ln()
            })
            .sum()
    };
    let h_a = entropy(&t.a_sizes);
    let h_b = entropy(&t.b_sizes);
    if h_a + h_b == 0.0 {
        return 1.0;
    }
    let mutual: f64 = t
        .cells
        .iter()
        .map(|&(i, j, c)| {
            let c = c as f64;
            (c / n) * (c * n / (t.a_sizes[i] as f64 * t.b_sizes[j] as f64)).ln()
        })
        .sum();
    (mutual / ((h_a + h_b) / 2.0)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests;
