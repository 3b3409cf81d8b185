//! The human report of `analyze`: a summary line, a distributed-monolith banner when the
//! proposal shares written tables or has service cycles, the services table, the heaviest
//! boundaries with the items that would become network calls, the extraction order and the
//! metrics. Styles are ANSI escapes; the CLI strips them when stdout is not a terminal or
//! `NO_COLOR` is set.

use crate::Analysis;
use crate::model::Role;
use crate::model::fmt_float;
use anstyle::{AnsiColor, Effects, Style};
use std::collections::BTreeMap;
use std::io::{self, Write};

const BOLD: Style = Style::new().effects(Effects::BOLD);
const DIM: Style = Style::new().effects(Effects::DIMMED);
const RED: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)))
    .effects(Effects::BOLD);
const GREEN: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));
const CYAN: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)));

/// How many boundaries the report lists.
const TOP_BOUNDARIES: usize = 10;
/// How many crossing items each boundary lists.
const TOP_ITEMS: usize = 4;

fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

/// What discovery found, as the header says it: "3 workspaces, 8 packages", "1 package".
fn found(stats: &crate::Stats) -> String {
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    if stats.workspaces == 0 {
        plural(stats.packages, "package")
    } else {
        format!(
            "{}, {}",
            plural(stats.workspaces, "workspace"),
            plural(stats.packages, "package")
        )
    }
}

/// Writes the report: the headline, the distributed-monolith warnings, the services, the
/// heaviest boundaries, the extraction order and a count of the diagnostics.
pub fn write(analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
    write_headline(analysis, out)?;
    write_warnings(analysis, out)?;
    write_services(analysis, out)?;
    write_unsettled(analysis, out)?;
    write_families(analysis, out)?;
    write_boundaries(analysis, out)?;
    write_extraction_order(analysis, out)?;
    write_diagnostic_count(analysis, out)
}

/// What was analysed, the SPEC metrics, why this many services.
fn write_headline(analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
    let p = &analysis.program;
    let f = &analysis.figures;
    let services = &analysis.proposal.services;
    let service_count = services.iter().filter(|s| s.role == Role::Service).count();
    let libs = p.crates.len();
    writeln!(
        out,
        "{} {}: {} module{} in {} crate{}, {} file{}, {} lines → {} service{}{}",
        paint(BOLD, "cargo-seams"),
        found(&analysis.stats),
        p.modules.len(),
        if p.modules.len() == 1 { "" } else { "s" },
        libs,
        if libs == 1 { "" } else { "s" },
        analysis.stats.files,
        if analysis.stats.files == 1 { "" } else { "s" },
        analysis.stats.lines,
        service_count,
        if service_count == 1 { "" } else { "s" },
        super::headline_extras(&analysis.proposal),
    )?;
    let m = &f.metrics;
    writeln!(
        out,
        "{}",
        paint(
            DIM,
            &format!(
                "modularity {}  icp {}  ifn {}  ned {}  sm {}  shared data {}  service cycles {}",
                fmt_float(m.modularity, 3),
                fmt_float(m.icp, 3),
                fmt_float(m.ifn, 2),
                fmt_float(m.ned, 3),
                fmt_float(m.sm, 3),
                fmt_float(m.shared_data_ratio, 3),
                m.service_cycles
            )
        )
    )?;
    let calls = &analysis.program.method_calls;
    if calls.any() {
        writeln!(out, "{}", paint(DIM, &calls.to_string()))?;
    }
    if !analysis.proposal.count_reason.is_empty() {
        writeln!(
            out,
            "{}",
            paint(DIM, &format!("why: {}", analysis.proposal.count_reason))
        )?;
    }
    if let Some(note) = &analysis.proposal.note {
        writeln!(out, "{} {note}", paint(CYAN, "note:"))?;
    }
    if let Some(new) = analysis.proposal.undeclared_services()
        && !new.is_empty()
    {
        let names: Vec<&str> = new
            .iter()
            .map(|&s| analysis.proposal.services[s].name.as_str())
            .collect();
        writeln!(
            out,
            "{} {} (code that no [[service]] of the config matches, grouped by the evidence: declare it, or add it to a service)",
            paint(CYAN, "not declared:"),
            names.join(", ")
        )?;
    }
    writeln!(out)?;

    Ok(())
}

