//! `explain [PATH] A [B]`: every reference from A (to B) with file:line:column and kind.

use super::ExitStatus;
use super::args::{AnalyzeFormat, ExplainArgs};
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

/// `explain`.
pub fn run(args: ExplainArgs) -> anyhow::Result<ExitStatus> {
    let (path, a, b) = split_args(&args.args);
    let analysis = run_pipeline(&path, &args.common, None)?;
    let p = &analysis.program;
    if !p.modules.iter().any(|m| under(&m.id, &a)) {
        anyhow::bail!("no module `{a}` in {}", path.display());
    }
    if let Some(b) = &b
        && !p.modules.iter().any(|m| under(&m.id, b))
    {
        anyhow::bail!("no module `{b}` in {}", path.display());
    }
    let refs: Vec<&cargo_seams::model::Reference> = p
        .references
        .iter()
        .filter(|r| under(&p.modules[r.from].id, &a) && !under(&p.modules[r.to].id, &a))
        .filter(|r| b.as_ref().is_none_or(|b| under(&p.modules[r.to].id, b)))
        .collect();
    // Data accesses from A: tables and statics (types are already references above). With B,
    // only data defined below B or also touched by B.
    let mut accesses: Vec<(&str, &cargo_seams::data::DataSite)> = Vec::new();
    for node in &analysis.data.nodes {
        if node.kind == cargo_seams::model::DataKind::Type {
            continue;
        }
        if let Some(b) = &b {
            let defined = node.defined_in.is_some_and(|d| under(&p.modules[d].id, b));
            let touched = node
                .accesses
                .iter()
                .any(|x| under(&p.modules[x.module].id, b));
            if !defined && !touched {
                continue;
            }
        }
        for site in &node.sites {
            if under(&p.modules[site.module].id, &a) {
                accesses.push((node.id.as_str(), site));
            }
        }
    }
    accesses.sort_by(|x, y| x.1.location.cmp(&y.1.location).then(x.0.cmp(y.0)));
    let mut out = output(&args.common)?;
    let target = |r: &cargo_seams::model::Reference| -> String {
        match r.item {
            Some(i) => p.items[i].id.clone(),
            None => p.modules[r.to].id.clone(),
        }
    };
    match args.format {
        AnalyzeFormat::Json => {
            let list: Vec<serde_json::Value> = refs
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "from": p.modules[r.from].id, "to": target(r), "to_module": p.modules[r.to].id,
                        "kind": r.kind.as_str(), "access": r.access,
                        "file": r.location.file, "line": r.location.line, "column": r.location.column,
                    })
                })
                .collect();
            let data: Vec<serde_json::Value> = accesses
                .iter()
                .map(|(id, site)| {
                    serde_json::json!({
                        "data": id, "module": p.modules[site.module].id, "access": site.access,
                        "file": site.location.file, "line": site.location.line, "column": site.location.column,
                    })
                })
                .collect();
            let doc = serde_json::json!({
                "schema_version": 1, "from": a, "to": b, "references": list, "data_accesses": data,
            });
            serde_json::to_writer_pretty(&mut out, &doc)?;
            writeln!(out)?;
        }
        AnalyzeFormat::Text => {
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
        }
    }
    out.flush()?;
    Ok(ExitStatus::Success)
}

use std::io::Write;
