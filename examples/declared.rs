//! What a little guidance buys (`analyze --declared`): on the domain benchmark, declare a few
//! modules of each reference domain as that domain's service and score the proposal on the
//! other labelled modules, next to the default proposal scored on the same modules. Not part
//! of the CLI; docs/QUALITY.md records its output.
//!
//! The declared modules of a domain are its first `N` labelled, clustered modules in an order
//! fixed by a hash of their ids (no reviewer's choice of "typical" modules: a neutral draw).
//! Modules the default proposal sets apart are not drawn, as a reviewer who declares a module
//! moves it into a service.
//!
//! Usage: `cargo run --release --example declared -- [--refs DIR] [--apps DIR] [--per 1,2]`.

#[path = "common/reference.rs"]
#[allow(dead_code)]
mod reference;
use reference::{Reference, reference_files};
#[path = "common/scoring.rs"]
#[allow(dead_code)]
mod scoring;
use scoring::Scores;

use cargo_seams::cluster::propose::{Declared, Proposal, ProposalOptions, propose};
use cargo_seams::model::{ModuleIdx, Role};
use cargo_seams::{AnalyzeOptions, analyze};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

/// Label of the modules a proposal sets apart, and of its composition roots.
const KERNEL: usize = usize::MAX - 1;
const ROOTS: usize = usize::MAX;

fn main() -> ExitCode {
    let mut refs = PathBuf::from("eval/domains");
    let mut apps = PathBuf::from("vendor-crates/domains");
    let mut per: Vec<usize> = vec![1, 2];
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let value = it.next();
        match (a.as_str(), value) {
            ("--refs", Some(v)) => refs = PathBuf::from(v),
            ("--apps", Some(v)) => apps = PathBuf::from(v),
            ("--per", Some(v)) => {
                per = v.split(',').filter_map(|x| x.trim().parse().ok()).collect();
            }
            _ => {
                eprintln!("usage: declared [--refs DIR] [--apps DIR] [--per 1,2]");
                return ExitCode::from(2);
            }
        }
    }
    let files = match reference_files(&refs) {
        Ok(f) => f,
        Err(msg) => {
            eprintln!("declared: {msg}");
            return ExitCode::from(2);
        }
    };
    println!("| app | domains | declared | default (same modules) | with the declared |");
    println!("| --- | ---: | ---: | --- | --- |");
    let mut means: BTreeMap<usize, (Vec<Scores>, Vec<Scores>)> = BTreeMap::new();
    for (name, file) in files {
        let dir = apps.join(&name);
        let (Ok(reference), true) = (Reference::read(&file), dir.join("Cargo.toml").is_file())
        else {
            continue;
        };
        let Ok(a) = analyze(&AnalyzeOptions {
            path: dir,
            no_reruns: true,
            ..AnalyzeOptions::default()
        }) else {
            eprintln!("declared: {name}: not analysed");
            continue;
        };
        let run = |declared: Vec<Declared>| {
            propose(
                &a.program,
                &a.graph,
                &a.data,
                &ProposalOptions {
                    declared,
                    reruns: 0,
                    ..ProposalOptions::default()
                },
            )
        };
        let default = run(Vec::new());
        // Labelled modules by domain, clustered by default, in the hash order.
        let mut by_domain: BTreeMap<String, Vec<(u64, ModuleIdx)>> = BTreeMap::new();
        for (m, module) in a.program.modules.iter().enumerate() {
            if let Some((domain, _)) = reference.domain_of(&module.id)
                && label(&default, m) < KERNEL
            {
                by_domain
                    .entry(domain.to_string())
                    .or_default()
                    .push((fnv(&module.id), m));
            }
        }
        for list in by_domain.values_mut() {
            list.sort_unstable();
        }
        for &n in &per {
            let declared: Vec<Declared> = by_domain
                .iter()
                .map(|(domain, list)| {
                    let mut modules: Vec<ModuleIdx> = list.iter().take(n).map(|x| x.1).collect();
                    modules.sort_unstable();
                    Declared {
                        name: domain.clone(),
                        modules,
                    }
                })
                .collect();
            let pinned: Vec<ModuleIdx> = declared.iter().flat_map(|d| d.modules.clone()).collect();
            let guided = run(declared);
            // Scored: every labelled module that was not declared.
            let mut domains: Vec<&str> = Vec::new();
            let (mut truth, mut ours, mut theirs) = (Vec::new(), Vec::new(), Vec::new());
            for (m, module) in a.program.modules.iter().enumerate() {
                let Some((domain, _)) = reference.domain_of(&module.id) else {
                    continue;
                };
                if pinned.contains(&m) {
                    continue;
                }
                let d = domains
                    .iter()
                    .position(|x| *x == domain)
                    .unwrap_or_else(|| {
                        domains.push(domain);
                        domains.len() - 1
                    });
                truth.push(d);
                ours.push(label(&default, m));
                theirs.push(label(&guided, m));
            }
            let (before, after) = (Scores::of(&ours, &truth), Scores::of(&theirs, &truth));
            println!(
                "| {name} | {} | {} | {} | {} |",
                by_domain.len(),
                pinned.len(),
                show(before),
                show(after)
            );
            let e = means.entry(n).or_default();
            e.0.push(before);
            e.1.push(after);
        }
    }
    for (n, (before, after)) in &means {
        println!(
            "| **mean, {n} declared per domain** | | | {} | {} |",
            show(Scores::mean(before)),
            show(Scores::mean(after))
        );
    }
    ExitCode::SUCCESS
}

/// A module's service in `p`, or the label of the group it is set apart in.
fn label(p: &Proposal, m: ModuleIdx) -> usize {
    match p.membership[m] {
        Some(s) if p.services[s].role == Role::Service => s,
        Some(_) => KERNEL,
        None => ROOTS,
    }
}

fn show(s: Scores) -> String {
    format!("{:.1} / {:.2} / {:.2}", s.mojofm, s.ari, s.nmi)
}

/// FNV-1a: an order of the modules no reviewer chose, the same on every run.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
