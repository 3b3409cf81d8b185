//! `explain [PATH] A [B]`: every reference from A (to B) with file:line:column and kind.

use super::ExitStatus;
use super::args::{ExplainArgs, ExplainFormat};
use super::common::{output, run_pipeline};
use std::path::{Path, PathBuf};

/// Splits `[PATH] A [B]`: with two words, the first is a path when it holds a Cargo.toml.
fn split_args(args: &[String]) -> (PathBuf, String, Option<String>) {
    match args {
        [a] => (PathBuf::from("."), a.clone(), None),
        [p, a] if Path::new(p).join("Cargo.toml").is_file() || Path::new(p).is_file() => {
            (PathBuf::from(p), a.clone(), None)
        }
        [a, b] => (PathBuf::from("."), a.clone(), Some(b.clone())),
        [p, a, b, ..] => (PathBuf::from(p), a.clone(), Some(b.clone())),
        [] => (PathBuf::from("."), String::new(), None),
    }
}

/// True when `id` is `pattern` or below it.
fn under(id: &str, pattern: &str) -> bool {
    id == pattern
        || id
            .strip_prefix(pattern)
            .is_some_and(|rest| rest.starts_with("::"))
}

/// The modules `name` selects: a module id and everything below it, or else the modules of the
/// proposed service (or shared kernel) of that name. `None` when it names neither.
fn selection(analysis: &cargo_seams::Analysis, name: &str) -> Option<Vec<bool>> {
    let modules = &analysis.program.modules;
    let by_module: Vec<bool> = modules.iter().map(|m| under(&m.id, name)).collect();
    if by_module.iter().any(|&x| x) {
        return Some(by_module);
    }
    let service = analysis.proposal.services.iter().find(|s| s.name == name)?;
    let mut sel = vec![false; modules.len()];
    for &m in &service.modules {
        sel[m] = true;
    }
    Some(sel)
}

