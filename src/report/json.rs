//! The JSON report, `schema_version` 1 as `../shared/SPEC.md` defines it. Wire types live here
//! and only here, converted from the model, so that refactoring the model cannot change the
//! schema by accident. Every array is sorted; floats are rounded to a fixed precision.

use crate::Analysis;
use crate::model::{Diagnostic, fmt_float, round};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// The schema version this file writes.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    schema_version: u32,
    tool: Tool,
    root: String,
    crates: Vec<Crate<'a>>,
    modules: Vec<Module<'a>>,
    dependencies: Vec<Dependency<'a>>,
    data: Vec<serde_json::Value>,
    services: Vec<serde_json::Value>,
    boundaries: Vec<serde_json::Value>,
    extraction_order: Vec<String>,
    extraction_reasons: BTreeMap<String, String>,
    metrics: serde_json::Value,
    diagnostics: Vec<Diag<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Crate<'a> {
    name: &'a str,
    package: &'a str,
    kind: &'a str,
    root_file: &'a str,
    edition: &'a str,
}

#[derive(Serialize)]
struct Module<'a> {
    id: &'a str,
    #[serde(rename = "crate")]
    krate: &'a str,
    file: &'a str,
    line: u32,
    loc: u32,
    items: u32,
    external: Vec<&'a str>,
}

#[derive(Serialize)]
struct Dependency<'a> {
    from: &'a str,
    to: &'a str,
    weight: f64,
    count: u32,
    kinds: BTreeMap<&'static str, u32>,
}

#[derive(Serialize)]
struct Diag<'a> {
    severity: &'static str,
    code: &'static str,
    file: &'a str,
    line: u32,
    column: u32,
    message: &'a str,
}

fn diag(d: &Diagnostic) -> Diag<'_> {
    Diag {
        severity: match d.severity {
            crate::model::Severity::Warning => "warning",
            crate::model::Severity::Note => "note",
        },
        code: d.code.as_str(),
        file: &d.file,
        line: d.line,
        column: d.column,
        message: &d.message,
    }
}

/// Writes the analysis as JSON.
pub fn write(analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
    let p = &analysis.program;
    let crates = p
        .crates
        .iter()
        .map(|c| Crate {
            name: &c.name,
            package: &c.package,
            kind: &c.kind,
            root_file: &c.root_file,
            edition: &c.edition,
        })
        .collect();
    let modules = p
        .modules
        .iter()
        .map(|m| Module {
            id: &m.id,
            krate: p.crates.get(m.krate).map(|c| c.name.as_str()).unwrap_or(""),
            file: &m.file,
            line: m.line,
            loc: m.loc,
            items: m.items,
            external: m.external.iter().map(String::as_str).collect(),
        })
        .collect();
    let dependencies = analysis
        .graph
        .dependencies
        .iter()
        .map(|d| Dependency {
            from: &p.modules[d.from].id,
            to: &p.modules[d.to].id,
            weight: round(d.weight, 3),
            count: d.count,
            kinds: d.kinds.iter().map(|(k, c)| (k.as_str(), *c)).collect(),
        })
        .collect();
    let metrics = serde_json::json!({
        "modularity": null, "icp": null, "ifn": null, "ned": null, "sm": null,
        "shared_data_ratio": null, "service_cycles": null,
    });
    let report = Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "cargo-seams",
            version: env!("CARGO_PKG_VERSION"),
        },
        root: ".".to_string(),
        crates,
        modules,
        dependencies,
        data: Vec::new(),
        services: Vec::new(),
        boundaries: Vec::new(),
        extraction_order: Vec::new(),
        extraction_reasons: BTreeMap::new(),
        metrics,
        diagnostics: p.diagnostics.iter().map(diag).collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)?;
    let _ = fmt_float;
    Ok(())
}
