//! Quality harness: how well does the proposal recover a split that the authors of real code
//! made themselves? Not part of the CLI; docs/QUALITY.md records its output.
//!
//! Input: a directory whose subdirectories are synthetic workspaces (as written by
//! `scripts/vendor-eval.sh`), each gathering the published crates of one project. Every
//! project is analysed as one monolith and its library modules are clustered into k services,
//! k = the number of library crates that have a module to score. The crate a module comes
//! from is the reference label; crate roots are not scored (they are composition roots by
//! construction). Scored: (a) our proposal, with roles (composition roots and shared kernel)
//! and without; (b) a structure-only baseline, Leiden with modularity on the symmetrised module
//! dependency graph alone: at resolution 1 then merged down to k (the main table), and as the
//! resolution bisection for k leaves it; (c) random partitions with the sizes of ours (mean of
//! ten seeds). Scores: MoJoFM, ARI and NMI against the crates.
//!
//! Nothing here knows any project: names, sizes and versions come only from the manifests.
//!
//! Usage: `cargo run --release --example quality -- DIR [--only NAME] [--detail] [-j N]
//! [--tune key=value,...]` (`--tune`: see examples/domains.rs).
//! `--detail` adds, per project, each proposed service's crate make-up and the modules it
//! holds against the majority of their crate.

#[path = "common/scoring.rs"]
mod scoring;
use scoring::{Scores, merge_to_k, set_tuning};

use cargo_seams::cluster::affinity::AffinityGraph;
use cargo_seams::cluster::leiden::{LeidenParams, leiden};
use cargo_seams::cluster::partition::{community_count, renumber};
use cargo_seams::cluster::propose::{Proposal, ProposalOptions, SEED, Tuning, propose};
use cargo_seams::cluster::resolution::partition_with_k;
use cargo_seams::cluster::rng::SplitMix64;
use cargo_seams::model::Role;
use cargo_seams::{Analysis, AnalyzeOptions, analyze};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Seeds of the random partitions: their scores are averaged.
const RANDOM_SEEDS: u64 = 10;

fn main() -> ExitCode {
    let args = match Args::parse() {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("quality: {msg}");
            eprintln!("usage: quality DIR [--only NAME] [--detail] [-j N]");
            return ExitCode::from(2);
        }
    };
    let projects = match project_dirs(&args.dir) {
        Ok(p) => p,
        Err(msg) => {
            eprintln!("quality: {msg}");
            return ExitCode::from(2);
        }
    };
    let mut results = Vec::new();
    let mut detail = String::new();
    for dir in projects {
        let name = dir_name(&dir);
        if args.only.as_ref().is_some_and(|o| *o != name) {
            continue;
        }
        eprintln!("quality: analysing {name}");
        let analysis = match analyze(&AnalyzeOptions {
            path: dir.clone(),
            jobs: args.jobs,
            // The pipeline's own proposal is not scored; a count of one keeps it cheap.
            services: Some(1),
            no_reruns: true,
            ..AnalyzeOptions::default()
        }) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("quality: {name}: {e}");
                return ExitCode::from(2);
            }
        };
        let result = evaluate(&name, &analysis, &args.tuning);
        if args.detail {
            describe(&mut detail, &result, &analysis);
        }
        results.push(result);
    }
    if results.is_empty() {
        eprintln!("quality: no project found under {}", args.dir.display());
        return ExitCode::from(2);
    }
    print!("{}", render(&results));
    print!("{detail}");
    ExitCode::SUCCESS
}

/// Command-line arguments.
struct Args {
    dir: PathBuf,
    only: Option<String>,
    detail: bool,
    jobs: usize,
    tuning: Tuning,
}

impl Args {
    fn parse() -> Result<Args, String> {
        let mut dir = None;
        let mut only = None;
        let mut detail = false;
        let mut jobs = 0;
        let mut tuning = Tuning::default();
        let mut it = std::env::args().skip(1);
        while let Some(a) = it.next() {
            match a.as_str() {
                "--only" => only = Some(it.next().ok_or("--only needs a project name")?),
                "--detail" => detail = true,
                "--tune" => {
                    set_tuning(&mut tuning, &it.next().ok_or("--tune needs key=value,...")?)?
                }
                "-j" | "--jobs" => {
                    jobs = it
                        .next()
                        .and_then(|j| j.parse().ok())
                        .ok_or("-j needs a number")?;
                }
                _ if dir.is_none() && !a.starts_with('-') => dir = Some(PathBuf::from(a)),
                _ => return Err(format!("unexpected argument `{a}`")),
            }
        }
        Ok(Args {
            dir: dir.ok_or("no corpus directory given")?,
            only,
            detail,
            jobs,
            tuning,
        })
    }
}