/// The distributed-monolith findings, when there are any.
fn write_warnings(analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
    let f = &analysis.figures;
    if !f.warnings.is_empty() {
        writeln!(
            out,
            "{}",
            paint(
                RED,
                "DISTRIBUTED MONOLITH: these services would still share a database or call each other in circles"
            )
        )?;
        for w in &f.warnings {
            writeln!(out, "  {} {w}", paint(RED, "!"))?;
        }
        writeln!(out)?;
    }

    Ok(())
}

/// The services table, then the shared kernel, the groups set apart and the roots.
fn write_services(analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
    let p = &analysis.program;
    let f = &analysis.figures;
    let services = &analysis.proposal.services;
    let kernel = services.iter().find(|s| s.role == Role::SharedKernel);
    writeln!(out, "{}", paint(BOLD, "Services"))?;
    let name_width = services
        .iter()
        .map(|s| s.name.len())
        .max()
        .unwrap_or(7)
        .max(7);
    writeln!(
        out,
        "  {:<name_width$}  {:>7}  {:>6}  {:>8}  {:>8}  {:>8}  {:>11}  {:>7}  data",
        "name", "modules", "loc", "cohesion", "afferent", "efferent", "instability", "settled"
    )?;
    for (i, (s, sf)) in services.iter().zip(&f.services).enumerate() {
        if s.role != Role::Service {
            continue;
        }
        let mut data = String::new();
        if !sf.owned_data.is_empty() {
            data.push_str(&format!("owns {}", short_list(&sf.owned_data, 3)));
        }
        if !sf.shared_data.is_empty() {
            if !data.is_empty() {
                data.push_str("; ");
            }
            data.push_str(&paint(
                RED,
                &format!("shares {}", short_list(&sf.shared_data, 3)),
            ));
        }
        let settled = crate::model::fmt_percent(analysis.proposal.settled(i));
        writeln!(
            out,
            "  {:<name_width$}  {:>7}  {:>6}  {:>8}  {:>8}  {:>8}  {:>11}  {:>7}  {}",
            paint(GREEN, &s.name) + &" ".repeat(name_width.saturating_sub(s.name.len())),
            s.modules.len(),
            sf.loc,
            fmt_float(sf.cohesion, 2),
            fmt_float(sf.afferent, 1),
            fmt_float(sf.efferent, 1),
            fmt_float(sf.instability, 2),
            settled,
            data,
        )?;
    }
    if let Some(k) = kernel {
        let areas: Vec<String> = top_names(p, &k.modules);
        writeln!(
            out,
            "  {} {} ({}): a library every service links, not a service",
            paint(CYAN, "shared kernel:"),
            areas.join(", "),
            modules_count(k.modules.len())
        )?;
    }
    for g in services
        .iter()
        .filter(|s| s.role != Role::Service && s.role != Role::SharedKernel)
    {
        let names: Vec<String> = top_names(p, &g.modules);
        writeln!(
            out,
            "  {} {} ({}): {}",
            paint(CYAN, &format!("{}:", g.role.as_str())),
            names.join(", "),
            modules_count(g.modules.len()),
            g.role.describe()
        )?;
    }
    if !analysis.proposal.roots.is_empty() {
        let roots: Vec<&str> = analysis
            .proposal
            .roots
            .iter()
            .map(|&r| p.modules[r].id.as_str())
            .collect();
        writeln!(
            out,
            "  {} {} (gateway and bootstrap code)",
            paint(CYAN, "composition roots:"),
            roots.join(", ")
        )?;
    }
    writeln!(out)?;

    Ok(())
}