/// `explain`.
pub fn run(args: ExplainArgs) -> anyhow::Result<ExitStatus> {
    let (path, a, b) = split_args(&args.args);
    let analysis = run_pipeline(&path, &args.common, args.services)?;
    let p = &analysis.program;
    let Some(in_a) = selection(&analysis, &a) else {
        anyhow::bail!("no module or service `{a}` in {}", path.display());
    };
    let in_b = match &b {
        Some(name) => match selection(&analysis, name) {
            Some(sel) => Some(sel),
            None => anyhow::bail!("no module or service `{name}` in {}", path.display()),
        },
        None => None,
    };
    let refs: Vec<&cargo_seams::model::Reference> = p
        .references
        .iter()
        .filter(|r| in_a[r.from] && !in_a[r.to])
        .filter(|r| in_b.as_ref().is_none_or(|sel| sel[r.to]))
        .collect();
    // Data accesses from A: tables and statics (types are already references above). With B,
    // only data defined below B or also touched by B.
    let mut accesses: Vec<(&str, &cargo_seams::data::DataSite)> = Vec::new();
    for node in &analysis.data.nodes {
        if node.kind == cargo_seams::model::DataKind::Type {
            continue;
        }
        if let Some(sel) = &in_b {
            let defined = node.defined_in.is_some_and(|d| sel[d]);
            let touched = node.accesses.iter().any(|x| sel[x.module]);
            if !defined && !touched {
                continue;
            }
        }
        for site in &node.sites {
            if in_a[site.module] {
                accesses.push((node.id.as_str(), site));
            }
        }
    }
    accesses.sort_by(|x, y| x.1.location.cmp(&y.1.location).then(x.0.cmp(y.0)));
    let why = placement_of(&analysis, &a);
    let mut out = output(&args.common);
    let target = |r: &cargo_seams::model::Reference| -> String {
        match r.item {
            Some(i) => p.items[i].id.clone(),
            None => p.modules[r.to].id.clone(),
        }
    };
    match args.format {
        ExplainFormat::Json => {
            let list: Vec<serde_json::Value> = refs
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "from": p.modules[r.from].id, "to": target(r), "to_module": p.modules[r.to].id,
                        "kind": r.kind.as_str(), "access": r.access.as_str(),
                        "file": r.location.file, "line": r.location.line, "column": r.location.column,
                    })
                })
                .collect();
            let data: Vec<serde_json::Value> = accesses
                .iter()
                .map(|(id, site)| {
                    serde_json::json!({
                        "data": id, "module": p.modules[site.module].id, "access": site.access.as_str(),
                        "file": site.location.file, "line": site.location.line, "column": site.location.column,
                    })
                })
                .collect();
            let placement = why.as_ref().map(|w| {
                serde_json::json!({
                    "module": a, "service": w.service, "next_best": w.next_best,
                    "margin": w.margin, "reason": w.reason,
                    "evidence": w.evidence.iter().map(|(kind, detail, weight)| serde_json::json!({
                        "kind": kind, "detail": detail, "weight": weight,
                    })).collect::<Vec<_>>(),
                })
            });
            let doc = serde_json::json!({
                "schema_version": 1, "from": a, "to": b, "placement": placement,
                "references": list, "data_accesses": data,
            });
            serde_json::to_writer_pretty(&mut out, &doc)?;
            writeln!(out)?;
        }
        ExplainFormat::Text => {
            let mut out = Escaped::new(&mut out);
            let to = b.as_deref().map(|b| format!(" to {b}")).unwrap_or_default();
            writeln!(out, "{} references from {a}{to}", refs.len())?;
            for r in &refs {
                writeln!(
                    out,
                    "  {}  {:<6}  {} -> {}",
                    r.location,
                    r.kind.as_str(),
                    p.modules[r.from].id,
                    target(r)
                )?;
            }
            if !accesses.is_empty() {
                writeln!(out, "{} data accesses from {a}{to}", accesses.len())?;
                for (id, site) in &accesses {
                    let access = match site.access {
                        cargo_seams::model::Access::Read => "read",
                        cargo_seams::model::Access::Write => "write",
                    };
                    writeln!(
                        out,
                        "  {}  {access:<6}  {} -> {id}",
                        site.location, p.modules[site.module].id
                    )?;
                }
            }
            if let Some(w) = &why {
                writeln!(out)?;
                writeln!(out, "{a} is in {}", w.service)?;
                if let Some(reason) = &w.reason {
                    writeln!(out, "  because: {reason}")?;
                }
                for (kind, detail, weight) in &w.evidence {
                    writeln!(out, "  {kind:<5}  {detail}  (affinity {weight})")?;
                }
                if let Some(next) = &w.next_best {
                    writeln!(out, "  next best: {next} (margin {})", w.margin)?;
                }
            }
            out.flush()?;
        }
    }
    out.finish()?;
    Ok(ExitStatus::Success)
}

use cargo_seams::report::escape::Escaped;
use std::io::Write;

/// Why a module is where it is, in names.
struct Why {
    service: String,
    next_best: Option<String>,
    margin: f64,
    reason: Option<String>,
    evidence: Vec<(&'static str, String, f64)>,
}

/// The placement of module `id` (exactly), when the proposal placed it.
fn placement_of(analysis: &cargo_seams::Analysis, id: &str) -> Option<Why> {
    let m = analysis.program.module_index(id)?;
    let services = &analysis.proposal.services;
    let p = analysis.proposal.placement.iter().find(|p| p.module == m)?;
    Some(Why {
        service: services[p.service].name.clone(),
        next_best: p.next_best.map(|s| services[s].name.clone()),
        margin: p.margin,
        reason: p.reason.clone(),
        evidence: p
            .evidence
            .iter()
            .map(|e| (e.kind.as_str(), e.detail.clone(), e.weight))
            .collect(),
    })
}