/// Subdirectories of `dir` that hold a Cargo.toml, sorted by name.
fn project_dirs(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("Cargo.toml").is_file())
        .collect();
    out.sort();
    Ok(out)
}

fn dir_name(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// One clustering method's outcome on one project.
#[derive(Clone, Copy, Debug)]
struct Method {
    /// Scores over the scored modules (see [`Evaluation::scored`]).
    scores: Scores,
    /// Number of clusters among them.
    clusters: usize,
}

/// Everything measured on one project.
struct Evaluation {
    name: String,
    /// Library crates with at least one module: k.
    crates: usize,
    /// Scored modules: library modules that are not crate roots. A crate root is a composition
    /// root by construction (it declares the crate's modules and re-exports them), so the set
    /// is the same for every method.
    scored: usize,
    /// Proposal with roles: shared kernel and detected wiring roots scored as one cluster each.
    ours: Method,
    /// The same, wiring roots join the cluster holding most of their crate (an oracle).
    ours_roots_follow_crate: Scores,
    /// The same, wiring roots left out of the scoring.
    ours_roots_dropped: Scores,
    /// The same, kernel modules left out of the scoring.
    ours_kernel_dropped: Scores,
    /// Proposal with every module clustered (no roles).
    ours_no_roles: Method,
    /// Structure-only Leiden at k found by resolution bisection, merged down to k where the
    /// graph's components exceed it.
    baseline_k: Method,
    /// Structure-only Leiden at k as the resolution search leaves it (more than k clusters
    /// when the graph has more components).
    baseline_k_raw: Method,
    /// Structure-only Leiden at resolution 1.
    baseline_gamma1: Method,
    /// Structure-only Leiden at resolution 1, merged down to k: the baseline of the main table,
    /// the strongest of the structure-only variants.
    baseline_gamma1_k: Method,
    /// Random partitions with the sizes of `ours`, mean over seeds.
    random: Scores,
    /// Scored modules in the shared kernel, and detected wiring roots among them.
    kernel: usize,
    wiring_roots: usize,
    /// Why the service count could not be met, if it could not: with roles, without.
    note: Option<String>,
    note_no_roles: Option<String>,
    /// Scored modules in program order, their reference labels and our labels (roles).
    modules: Vec<usize>,
    reference: Vec<usize>,
    ours_labels: Vec<Option<usize>>,
    proposal: Proposal,
}

/// Label of the one cluster all wiring roots are scored as.
const ROOTS: usize = usize::MAX;

/// Scores every method on one analysed project.
fn evaluate(name: &str, a: &Analysis, tuning: &Tuning) -> Evaluation {
    let program = &a.program;
    let is_lib = |m: usize| program.crates[program.modules[m].krate].kind == "lib";
    let lib_modules: Vec<usize> = (0..program.modules.len()).filter(|&m| is_lib(m)).collect();
    let modules: Vec<usize> = lib_modules
        .iter()
        .copied()
        .filter(|&m| program.modules[m].parent.is_some())
        .collect();
    let mut reference: Vec<usize> = modules.iter().map(|&m| program.modules[m].krate).collect();
    renumber(&mut reference);
    let k = community_count(&reference);

    let run = |roles: bool| {
        propose(
            program,
            &a.graph,
            &a.data,
            &ProposalOptions {
                services: Some(k),
                roles,
                tuning: tuning.clone(),
                reruns: 0,
                ..ProposalOptions::default()
            },
        )
    };
    let with_roles = run(true);
    let no_roles = run(false);
    let method = |labels: Vec<usize>| Method {
        scores: Scores::of(&labels, &reference),
        clusters: community_count(&labels),
    };
    let ours_labels: Vec<Option<usize>> =
        modules.iter().map(|&m| with_roles.membership[m]).collect();
    let as_proposed: Vec<usize> = ours_labels.iter().map(|l| l.unwrap_or(ROOTS)).collect();
    let ours = method(as_proposed.clone());
    let ours_roots_follow_crate =
        Scores::of(&roots_follow_crate(&ours_labels, &reference), &reference);
    let subset = |keep: &dyn Fn(usize) -> bool| {
        let idx: Vec<usize> = (0..modules.len()).filter(|&i| keep(i)).collect();
        Scores::of(
            &idx.iter().map(|&i| as_proposed[i]).collect::<Vec<_>>(),
            &idx.iter().map(|&i| reference[i]).collect::<Vec<_>>(),
        )
    };
    let kernel_index = with_roles
        .services
        .iter()
        .position(|s| s.role == Role::SharedKernel);
    let in_kernel = |i: usize| kernel_index.is_some() && ours_labels[i] == kernel_index;
    let ours_roots_dropped = subset(&|i| ours_labels[i].is_some());
    let ours_kernel_dropped = subset(&|i| !in_kernel(i));
    let ours_no_roles = method(
        modules
            .iter()
            .map(|&m| no_roles.membership[m].unwrap_or(ROOTS))
            .collect(),
    );

    // The baseline clusters every library module (crate roots are structure too) and is
    // scored on the same modules as the others.
    let structure = structure_graph(a, &lib_modules);
    let scored_of = |membership: Vec<usize>| {
        let pos: BTreeMap<usize, usize> = lib_modules
            .iter()
            .enumerate()
            .map(|(i, &m)| (m, i))
            .collect();
        modules.iter().map(|m| membership[pos[m]]).collect()
    };
    let at_k = match partition_with_k(&structure, k, SEED) {
        Ok(p) => p.membership,
        Err(e) => e.closest().membership.clone(),
    };
    let baseline_k_raw = method(scored_of(at_k.clone()));
    let baseline_k = method(scored_of(merge_to_k(at_k, &structure, k)));
    let gamma1 = leiden(
        &structure,
        &LeidenParams {
            seed: SEED,
            ..LeidenParams::default()
        },
    )
    .membership;
    let baseline_gamma1 = method(scored_of(gamma1.clone()));
    let baseline_gamma1_k = method(scored_of(merge_to_k(gamma1, &structure, k)));

    let random = Scores::mean(
        &(0..RANDOM_SEEDS)
            .map(|seed| {
                let mut labels = as_proposed.clone();
                SplitMix64::new(SEED ^ seed).shuffle(&mut labels);
                Scores::of(&labels, &reference)
            })
            .collect::<Vec<_>>(),
    );
    Evaluation {
        name: name.to_string(),
        crates: k,
        scored: modules.len(),
        ours,
        ours_roots_follow_crate,
        ours_roots_dropped,
        ours_kernel_dropped,
        ours_no_roles,
        baseline_k,
        baseline_k_raw,
        baseline_gamma1,
        baseline_gamma1_k,
        random,
        kernel: (0..modules.len()).filter(|&i| in_kernel(i)).count(),
        wiring_roots: ours_labels.iter().filter(|l| l.is_none()).count(),
        note: with_roles.note.clone(),
        note_no_roles: no_roles.note.clone(),
        modules,
        reference,
        ours_labels,
        proposal: with_roles,
    }
}

/// Labels for every module: wiring roots join the cluster that holds most of their crate's
/// other modules (a fresh cluster when the crate has none).
fn roots_follow_crate(labels: &[Option<usize>], reference: &[usize]) -> Vec<usize> {
    let mut votes: BTreeMap<usize, BTreeMap<usize, usize>> = BTreeMap::new();
    for (l, r) in labels.iter().zip(reference) {
        if let Some(l) = l {
            *votes.entry(*r).or_default().entry(*l).or_default() += 1;
        }
    }
    let fresh = labels.iter().flatten().max().map_or(0, |m| m + 1);
    labels
        .iter()
        .zip(reference)
        .map(|(l, r)| {
            l.unwrap_or_else(|| {
                votes
                    .get(r)
                    .and_then(|v| v.iter().max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c))))
                    .map_or(fresh + r, |(c, _)| *c)
            })
        })
        .collect()
}

