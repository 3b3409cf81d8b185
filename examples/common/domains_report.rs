//! The domain benchmark's report: the Markdown tables of docs/QUALITY.md (`render`), and per
//! application the make-up of each default service and the modules apart from their domain
//! (`describe`, with `--detail`).

use super::Evaluation;
use super::names::NameAgreement;
use super::scoring::Scores;
use cargo_seams::Analysis;
use cargo_seams::model::Role;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The tables of docs/QUALITY.md, in Markdown.
pub(super) fn render(results: &[Evaluation]) -> String {
    let mut out = String::new();
    let t = |s: &Scores| format!("{:.1} / {:.2} / {:.2}", s.mojofm, s.ari, s.nmi);
    let _ = writeln!(
        out,
        "| app | modules (scored) | domains | ours default: services, largest, set apart | ours default | ours at k | one service | by parent | Leiden γ=1 (clusters) | Leiden→k |"
    );
    let _ = writeln!(
        out,
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    );
    for r in results {
        let _ = writeln!(
            out,
            "| {} | {} ({}) | {} | {}, {:.0} %, {} | {} | {} | {} | {} | {} ({}) | {} |",
            r.name,
            r.total_modules,
            r.modules.len(),
            r.domains,
            r.default.services,
            100.0 * r.default.largest,
            r.default.set_apart,
            t(&r.default.scores),
            t(&r.at_k.scores),
            t(&r.one),
            t(&r.parent),
            t(&r.leiden),
            r.leiden_clusters,
            t(&r.leiden_k),
        );
    }
    let mean = |f: &dyn Fn(&Evaluation) -> Scores| {
        Scores::mean(&results.iter().map(f).collect::<Vec<_>>())
    };
    let _ = writeln!(
        out,
        "| **mean** | | | | **{}** | {} | {} | {} | {} | {} |",
        t(&mean(&|r| r.default.scores)),
        t(&mean(&|r| r.at_k.scores)),
        t(&mean(&|r| r.one)),
        t(&mean(&|r| r.parent)),
        t(&mean(&|r| r.leiden)),
        t(&mean(&|r| r.leiden_k)),
    );
    let _ = writeln!(
        out,
        "\nScores are MoJoFM / ARI / NMI over the modules the reference labels.\n"
    );
    if let Some(n) = results.first().map(|r| r.seeded.len()).filter(|&n| n > 1) {
        let _ = writeln!(
            out,
            "| app | ours default, mean of {n} seeds | MoJoFM lowest–highest |\n| --- | --- | --- |"
        );
        for r in results {
            let lo = r.seeded.iter().map(|s| s.mojofm).fold(f64::MAX, f64::min);
            let hi = r.seeded.iter().map(|s| s.mojofm).fold(f64::MIN, f64::max);
            let _ = writeln!(
                out,
                "| {} | {} | {lo:.1}–{hi:.1} |",
                r.name,
                t(&Scores::mean(&r.seeded))
            );
        }
        let means: Vec<Scores> = results.iter().map(|r| Scores::mean(&r.seeded)).collect();
        let _ = writeln!(out, "| **mean** | **{}** | |\n", t(&Scores::mean(&means)));
    }
    for r in results {
        let names: Vec<String> = r
            .default
            .proposal
            .services
            .iter()
            .filter(|s| s.role == Role::Service)
            .map(|s| s.name.clone())
            .collect();
        let _ = writeln!(
            out,
            "- {}: {} (named after / from their domain: {})",
            r.name,
            names.join(", "),
            r.default.names.render()
        );
    }
    let (mut all, mut baseline) = (NameAgreement::default(), NameAgreement::default());
    for r in results {
        all.add(r.default.names);
        baseline.add(r.default.baseline_names);
    }
    let _ = writeln!(
        out,
        "\nNames: services named after their majority domain / from its description: {} (baseline, each named by its largest module: {})",
        all.render(),
        baseline.render()
    );
    let mut settled = [(0, 0); 2];
    for r in results {
        for (sum, one) in settled.iter_mut().zip(r.default.settled) {
            sum.0 += one.0;
            sum.1 += one.1;
        }
    }
    let pct = |(a, b): (usize, usize)| 100.0 * a as f64 / b.max(1) as f64;
    let _ = writeln!(
        out,
        "Close calls: {} of {} measured scored modules ({:.1} %) move in a re-run with another seed; {:.1} % of them are in a service whose majority domain is theirs, against {:.1} % of the settled ones",
        settled[1].1,
        settled[0].1 + settled[1].1,
        pct((settled[1].1, settled[0].1 + settled[1].1)),
        pct(settled[1]),
        pct(settled[0])
    );
    // The folder layout's first level as the split: where it beats the default, the folders
    // knew something the signals did not.
    let n = results.len().max(1) as f64;
    let area_mean = |f: fn(&Scores) -> f64| results.iter().map(|r| f(&r.area)).sum::<f64>() / n;
    let beats: Vec<&str> = results
        .iter()
        .filter(|r| r.area.mojofm > r.default.scores.mojofm + 1e-9)
        .map(|r| r.name.as_str())
        .collect();
    let _ = writeln!(
        out,
        "By top-level module (each module grouped with its ancestor just below the crate root): {:.1} / {:.2} / {:.2}; above the default in {} of {} applications{}",
        area_mean(|s| s.mojofm),
        area_mean(|s| s.ari),
        area_mean(|s| s.nmi),
        beats.len(),
        results.len(),
        if beats.is_empty() {
            String::new()
        } else {
            format!(" ({})", beats.join(", "))
        }
    );
    let named: [usize; 3] =
        std::array::from_fn(|i| results.iter().map(|r| r.kernel_named[i].len()).sum());
    let total = named.iter().sum::<usize>();
    let apps = results
        .iter()
        .filter(|r| r.kernel_named.iter().any(|v| !v.is_empty()))
        .count();
    let merged_mean =
        |f: fn(&Scores) -> f64| results.iter().map(|r| f(&r.default.merged)).sum::<f64>() / n;
    let q_mean = |i: usize| results.iter().map(|r| r.modularity[i]).sum::<f64>() / n;
    let _ = writeln!(
        out,
        "Ceiling of merging (an oracle: our default services merged by their majority domain): {:.1} / {:.2} / {:.2}",
        merged_mean(|s| s.mojofm),
        merged_mean(|s| s.ari),
        merged_mean(|s| s.nmi)
    );
    let _ = writeln!(
        out,
        "Modularity of the references on the scored modules in services: the reviewers' split {:.3}, ours {:.3}; the reviewers' is higher in {} of {} applications",
        q_mean(0),
        q_mean(1),
        results
            .iter()
            .filter(|r| r.modularity[0] > r.modularity[1] + 1e-12)
            .count(),
        results.len()
    );
    let _ = writeln!(
        out,
        "Kernel the reviewers named (left out of their splits, so never scored): {total} modules in {apps} applications; the default proposal puts {:.1} % in its shared kernel, {:.1} % in services, {:.1} % elsewhere (roots, other groups set apart)",
        pct((named[0], total)),
        pct((named[1], total)),
        pct((named[2], total))
    );
    out
}

