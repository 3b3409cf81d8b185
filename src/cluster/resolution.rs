//! Choosing the resolution: a profile over many γ values, the most stable plateau of it, and a
//! search for a given number of communities.
//!
//! Takes an [`AffinityGraph`] and resolutions or a target count; returns [`Partition`]s (or a
//! [`KError`] that still carries the closest partition). Everything runs [`leiden`] with
//! modularity and a caller-given seed, so results are deterministic. Knows nothing of modules or
//! output formats.

use super::affinity::{AffinityGraph, connected_components};
use super::leiden::{LeidenParams, leiden};
use super::partition::{Partition, community_count, modularity};

/// Leiden (modularity) at each resolution of `gammas`, in the given order, with the same seed.
///
/// Resolutions that are not finite numbers `≥ 0` are skipped, so the output may be shorter than
/// `gammas`.
pub fn resolution_profile(g: &AffinityGraph, gammas: &[f64], seed: u64) -> Vec<(f64, Partition)> {
    gammas
        .iter()
        .copied()
        .filter(|gamma| gamma.is_finite() && *gamma >= 0.0)
        .map(|gamma| (gamma, leiden(g, &params(gamma, seed))))
        .collect()
}

/// `steps` resolutions spaced evenly on a log scale from `low` to `high` (both included); a
/// convenient input for [`resolution_profile`]. Empty when `steps` is 0 or a bound is not a
/// finite number `> 0`; `[low]` when `steps` is 1.
pub fn geometric_gammas(low: f64, high: f64, steps: usize) -> Vec<f64> {
    let ok = |x: f64| x.is_finite() && x > 0.0;
    if steps == 0 || !ok(low) || !ok(high) {
        return Vec::new();
    }
    if steps == 1 {
        return vec![low];
    }
    let (a, b) = (low.ln(), high.ln());
    (0..steps)
        .map(|i| (a + (b - a) * i as f64 / (steps - 1) as f64).exp())
        .collect()
}

/// The run of consecutive profile entries chosen by [`choose_by_plateau`].
#[derive(Debug, Clone, PartialEq)]
pub struct Plateau {
    /// Lowest resolution of the run.
    pub gamma_low: f64,
    /// Highest resolution of the run.
    pub gamma_high: f64,
    /// Number of profile entries in the run.
    pub length: usize,
    /// The partition chosen from the run (see [`choose_by_plateau`]).
    pub partition: Partition,
    /// True when every entry of the profile was trivial and the run is one of them.
    pub trivial: bool,
}

/// Picks a partition from the most stable plateau of `profile` (as from
/// [`resolution_profile`], ordered by resolution).
///
/// Rules: an entry is *trivial* when its communities are exactly the connected components of
/// `g` (the "all in one" end; with isolated nodes that is more than one community) or when
/// every node is alone (the "all singletons" end). A plateau is a longest run of consecutive
/// non-trivial entries with the same community count (a run of identical partitions is such a
/// run too). Ties go to the earlier run, that is, the lower resolution and fewer, larger
/// communities. From the run, the membership that occurs most often is returned (ties: the
/// first). When every entry is trivial, the same rules run over all entries and
/// [`Plateau::trivial`] is set. `None` only for an empty profile.
pub fn choose_by_plateau(profile: &[(f64, Partition)], g: &AffinityGraph) -> Option<Plateau> {
    let components = connected_components(g);
    let is_trivial = |p: &Partition| {
        p.membership == components || community_count(&p.membership) == p.membership.len()
    };
    let keep: Vec<bool> = profile.iter().map(|(_, p)| !is_trivial(p)).collect();
    let all_trivial = !keep.iter().any(|&k| k);
    let usable = |i: usize| all_trivial || keep[i];

    let counts: Vec<usize> = profile.iter().map(|(_, p)| p.community_count()).collect();
    let mut best: Option<(usize, usize)> = None; // (start, length)
    let mut i = 0;
    while i < profile.len() {
        if !usable(i) {
            i += 1;
            continue;
        }
        let start = i;
        while i + 1 < profile.len() && usable(i + 1) && counts[i + 1] == counts[start] {
            i += 1;
        }
        let length = i + 1 - start;
        if best.is_none_or(|(_, l)| length > l) {
            best = Some((start, length));
        }
        i += 1;
    }
    let (start, length) = best?;
    let run = &profile[start..start + length];
    let mut chosen = 0;
    let mut chosen_votes = 0;
    for (j, (_, p)) in run.iter().enumerate() {
        let votes = run
            .iter()
            .filter(|(_, q)| q.membership == p.membership)
            .count();
        if votes > chosen_votes {
            chosen = j;
            chosen_votes = votes;
        }
    }
    Some(Plateau {
        gamma_low: run[0].0,
        gamma_high: run[length - 1].0,
        length,
        partition: run[chosen].1.clone(),
        trivial: all_trivial,
    })
}