/// The symmetrised module dependency graph over `modules`: structure only, no data affinity
/// and no parent–child ties.
fn structure_graph(a: &Analysis, modules: &[usize]) -> AffinityGraph {
    let mut node_of = vec![None; a.program.modules.len()];
    for (i, &m) in modules.iter().enumerate() {
        node_of[m] = Some(i);
    }
    let edges = a
        .graph
        .dependencies
        .iter()
        .filter_map(|d| Some((node_of[d.from]?, node_of[d.to]?, d.weight)))
        .collect();
    AffinityGraph::new(modules.len(), edges)
}

/// The tables of docs/QUALITY.md, in Markdown.
fn render(results: &[Evaluation]) -> String {
    let mut out = String::new();
    let triple = |s: &Scores| format!("{:.1} | {:.2} | {:.2}", s.mojofm, s.ari, s.nmi);
    let mean = |f: &dyn Fn(&Evaluation) -> Scores| {
        Scores::mean(&results.iter().map(f).collect::<Vec<_>>())
    };
    let _ = writeln!(
        out,
        "| project | crates | modules | ours MoJoFM | ARI | NMI | baseline MoJoFM | ARI | NMI | \
         random MoJoFM | ARI | NMI |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for r in results {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            r.name,
            r.crates,
            r.scored,
            triple(&r.ours.scores),
            triple(&r.baseline_gamma1_k.scores),
            triple(&r.random),
        );
    }
    let _ = writeln!(
        out,
        "| **mean** | | | {} | {} | {} |\n",
        triple(&mean(&|r| r.ours.scores)),
        triple(&mean(&|r| r.baseline_gamma1_k.scores)),
        triple(&mean(&|r| r.random)),
    );

    let _ = writeln!(
        out,
        "| project | ours: clusters | no roles: clusters | MoJoFM | ARI | NMI | \
         baseline γ=1: clusters | MoJoFM | bisection@k: clusters | MoJoFM | \
         bisection@k merged: MoJoFM |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for r in results {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {:.1} | {} | {:.1} | {:.1} |",
            r.name,
            r.ours.clusters,
            r.ours_no_roles.clusters,
            triple(&r.ours_no_roles.scores),
            r.baseline_gamma1.clusters,
            r.baseline_gamma1.scores.mojofm,
            r.baseline_k_raw.clusters,
            r.baseline_k_raw.scores.mojofm,
            r.baseline_k.scores.mojofm,
        );
    }
    let _ = writeln!(
        out,
        "| **mean** | | | {} | | {:.1} | | {:.1} | {:.1} |\n",
        triple(&mean(&|r| r.ours_no_roles.scores)),
        mean(&|r| r.baseline_gamma1.scores).mojofm,
        mean(&|r| r.baseline_k_raw.scores).mojofm,
        mean(&|r| r.baseline_k.scores).mojofm,
    );

    let _ = writeln!(
        out,
        "| project | wiring roots | kernel | MoJoFM as proposed | roots follow crate | \
         roots dropped | kernel dropped |\n|---|---:|---:|---:|---:|---:|---:|"
    );
    for r in results {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.1} | {:.1} | {:.1} | {:.1} |",
            r.name,
            r.wiring_roots,
            r.kernel,
            r.ours.scores.mojofm,
            r.ours_roots_follow_crate.mojofm,
            r.ours_roots_dropped.mojofm,
            r.ours_kernel_dropped.mojofm,
        );
    }
    let _ = writeln!(
        out,
        "| **mean** | | | {:.1} | {:.1} | {:.1} | {:.1} |",
        mean(&|r| r.ours.scores).mojofm,
        mean(&|r| r.ours_roots_follow_crate).mojofm,
        mean(&|r| r.ours_roots_dropped).mojofm,
        mean(&|r| r.ours_kernel_dropped).mojofm,
    );
    for r in results {
        if let Some(note) = &r.note {
            let _ = writeln!(out, "\n{}: {note}", r.name);
        }
        if let Some(note) = &r.note_no_roles {
            let _ = writeln!(out, "\n{} (no roles): {note}", r.name);
        }
    }
    out
}

