//! What the two quality harnesses (`quality.rs`, `domains.rs`) share: the scores of a
//! partition against a reference, the merge that helps a structure-only baseline meet a count,
//! and the `--tune` argument. Included by both with `#[path]`; not an example of its own.

use cargo_seams::cluster::affinity::AffinityGraph;
use cargo_seams::cluster::propose::Tuning;
use cargo_seams::metrics::agreement::{adjusted_rand_index, mojofm, normalized_mutual_info};
use std::collections::BTreeMap;

/// MoJoFM (0–100), ARI and NMI of one partition against the reference.
#[derive(Clone, Copy, Debug, Default)]
pub struct Scores {
    pub mojofm: f64,
    pub ari: f64,
    pub nmi: f64,
}

impl Scores {
    pub fn of(labels: &[usize], reference: &[usize]) -> Scores {
        Scores {
            mojofm: mojofm(labels, reference),
            ari: adjusted_rand_index(labels, reference),
            nmi: normalized_mutual_info(labels, reference),
        }
    }

    pub fn mean(all: &[Scores]) -> Scores {
        let n = all.len().max(1) as f64;
        Scores {
            mojofm: all.iter().map(|s| s.mojofm).sum::<f64>() / n,
            ari: all.iter().map(|s| s.ari).sum::<f64>() / n,
            nmi: all.iter().map(|s| s.nmi).sum::<f64>() / n,
        }
    }
}

/// Merges the smallest cluster into the one it shares most weight with (the largest when it
/// shares none) until at most `k` remain: the baseline gets the same kind of help to meet k
/// as the proposal's own clean-up, without the hierarchy the proposal also uses.
pub fn merge_to_k(mut membership: Vec<usize>, g: &AffinityGraph, k: usize) -> Vec<usize> {
    loop {
        let mut sizes: BTreeMap<usize, usize> = BTreeMap::new();
        for &c in &membership {
            *sizes.entry(c).or_default() += 1;
        }
        if sizes.len() <= k.max(1) {
            return membership;
        }
        let Some((&small, _)) = sizes.iter().min_by_key(|(c, n)| (**n, **c)) else {
            return membership;
        };
        let mut shared: BTreeMap<usize, f64> = BTreeMap::new();
        for (a, b, w) in g.valid_edges() {
            let (ca, cb) = (membership[a], membership[b]);
            if ca == small && cb != small {
                *shared.entry(cb).or_default() += w;
            } else if cb == small && ca != small {
                *shared.entry(ca).or_default() += w;
            }
        }
        let target = shared
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(c, _)| *c)
            .or_else(|| {
                sizes
                    .iter()
                    .filter(|(c, _)| **c != small)
                    .max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c)))
                    .map(|(c, _)| *c)
            });
        let Some(target) = target else {
            return membership;
        };
        for c in membership.iter_mut().filter(|c| **c == small) {
            *c = target;
        }
    }
}

/// Applies `--tune key=value,...` to `tuning`.
pub fn set_tuning(tuning: &mut Tuning, spec: &str) -> Result<(), String> {
    for pair in spec.split(',') {
        let (k, v) = pair.split_once('=').ok_or("--tune needs key=value")?;
        let v: f64 = v.parse().map_err(|_| format!("bad number in `{pair}`"))?;
        tuning.set(k, v)?;
    }
    Ok(())
}
