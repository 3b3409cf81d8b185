//! The `explain` query: every reference from A (to B) and every data access from A, with its
//! place in the code, and why the proposal put module A where it is. A and B are module ids
//! (a module and everything below it) or names of proposed services.
//!
//! Takes an [`Analysis`]; returns an [`Explanation`] of plain values, which `report::explain`
//! writes as text or JSON. Knows no output format.

use crate::Analysis;
use crate::model::{Access, DataKind, EdgeKind, Location};
use std::collections::{BTreeMap, BTreeSet};

/// What `explain A [B]` answers.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    /// A, as asked.
    pub from: String,
    /// B, as asked, if asked.
    pub to: Option<String>,
    /// References from A's modules to modules outside A, or with B, from A's modules into B's
    /// that cross between them (B may be inside A), in program order.
    pub references: Vec<ExplainedReference>,
    /// Accesses of A's modules to tables and statics (with B: those defined below B or also
    /// touched by B), by location, then data id.
    pub data_accesses: Vec<ExplainedAccess>,
    /// Where the proposal placed module A and why, when A is exactly a placed module.
    pub placement: Option<ExplainedPlacement>,
    /// Without B: who uses A, by the group of the referring modules (a service, the shared
    /// kernel, another group set apart, the composition roots), most references first. What
    /// says why a service nothing else calls is one: only the kernel or the roots use it.
    pub used_by: Vec<UsedBy>,
}

/// The references into A from one group of modules outside it.
#[derive(Clone, Debug, PartialEq)]
pub struct UsedBy {
    /// The group: a proposed service or group set apart by name, or `composition roots`.
    pub group: String,
    /// How many references.
    pub references: usize,
    /// The referring modules, sorted.
    pub modules: Vec<String>,
}

/// One reference.
#[derive(Clone, Debug, PartialEq)]
pub struct ExplainedReference {
    /// The referring module.
    pub from: String,
    /// What is referred to: the item, else the module.
    pub to: String,
    /// The module referred to.
    pub to_module: String,
    /// Edge kind.
    pub kind: EdgeKind,
    /// Read or write.
    pub access: Access,
    /// Where.
    pub location: Location,
}

/// One access to a table or static.
#[derive(Clone, Debug, PartialEq)]
pub struct ExplainedAccess {
    /// Data id.
    pub data: String,
    /// The accessing module.
    pub module: String,
    /// Read or write.
    pub access: Access,
    /// Where.
    pub location: Location,
}

/// Why a module is in its service, in names.
#[derive(Clone, Debug, PartialEq)]
pub struct ExplainedPlacement {
    /// Its service.
    pub service: String,
    /// The next best service, if any.
    pub next_best: Option<String>,
    /// Affinity margin over the next best.
    pub margin: f64,
    /// A one-line reason, when a rule placed it.
    pub reason: Option<String>,
    /// The strongest links into its service: kind, what, affinity.
    pub evidence: Vec<(&'static str, String, f64)>,
    /// Share of the re-runs with other seeds that keep it with its service, when measured.
    pub settled: Option<f64>,
    /// Where the re-runs that move it put it most often.
    pub drifts_to: Option<String>,
}

/// Why there is no explanation.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExplainError {
    /// The name is neither a module id nor a proposed service.
    #[error("no module or service `{0}`")]
    NoSuchName(String),
}

/// True when `id` is `pattern` or below it.
fn under(id: &str, pattern: &str) -> bool {
    id == pattern
        || id
            .strip_prefix(pattern)
            .is_some_and(|rest| rest.starts_with("::"))
}

/// The modules `name` selects: a module id and everything below it, or else the modules of the
/// proposed service (or shared kernel) of that name.
fn selection(analysis: &Analysis, name: &str) -> Result<Vec<bool>, ExplainError> {
    let modules = &analysis.program.modules;
    let by_module: Vec<bool> = modules.iter().map(|m| under(&m.id, name)).collect();
    if by_module.iter().any(|&x| x) {
        return Ok(by_module);
    }
    let service = analysis
        .proposal
        .services
        .iter()
        .find(|s| s.name == name)
        .ok_or_else(|| ExplainError::NoSuchName(name.to_string()))?;
    let mut sel = vec![false; modules.len()];
    for &m in &service.modules {
        if let Some(s) = sel.get_mut(m) {
            *s = true;
        }
    }
    Ok(sel)
}

