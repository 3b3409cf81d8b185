//! The two matrices of the HTML report: service × table (who owns, reads and writes each table
//! and static) and the service dependency matrix (DSM: references from the row's group to the
//! column's, cells of a cycle highlighted).

use super::esc;
use super::sections::is_service;
use crate::Analysis;
use crate::metrics::figures::Warning;
use crate::model::{DataKind, fmt_float};
use crate::report::graph_view::group_name;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// Column index of each group: the proposal's services and groups, then composition roots.
fn column_of(analysis: &Analysis, module: usize) -> usize {
    let prop = &analysis.proposal;
    prop.membership
        .get(module)
        .copied()
        .flatten()
        .unwrap_or(prop.services.len())
}

/// Column headers: every group, and composition roots when there are any.
fn headers(analysis: &Analysis) -> Vec<String> {
    let prop = &analysis.proposal;
    let mut cols: Vec<String> = (0..prop.services.len())
        .map(|s| group_name(analysis, s))
        .collect();
    if !prop.roots.is_empty() {
        cols.push("composition roots".to_string());
    }
    cols
}

/// Service × table matrix: owner, reads and writes per group.
pub fn data_matrix(analysis: &Analysis, s: &mut String) {
    let cols = headers(analysis);
    let f = &analysis.figures;
    let shared = f.shared_data();
    let several = f.tables_written_by_several();
    let owner: BTreeMap<&str, usize> = f
        .services
        .iter()
        .enumerate()
        .flat_map(|(si, sf)| sf.owned_data.iter().map(move |d| (d.as_str(), si)))
        .collect();
    s.push_str("<section id=\"data-matrix\"><h2>Tables and statics × services</h2>\n<p class=\"dim\">W writes, R reads (counts of access sites); green: the owner (most writes, then reads); a red row is data that several services touch.</p>\n");
    let rows: Vec<&crate::data::DataNode> = [DataKind::Table, DataKind::Static]
        .iter()
        .flat_map(|&kind| {
            analysis
                .data
                .nodes
                .iter()
                .filter(move |n| n.kind == kind && !n.accesses.is_empty())
        })
        .collect();
    if rows.is_empty() {
        s.push_str("<p class=\"dim\">No table or static is accessed.</p></section>\n");
        return;
    }
    s.push_str("<table class=\"matrix\"><thead><tr><th>data</th>");
    for c in &cols {
        let _ = write!(s, "<th class=\"col\">{}</th>", esc(c));
    }
    s.push_str("</tr></thead><tbody>\n");
    for node in rows {
        let mut cells: Vec<(u32, u32)> = vec![(0, 0); cols.len()];
        for a in &node.accesses {
            if let Some(c) = cells.get_mut(column_of(analysis, a.module)) {
                c.0 += a.reads;
                c.1 += a.writes;
            }
        }
        let is_shared = shared.contains(node.id.as_str());
        let users: Vec<&str> = cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.0 + c.1 > 0)
            .filter_map(|(i, _)| cols.get(i).map(String::as_str))
            .collect();
        let _ = write!(
            s,
            "<tr data-k=\"{} {}\"{}><th>{}{}</th>",
            esc(&node.id),
            esc(&users.join(" ")),
            if is_shared { " class=\"shared\"" } else { "" },
            esc(&node.id),
            if several.contains(node.id.as_str()) {
                " ⚠"
            } else {
                ""
            }
        );
        let own = owner.get(node.id.as_str()).copied();
        for (ci, &(r, w)) in cells.iter().enumerate() {
            let mut text = Vec::new();
            if w > 0 {
                text.push(format!("W{w}"));
            }
            if r > 0 {
                text.push(format!("R{r}"));
            }
            let class = if own == Some(ci) {
                " class=\"own\""
            } else if w > 0 {
                " class=\"w\""
            } else if r > 0 {
                " class=\"r\""
            } else {
                ""
            };
            let _ = write!(s, "<td{class}>{}</td>", text.join(" "));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody></table></section>\n");
}

/// Dependency matrix: references from the row's group to the column's.
pub fn dsm(analysis: &Analysis, s: &mut String) {
    let cols = headers(analysis);
    let n = cols.len();
    let mut count = vec![vec![0u32; n]; n];
    let mut weight = vec![vec![0.0f64; n]; n];
    for d in &analysis.graph.dependencies {
        let (a, b) = (column_of(analysis, d.from), column_of(analysis, d.to));
        if a < n && b < n {
            count[a][b] += d.count;
            weight[a][b] += d.weight;
        }
    }
    // The cells of each cycle's lightest cut, by service names.
    let cut: BTreeSet<(&str, &str)> = analysis
        .figures
        .warnings
        .iter()
        .filter_map(|w| match w {
            Warning::ServiceCycle { cut, .. } => Some(cut),
            Warning::SharedTable { .. } => None,
        })
        .flatten()
        .map(|c| (c.from.as_str(), c.to.as_str()))
        .collect();
    let in_cycle: BTreeSet<(usize, usize)> = {
        let by_name: BTreeMap<&str, usize> = analysis
            .proposal
            .services
            .iter()
            .enumerate()
            .map(|(i, x)| (x.name.as_str(), i))
            .collect();
        let mut set = BTreeSet::new();
        for w in &analysis.figures.warnings {
            if let Warning::ServiceCycle { services, .. } = w {
                let ids: Vec<usize> = services
                    .iter()
                    .filter_map(|x| by_name.get(x.as_str()).copied())
                    .collect();
                for &a in &ids {
                    for &b in &ids {
                        set.insert((a, b));
                    }
                }
            }
        }
        set
    };
    s.push_str("<section id=\"dsm\"><h2>Dependency matrix</h2>\n<p class=\"dim\">References from the row to the column (hover for the weight); orange cells are dependencies inside a cycle of services; those outlined in red are the lightest set whose removal breaks every cycle.</p>\n<table class=\"matrix\"><thead><tr><th>from \\ to</th>");
    for c in &cols {
        let _ = write!(s, "<th class=\"col\">{}</th>", esc(c));
    }
    s.push_str("</tr></thead><tbody>\n");
    for a in 0..n {
        let _ = write!(
            s,
            "<tr data-k=\"{}\"><th>{}</th>",
            esc(&cols[a]),
            esc(&cols[a])
        );
        for b in 0..n {
            if a == b {
                s.push_str("<td class=\"diag\"></td>");
                continue;
            }
            let c = count[a][b];
            if c == 0 {
                s.push_str("<td></td>");
                continue;
            }
            let both_services = is_service(analysis, a) && is_service(analysis, b);
            let cyclic = both_services && (in_cycle.contains(&(a, b)) || count[b][a] > 0);
            let in_cut = both_services && cut.contains(&(cols[a].as_str(), cols[b].as_str()));
            let _ = write!(
                s,
                "<td class=\"{}\" title=\"{} → {}: weight {}{}\">{c}</td>",
                match (cyclic, in_cut) {
                    (_, true) => "cyc cut",
                    (true, false) => "cyc",
                    (false, false) => "dep",
                },
                esc(&cols[a]),
                esc(&cols[b]),
                fmt_float(weight[a][b], 1),
                if in_cut {
                    "; in the lightest way out of the cycle"
                } else {
                    ""
                }
            );
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody></table></section>\n");
}
