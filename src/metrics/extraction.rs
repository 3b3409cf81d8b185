//! The suggested extraction order: which proposed service is cheapest to carve out first,
//! each with a one-line reason. A service in a cycle comes after every service in none, then
//! one sharing written tables after one that does not, then by the weight crossing its
//! boundary both ways; a service in a cycle is told which dependencies of the cycle's
//! lightest cut ([`super::feedback`]) touch it, and one with close calls how many (modules that
//! re-runs of the search with other seeds put elsewhere: its boundary is less sure).

use super::figures::{ServiceFigures, Warning};
use crate::cluster::propose::Proposal;
use crate::model::Role;

/// A service in the running for the extraction order, with what ranks it.
struct Candidate<'p> {
    /// In a service cycle.
    in_cycle: bool,
    /// Shared written tables it reads or writes.
    shared_tables: usize,
    /// Weight of references into it.
    afferent: f64,
    /// Its name, the last tie-breaker.
    name: &'p str,
    /// Its index.
    service: usize,
}

/// Cheapest first: not in a cycle, no shared written table, least weight crossing its
/// boundary (afferent + efferent), then least afferent.
pub(super) fn extraction_order(
    proposal: &Proposal,
    figures: &[ServiceFigures],
    warnings: &[Warning],
    cycles: &[Vec<usize>],
) -> Vec<(usize, String)> {
    let services = &proposal.services;
    let mut rows: Vec<Candidate<'_>> = Vec::new();
    for (s, svc) in services.iter().enumerate() {
        if svc.role != Role::Service {
            continue;
        }
        let in_cycle = cycles.iter().any(|c| c.contains(&s));
        let shared_tables = warnings
            .iter()
            .filter(|w| matches!(w, Warning::SharedTable { writers, readers, .. } if writers.contains(&svc.name) || readers.contains(&svc.name)))
            .count();
        rows.push(Candidate {
            in_cycle,
            shared_tables,
            afferent: figures[s].afferent,
            name: &svc.name,
            service: s,
        });
    }
    // Every reference across the service's boundary becomes a remote call or an API contract,
    // so the cost is the weight crossing it both ways; callers weigh more on a tie.
    let crossing = |r: &Candidate<'_>| r.afferent + figures[r.service].efferent;
    rows.sort_by(|x, y| {
        x.in_cycle
            .cmp(&y.in_cycle)
            .then(x.shared_tables.cmp(&y.shared_tables))
            .then(crossing(x).total_cmp(&crossing(y)))
            .then(x.afferent.total_cmp(&y.afferent))
            .then(x.name.cmp(y.name))
    });
    rows.into_iter()
        .map(|row| {
            let (in_cycle, shared, afferent, s) =
                (row.in_cycle, row.shared_tables, row.afferent, row.service);
            let f = &figures[s];
            let callers = if afferent == 0.0 {
                "no other service depends on it".to_string()
            } else {
                format!(
                    "other services depend on it with weight {}",
                    crate::model::fmt_float(afferent, 1)
                )
            };
            let callers = if f.efferent == 0.0 {
                format!("{callers}, it depends on none")
            } else {
                format!(
                    "{callers}, it depends on others with weight {}",
                    crate::model::fmt_float(f.efferent, 1)
                )
            };
            let data = if shared > 0 {
                format!("shares {shared} written table(s)")
            } else if f.owned_data.is_empty() {
                "touches no shared data".to_string()
            } else {
                format!("owns its {} data item(s)", f.owned_data.len())
            };
            let name = &services[s].name;
            let cut: Vec<String> = warnings
                .iter()
                .filter_map(|w| match w {
                    Warning::ServiceCycle { cut, .. } => Some(cut),
                    Warning::SharedTable { .. } => None,
                })
                .flatten()
                .filter(|c| &c.from == name || &c.to == name)
                .map(ToString::to_string)
                .collect();
            let cycle = if !in_cycle {
                "no cycle".to_string()
            } else if cut.is_empty() {
                "in a service cycle, which the lightest way out breaks elsewhere".to_string()
            } else {
                format!(
                    "in a service cycle; the lightest way out drops {} here",
                    cut.join(", ")
                )
            };
            // Its boundary is less sure where re-runs with other seeds move its modules.
            let close = proposal
                .placement
                .iter()
                .filter(|p| p.service == s && p.close_call().is_some())
                .count();
            let settled = if close == 0 {
                String::new()
            } else {
                let plural = if close == 1 { "" } else { "s" };
                format!("; {close} close call{plural} on its boundary (see \"Close calls\")")
            };
            (s, format!("{callers}; {data}; {cycle}{settled}"))
        })
        .collect()
}
