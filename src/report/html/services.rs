//! One section per service (and per group set apart, and the composition roots): its figures,
//! the API other services use, its owned and shared data, and its modules as a collapsible
//! tree, each module with why it is there (the placement evidence, margin and next best, and
//! whether re-runs with other seeds keep it there).

use super::esc;
use super::sections::short;
use crate::Analysis;
use crate::cluster::propose::{EvidenceKind, Placement};
use crate::model::fmt_float;
use crate::report::graph_view::group_name;
use crate::report::svg::anchor;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// API items listed per service before the rest is counted.
const MAX_API: usize = 150;

/// Every service's section.
pub fn details(analysis: &Analysis, s: &mut String) {
    let prop = &analysis.proposal;
    s.push_str("<section id=\"details\"><h2>Services in detail</h2>\n");
    for (si, svc) in prop.services.iter().enumerate() {
        let Some(sf) = analysis.figures.services.get(si) else {
            continue;
        };
        let name = group_name(analysis, si);
        let _ = writeln!(
            s,
            "<details class=\"svc-detail\" id=\"{}\" data-k=\"{} {}\" open><summary><h3 style=\"display:inline\">{}</h3> <span class=\"dim\">{} · {} modules · {} loc · cohesion {} · afferent {} · efferent {} · instability {}</span></summary>",
            anchor(si),
            esc(&svc.name),
            esc(&sf.owned_data.join(" ")),
            esc(&name),
            esc(svc.role.describe()),
            svc.modules.len(),
            sf.loc,
            fmt_float(sf.cohesion, 2),
            fmt_float(sf.afferent, 1),
            fmt_float(sf.efferent, 1),
            fmt_float(sf.instability, 2)
        );
        if !sf.owned_data.is_empty() {
            let _ = writeln!(
                s,
                "<div class=\"chips\">owns: {}</div>",
                chips(&sf.owned_data)
            );
        }
        if !sf.shared_data.is_empty() {
            let _ = writeln!(
                s,
                "<div class=\"chips red\">shares with other services: {}</div>",
                chips(&sf.shared_data)
            );
        }
        if !sf.api.is_empty() {
            let _ = writeln!(
                s,
                "<details><summary>API used by other services ({} items)</summary><div class=\"chips\">{}</div>",
                sf.api.len(),
                chips(&sf.api[..sf.api.len().min(MAX_API)])
            );
            if sf.api.len() > MAX_API {
                let _ = writeln!(
                    s,
                    "<p class=\"dim\">… {} more in <code>--format json</code>.</p>",
                    sf.api.len() - MAX_API
                );
            }
            s.push_str("</details>\n");
        }
        tree(analysis, &svc.modules, s);
        s.push_str("</details>\n");
    }
    let roots = &prop.roots;
    if !roots.is_empty() {
        let _ = writeln!(
            s,
            "<details class=\"svc-detail\" id=\"roots\" data-k=\"composition roots\" open><summary><h3 style=\"display:inline\">composition roots</h3> <span class=\"dim\">gateway and bootstrap code: crate roots and wiring, {} modules</span></summary>",
            roots.len()
        );
        tree(analysis, roots, s);
        s.push_str("</details>\n");
    }
    s.push_str("</section>\n");
}

fn chips(items: &[String]) -> String {
    items
        .iter()
        .map(|x| format!("<code>{}</code>", esc(x)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The modules as a tree: a module whose parent is in the same list sits under it.
fn tree(analysis: &Analysis, modules: &[usize], s: &mut String) {
    let p = &analysis.program;
    let set: BTreeMap<usize, ()> = modules.iter().map(|&m| (m, ())).collect();
    let mut children: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut tops = Vec::new();
    for &m in modules {
        match p.modules[m].parent.filter(|up| set.contains_key(up)) {
            Some(up) => children.entry(up).or_default().push(m),
            None => tops.push(m),
        }
    }
    s.push_str("<ul class=\"tree\">\n");
    // An explicit stack: (module, closing) so deep trees cannot overflow.
    let mut stack: Vec<(usize, bool)> = tops.iter().rev().map(|&m| (m, false)).collect();
    while let Some((m, closing)) = stack.pop() {
        if closing {
            s.push_str("</ul></details></li>\n");
            continue;
        }
        let line = module_line(analysis, m);
        let key = esc(&p.modules[m].id);
        match children.get(&m) {
            Some(kids) => {
                let _ = writeln!(
                    s,
                    "<li data-k=\"{key}\"><details open><summary>{line}</summary><ul class=\"tree\">"
                );
                stack.push((m, true));
                for &k in kids.iter().rev() {
                    stack.push((k, false));
                }
            }
            None => {
                let _ = writeln!(s, "<li data-k=\"{key}\">{line}</li>");
            }
        }
    }
    s.push_str("</ul>\n");
}

/// `id` · loc · file:line, and why it is here.
fn module_line(analysis: &Analysis, m: usize) -> String {
    let p = &analysis.program;
    let module = &p.modules[m];
    let mut line = format!(
        "<code>{}</code> <span class=\"dim\">{} loc · {}:{}</span>",
        esc(&module.id),
        module.loc,
        esc(&module.file),
        module.line
    );
    if let Some(pl) = placement(analysis, m) {
        line.push_str(&format!(
            " <span class=\"why\">{}</span>",
            esc(&why(analysis, pl))
        ));
    }
    line
}

fn placement(analysis: &Analysis, m: usize) -> Option<&Placement> {
    let list = &analysis.proposal.placement;
    list.binary_search_by(|pl| pl.module.cmp(&m))
        .ok()
        .and_then(|i| list.get(i))
}

/// "why here: table orders (5.0), edge shop::orders::model (2.1); margin 3.2 over payments".
fn why(analysis: &Analysis, pl: &Placement) -> String {
    if let Some(reason) = &pl.reason {
        return format!("set apart: {reason}");
    }
    let evidence: Vec<String> = pl
        .evidence
        .iter()
        .map(|e| match e.kind {
            EvidenceKind::Folder => format!("folder {}", e.detail),
            EvidenceKind::Declared => format!("declared in the config as part of {}", e.detail),
            _ => format!(
                "{} {} ({})",
                e.kind.as_str(),
                e.detail,
                fmt_float(e.weight, 2)
            ),
        })
        .collect();
    let mut t = if evidence.is_empty() {
        "why here: no strong tie".to_string()
    } else {
        format!("why here: {}", short(&evidence, 3))
    };
    if let Some(next) = pl.next_best.and_then(|s| analysis.proposal.services.get(s)) {
        t.push_str(&format!(
            "; margin {} over {}",
            fmt_float(pl.margin, 2),
            next.name
        ));
    }
    if let Some(share) = pl.close_call() {
        let other = pl
            .drifts_to
            .and_then(|s| analysis.proposal.services.get(s))
            .map_or_else(String::new, |o| format!(", else with {}", o.name));
        t.push_str(&format!(
            "; a close call: kept here by {:.0} % of the re-runs{other}",
            share * 100.0
        ));
    }
    t
}
