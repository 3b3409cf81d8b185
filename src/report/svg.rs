//! The service map as SVG, laid out by `layout.rs` (no Graphviz): one box per service, its area
//! growing with its lines of code, the tables it owns listed inside it (a table other services
//! also touch in red, with a dashed red line from each of them); arrows between services as
//! thick as the coupling, labelled with the weight, the heaviest boundaries darkest, arrows of
//! a cycle in orange (arrows under 8 % of the heaviest are left to the dependency matrix, and
//! the map says how many); the composition roots in a band above and the shared kernel and the
//! other groups set apart (migrations, test support…) in a band below. `graph --format svg`
//! writes it standalone; the HTML report inlines it.

use super::layout::layered;
use super::markup as esc;
use crate::Analysis;
use crate::model::Role;
use crate::model::fmt_float;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{self, Write};

/// Widest row of service boxes before it wraps.
const MAX_ROW: f64 = 1150.0;
/// Margin around the drawing.
const MARGIN: f64 = 24.0;
/// Height of one table line in a box.
const LINE: f64 = 15.0;
/// Height of a box's title lines.
const HEAD: f64 = 40.0;
/// Tables listed in a box before "+N more".
const MAX_TABLES: usize = 8;
/// Boundaries drawn darkest and labelled bold (and always drawn).
const HEAVIEST: usize = 3;
/// Lighter arrows than this share of the heaviest are left to the dependency matrix.
const DRAWN_SHARE: f64 = 0.08;

/// An arrow between two service boxes (by box index) and its weight.
type Arrow = (usize, usize, f64);

/// Whether the SVG is a file of its own or sits inside the HTML report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `graph --format svg`: an XML prolog and the SVG namespace.
    Standalone,
    /// Inline in HTML: no namespace needed, service boxes link to their sections.
    Inline,
}

fn f(v: f64) -> String {
    fmt_float(v, 1)
}

/// Anchor of a service's section in the HTML report.
pub fn anchor(service: usize) -> String {
    format!("svc-{service}")
}

