//! Domain benchmark: how close is the proposal to the split a reviewer drew by reading the code
//! of a real application? Not part of the CLI; docs/QUALITY.md records its output.
//!
//! Input: the reference files (`eval/domains/*.txt`, format in its README) and the folder where
//! `scripts/vendor-domains.sh` put each application (`vendor-crates/domains/<name>/`). Each
//! application is analysed as one monolith; the modules its reference labels are scored.
//! Methods, all in the same run:
//! - ours at default settings (the count the tool chooses), and at k = the reference's number of
//!   domains; modules that the proposal sets apart (shared kernel, composition roots) are scored
//!   as one cluster per role, so a domain module put in the kernel costs what a misplaced one does;
//! - baselines: everything in one service; modules grouped by their parent module; structure-only
//!   Leiden (modularity on the symmetrised module graph at resolution 1, and merged down to k);
//!   below the table, modules grouped by their top-level module (the folder layout's first level);
//! - two ceilings, below the table: an oracle merging our default services by their majority
//!   domain (what any merging of them could reach at best), and the modularity of the module
//!   graph under the reviewer's split and under ours, on the same modules (does the structure
//!   alone favour the reviewer's split?).
//!
//! Scores: MoJoFM, ARI and NMI against the reference; also the share of the scored modules held
//! by the largest service, and the service names (a name like `<crate>-2` says nothing) with
//! how many carry a word of their majority domain's name or description (`common/names.rs`),
//! next to a baseline that names each service after its largest module.
//!
//! Usage: `cargo run --release --example domains -- [--refs DIR] [--apps DIR] [--only NAME]
//! [--detail] [--tune key=value,...] [--seeds N]`. `--tune` varies the signal strengths of the
//! proposal (`cargo_seams::cluster::propose::Tuning`) for both of ours, to study them; `--seeds N`
//! adds the default proposal's scores averaged over N first seeds of its Leiden runs (a change
//! smaller than the spread between seeds is noise).

#[path = "common/names.rs"]
mod names;
#[path = "common/reference.rs"]
mod reference;
use reference::{Reference, reference_files};
#[path = "common/domains_report.rs"]
mod domains_report;
#[path = "common/scoring.rs"]
mod scoring;
use domains_report::{describe, render};
use names::NameAgreement;
use scoring::{Scores, merge_to_k, set_tuning};

use cargo_seams::cluster::affinity::AffinityGraph;
use cargo_seams::cluster::leiden::{LeidenParams, leiden};
use cargo_seams::cluster::partition::community_count;
use cargo_seams::cluster::propose::{
    Proposal, ProposalOptions, SEED, Tuning, propose, spaced_seed,
};
use cargo_seams::metrics::services::UNASSIGNED;
use cargo_seams::metrics::structure::modularity as structure_modularity;
use cargo_seams::model::{Role, Weights};
use cargo_seams::{Analysis, AnalyzeOptions, analyze};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match Args::parse() {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("domains: {msg}");
            eprintln!(
                "usage: domains [--refs DIR] [--apps DIR] [--only NAME] [--detail] [--tune k=v,...] [--seeds N]"
            );
            return ExitCode::from(2);
        }
    };
    let refs = match reference_files(&args.refs) {
        Ok(r) => r,
        Err(msg) => {
            eprintln!("domains: {msg}");
            return ExitCode::from(2);
        }
    };
    let mut results = Vec::new();
    let mut detail = String::new();
    for (name, file) in refs {
        if args
            .only
            .as_ref()
            .is_some_and(|o| !name.starts_with(o.as_str()))
        {
            continue;
        }
        let dir = args.apps.join(&name);
        if !dir.join("Cargo.toml").is_file() {
            eprintln!(
                "domains: {name}: {} missing (run scripts/vendor-domains.sh)",
                dir.display()
            );
            continue;
        }
        let reference = match Reference::read(&file) {
            Ok(r) => r,
            Err(msg) => {
                eprintln!("domains: {}: {msg}", file.display());
                return ExitCode::from(2);
            }
        };
        eprintln!("domains: analysing {name}");
        let analysis = match analyze(&AnalyzeOptions {
            path: dir,
            // The harness makes its own proposals; the pipeline's is not scored.
            no_reruns: true,
            weights: args.weights.clone(),
            ..AnalyzeOptions::default()
        }) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("domains: {name}: {e}");
                return ExitCode::from(2);
            }
        };
        let result = evaluate(
            &name,
            &reference,
            &analysis,
            &args.tuning,
            &args.weights,
            args.seeds,
        );
        for key in &result.unmatched {
            eprintln!("domains: {name}: reference key `{key}` matches no module");
        }
        if args.detail {
            describe(&mut detail, &result, &analysis);
        }
        results.push(result);
    }
    if results.is_empty() {
        eprintln!("domains: no application to score");
        return ExitCode::from(2);
    }
    print!("{}", render(&results));
    if args.detail {
        print!("{detail}");
    }
    ExitCode::SUCCESS
}