/// Why [`partition_with_k`] could not give exactly `k` communities. Every variant carries the
/// closest partition found, so a caller can still go on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum KError {
    /// More communities were asked for than there are nodes.
    #[error("{k} communities asked for, but the graph has only {n} nodes")]
    MoreThanNodes {
        /// The count asked for.
        k: usize,
        /// Number of nodes.
        n: usize,
        /// All singletons.
        closest: Partition,
    },
    /// Fewer communities were asked for than the graph has connected components; communities
    /// never join parts that no edge links.
    #[error(
        "{k} communities asked for, but the graph has {components} connected components \
         (isolated nodes count) and a community never spans two"
    )]
    FewerThanComponents {
        /// The count asked for.
        k: usize,
        /// Number of connected components.
        components: usize,
        /// The connected components.
        closest: Partition,
    },
    /// No resolution tried gave exactly `k` communities: the count jumps over `k`.
    #[error("no resolution gives exactly {k} communities; the closest has {found}")]
    NotReached {
        /// The count asked for.
        k: usize,
        /// Community count of the closest partition.
        found: usize,
        /// The partition whose count is nearest to `k` (ties: the lower resolution).
        closest: Partition,
    },
}

impl KError {
    /// The closest partition that was found.
    pub fn closest(&self) -> &Partition {
        match self {
            KError::MoreThanNodes { closest, .. }
            | KError::FewerThanComponents { closest, .. }
            | KError::NotReached { closest, .. } => closest,
        }
    }
}

/// Most Leiden runs that [`partition_with_k`] spends.
const MAX_RUNS: usize = 60;

/// A partition of `g` into exactly `k` communities, found by bisecting the resolution γ on a
/// log scale (Leiden with modularity and `seed` at each step).
///
/// The returned [`Partition::quality`] is modularity at resolution 1, whatever γ found it, so
/// results for different `k` compare. Exactly `k = n` gives singletons and `k` equal to the
/// number of connected components gives the components, without search.
pub fn partition_with_k(g: &AffinityGraph, k: usize, seed: u64) -> Result<Partition, KError> {
    let n = g.n;
    let at_gamma_one = |membership: Vec<usize>| Partition {
        quality: modularity(g, &membership, 1.0),
        membership,
    };
    if k > n {
        return Err(KError::MoreThanNodes {
            k,
            n,
            closest: at_gamma_one((0..n).collect()),
        });
    }
    let components = connected_components(g);
    let c = community_count(&components);
    if k < c {
        return Err(KError::FewerThanComponents {
            k,
            components: c,
            closest: at_gamma_one(components),
        });
    }
    if k == c {
        return Ok(at_gamma_one(components));
    }
    if k == n {
        return Ok(at_gamma_one((0..n).collect()));
    }

    let mut search = Search {
        g,
        k,
        seed,
        runs: 0,
        closest: None,
    };
    // Bracket k between count(lo) < k < count(hi), widening by factors of 4 from γ = 1.
    let (mut lo, mut hi) = (1.0f64, 1.0f64);
    let first = search.run(1.0);
    if first > k {
        while lo > 1e-12 && search.runs < MAX_RUNS {
            hi = lo;
            lo /= 4.0;
            if search.run(lo) <= k {
                break;
            }
        }
    } else if first < k {
        while hi < 1e12 && search.runs < MAX_RUNS {
            lo = hi;
            hi *= 4.0;
            if search.run(hi) >= k {
                break;
            }
        }
    }
    // Bisect on log γ while the bracket is open and no run has hit k.
    while !search.exact() && search.runs < MAX_RUNS && hi / lo > 1.0 + 1e-9 {
        let mid = (lo * hi).sqrt();
        if search.run(mid) < k {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let exact = search.exact();
    let membership = search
        .closest
        .map_or_else(|| (0..n).collect(), |(_, _, m)| m);
    let partition = at_gamma_one(membership);
    if exact {
        Ok(partition)
    } else {
        Err(KError::NotReached {
            k,
            found: partition.community_count(),
            closest: partition,
        })
    }
}

/// State of the γ search of [`partition_with_k`].
struct Search<'g> {
    g: &'g AffinityGraph,
    k: usize,
    seed: u64,
    runs: usize,
    /// `(|count − k|, γ, membership)` of the closest run so far.
    closest: Option<(usize, f64, Vec<usize>)>,
}

impl Search<'_> {
    /// Runs Leiden at `gamma`, remembers the result if it is the closest so far (ties: lower γ)
    /// and returns its community count.
    fn run(&mut self, gamma: f64) -> usize {
        self.runs += 1;
        let p = leiden(self.g, &params(gamma, self.seed));
        let found = p.community_count();
        let distance = found.abs_diff(self.k);
        let better = match &self.closest {
            None => true,
            Some((d, g, _)) => distance < *d || (distance == *d && gamma < *g),
        };
        if better {
            self.closest = Some((distance, gamma, p.membership));
        }
        found
    }

    fn exact(&self) -> bool {
        self.closest.as_ref().is_some_and(|(d, _, _)| *d == 0)
    }
}

fn params(gamma: f64, seed: u64) -> LeidenParams {
    LeidenParams {
        resolution: gamma,
        seed,
        ..LeidenParams::default()
    }
}

#[cfg(test)]
mod tests;
