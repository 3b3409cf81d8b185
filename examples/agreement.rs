//! How far two reviewers agree: for each application with a second, independently drawn split
//! (same format as `eval/domains/`, README there), the two splits scored against each other on
//! the modules both label, next to the default proposal scored against each on the same
//! modules. It tells how high a score against one reviewer can be expected to go: a proposal
//! cannot be asked to agree with a reviewer more than a second reviewer does. Not part of the
//! CLI; docs/QUALITY.md records its output.
//!
//! Usage: `cargo run --release --example agreement -- [--second DIR] [--refs DIR] [--apps DIR]`.
//! Every `<app>.txt` in the second folder (`eval/domains-second/` unless told) with a first
//! split `eval/domains/<app>.txt` is scored.

#[path = "common/reference.rs"]
#[allow(dead_code)]
mod reference;
use reference::{Reference, reference_files};
#[path = "common/scoring.rs"]
#[allow(dead_code)]
mod scoring;
use scoring::Scores;

use cargo_seams::cluster::propose::{ProposalOptions, propose};
use cargo_seams::model::Role;
use cargo_seams::{AnalyzeOptions, analyze};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

/// Label of the modules the proposal sets apart, and of its composition roots.
const KERNEL: usize = usize::MAX - 1;
const ROOTS: usize = usize::MAX;

/// One application's two splits, compared.
struct Row {
    name: String,
    /// Labelled modules: by the first reviewer, by the second, by both.
    labelled: [usize; 3],
    /// Domains each reviewer drew (over the modules both label).
    domains: [usize; 2],
    /// The second split scored against the first, and the first against the second.
    second_vs_first: Scores,
    first_vs_second: Scores,
    /// The default proposal against each split, on the modules both label.
    ours_vs_first: Scores,
    ours_vs_second: Scores,
}

fn main() -> ExitCode {
    let mut refs = PathBuf::from("eval/domains");
    let mut apps = PathBuf::from("vendor-crates/domains");
    let mut second = PathBuf::from("eval/domains-second");
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let value = it.next();
        match (a.as_str(), value) {
            ("--refs", Some(v)) => refs = v.into(),
            ("--apps", Some(v)) => apps = v.into(),
            ("--second", Some(v)) => second = v.into(),
            _ => {
                eprintln!(
                    "usage: agreement [--second DIR] [--refs DIR] [--apps DIR] (`{a}` needs a value or is unknown)"
                );
                return ExitCode::from(2);
            }
        }
    }
    let files = match reference_files(&second) {
        Ok(f) => f,
        Err(msg) => {
            eprintln!("agreement: {msg}");
            return ExitCode::from(2);
        }
    };
    let mut rows = Vec::new();
    for (name, file) in files {
        let first_file = refs.join(format!("{name}.txt"));
        let dir = apps.join(&name);
        if !first_file.is_file() || !dir.join("Cargo.toml").is_file() {
            eprintln!(
                "agreement: {name}: no first split at {} or no sources at {} (run scripts/vendor-domains.sh)",
                first_file.display(),
                dir.display()
            );
            continue;
        }
        let (first, other) = match (Reference::read(&first_file), Reference::read(&file)) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(msg), _) | (_, Err(msg)) => {
                eprintln!("agreement: {name}: {msg}");
                return ExitCode::from(2);
            }
        };
        eprintln!("agreement: analysing {name}");
        let analysis = match analyze(&AnalyzeOptions {
            path: dir,
            no_reruns: true,
            ..AnalyzeOptions::default()
        }) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("agreement: {name}: {e}");
                return ExitCode::from(2);
            }
        };
        let p = propose(
            &analysis.program,
            &analysis.graph,
            &analysis.data,
            &ProposalOptions {
                reruns: 0,
                ..ProposalOptions::default()
            },
        );
        let mut names: [Vec<String>; 2] = Default::default();
        let mut label =
            |side: usize, domain: &str| match names[side].iter().position(|d| d == domain) {
                Some(l) => l,
                None => {
                    names[side].push(domain.to_string());
                    names[side].len() - 1
                }
            };
        let (mut a, mut b, mut ours) = (Vec::new(), Vec::new(), Vec::new());
        let mut labelled = [0usize; 3];
        for (m, module) in analysis.program.modules.iter().enumerate() {
            let da = first.domain_of(&module.id).map(|d| d.0);
            let db = other.domain_of(&module.id).map(|d| d.0);
            labelled[0] += usize::from(da.is_some());
            labelled[1] += usize::from(db.is_some());
            let (Some(da), Some(db)) = (da, db) else {
                continue;
            };
            labelled[2] += 1;
            a.push(label(0, da));
            b.push(label(1, db));
            ours.push(match p.membership[m] {
                Some(s) if p.services[s].role == Role::Service => s,
                Some(_) => KERNEL,
                None => ROOTS,
            });
        }
        let distinct = |v: &[usize]| v.iter().collect::<BTreeSet<_>>().len();
        rows.push(Row {
            name,
            labelled,
            domains: [distinct(&a), distinct(&b)],
            second_vs_first: Scores::of(&b, &a),
            first_vs_second: Scores::of(&a, &b),
            ours_vs_first: Scores::of(&ours, &a),
            ours_vs_second: Scores::of(&ours, &b),
        });
    }
    if rows.is_empty() {
        eprintln!("agreement: no application with two splits");
        return ExitCode::from(2);
    }
    print!("{}", render(&rows));
    ExitCode::SUCCESS
}

/// The Markdown table, with a mean row.
fn render(rows: &[Row]) -> String {
    use std::fmt::Write as _;
    let t = |s: &Scores| format!("{:.1} / {:.2} / {:.2}", s.mojofm, s.ari, s.nmi);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| app | labelled: first / second / both | domains on both: first / second | second against first | first against second | ours against first | ours against second |"
    );
    let _ = writeln!(out, "| --- | --- | --- | --- | --- | --- | --- |");
    for r in rows {
        let _ = writeln!(
            out,
            "| {} | {} / {} / {} | {} / {} | {} | {} | {} | {} |",
            r.name,
            r.labelled[0],
            r.labelled[1],
            r.labelled[2],
            r.domains[0],
            r.domains[1],
            t(&r.second_vs_first),
            t(&r.first_vs_second),
            t(&r.ours_vs_first),
            t(&r.ours_vs_second)
        );
    }
    let mean = |f: fn(&Row) -> Scores| Scores::mean(&rows.iter().map(f).collect::<Vec<_>>());
    let _ = writeln!(
        out,
        "| **mean** | | | {} | {} | {} | {} |",
        t(&mean(|r| r.second_vs_first)),
        t(&mean(|r| r.first_vs_second)),
        t(&mean(|r| r.ours_vs_first)),
        t(&mean(|r| r.ours_vs_second))
    );
    let _ = writeln!(
        out,
        "\nScores are MoJoFM / ARI / NMI over the modules both reviewers label; \"X against Y\" takes Y as the reference (MoJoFM is not symmetric)."
    );
    out
}