/// Per service of the default proposal: its name, size and domain make-up; then every scored
/// module that sits apart from the majority of its domain.
pub(super) fn describe(out: &mut String, r: &Evaluation, a: &Analysis) {
    let p = &r.default.proposal;
    let _ = writeln!(
        out,
        "\n## {} (default: {} services)\n",
        r.name, r.default.services
    );
    let pos: BTreeMap<usize, usize> = r.modules.iter().enumerate().map(|(i, &m)| (m, i)).collect();
    let group_of = |m: usize| match p.membership[m] {
        Some(s) => p.services[s].name.clone(),
        None => "(composition root)".to_string(),
    };
    let mut make_up: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for (i, &m) in r.modules.iter().enumerate() {
        *make_up
            .entry(group_of(m))
            .or_default()
            .entry(r.domain_names[r.reference[i]].clone())
            .or_default() += 1;
    }
    for s in &p.services {
        let unscored = s.modules.iter().filter(|m| !pos.contains_key(m)).count();
        let parts = make_up
            .get(&s.name)
            .map(|d| {
                d.iter()
                    .map(|(k, v)| format!("{k} {v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- {} [{}] {} modules ({} unscored): {}",
            s.name,
            s.role.as_str(),
            s.modules.len(),
            unscored,
            parts
        );
    }
    if let Some(parts) = make_up.get("(composition root)") {
        let _ = writeln!(out, "- (composition roots): {parts:?}");
    }
    // Majority group of each domain, then the modules elsewhere.
    let mut majority: BTreeMap<usize, String> = BTreeMap::new();
    for d in 0..r.domain_names.len() {
        let mut count: BTreeMap<String, usize> = BTreeMap::new();
        for (i, &m) in r.modules.iter().enumerate() {
            if r.reference[i] == d {
                *count.entry(group_of(m)).or_default() += 1;
            }
        }
        if let Some((g, _)) = count
            .into_iter()
            .max_by_key(|(g, n)| (*n, std::cmp::Reverse(g.clone())))
        {
            majority.insert(d, g);
        }
    }
    let _ = writeln!(
        out,
        "\nmisplaced (domain → where it went, where the domain went):"
    );
    for (i, &m) in r.modules.iter().enumerate() {
        let g = group_of(m);
        if majority.get(&r.reference[i]) != Some(&g) {
            let _ = writeln!(
                out,
                "  {} [{}] → {} (domain mostly in {})",
                a.program.modules[m].id,
                r.domain_names[r.reference[i]],
                g,
                majority.get(&r.reference[i]).map_or("-", |s| s.as_str())
            );
        }
    }
    if !r.kernel_named[1].is_empty() {
        let _ = writeln!(
            out,
            "\nkernel the reviewer named, in a service: {}",
            r.kernel_named[1]
                .iter()
                .map(|&m| format!("{} → {}", a.program.modules[m].id, group_of(m)))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}