/// The placements that other seeds of the community search change, least settled first: where
/// a reviewer should look before anything else.
fn write_unsettled(analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
    const SHOWN: usize = 10;
    let p = &analysis.program;
    let proposal = &analysis.proposal;
    let unsettled = proposal.unsettled();
    if unsettled.is_empty() {
        return Ok(());
    }
    let measured = proposal
        .placement
        .iter()
        .filter(|pl| pl.settled.is_some())
        .count();
    writeln!(
        out,
        "{} ({} of {} clustered modules move when the search is run again with other seeds; review these first)",
        paint(BOLD, "Close calls"),
        unsettled.len(),
        measured
    )?;
    let width = unsettled
        .iter()
        .take(SHOWN)
        .map(|pl| p.modules[pl.module].id.len())
        .max()
        .unwrap_or(0);
    for pl in unsettled.iter().take(SHOWN) {
        let id = &p.modules[pl.module].id;
        let share = pl.settled.unwrap_or(0.0);
        let elsewhere = match pl.drifts_to {
            Some(t) => format!(", else with {}", paint(GREEN, &proposal.services[t].name)),
            None => ", else in a group that matches no proposed service".to_string(),
        };
        writeln!(
            out,
            "  {id:<width$}  in {} (kept there by {:.0} % of the re-runs{elsewhere})",
            paint(GREEN, &proposal.services[pl.service].name),
            share * 100.0,
        )?;
    }
    if unsettled.len() > SHOWN {
        writeln!(
            out,
            "  … and {} more (`--format json`: `placement[].settled`)",
            unsettled.len() - SHOWN
        )?;
    }
    writeln!(out)
}

/// Services cut alike across the same folders: a domain each across layers, or plugins of one
/// kind.
fn write_families(analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
    const FAMILIES: usize = 5;
    const NAMES: usize = 10;
    let families = &analysis.figures.families;
    if families.is_empty() {
        return Ok(());
    }
    let p = &analysis.program;
    let services = &analysis.proposal.services;
    writeln!(
        out,
        "{} (each holds modules below the same folders: one domain per service cut across layers, or plugins of one kind that may be one service)",
        paint(BOLD, "Services cut alike"),
    )?;
    for family in families.iter().take(FAMILIES) {
        let across: Vec<&str> = family
            .across
            .iter()
            .map(|&m| p.modules[m].id.as_str())
            .collect();
        let mut names: Vec<String> = family
            .services
            .iter()
            .take(NAMES)
            .map(|&s| paint(GREEN, &services[s].name))
            .collect();
        if family.services.len() > NAMES {
            names.push(format!("… and {} more", family.services.len() - NAMES));
        }
        writeln!(
            out,
            "  {} across {}: {}",
            family.services.len(),
            across.join(", "),
            names.join(", ")
        )?;
    }
    if families.len() > FAMILIES {
        writeln!(
            out,
            "  … and {} more families (`--format json`: `families`)",
            families.len() - FAMILIES
        )?;
    }
    writeln!(out)
}

/// The heaviest boundaries with the items that cross them most.
fn write_boundaries(analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
    let f = &analysis.figures;
    let services = &analysis.proposal.services;
    if !f.boundaries.is_empty() {
        writeln!(out, "{}", paint(BOLD, "Boundaries, heaviest first"))?;
        let crossing = crossing_items(analysis);
        for b in f.boundaries.iter().take(TOP_BOUNDARIES) {
            // The heavier direction first.
            let (a, bn, ab, ba) = if b.weight_ba > b.weight_ab {
                (
                    &services[b.b].name,
                    &services[b.a].name,
                    b.weight_ba,
                    b.weight_ab,
                )
            } else {
                (
                    &services[b.a].name,
                    &services[b.b].name,
                    b.weight_ab,
                    b.weight_ba,
                )
            };
            let arrow = if ab > 0.0 && ba > 0.0 { "⇄" } else { "→" };
            write!(
                out,
                "  {a} {arrow} {bn}  weight {}",
                paint(BOLD, &fmt_float(b.weight(), 1))
            )?;
            if ba > 0.0 {
                write!(
                    out,
                    " ({a}→{bn} {}, {bn}→{a} {})",
                    fmt_float(ab, 1),
                    fmt_float(ba, 1)
                )?;
            }
            write!(out, ", {} references", b.references)?;
            if !b.shared_data.is_empty() {
                write!(
                    out,
                    ", {}",
                    paint(
                        RED,
                        &format!("shared data: {}", short_list(&b.shared_data, 4))
                    )
                )?;
            }
            writeln!(out)?;
            if let Some(items) = crossing.get(&(b.a.min(b.b), b.a.max(b.b))) {
                let mut items: Vec<(&String, &u32)> = items.iter().collect();
                items.sort_by(|x, y| y.1.cmp(x.1).then(x.0.cmp(y.0)));
                let shown: Vec<String> = items
                    .iter()
                    .take(TOP_ITEMS)
                    .map(|(id, n)| format!("{id} ×{n}"))
                    .collect();
                writeln!(out, "    {}", paint(DIM, &shown.join(", ")))?;
            }
        }
        if f.boundaries.len() > TOP_BOUNDARIES {
            writeln!(
                out,
                "  … {} more (all of them in --format json)",
                f.boundaries.len() - TOP_BOUNDARIES
            )?;
        }
        writeln!(out)?;
    }

    Ok(())
}