/// Per proposed service: its crate make-up, then the modules that sit apart from most of
/// their crate.
fn describe(out: &mut String, r: &Evaluation, a: &Analysis) {
    let program = &a.program;
    let crate_name = |m: usize| program.crates[program.modules[m].krate].name.as_str();
    let _ = writeln!(out, "\n## {}\n", r.name);
    // Majority service of each crate, among the scored modules.
    let mut by_crate: BTreeMap<usize, BTreeMap<usize, usize>> = BTreeMap::new();
    for (i, l) in r.ours_labels.iter().enumerate() {
        if let Some(l) = l {
            *by_crate
                .entry(r.reference[i])
                .or_default()
                .entry(*l)
                .or_default() += 1;
        }
    }
    for (si, s) in r.proposal.services.iter().enumerate() {
        let mut make_up: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, l) in r.ours_labels.iter().enumerate() {
            if *l == Some(si) {
                *make_up.entry(crate_name(r.modules[i])).or_default() += 1;
            }
        }
        let parts: Vec<String> = make_up.iter().map(|(c, n)| format!("{c} {n}")).collect();
        let _ = writeln!(
            out,
            "- `{}` ({}): {}",
            s.name,
            s.role.as_str(),
            parts.join(", ")
        );
    }
    let mut roots: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, l) in r.ours_labels.iter().enumerate() {
        if l.is_none() {
            *roots.entry(crate_name(r.modules[i])).or_default() += 1;
        }
    }
    if !roots.is_empty() {
        let parts: Vec<String> = roots.iter().map(|(c, n)| format!("{c} {n}")).collect();
        let _ = writeln!(out, "- wiring roots: {}", parts.join(", "));
    }
    let _ = writeln!(out, "\nApart from most of their crate:");
    for (i, l) in r.ours_labels.iter().enumerate() {
        let (Some(l), Some(votes)) = (l, by_crate.get(&r.reference[i])) else {
            continue;
        };
        let majority = votes
            .iter()
            .max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c)))
            .map(|(c, _)| *c);
        if majority != Some(*l) {
            let m = r.modules[i];
            let _ = writeln!(
                out,
                "- `{}` ({} loc) in `{}`",
                program.modules[m].id, program.modules[m].loc, r.proposal.services[*l].name
            );
        }
    }
}