/// Text cut to about `width` pixels of 7-pixel characters.
fn fit(text: &str, width: f64) -> String {
    let max = ((width / 7.0) as usize).max(4);
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

struct Box_ {
    service: usize,
    w: f64,
    h: f64,
    tables: Vec<String>,
}

/// Writes the service map.
pub fn write(analysis: &Analysis, mode: Mode, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(render(analysis, mode).as_bytes())
}

/// The service map as a string.
pub fn render(analysis: &Analysis, mode: Mode) -> String {
    let prop = &analysis.proposal;
    let figs = &analysis.figures;
    let p = &analysis.program;
    let services: Vec<usize> = (0..prop.services.len())
        .filter(|&s| prop.services[s].role == Role::Service)
        .collect();
    let max_loc = services
        .iter()
        .filter_map(|&s| figs.services.get(s))
        .map(|sf| sf.loc)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    // Tables touched by more than one service.
    let shared = figs.shared_data();
    let written_by_several = figs.tables_written_by_several();
    let boxes: Vec<Box_> = services
        .iter()
        .map(|&s| {
            let sf = figs.services.get(s);
            let loc = sf.map_or(0, |x| x.loc) as f64;
            let tables: Vec<String> = sf
                .map(|x| {
                    x.owned_data
                        .iter()
                        .filter(|d| d.starts_with("table:"))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            let lines = tables.len().min(MAX_TABLES + 1) as f64;
            let w = (150.0 + 110.0 * (loc / max_loc).sqrt()).round();
            let h = (HEAD + lines * LINE + 6.0 + 30.0 * (loc / max_loc).sqrt()).round();
            Box_ {
                service: s,
                w,
                h,
                tables,
            }
        })
        .collect();
    let index_of: BTreeMap<usize, usize> =
        services.iter().enumerate().map(|(i, &s)| (s, i)).collect();
    let mut arrows: Vec<Arrow> = Vec::new();
    for b in &figs.boundaries {
        let (Some(&ia), Some(&ib)) = (index_of.get(&b.a), index_of.get(&b.b)) else {
            continue;
        };
        if b.weight_ab > 0.0 {
            arrows.push((ia, ib, b.weight_ab));
        }
        if b.weight_ba > 0.0 {
            arrows.push((ib, ia, b.weight_ba));
        }
    }
    // Every direction, for telling cycles; then only the arrows worth drawing.
    let pairs: BTreeSet<(usize, usize)> = arrows.iter().map(|&(a, b, _)| (a, b)).collect();
    let (arrows, left_out) = strongest(arrows, boxes.len());
    let sizes: Vec<(f64, f64)> = boxes.iter().map(|b| (b.w, b.h)).collect();
    let layout = layered(&sizes, &arrows, MAX_ROW);

    // Bands: roots above, set-apart groups below.
    let roots: Vec<&str> = prop
        .roots
        .iter()
        .map(|&m| p.modules[m].id.as_str())
        .collect();
    let apart: Vec<usize> = (0..prop.services.len())
        .filter(|&s| prop.services[s].role != Role::Service)
        .collect();
    let top = if roots.is_empty() { 0.0 } else { 52.0 };
    let services_h = layout.height;
    let band_y = MARGIN + top + services_h + if boxes.is_empty() { 0.0 } else { 40.0 };
    let apart_w = 230.0;
    let apart_h = 66.0;
    let apart_total = apart.len() as f64 * (apart_w + 20.0);
    let content_w = layout.width.max(apart_total).max(420.0);
    let width = content_w + 2.0 * MARGIN;
    let note_h = if left_out.0 > 0 { 22.0 } else { 0.0 };
    let height = band_y + if apart.is_empty() { 0.0 } else { apart_h } + note_h + MARGIN;
    let dx = MARGIN + (content_w - layout.width) / 2.0;
    let dy = MARGIN + top;
    let rect = |i: usize| -> (f64, f64, f64, f64) {
        let (x, y) = layout.pos[i];
        (x + dx, y + dy, boxes[i].w, boxes[i].h)
    };

    let mut s = String::new();
    match mode {
        Mode::Standalone => {
            s.push_str(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- cargo-seams service map -->\n",
            );
            let _ = writeln!(
                s,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"seams-map\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" font-family=\"Helvetica, Arial, sans-serif\">",
                f(width),
                f(height),
                f(width),
                f(height)
            );
        }
        Mode::Inline => {
            let _ = writeln!(
                s,
                "<svg class=\"seams-map\" id=\"map\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"service map\">",
                f(width),
                f(height),
                f(width),
                f(height)
            );
        }
    }
    s.push_str("<defs><marker id=\"arr\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"#3d4a5c\"/></marker><marker id=\"arrc\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"#d9480f\"/></marker></defs>\n");
    let _ = writeln!(
        s,
        "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>",
        f(width),
        f(height)
    );

    if !roots.is_empty() {
        let mut list = roots.iter().take(6).copied().collect::<Vec<_>>().join(", ");
        if roots.len() > 6 {
            list.push_str(&format!(" +{}", roots.len() - 6));
        }
        let text = format!("composition roots (gateway, bootstrap): {list}");
        let _ = writeln!(
            s,
            "<g class=\"band roots\" data-k=\"composition roots {}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"30\" rx=\"6\" fill=\"#f1f3f5\" stroke=\"#868e96\" stroke-dasharray=\"5 3\"/><text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#495057\">{}</text></g>",
            esc(&roots.join(" ")),
            f(MARGIN),
            f(MARGIN),
            f(content_w),
            f(MARGIN + 10.0),
            f(MARGIN + 19.0),
            esc(&fit(&text, content_w - 20.0))
        );
    }

    // Arrows, heaviest darkest.
    let max_w = arrows.iter().map(|a| a.2).fold(0.0, f64::max);
    let mut by_weight: Vec<(f64, usize)> = figs
        .boundaries
        .iter()
        .enumerate()
        .map(|(i, b)| (b.weight(), i))
        .collect();
    by_weight.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let heavy: BTreeSet<(usize, usize)> = by_weight
        .iter()
        .take(HEAVIEST)
        .filter_map(|&(_, i)| {
            let b = &figs.boundaries[i];
            Some((*index_of.get(&b.a)?, *index_of.get(&b.b)?))
        })
        .flat_map(|(a, b)| [(a, b), (b, a)])
        .collect();
    let mut labels = String::new();
    for (ei, &(a, b, w)) in arrows.iter().enumerate() {
        let cycle = pairs.contains(&(b, a));
        let (ax, ay, aw, ah) = rect(a);
        let (bx, by, bw, bh) = rect(b);
        let off = if cycle {
            if a < b { -7.0 } else { 7.0 }
        } else {
            0.0
        };
        let (x1, x2) = (ax + aw / 2.0 + off, bx + bw / 2.0 + off);
        let route: Vec<(f64, f64)> = layout
            .routes
            .get(ei)
            .map(|r| r.iter().map(|&(x, y)| (x + dx + off, y + dy)).collect())
            .unwrap_or_default();
        let mut d;
        let (mx, my);
        if by >= ay + ah || by + bh <= ay {
            let down = by >= ay + ah;
            let start = (x1, if down { ay + ah } else { ay });
            let end = (x2, if down { by } else { by + bh });
            let mut points = vec![start];
            points.extend(route);
            points.push(end);
            d = format!("M{},{}", f(start.0), f(start.1));
            for pair in points.windows(2) {
                let (p, q) = (pair[0], pair[1]);
                let half = (q.1 - p.1) / 2.0;
                d.push_str(&format!(
                    " C{},{} {},{} {},{}",
                    f(p.0),
                    f(p.1 + half),
                    f(q.0),
                    f(q.1 - half),
                    f(q.0),
                    f(q.1)
                ));
            }
            let k = (points.len() - 1) / 2;
            let (p, q) = (points[k], points[k + 1]);
            mx = (p.0 + q.0) / 2.0;
            my = (p.1 + q.1) / 2.0;
        } else {
            // Same row (a wrapped layer): an arc above.
            d = format!(
                "M{},{} C{},{} {},{} {},{}",
                f(x1),
                f(ay),
                f(x1),
                f(ay - 45.0),
                f(x2),
                f(by - 45.0),
                f(x2),
                f(by)
            );
            mx = (x1 + x2) / 2.0;
            my = (ay + by) / 2.0 - 34.0;
        }
        let pen = 1.0 + 6.0 * (1.0 + w).log2() / (1.0 + max_w).log2().max(1e-9);
        let strong = heavy.contains(&(a, b));
        let colour = if cycle {
            "#d9480f"
        } else if strong {
            "#1f2d3d"
        } else {
            "#7a8699"
        };
        let _ = writeln!(
            s,
            "<path class=\"dep\" data-k=\"{} {}\" d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{}\" stroke-opacity=\"0.85\" marker-end=\"url(#{})\"><title>{} → {}: weight {}</title></path>",
            esc(&prop.services[boxes[a].service].name),
            esc(&prop.services[boxes[b].service].name),
            fmt_float(pen, 2),
            if cycle { "arrc" } else { "arr" },
            esc(&prop.services[boxes[a].service].name),
            esc(&prop.services[boxes[b].service].name),
            f(w)
        );
        let text = f(w);
        let tw = 7.0 * text.len() as f64 + 6.0;
        // The two directions of a pair run side by side: their labels too.
        let mx = mx + off.signum() * (tw / 2.0 + 1.0);
        let _ = writeln!(
            labels,
            "<g class=\"wl\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"14\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.9\"/><text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#222\"{}>{}</text></g>",
            f(mx - tw / 2.0),
            f(my - 10.0),
            f(tw),
            f(mx),
            f(my + 1.0),
            if strong { " font-weight=\"bold\"" } else { "" },
            text
        );
    }

    // Dashed red lines from each service that touches a table another one owns.
    let mut table_at: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
    for (i, b) in boxes.iter().enumerate() {
        let (x, y, w, _) = rect(i);
        for (k, t) in b.tables.iter().take(MAX_TABLES).enumerate() {
            table_at.insert(t.as_str(), (x + w, y + HEAD + LINE * k as f64 + 6.0));
        }
    }
    for (i, b) in boxes.iter().enumerate() {
        let Some(sf) = figs.services.get(b.service) else {
            continue;
        };
        let (x, y, w, h) = rect(i);
        for t in sf.shared_data.iter().filter(|d| d.starts_with("table:")) {
            if let Some(&(tx, ty)) = table_at.get(t.as_str()) {
                let _ = writeln!(
                    s,
                    "<line class=\"share\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#c92a2a\" stroke-width=\"1\" stroke-dasharray=\"3 3\" opacity=\"0.6\"><title>{} also uses {}</title></line>",
                    f(x + w / 2.0),
                    f(y + h / 2.0),
                    f(tx - 4.0),
                    f(ty),
                    esc(&prop.services[b.service].name),
                    esc(t)
                );
            }
        }
    }
    for (i, b) in boxes.iter().enumerate() {
        let (x, y, w, h) = rect(i);
        let svc = &prop.services[b.service];
        let sf = figs.services.get(b.service);
        let loc = sf.map_or(0, |x| x.loc);
        let keys = format!("{} {}", svc.name, b.tables.join(" "));
        let link = match mode {
            Mode::Inline => format!(" data-target=\"{}\"", anchor(b.service)),
            Mode::Standalone => String::new(),
        };
        let _ = writeln!(
            s,
            "<g class=\"svc\" data-k=\"{}\"{link}><title>{}: {} modules, {} loc; owns {}</title>",
            esc(&keys),
            esc(&svc.name),
            svc.modules.len(),
            loc,
            esc(&if b.tables.is_empty() {
                "no table".to_string()
            } else {
                b.tables.join(", ")
            })
        );
        let _ = writeln!(
            s,
            "<rect class=\"box\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"#eef4fb\" stroke=\"#4a6fa5\" stroke-width=\"1.5\"/>",
            f(x),
            f(y),
            f(w),
            f(h)
        );
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"14\" font-weight=\"bold\" fill=\"#1c3d6e\">{}</text><text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#5c6b7a\">{} modules · {} loc</text>",
            f(x + 10.0),
            f(y + 18.0),
            esc(&fit(&svc.name, w - 20.0)),
            f(x + 10.0),
            f(y + 33.0),
            svc.modules.len(),
            loc
        );
        for (k, t) in b.tables.iter().take(MAX_TABLES).enumerate() {
            let red = shared.contains(t.as_str());
            let ty = y + HEAD + LINE * k as f64 + 10.0;
            let name = t.trim_start_matches("table:");
            let mark = if written_by_several.contains(t.as_str()) {
                " ⚠"
            } else {
                ""
            };
            let _ = writeln!(
                s,
                "<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"{}\"{}>⛁ {}{mark}</text>",
                f(x + 12.0),
                f(ty),
                if red { "#c92a2a" } else { "#2b4a2b" },
                if red { " font-weight=\"bold\"" } else { "" },
                esc(&fit(name, w - 40.0))
            );
        }
        if b.tables.len() > MAX_TABLES {
            let _ = writeln!(
                s,
                "<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#5c6b7a\">+{} more tables</text>",
                f(x + 12.0),
                f(y + HEAD + LINE * MAX_TABLES as f64 + 10.0),
                b.tables.len() - MAX_TABLES
            );
        }
        s.push_str("</g>\n");
    }

    s.push_str(&labels);

    // The groups set apart.
    let mut x = MARGIN + (content_w - apart_total + 20.0) / 2.0;
    for &g in &apart {
        let svc = &prop.services[g];
        let label = super::graph_view::group_name(analysis, g);
        let sf = figs.services.get(g);
        // A group set apart owns nothing, but may write tables (a data-access layer): say so.
        let (mut written, mut read) = (0, 0);
        for node in analysis
            .data
            .nodes
            .iter()
            .filter(|d| d.kind == crate::model::DataKind::Table)
        {
            let (mut w, mut r) = (0, 0);
            for a in &node.accesses {
                if prop.membership.get(a.module).copied().flatten() == Some(g) {
                    w += a.writes;
                    r += a.reads;
                }
            }
            if w > 0 {
                written += 1;
            } else if r > 0 {
                read += 1;
            }
        }
        let link = match mode {
            Mode::Inline => format!(" data-target=\"{}\"", anchor(g)),
            Mode::Standalone => String::new(),
        };
        let detail = format!(
            "{} modules · {} loc",
            svc.modules.len(),
            sf.map_or(0, |x| x.loc)
        );
        let mut data = Vec::new();
        if written > 0 {
            data.push(format!("writes {written} tables"));
        }
        if read > 0 {
            data.push(format!("reads {read} more"));
        }
        let data = data.join(", ");
        let _ = writeln!(
            s,
            "<g class=\"svc apart\" data-k=\"{}\"{link}><title>{}: {}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"#f8f9fa\" stroke=\"#868e96\" stroke-dasharray=\"6 3\"/><text x=\"{}\" y=\"{}\" font-size=\"13\" font-weight=\"bold\" fill=\"#495057\">{}</text><text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#868e96\">{}</text>{}</g>",
            esc(&format!("{label} {}", svc.name)),
            esc(&label),
            esc(svc.role.describe()),
            f(x),
            f(band_y),
            f(apart_w),
            f(apart_h),
            f(x + 10.0),
            f(band_y + 22.0),
            esc(&fit(&label, apart_w - 20.0)),
            f(x + 10.0),
            f(band_y + 40.0),
            esc(&detail),
            if data.is_empty() {
                String::new()
            } else {
                format!(
                    "<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#c92a2a\">{}</text>",
                    f(x + 10.0),
                    f(band_y + 56.0),
                    esc(&data)
                )
            }
        );
        x += apart_w + 20.0;
    }
    if left_out.0 > 0 {
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#5c6b7a\">{} lighter dependencies not drawn (weight ≤ {}); the dependency matrix lists them all.</text>",
            f(MARGIN),
            f(height - MARGIN - 4.0),
            left_out.0,
            f(left_out.1)
        );
    }
    s.push_str("</svg>\n");
    s
}

/// The arrows worth drawing: the heaviest few always, then those of at least
/// [`DRAWN_SHARE`] of the heaviest weight, at most two per service; in their order. Also how
/// many were left out and the heaviest of those.
fn strongest(arrows: Vec<Arrow>, services: usize) -> (Vec<Arrow>, (usize, f64)) {
    let max = arrows.iter().map(|a| a.2).fold(0.0, f64::max);
    let cap = (2 * services).max(12);
    let mut order: Vec<usize> = (0..arrows.len()).collect();
    order.sort_by(|&x, &y| arrows[y].2.total_cmp(&arrows[x].2).then(x.cmp(&y)));
    let mut keep = vec![false; arrows.len()];
    for (rank, &i) in order.iter().enumerate() {
        keep[i] = rank < HEAVIEST || (rank < cap && arrows[i].2 >= DRAWN_SHARE * max);
    }
    let left: Vec<f64> = (0..arrows.len())
        .filter(|&i| !keep[i])
        .map(|i| arrows[i].2)
        .collect();
    let heaviest_left = left.iter().copied().fold(0.0, f64::max);
    let kept = arrows
        .into_iter()
        .zip(keep)
        .filter_map(|(a, k)| k.then_some(a))
        .collect();
    (kept, (left.len(), heaviest_left))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn light_arrows_are_left_to_the_matrix_but_the_heaviest_stay() {
        // 20 arrows of weight 100, 1, 1, …: only the heavy one passes the share, three stay.
        let mut arrows = vec![(0, 1, 100.0)];
        arrows.extend((2..21).map(|i| (0, i, 1.0)));
        let (kept, (left, heaviest_left)) = strongest(arrows, 21);
        assert_eq!(kept.len(), HEAVIEST);
        assert_eq!(kept[0], (0, 1, 100.0));
        assert_eq!(left, 17);
        assert_eq!(heaviest_left, 1.0);
        let (kept, (left, _)) = strongest(vec![(0, 1, 10.0), (1, 0, 9.0)], 2);
        assert_eq!((kept.len(), left), (2, 0));
    }
}