/// Explains the dependencies of `from` (on `to`).
pub fn explain(
    analysis: &Analysis,
    from: &str,
    to: Option<&str>,
) -> Result<Explanation, ExplainError> {
    let p = &analysis.program;
    let in_a = selection(analysis, from)?;
    let in_b = to.map(|name| selection(analysis, name)).transpose()?;
    let references = p
        .references
        .iter()
        .filter(|r| match &in_b {
            // Without B: what leaves A. With B: what goes from A into B, crossing between
            // them, so that B may lie inside A (a module's references to its own submodule).
            None => in_a[r.from] && !in_a[r.to],
            Some(in_b) => in_a[r.from] && in_b[r.to] && (!in_a[r.to] || !in_b[r.from]),
        })
        .map(|r| ExplainedReference {
            from: p.modules[r.from].id.clone(),
            to: match r.item {
                Some(i) => p.items[i].id.clone(),
                None => p.modules[r.to].id.clone(),
            },
            to_module: p.modules[r.to].id.clone(),
            kind: r.kind,
            access: r.access,
            location: r.location.clone(),
        })
        .collect();
    // Types are already references above.
    let mut data_accesses = Vec::new();
    for node in &analysis.data.nodes {
        if node.kind == DataKind::Type {
            continue;
        }
        if let Some(sel) = &in_b {
            let defined = node.defined_in.is_some_and(|d| sel[d]);
            let touched = node.accesses.iter().any(|x| sel[x.module]);
            if !defined && !touched {
                continue;
            }
        }
        for site in node.sites.iter().filter(|site| in_a[site.module]) {
            data_accesses.push(ExplainedAccess {
                data: node.id.clone(),
                module: p.modules[site.module].id.clone(),
                access: site.access,
                location: site.location.clone(),
            });
        }
    }
    data_accesses.sort_by(|x, y| x.location.cmp(&y.location).then(x.data.cmp(&y.data)));
    let used_by = if in_b.is_none() {
        used_by(analysis, &in_a)
    } else {
        Vec::new()
    };
    Ok(Explanation {
        from: from.to_string(),
        to: to.map(str::to_string),
        references,
        data_accesses,
        placement: placement_of(analysis, from),
        used_by,
    })
}

/// The references into the selection from modules outside it, by the referrers' group.
fn used_by(analysis: &Analysis, in_a: &[bool]) -> Vec<UsedBy> {
    let p = &analysis.program;
    let services = &analysis.proposal.services;
    let mut groups: BTreeMap<String, (usize, BTreeSet<String>)> = BTreeMap::new();
    for r in p.references.iter().filter(|r| in_a[r.to] && !in_a[r.from]) {
        let group = match analysis.proposal.membership.get(r.from).copied().flatten() {
            Some(s) => services[s].name.clone(),
            None => "composition roots".to_string(),
        };
        let entry = groups.entry(group).or_default();
        entry.0 += 1;
        entry.1.insert(p.modules[r.from].id.clone());
    }
    let mut out: Vec<UsedBy> = groups
        .into_iter()
        .map(|(group, (references, modules))| UsedBy {
            group,
            references,
            modules: modules.into_iter().collect(),
        })
        .collect();
    out.sort_by(|x, y| {
        y.references
            .cmp(&x.references)
            .then_with(|| x.group.cmp(&y.group))
    });
    out
}

/// The placement of module `id` (exactly), when the proposal placed it.
fn placement_of(analysis: &Analysis, id: &str) -> Option<ExplainedPlacement> {
    let m = analysis.program.module_index(id)?;
    let services = &analysis.proposal.services;
    let p = analysis.proposal.placement.iter().find(|p| p.module == m)?;
    Some(ExplainedPlacement {
        service: services[p.service].name.clone(),
        next_best: p.next_best.map(|s| services[s].name.clone()),
        margin: p.margin,
        reason: p.reason.clone(),
        evidence: p
            .evidence
            .iter()
            .map(|e| (e.kind.as_str(), e.detail.clone(), e.weight))
            .collect(),
        settled: p.settled,
        drifts_to: p.drifts_to.map(|s| services[s].name.clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_selects_a_module_and_what_is_below_it() {
        assert!(under("shop::orders", "shop::orders"));
        assert!(under("shop::orders::api", "shop::orders"));
        assert!(!under("shop::orders_old", "shop::orders"));
    }
}
