//! The list sections of the HTML report: the distributed-monolith banner, the services table,
//! the boundaries (heaviest first, each opening onto its references with `file:line`), the
//! extraction order and the diagnostics.

use super::esc;
use crate::Analysis;
use crate::model::Role;
use crate::model::{Reference, fmt_float};
use crate::report::graph_view::group_name;
use crate::report::svg::anchor;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// References listed per direction of a boundary before the rest is counted.
const MAX_REFS: usize = 200;
/// Diagnostics listed before the rest is counted.
const MAX_DIAGNOSTICS: usize = 1000;

/// The distributed-monolith warnings, when there are any.
pub fn warnings(analysis: &Analysis, s: &mut String) {
    let w = &analysis.figures.warnings;
    if w.is_empty() {
        return;
    }
    s.push_str("<div class=\"banner\" id=\"warnings\"><strong>Distributed monolith:</strong> these services would still share a database or call each other in circles.<ul>\n");
    for x in w {
        let _ = writeln!(
            s,
            "<li data-k=\"{}\">{}</li>",
            esc(&x.to_string()),
            esc(&x.to_string())
        );
    }
    s.push_str("</ul></div>\n");
}

/// One row per service and group set apart.
pub fn services_table(analysis: &Analysis, s: &mut String) {
    let prop = &analysis.proposal;
    s.push_str("<section id=\"services\"><h2>Services</h2>\n<table><thead><tr><th>name</th><th>role</th><th>modules</th><th>loc</th><th>cohesion</th><th>afferent</th><th>efferent</th><th>instability</th><th>settled</th><th>API items</th><th>owns</th><th>shares</th></tr></thead><tbody>\n");
    for (si, svc) in prop.services.iter().enumerate() {
        let Some(sf) = analysis.figures.services.get(si) else {
            continue;
        };
        let _ = writeln!(
            s,
            "<tr data-k=\"{} {} {}\"><td><a href=\"#{}\">{}</a></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"red\">{}</td></tr>",
            esc(&svc.name),
            esc(&sf.owned_data.join(" ")),
            esc(&sf.shared_data.join(" ")),
            anchor(si),
            esc(&group_name(analysis, si)),
            svc.role.as_str(),
            svc.modules.len(),
            sf.loc,
            fmt_float(sf.cohesion, 2),
            fmt_float(sf.afferent, 1),
            fmt_float(sf.efferent, 1),
            fmt_float(sf.instability, 2),
            crate::model::fmt_percent(prop.settled(si)),
            sf.api.len(),
            esc(&short(&sf.owned_data, 6)),
            esc(&short(&sf.shared_data, 6)),
        );
    }
    if !prop.roots.is_empty() {
        let _ = writeln!(
            s,
            "<tr data-k=\"composition roots\"><td><a href=\"#roots\">composition roots</a></td><td>composition-root</td><td class=\"n\">{}</td><td colspan=\"9\" class=\"dim\">gateway and bootstrap code: crate roots, wiring</td></tr>",
            prop.roots.len()
        );
    }
    s.push_str("</tbody></table></section>\n");
}

/// `a, b, c +2`.
pub fn short(items: &[String], max: usize) -> String {
    let mut t = items
        .iter()
        .take(max)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > max {
        t.push_str(&format!(" +{}", items.len() - max));
    }
    t
}

/// References between two services, by ordered pair of service indices.
fn crossing(analysis: &Analysis) -> BTreeMap<(usize, usize), Vec<&Reference>> {
    let p = &analysis.program;
    let prop = &analysis.proposal;
    let mut out: BTreeMap<(usize, usize), Vec<&Reference>> = BTreeMap::new();
    for r in &p.references {
        let a = prop.membership.get(r.from).copied().flatten();
        let b = prop.membership.get(r.to).copied().flatten();
        if let (Some(a), Some(b)) = (a, b)
            && a != b
        {
            out.entry((a, b)).or_default().push(r);
        }
    }
    out
}

