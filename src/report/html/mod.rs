//! `analyze --format html`: one self-contained, offline, deterministic page. The service map is
//! the SVG of `svg.rs`; the page adds the services table, the service × table matrix and the
//! dependency matrix (`matrices.rs`), the boundaries with every reference behind them, the
//! extraction order, the warnings and diagnostics (`sections.rs`), and per service its module
//! tree with why each module is there (`services.rs`). CSS and JS are ours (`page.css`,
//! `page.js`), inlined: no CDN, no font, no link; the JS only filters and zooms. Everything is
//! read from the analysis the JSON report writes; nothing is computed anew except grouping
//! references by service pair.

mod matrices;
mod sections;
mod services;

use super::markup as esc;
use super::svg;
use crate::Analysis;
use crate::model::Role;
use crate::model::fmt_float;
use std::fmt::Write as _;
use std::io::{self, Write};

const CSS: &str = include_str!("page.css");
const JS: &str = include_str!("page.js");

/// How the page begins (`output_file` recognises its own reports by it).
pub const HEAD: &str = "<!DOCTYPE html>\n<!-- cargo-seams report -->\n";

/// Writes the report.
pub fn write(analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(render(analysis).as_bytes())
}

/// The packages analysed, for the title: `shop`, `a, b, c +4`.
fn title(analysis: &Analysis) -> String {
    let mut names: Vec<&str> = analysis
        .program
        .crates
        .iter()
        .map(|c| c.package.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut t = names.iter().take(3).copied().collect::<Vec<_>>().join(", ");
    if names.len() > 3 {
        t.push_str(&format!(" +{}", names.len() - 3));
    }
    if t.is_empty() {
        t.push_str("(nothing analysed)");
    }
    t
}

/// The page as a string.
pub fn render(analysis: &Analysis) -> String {
    let p = &analysis.program;
    let f = &analysis.figures;
    let prop = &analysis.proposal;
    let services = prop
        .services
        .iter()
        .filter(|s| s.role == Role::Service)
        .count();
    let mut s = String::with_capacity(64 * 1024);
    s.push_str(HEAD);
    let name = title(analysis);
    let _ = write!(
        s,
        "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>cargo-seams: {}</title>\n<style>\n{CSS}</style>\n</head>\n<body data-js=\"pending\">\n",
        esc(&name)
    );
    let m = &f.metrics;
    let _ = writeln!(
        s,
        "<header><h1>cargo-seams: {}</h1><div>{} modules in {} crates, {} files, {} lines → <strong>{services} service{}</strong>{}</div><div class=\"dim\">modularity {} · icp {} · ifn {} · ned {} · sm {} · shared data {} · service cycles {}</div>",
        esc(&name),
        p.modules.len(),
        p.crates.len(),
        analysis.stats.files,
        analysis.stats.lines,
        if services == 1 { "" } else { "s" },
        esc(&crate::report::headline_extras(prop)),
        fmt_float(m.modularity, 3),
        fmt_float(m.icp, 3),
        fmt_float(m.ifn, 2),
        fmt_float(m.ned, 3),
        fmt_float(m.sm, 3),
        fmt_float(m.shared_data_ratio, 3),
        m.service_cycles
    );
    if !prop.count_reason.is_empty() {
        let _ = writeln!(
            s,
            "<div class=\"dim\">why: {}</div>",
            esc(&prop.count_reason)
        );
    }
    let calls = &analysis.program.method_calls;
    if calls.any() {
        let _ = writeln!(s, "<div class=\"dim\">{}</div>", esc(&calls.to_string()));
    }
    if let Some(note) = &prop.note {
        let _ = writeln!(s, "<div>note: {}</div>", esc(note));
    }
    if let Some(new) = prop.undeclared_services()
        && !new.is_empty()
    {
        let names: Vec<String> = new
            .iter()
            .map(|&i| esc(&prop.services[i].name).to_string())
            .collect();
        let _ = writeln!(
            s,
            "<div>not declared: {} (code that no [[service]] of the config matches, grouped by the evidence)</div>",
            names.join(", ")
        );
    }
    s.push_str("</header>\n");
    let alike = if analysis.figures.families.is_empty() {
        ""
    } else {
        " <a href=\"#families\">cut alike</a>"
    };
    let _ = write!(
        s,
        "<nav><input id=\"filter\" type=\"search\" placeholder=\"Filter by module, service or table\" aria-label=\"filter\"> <span id=\"filter-count\" class=\"dim\"></span> <a href=\"#map-section\">map</a> <a href=\"#services\">services</a>{alike} <a href=\"#data-matrix\">tables</a> <a href=\"#dsm\">dependencies</a> <a href=\"#boundaries\">boundaries</a> <a href=\"#order\">extraction order</a> <a href=\"#details\">modules</a> <a href=\"#diagnostics\">diagnostics</a></nav>\n<main>\n"
    );
    sections::warnings(analysis, &mut s);
    s.push_str("<section id=\"map-section\"><h2>Service map</h2>\n<div class=\"legend\"><span>box area ∝ lines of code</span><span>arrow width ∝ coupling weight (caller → callee)</span><span style=\"color:#d9480f\">orange: a cycle</span><span>⛁ owned table</span><span class=\"red\">red table: another service uses it too</span><span>⚠ written by several services</span><span>dashed: set apart, not services</span></div>\n<div class=\"zoom\"><button id=\"zoom-in\" type=\"button\">zoom +</button><button id=\"zoom-out\" type=\"button\">zoom −</button><button id=\"zoom-reset\" type=\"button\">reset</button> <span class=\"dim\">drag to pan, Ctrl + wheel to zoom, click a service to see its modules</span></div>\n<div class=\"mapbox\">\n");
    s.push_str(&svg::render(analysis, svg::Mode::Inline));
    s.push_str("</div></section>\n");
    sections::services_table(analysis, &mut s);
    sections::families(analysis, &mut s);
    matrices::data_matrix(analysis, &mut s);
    matrices::dsm(analysis, &mut s);
    sections::boundaries(analysis, &mut s);
    sections::extraction(analysis, &mut s);
    services::details(analysis, &mut s);
    sections::diagnostics(analysis, &mut s);
    let _ = write!(
        s,
        "</main>\n<pre id=\"js-errors\"></pre>\n<footer>cargo-seams {} · written offline, no network needed · the same input gives the same bytes</footer>\n<script>\n{JS}</script>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    );
    s
}
