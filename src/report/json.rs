//! The JSON report, `schema_version` 1 as `docs/SPEC.md` defines it. Wire types live here
//! and only here, converted from the model, so that refactoring the model cannot change the
//! schema by accident. Every array is sorted; floats are rounded to a fixed precision.

use crate::Analysis;
use crate::metrics::figures::Warning;
use crate::model::{Diagnostic, round};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

pub use crate::model::SCHEMA_VERSION;

#[derive(Serialize)]
struct Report<'a> {
    schema_version: u32,
    tool: Tool,
    root: String,
    crates: Vec<Crate<'a>>,
    modules: Vec<Module<'a>>,
    dependencies: Vec<Dependency<'a>>,
    data: Vec<Data<'a>>,
    services: Vec<Service<'a>>,
    composition_roots: Vec<&'a str>,
    count_reason: &'a str,
    placement: Vec<Placement<'a>>,
    boundaries: Vec<Boundary<'a>>,
    extraction_order: Vec<&'a str>,
    extraction_reasons: BTreeMap<&'a str, &'a str>,
    families: Vec<Family<'a>>,
    metrics: Metrics,
    warnings: Vec<String>,
    cycles: Vec<Cycle<'a>>,
    diagnostics: Vec<Diag<'a>>,
    method_calls: MethodCalls,
}

/// Services cut alike: each holds modules below the same folders.
#[derive(Serialize)]
struct Family<'a> {
    across: Vec<&'a str>,
    services: Vec<&'a str>,
}

/// A service cycle and the lightest set of dependencies whose removal breaks it.
#[derive(Serialize)]
struct Cycle<'a> {
    services: &'a [String],
    cut: Vec<CutArc<'a>>,
}

#[derive(Serialize)]
struct CutArc<'a> {
    from: &'a str,
    to: &'a str,
    weight: f64,
}

#[derive(Serialize)]
struct MethodCalls {
    by_receiver_type: u64,
    by_name: u64,
    outside_project: u64,
    unresolved: u64,
}

#[derive(Serialize)]
struct Data<'a> {
    id: &'a str,
    kind: &'static str,
    defined_in: Option<&'a str>,
    accesses: Vec<Access<'a>>,
    /// Tables: the modules that reach it through the project functions they call.
    via_calls: Vec<Access<'a>>,
    /// Tables: the tables the code declares related to it (relation, join, foreign key).
    related: &'a [String],
}

#[derive(Serialize)]
struct Access<'a> {
    module: &'a str,
    reads: u32,
    writes: u32,
}

#[derive(Serialize)]
struct Service<'a> {
    name: &'a str,
    modules: Vec<&'a str>,
    loc: u64,
    cohesion: f64,
    afferent: f64,
    efferent: f64,
    instability: f64,
    api: &'a [String],
    owned_data: &'a [String],
    shared_data: &'a [String],
    role: &'static str,
    settled: Option<f64>,
}

#[derive(Serialize)]
struct Placement<'a> {
    module: &'a str,
    service: &'a str,
    evidence: Vec<Evidence<'a>>,
    margin: f64,
    next_best: Option<&'a str>,
    reason: Option<&'a str>,
    settled: Option<f64>,
    drifts_to: Option<&'a str>,
}

#[derive(Serialize)]
struct Evidence<'a> {
    kind: &'static str,
    detail: &'a str,
    weight: f64,
}

#[derive(Serialize)]
struct Boundary<'a> {
    a: &'a str,
    b: &'a str,
    weight_ab: f64,
    weight_ba: f64,
    references: u32,
    shared_data: &'a [String],
}

