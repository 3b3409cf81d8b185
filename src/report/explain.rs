//! The `explain` output: an [`Explanation`] as text (one line per reference and data access,
//! then the placement of A) or as JSON (`schema_version` [`SCHEMA_VERSION`], keys sorted).

use crate::explain::Explanation;
use crate::model::SCHEMA_VERSION;
use crate::report::escape::Escaped;
use std::io::{self, Write};

/// Writes the explanation as text; names from the analysed code pass through [`Escaped`].
pub fn write_text<W: Write>(e: &Explanation, out: W) -> io::Result<()> {
    let mut out = Escaped::new(out);
    let a = &e.from;
    let to =
        e.to.as_deref()
            .map(|b| format!(" to {b}"))
            .unwrap_or_default();
    writeln!(out, "{} references from {a}{to}", e.references.len())?;
    for r in &e.references {
        writeln!(
            out,
            "  {}  {:<6}  {} -> {}",
            r.location,
            r.kind.as_str(),
            r.from,
            r.to
        )?;
    }
    if !e.data_accesses.is_empty() {
        writeln!(out, "{} data accesses from {a}{to}", e.data_accesses.len())?;
        for d in &e.data_accesses {
            let access = d.access.as_str();
            writeln!(
                out,
                "  {}  {access:<6}  {} -> {}",
                d.location, d.module, d.data
            )?;
        }
    }
    if e.to.is_none() {
        let total: usize = e.used_by.iter().map(|u| u.references).sum();
        writeln!(out)?;
        writeln!(out, "{total} references into {a} from outside it")?;
        for u in &e.used_by {
            let shown = u
                .modules
                .iter()
                .take(3)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            let more = match u.modules.len() {
                n if n > 3 => format!(" and {} more", n - 3),
                _ => String::new(),
            };
            writeln!(
                out,
                "  {:>5}  from {}: {shown}{more}",
                u.references, u.group
            )?;
        }
    }
    if let Some(w) = &e.placement {
        writeln!(out)?;
        writeln!(out, "{a} is in {}", w.service)?;
        if let Some(reason) = &w.reason {
            writeln!(out, "  because: {reason}")?;
        }
        for (kind, detail, weight) in &w.evidence {
            if *kind == "folder" {
                writeln!(out, "  {kind:<5}  {detail}  (its other modules are there)")?;
            } else if *kind == "declared" {
                writeln!(out, "  declared in the config as part of {detail}")?;
            } else {
                writeln!(out, "  {kind:<5}  {detail}  (affinity {weight})")?;
            }
        }
        match (&w.next_best, &w.reason) {
            // A module set apart has no margin: its next best is the service it is most tied
            // to, where it would go if it were not set apart.
            (Some(next), Some(_)) => writeln!(
                out,
                "  next best home: {next} (the service it is most tied to)"
            )?,
            (Some(next), None) => writeln!(out, "  next best: {next} (margin {})", w.margin)?,
            (None, _) => {}
        }
        match (w.settled, &w.drifts_to) {
            (Some(s), _) if s >= 1.0 => writeln!(
                out,
                "  settled: every re-run with another seed keeps it there"
            )?,
            (Some(s), Some(other)) => writeln!(
                out,
                "  a close call: {:.0} % of the re-runs with other seeds keep it there, the others mostly put it with {other}",
                s * 100.0
            )?,
            (Some(s), None) => writeln!(
                out,
                "  a close call: {:.0} % of the re-runs with other seeds keep it there, the others put it in a group that matches no proposed service",
                s * 100.0
            )?,
            (None, _) => {}
        }
    }
    out.flush()
}

/// Writes the explanation as pretty JSON with a final newline.
pub fn write_json<W: Write>(e: &Explanation, mut out: W) -> io::Result<()> {
    let references: Vec<serde_json::Value> = e
        .references
        .iter()
        .map(|r| {
            serde_json::json!({
                "from": r.from, "to": r.to, "to_module": r.to_module,
                "kind": r.kind.as_str(), "access": r.access.as_str(),
                "file": r.location.file, "line": r.location.line, "column": r.location.column,
            })
        })
        .collect();
    let data: Vec<serde_json::Value> = e
        .data_accesses
        .iter()
        .map(|d| {
            serde_json::json!({
                "data": d.data, "module": d.module, "access": d.access.as_str(),
                "file": d.location.file, "line": d.location.line, "column": d.location.column,
            })
        })
        .collect();
    let placement = e.placement.as_ref().map(|w| {
        serde_json::json!({
            "module": e.from, "service": w.service, "next_best": w.next_best,
            "margin": w.margin, "reason": w.reason,
            "settled": w.settled, "drifts_to": w.drifts_to,
            "evidence": w.evidence.iter().map(|(kind, detail, weight)| serde_json::json!({
                "kind": kind, "detail": detail, "weight": weight,
            })).collect::<Vec<_>>(),
        })
    });
    let used_by: Vec<serde_json::Value> = e
        .used_by
        .iter()
        .map(|u| {
            serde_json::json!({
                "group": u.group, "references": u.references, "modules": u.modules,
            })
        })
        .collect();
    let doc = serde_json::json!({
        "schema_version": SCHEMA_VERSION, "from": e.from, "to": e.to, "placement": placement,
        "references": references, "data_accesses": data, "used_by": used_by,
    });
    serde_json::to_writer_pretty(&mut out, &doc)?;
    writeln!(out)
}
