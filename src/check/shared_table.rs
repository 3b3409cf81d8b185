//! Rule `shared-table`: more tables than `max_shared_tables` are shared, where a shared table
//! is accessed by modules of more than one service and written by at least one of them.
//!
//! Why it matters: a table written by one service and read or written by another couples the
//! two through the database, where no interface shows it; it must get a single owner before
//! either can be extracted. Once the count is past the limit every shared table is reported,
//! each with its access sites, so that a baseline can accept the known ones and still catch a
//! newly shared table or a new service touching a known one.

use std::collections::BTreeMap;

use super::input::DataView;
use super::partition::Context;
use super::{Offending, Rule, Violation, stable_key};
use crate::metrics::data::{DataUse, is_shared_written};
use crate::model::{Access, DataKind};

/// Per service: its reads and writes of one table.
pub(super) type Users<'a> = BTreeMap<&'a str, DataUse>;

/// The shared tables (`metrics::data::is_shared_written`: accessed by modules of more than one
/// service and written by at least one of them), sorted by data id, with each service's reads
/// and writes.
pub(super) fn shared_tables<'c>(ctx: &Context<'c>) -> Vec<(&'c DataView, Users<'c>)> {
    let mut shared: Vec<(&DataView, Users<'_>)> = Vec::new();
    for data in ctx.input.data.iter().filter(|d| d.kind == DataKind::Table) {
        let mut users: Users<'_> = BTreeMap::new();
        for access in &data.accesses {
            if let Some(service) = ctx.partition.service_of(&access.module) {
                let entry = users.entry(service).or_default();
                entry.reads += u64::from(access.reads);
                entry.writes += u64::from(access.writes);
            }
        }
        if is_shared_written(&users) {
            shared.push((data, users));
        }
    }
    shared.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    shared.dedup_by(|a, b| a.0.id == b.0.id);
    shared
}

/// One violation per shared written table, when there are more than the threshold allows.
pub(super) fn check(ctx: &Context<'_>) -> Vec<Violation> {
    let Some(max) = ctx.config.thresholds.max_shared_tables else {
        return Vec::new();
    };
    let shared = shared_tables(ctx);
    let count = shared.len();
    if u64::try_from(count).unwrap_or(u64::MAX) <= u64::from(max) {
        return Vec::new();
    }
    shared
        .into_iter()
        .map(|(data, users)| {
            let services: Vec<String> = users.keys().map(|s| s.to_string()).collect();
            let writers: Vec<String> = users
                .iter()
                .filter(|(_, u)| u.writes > 0)
                .map(|(s, _)| format!("`{s}`"))
                .collect();
            let listed: Vec<String> = services.iter().map(|s| format!("`{s}`")).collect();
            let name = data.id.strip_prefix("table:").unwrap_or(&data.id);
            let message = format!(
                "table `{name}` is accessed by services {} and written by {}; {count} shared written table{}, above max_shared_tables = {max}",
                listed.join(", "),
                writers.join(", "),
                if count == 1 { "" } else { "s" }
            );
            let references = offending_sites(ctx, data);
            let key = stable_key(&[Rule::SharedTable.as_str(), &data.id]);
            Violation::new(Rule::SharedTable, services, message, references, key)
        })
        .collect()
}

fn offending_sites(ctx: &Context<'_>, data: &DataView) -> Vec<Offending> {
    let mut out = Vec::new();
    for access in &data.accesses {
        let Some(service) = ctx.partition.service_of(&access.module) else {
            continue;
        };
        for site in &access.sites {
            let kind = match site.access {
                Access::Read => "read",
                Access::Write => "write",
            };
            out.push(Offending {
                location: site.location.clone(),
                kind: kind.to_string(),
                from_module: access.module.clone(),
                to: data.id.clone(),
                key: stable_key(&[Rule::SharedTable.as_str(), service, &data.id, kind]),
            });
        }
    }
    out
}