#[derive(Serialize)]
struct Metrics {
    modularity: f64,
    icp: f64,
    ifn: f64,
    ned: f64,
    sm: f64,
    shared_data_ratio: f64,
    service_cycles: usize,
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
    let f = &analysis.figures;
    let services = &analysis.proposal.services;
    let mid = |m: usize| p.modules[m].id.as_str();
    let wire = |accesses: &[crate::data::DataAccess]| -> Vec<Access> {
        accesses
            .iter()
            .map(|a| Access {
                module: mid(a.module),
                reads: a.reads,
                writes: a.writes,
            })
            .collect()
    };
    let data = analysis
        .data
        .nodes
        .iter()
        .map(|n| Data {
            id: &n.id,
            kind: n.kind.as_str(),
            defined_in: n.defined_in.map(mid),
            accesses: wire(&n.accesses),
            via_calls: wire(&n.via_calls),
            related: &n.related,
        })
        .collect();
    let service_rows = services
        .iter()
        .zip(&f.services)
        .enumerate()
        .map(|(i, (s, sf))| Service {
            name: &s.name,
            modules: s.modules.iter().map(|&m| mid(m)).collect(),
            loc: sf.loc,
            cohesion: round(sf.cohesion, 4),
            afferent: round(sf.afferent, 3),
            efferent: round(sf.efferent, 3),
            instability: round(sf.instability, 4),
            api: &sf.api,
            owned_data: &sf.owned_data,
            shared_data: &sf.shared_data,
            role: s.role.as_str(),
            settled: analysis.proposal.settled(i).map(|x| round(x, 3)),
        })
        .collect();
    let boundaries = f
        .boundaries
        .iter()
        .map(|b| Boundary {
            a: &services[b.a].name,
            b: &services[b.b].name,
            weight_ab: round(b.weight_ab, 3),
            weight_ba: round(b.weight_ba, 3),
            references: b.references,
            shared_data: &b.shared_data,
        })
        .collect();
    let m = &f.metrics;
    let metrics = Metrics {
        modularity: round(m.modularity, 4),
        icp: round(m.icp, 4),
        ifn: round(m.ifn, 4),
        ned: round(m.ned, 4),
        sm: round(m.sm, 4),
        shared_data_ratio: round(m.shared_data_ratio, 4),
        service_cycles: m.service_cycles,
    };
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
        data,
        services: service_rows,
        composition_roots: analysis.proposal.roots.iter().map(|&m| mid(m)).collect(),
        count_reason: &analysis.proposal.count_reason,
        placement: analysis
            .proposal
            .placement
            .iter()
            .map(|pl| Placement {
                module: mid(pl.module),
                service: &services[pl.service].name,
                evidence: pl
                    .evidence
                    .iter()
                    .map(|e| Evidence {
                        kind: e.kind.as_str(),
                        detail: &e.detail,
                        weight: round(e.weight, 3),
                    })
                    .collect(),
                margin: round(pl.margin, 3),
                next_best: pl.next_best.map(|s| services[s].name.as_str()),
                reason: pl.reason.as_deref(),
                settled: pl.settled.map(|x| round(x, 3)),
                drifts_to: pl.drifts_to.map(|s| services[s].name.as_str()),
            })
            .collect(),
        boundaries,
        extraction_order: f
            .extraction_order
            .iter()
            .map(|(s, _)| services[*s].name.as_str())
            .collect(),
        extraction_reasons: f
            .extraction_order
            .iter()
            .map(|(s, r)| (services[*s].name.as_str(), r.as_str()))
            .collect(),
        families: f
            .families
            .iter()
            .map(|fam| Family {
                across: fam
                    .across
                    .iter()
                    .map(|&m| p.modules[m].id.as_str())
                    .collect(),
                services: fam
                    .services
                    .iter()
                    .map(|&s| services[s].name.as_str())
                    .collect(),
            })
            .collect(),
        metrics,
        warnings: f.warnings.iter().map(|w| w.to_string()).collect(),
        cycles: f
            .warnings
            .iter()
            .filter_map(|w| match w {
                Warning::ServiceCycle { services, cut } => Some(Cycle {
                    services,
                    cut: cut
                        .iter()
                        .map(|c| CutArc {
                            from: &c.from,
                            to: &c.to,
                            weight: round(c.weight, 3),
                        })
                        .collect(),
                }),
                Warning::SharedTable { .. } => None,
            })
            .collect(),
        diagnostics: p.diagnostics.iter().map(diag).collect(),
        method_calls: MethodCalls {
            by_receiver_type: p.method_calls.by_receiver_type,
            by_name: p.method_calls.by_name,
            outside_project: p.method_calls.outside_project,
            unresolved: p.method_calls.unresolved,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)?;
    Ok(())
}