/// Boundaries, heaviest first, each opening onto its references.
pub fn boundaries(analysis: &Analysis, s: &mut String) {
    let f = &analysis.figures;
    let prop = &analysis.proposal;
    let p = &analysis.program;
    s.push_str("<section id=\"boundaries\"><h2>Boundaries, heaviest first</h2>\n");
    if f.boundaries.is_empty() {
        s.push_str("<p class=\"dim\">No two services depend on each other or share data.</p>\n");
    }
    let refs = crossing(analysis);
    for (bi, b) in f.boundaries.iter().enumerate() {
        let (na, nb) = (&prop.services[b.a].name, &prop.services[b.b].name);
        // The heavier direction first, as the text report says it.
        let (first, second, w1, w2) = if b.weight_ba > b.weight_ab {
            (nb, na, b.weight_ba, b.weight_ab)
        } else {
            (na, nb, b.weight_ab, b.weight_ba)
        };
        let arrow = if w1 > 0.0 && w2 > 0.0 { "⇄" } else { "→" };
        let _ = write!(
            s,
            "<details class=\"boundary\" id=\"boundary-{bi}\" data-k=\"{} {} {}\"><summary>{} {arrow} {} · weight {}",
            esc(na),
            esc(nb),
            esc(&b.shared_data.join(" ")),
            esc(first),
            esc(second),
            fmt_float(b.weight(), 1),
        );
        if w2 > 0.0 {
            let _ = write!(
                s,
                " ({}→{} {}, {}→{} {})",
                esc(first),
                esc(second),
                fmt_float(w1, 1),
                esc(second),
                esc(first),
                fmt_float(w2, 1)
            );
        }
        let _ = write!(
            s,
            " · {} reference{}",
            b.references,
            if b.references == 1 { "" } else { "s" }
        );
        if !b.shared_data.is_empty() {
            let _ = write!(
                s,
                " · <span class=\"red\">shared data: {}</span>",
                esc(&short(&b.shared_data, 6))
            );
        }
        s.push_str("</summary>\n");
        for (from, to) in [(b.a, b.b), (b.b, b.a)] {
            let Some(list) = refs.get(&(from, to)) else {
                continue;
            };
            let _ = writeln!(
                s,
                "<h3>{} → {}: {} reference{}</h3><table><thead><tr><th>from module</th><th>uses</th><th>kind</th><th>where</th></tr></thead><tbody>",
                esc(&prop.services[from].name),
                esc(&prop.services[to].name),
                list.len(),
                if list.len() == 1 { "" } else { "s" }
            );
            for r in list.iter().take(MAX_REFS) {
                let target = match r.item.and_then(|i| p.items.get(i)) {
                    Some(item) => item.id.as_str(),
                    None => p.modules[r.to].id.as_str(),
                };
                let _ = writeln!(
                    s,
                    "<tr><td><code>{}</code></td><td><code>{}</code></td><td>{}</td><td><code>{}</code></td></tr>",
                    esc(&p.modules[r.from].id),
                    esc(target),
                    r.kind.as_str(),
                    esc(&r.location.to_string())
                );
            }
            s.push_str("</tbody></table>\n");
            if list.len() > MAX_REFS {
                let _ = writeln!(
                    s,
                    "<p class=\"dim\">… {} more: <code>cargo seams explain {} {}</code> lists them all.</p>",
                    list.len() - MAX_REFS,
                    esc(&prop.services[from].name),
                    esc(&prop.services[to].name)
                );
            }
        }
        s.push_str("</details>\n");
    }
    s.push_str("</section>\n");
}

/// Services cut alike across the same folders (nothing when there is no such family).
pub fn families(analysis: &Analysis, s: &mut String) {
    let families = &analysis.figures.families;
    if families.is_empty() {
        return;
    }
    let p = &analysis.program;
    s.push_str("<section id=\"families\"><h2>Services cut alike</h2>\n<p class=\"dim\">Each holds modules below the same folders: one domain per service cut across layers, or plugins of one kind that may be one service.</p>\n<ul>\n");
    for family in families {
        let across: Vec<String> = family
            .across
            .iter()
            .map(|&m| format!("<code>{}</code>", esc(&p.modules[m].id)))
            .collect();
        let names: Vec<&str> = family
            .services
            .iter()
            .map(|&si| analysis.proposal.services[si].name.as_str())
            .collect();
        let links: Vec<String> = family
            .services
            .iter()
            .zip(&names)
            .map(|(&si, name)| format!("<a href=\"#{}\">{}</a>", anchor(si), esc(name)))
            .collect();
        let _ = writeln!(
            s,
            "<li data-k=\"{}\">{} across {}: {}</li>",
            esc(&names.join(" ")),
            family.services.len(),
            across.join(", "),
            links.join(", ")
        );
    }
    s.push_str("</ul></section>\n");
}

/// The extraction order with its reasons.
pub fn extraction(analysis: &Analysis, s: &mut String) {
    let f = &analysis.figures;
    s.push_str("<section id=\"order\"><h2>Extraction order, cheapest first</h2>\n<ol>\n");
    for (si, reason) in &f.extraction_order {
        let name = &analysis.proposal.services[*si].name;
        let _ = writeln!(
            s,
            "<li data-k=\"{}\"><a href=\"#{}\"><strong>{}</strong></a>: {}</li>",
            esc(name),
            anchor(*si),
            esc(name),
            esc(reason)
        );
    }
    s.push_str("</ol></section>\n");
}

/// Diagnostics about the analysed code.
pub fn diagnostics(analysis: &Analysis, s: &mut String) {
    let diags = &analysis.program.diagnostics;
    let _ = writeln!(
        s,
        "<section id=\"diagnostics\"><h2>Diagnostics ({})</h2>",
        diags.len()
    );
    if diags.is_empty() {
        s.push_str("<p class=\"dim\">None: every file was read.</p></section>\n");
        return;
    }
    s.push_str("<table><thead><tr><th>severity</th><th>code</th><th>where</th><th>message</th></tr></thead><tbody>\n");
    for d in diags.iter().take(MAX_DIAGNOSTICS) {
        let place = if d.column > 0 {
            format!("{}:{}:{}", d.file, d.line, d.column)
        } else {
            format!("{}:{}", d.file, d.line)
        };
        let _ = writeln!(
            s,
            "<tr data-k=\"{} {}\"><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
            esc(d.code.as_str()),
            esc(&place),
            match d.severity {
                crate::model::Severity::Warning => "warning",
                crate::model::Severity::Note => "note",
            },
            d.code.as_str(),
            esc(&place),
            esc(&d.message)
        );
    }
    s.push_str("</tbody></table>\n");
    if diags.len() > MAX_DIAGNOSTICS {
        let _ = writeln!(
            s,
            "<p class=\"dim\">… {} more in <code>--format json</code>.</p>",
            diags.len() - MAX_DIAGNOSTICS
        );
    }
    s.push_str("</section>\n");
}

/// Whether `role` is a deployable service.
pub fn is_service(analysis: &Analysis, s: usize) -> bool {
    analysis
        .proposal
        .services
        .get(s)
        .is_some_and(|x| x.role == Role::Service)
}