/// Command-line arguments.
struct Args {
    refs: PathBuf,
    apps: PathBuf,
    only: Option<String>,
    detail: bool,
    tuning: Tuning,
    weights: Weights,
    seeds: usize,
}

impl Args {
    fn parse() -> Result<Args, String> {
        let mut args = Args {
            refs: PathBuf::from("eval/domains"),
            apps: PathBuf::from("vendor-crates/domains"),
            only: None,
            detail: false,
            tuning: Tuning::default(),
            weights: Weights::default(),
            seeds: 1,
        };
        let mut it = std::env::args().skip(1);
        while let Some(a) = it.next() {
            match a.as_str() {
                "--refs" => args.refs = it.next().ok_or("--refs needs a folder")?.into(),
                "--apps" => args.apps = it.next().ok_or("--apps needs a folder")?.into(),
                "--only" => args.only = Some(it.next().ok_or("--only needs a name")?),
                "--detail" => args.detail = true,
                "--seeds" => {
                    args.seeds = it
                        .next()
                        .and_then(|n| n.parse().ok())
                        .filter(|&n| n >= 1)
                        .ok_or("--seeds needs a count of 1 or more")?
                }
                "--tune" => set_tuning(
                    &mut args.tuning,
                    &it.next().ok_or("--tune needs key=value,...")?,
                )?,
                "--weights" => args
                    .weights
                    .apply_list(&it.next().ok_or("--weights needs kind=value,...")?)
                    .map_err(|e| e.to_string())?,
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        Ok(args)
    }
}

/// One proposal of ours, scored.
struct Ours {
    scores: Scores,
    services: usize,
    /// Largest share of the scored modules held by one service (0–1).
    largest: f64,
    /// Scored modules put in the shared kernel or among composition roots.
    set_apart: usize,
    /// An oracle: the services merged by their majority domain (the set-apart groups as they
    /// are), the ceiling of any merging of this proposal's services.
    merged: Scores,
    /// Services named after (or from the description of) their majority domain.
    names: NameAgreement,
    /// The same for a baseline naming: each service named by its largest module's last segment.
    baseline_names: NameAgreement,
    /// Scored modules of a service whose placement was measured, `[settled, close call]`:
    /// `(in a service whose majority domain is theirs, all)`.
    settled: [(usize, usize); 2],
    proposal: Proposal,
}

/// Everything measured on one application.
struct Evaluation {
    name: String,
    /// Number of domains in the reference: k.
    domains: usize,
    /// Scored modules (program indices), their reference labels.
    modules: Vec<usize>,
    reference: Vec<usize>,
    domain_names: Vec<String>,
    /// Modules in the program, lines of code.
    total_modules: usize,
    default: Ours,
    at_k: Ours,
    one: Scores,
    parent: Scores,
    /// Modules grouped by their top-level module (the ancestor just below the crate root;
    /// a crate root is its own group): the folder layout's first level, taken as the split.
    area: Scores,
    leiden: Scores,
    leiden_clusters: usize,
    leiden_k: Scores,
    /// With `--seeds N`: the default proposal's scores for each of N first seeds.
    seeded: Vec<Scores>,
    unmatched: Vec<String>,
    /// The modules the reviewer's kernel paragraph names (and the split does not label), by
    /// where the default proposal puts them: `[shared kernel, a service, elsewhere]` (roots,
    /// other groups set apart). The split scores none of them: this is how the harness sees a
    /// change that moves infrastructure into services.
    kernel_named: [Vec<usize>; 3],
    /// Modularity of the module graph (references, resolution 1) over the scored modules the
    /// default proposal puts in services, `[the reviewer's split, ours]`: how far the structure
    /// alone favours each.
    modularity: [f64; 2],
}

const KERNEL: usize = usize::MAX;
const ROOTS: usize = usize::MAX - 1;

fn evaluate(
    name: &str,
    r: &Reference,
    a: &Analysis,
    tuning: &Tuning,
    weights: &Weights,
    seeds: usize,
) -> Evaluation {
    let program = &a.program;
    let mut domain_names: Vec<String> = Vec::new();
    let mut modules = Vec::new();
    let mut reference = Vec::new();
    let mut used = vec![false; r.keys.len()];
    for (m, module) in program.modules.iter().enumerate() {
        if let Some((domain, key)) = r.domain_of(&module.id) {
            used[key] = true;
            let label = match domain_names.iter().position(|d| d == domain) {
                Some(l) => l,
                None => {
                    domain_names.push(domain.to_string());
                    domain_names.len() - 1
                }
            };
            modules.push(m);
            reference.push(label);
        }
    }
    let unmatched = r
        .keys
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|((k, s, _), _)| if *s { format!("{k}::**") } else { k.clone() })
        .collect();
    let k = domain_names.len().max(1);

    let score_ours = |p: Proposal| {
        let labels: Vec<usize> = modules
            .iter()
            .map(|&m| match p.membership[m] {
                Some(s) if p.services[s].role == Role::Service => s,
                Some(_) => KERNEL,
                None => ROOTS,
            })
            .collect();
        let mut sizes: BTreeMap<usize, usize> = BTreeMap::new();
        for &l in labels.iter().filter(|&&l| l < ROOTS) {
            *sizes.entry(l).or_default() += 1;
        }
        // Each scored module's service, `None` when it is set apart.
        let in_service: Vec<Option<usize>> =
            labels.iter().map(|&l| (l < ROOTS).then_some(l)).collect();
        // Is a module of a service in the one whose majority domain is its own, and was its
        // placement settled in every re-run?
        let mut make_up: BTreeMap<usize, BTreeMap<usize, usize>> = BTreeMap::new();
        for (&l, &d) in labels.iter().zip(&reference) {
            if l < ROOTS {
                *make_up.entry(l).or_default().entry(d).or_default() += 1;
            }
        }
        let majority = |l: usize| {
            make_up.get(&l).and_then(|c| {
                c.iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map(|(&d, _)| d)
            })
        };
        let mut settled = [(0, 0); 2];
        for ((&m, &l), &d) in modules.iter().zip(&labels).zip(&reference) {
            let Some(share) = p
                .placement
                .binary_search_by(|pl| pl.module.cmp(&m))
                .ok()
                .and_then(|i| p.placement[i].settled)
            else {
                continue;
            };
            let bucket = usize::from(share < 1.0);
            settled[bucket].1 += 1;
            if l < ROOTS && majority(l) == Some(d) {
                settled[bucket].0 += 1;
            }
        }
        let merged: Vec<usize> = labels
            .iter()
            .map(|&l| {
                if l < ROOTS {
                    majority(l).unwrap_or(l)
                } else {
                    l
                }
            })
            .collect();
        Ours {
            scores: Scores::of(&labels, &reference),
            merged: Scores::of(&merged, &reference),
            services: p
                .services
                .iter()
                .filter(|s| s.role == Role::Service)
                .count(),
            largest: sizes.values().max().copied().unwrap_or(0) as f64
                / modules.len().max(1) as f64,
            set_apart: labels.iter().filter(|&&l| l >= ROOTS).count(),
            names: NameAgreement::of(
                &p.services
                    .iter()
                    .map(|s| s.name.clone())
                    .collect::<Vec<_>>(),
                &in_service,
                &reference,
                &domain_names,
                &r.descriptions,
            ),
            baseline_names: NameAgreement::of(
                &p.services
                    .iter()
                    .map(|s| {
                        s.modules
                            .iter()
                            .max_by_key(|&&m| (program.modules[m].loc, std::cmp::Reverse(m)))
                            .map(|&m| {
                                let id = &program.modules[m].id;
                                id.rsplit("::").next().unwrap_or(id).to_string()
                            })
                            .unwrap_or_default()
                    })
                    .collect::<Vec<_>>(),
                &in_service,
                &reference,
                &domain_names,
                &r.descriptions,
            ),
            settled,
            proposal: p,
        }
    };
    // Only the default proposal measures how settled its placements are (the harness's
    // "Close calls" line); the other runs skip the re-runs.
    let run = |services: Option<usize>, reruns: usize| {
        propose(
            program,
            &a.graph,
            &a.data,
            &ProposalOptions {
                services,
                tuning: tuning.clone(),
                weights: weights.clone(),
                reruns,
                ..ProposalOptions::default()
            },
        )
    };
    let default = score_ours(run(None, ProposalOptions::default().reruns));
    let mut kernel_named: [Vec<usize>; 3] = Default::default();
    for (m, module) in program.modules.iter().enumerate() {
        if !r.in_kernel(&module.id) || r.domain_of(&module.id).is_some() {
            continue;
        }
        let p = &default.proposal;
        let slot = match p.membership[m].map(|s| p.services[s].role) {
            Some(Role::SharedKernel) => 0,
            Some(Role::Service) => 1,
            _ => 2,
        };
        kernel_named[slot].push(m);
    }
    let at_k = score_ours(run(Some(k), 0));
    // Leiden's result depends on its seed: the first seeds are spaced so that the best-of-runs
    // of one seed shares no run with the next.
    let seeded = (0..seeds.max(1))
        .filter(|_| seeds > 1)
        .map(|i| {
            let p = propose(
                program,
                &a.graph,
                &a.data,
                &ProposalOptions {
                    tuning: Tuning {
                        seed: spaced_seed(tuning.seed, i),
                        ..tuning.clone()
                    },
                    weights: weights.clone(),
                    reruns: 0,
                    ..ProposalOptions::default()
                },
            );
            score_ours(p).scores
        })
        .collect();

    let one = Scores::of(&vec![0; modules.len()], &reference);
    let parent_labels: Vec<usize> = modules
        .iter()
        .map(|&m| program.modules[m].parent.unwrap_or(m))
        .collect();
    let parent = Scores::of(&parent_labels, &reference);
    let area_labels: Vec<usize> = modules
        .iter()
        .map(|&m| {
            let mut cur = m;
            while let Some(p) = program.modules[cur].parent
                && program.modules[p].parent.is_some()
            {
                cur = p;
            }
            cur
        })
        .collect();
    let area = Scores::of(&area_labels, &reference);

    let edges: Vec<(usize, usize, f64)> = a
        .graph
        .dependencies
        .iter()
        .map(|d| (d.from, d.to, d.weight))
        .collect();
    let mut by_reference = vec![UNASSIGNED; program.modules.len()];
    let mut by_ours = vec![UNASSIGNED; program.modules.len()];
    for (&m, &d) in modules.iter().zip(&reference) {
        if let Some(s) = default.proposal.membership[m]
            && default.proposal.services[s].role == Role::Service
        {
            by_reference[m] = d;
            by_ours[m] = s;
        }
    }
    let modularity = [
        structure_modularity(&edges, &by_reference),
        structure_modularity(&edges, &by_ours),
    ];
    // The symmetrised module dependency graph over every module: structure only.
    let structure = AffinityGraph::new(program.modules.len(), edges);
    let gamma1 = leiden(
        &structure,
        &LeidenParams {
            seed: SEED,
            ..LeidenParams::default()
        },
    )
    .membership;
    let on_scored = |m: &[usize]| modules.iter().map(|&i| m[i]).collect::<Vec<_>>();
    let leiden_labels = on_scored(&gamma1);
    let leiden_clusters = community_count(&leiden_labels);
    let leiden_s = Scores::of(&leiden_labels, &reference);
    let leiden_k = Scores::of(&on_scored(&merge_to_k(gamma1, &structure, k)), &reference);
    Evaluation {
        name: name.to_string(),
        domains: k,
        modules,
        reference,
        domain_names,
        total_modules: program.modules.len(),
        default,
        at_k,
        one,
        parent,
        area,
        leiden: leiden_s,
        leiden_clusters,
        leiden_k,
        seeded,
        unmatched,
        kernel_named,
        modularity,
    }
}