/// The services cheapest to carve out first, with the reason.
fn write_extraction_order(analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
    let f = &analysis.figures;
    let services = &analysis.proposal.services;
    if !f.extraction_order.is_empty() {
        writeln!(out, "{}", paint(BOLD, "Extraction order, cheapest first"))?;
        for (i, (s, reason)) in f.extraction_order.iter().enumerate() {
            writeln!(
                out,
                "  {}. {}: {reason}",
                i + 1,
                paint(GREEN, &services[*s].name)
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// How many diagnostics there are; they are listed elsewhere.
fn write_diagnostic_count(analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
    let p = &analysis.program;
    let warnings = p
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::model::Severity::Warning)
        .count();
    if !p.diagnostics.is_empty() {
        writeln!(
            out,
            "{}",
            paint(
                DIM,
                &format!(
                    "{} diagnostics ({warnings} warnings); they are listed on stderr and in --format json",
                    p.diagnostics.len()
                )
            )
        )?;
    }
    Ok(())
}

fn short_list(items: &[String], max: usize) -> String {
    let mut s: Vec<&str> = items.iter().take(max).map(String::as_str).collect();
    let more = items.len().saturating_sub(max);
    let tail = if more > 0 {
        format!(" +{more}")
    } else {
        String::new()
    };
    s.dedup();
    format!("{}{tail}", s.join(", "))
}

/// The top-level module names a set of modules falls under (`util`, `error`); a module deeper
/// down shows as its area with `::…` (`db::database::…`), so that a group holding only a
/// child of `db::database` is not read as holding `db::database` itself.
fn top_names(p: &crate::model::Program, modules: &[usize]) -> Vec<String> {
    let mut names: Vec<String> = modules
        .iter()
        .map(|&m| {
            let id = &p.modules[m].id;
            let segs: Vec<&str> = id.split("::").collect();
            let area = segs.iter().take(2).copied().collect::<Vec<_>>().join("::");
            if segs.len() > 2 {
                format!("{area}::…")
            } else {
                area
            }
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Per service pair (lower index first): referenced item id → number of references.
fn crossing_items(analysis: &Analysis) -> BTreeMap<(usize, usize), BTreeMap<String, u32>> {
    let p = &analysis.program;
    let prop = &analysis.proposal;
    let is_service = |s: usize| {
        prop.services
            .get(s)
            .is_some_and(|c| c.role == Role::Service)
    };
    let mut out: BTreeMap<(usize, usize), BTreeMap<String, u32>> = BTreeMap::new();
    for r in &p.references {
        let (Some(a), Some(b)) = (prop.membership[r.from], prop.membership[r.to]) else {
            continue;
        };
        if a == b || !is_service(a) || !is_service(b) {
            continue;
        }
        let id = match r.item {
            Some(i) => p.items[i].id.clone(),
            None => p.modules[r.to].id.clone(),
        };
        *out.entry((a.min(b), a.max(b)))
            .or_default()
            .entry(id)
            .or_default() += 1;
    }
    out
}

/// `1 module`, `3 modules`.
fn modules_count(n: usize) -> String {
    format!("{n} module{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::top_names;
    use crate::model::{Module, Program};

    #[test]
    fn a_deeper_module_shows_as_its_area_with_an_ellipsis() {
        let p = Program {
            modules: [
                "db::database",
                "db::database::test_utils",
                "db::provider::mock",
                "util",
            ]
            .iter()
            .map(|id| Module {
                id: id.to_string(),
                ..Module::default()
            })
            .collect(),
            ..Program::default()
        };
        assert_eq!(top_names(&p, &[0]), ["db::database"]);
        assert_eq!(
            top_names(&p, &[1, 2, 3]),
            ["db::database::…", "db::provider::…", "util"]
        );
    }
}
