//! Folding a graph until it fits an edge budget (GitHub renders no Mermaid chart with more
//! than 500 edges): module subtrees are folded into their roots one depth at a time, deepest
//! first, and within a depth the subtrees that show the most nodes first, stopping as soon as
//! the graph fits (so the rest keeps its detail); what is still over (a service graph, or one crate's worth of flat modules) keeps its
//! heaviest edges. The fold is reported in one line the output prints as a comment.

use super::graph_view::{
    GraphError, GraphOptions, Level, View, ancestors, build, build_folded, max_depth,
    representatives, retain,
};
use crate::Analysis;
use crate::model::fmt_float;
use std::collections::{BTreeMap, BTreeSet};

/// The view of `opts` folded until it has at most `max_edges` edges, and what was done.
pub fn fit(
    analysis: &Analysis,
    opts: &GraphOptions,
    max_edges: usize,
) -> Result<(View, Option<String>), GraphError> {
    let view = build(analysis, opts)?;
    let original = view.edges.len();
    if original <= max_edges {
        return Ok((view, None));
    }
    let mut view = view;
    let mut note = String::new();
    if opts.level == Level::Module {
        let (folded, what) = fold_subtrees(analysis, opts, max_edges)?;
        view = folded;
        note = what;
    }
    if view.edges.len() > max_edges {
        let kept = keep_heaviest(view, max_edges);
        view = kept.0;
        if !note.is_empty() {
            note.push_str(", then ");
        }
        note.push_str(&format!(
            "only the {max_edges} heaviest edges (weight ≥ {})",
            fmt_float(kept.1, 3)
        ));
    }
    let line = format!(
        "folded to stay within {max_edges} edges (GitHub's Mermaid limit): {original} edges → {}: {note}",
        view.edges.len()
    );
    Ok((view, Some(line)))
}

/// Folds module subtrees into their roots, one depth at a time from the deepest and, within a
/// depth, the subtrees showing the most nodes first, until the view has at most `max_edges`
/// edges (or everything is folded to the crate roots). The view and what was folded.
fn fold_subtrees(
    analysis: &Analysis,
    opts: &GraphOptions,
    max_edges: usize,
) -> Result<(View, String), GraphError> {
    let n = analysis.program.modules.len();
    let deepest = max_depth(analysis);
    let start = opts.collapse.unwrap_or(deepest).min(deepest);
    let mut rep = representatives(analysis, opts.collapse);
    let mut view = build_folded(analysis, opts, Some(&rep))?;
    let mut whole: Option<usize> = None;
    for depth in (0..start).rev() {
        let up = ancestors(analysis, depth);
        let mut shown: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for m in 0..n {
            shown.entry(up[m]).or_default().insert(rep[m]);
        }
        let mut order: Vec<(usize, usize)> = shown
            .iter()
            .filter(|(_, nodes)| nodes.len() > 1)
            .map(|(&a, nodes)| (a, nodes.len()))
            .collect();
        order.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        for (k, &(root, _)) in order.iter().enumerate() {
            for m in 0..n {
                if up[m] == root {
                    rep[m] = root;
                }
            }
            view = build_folded(analysis, opts, Some(&rep))?;
            if view.edges.len() <= max_edges {
                let part = if k + 1 == order.len() {
                    format!("modules folded to depth {depth} (--collapse {depth})")
                } else {
                    let deeper = whole.map_or(String::new(), |d| {
                        format!("modules folded to depth {d} (--collapse {d}), then ")
                    });
                    format!(
                        "{deeper}the {} largest of {} subtrees folded to depth {depth}, the rest kept deeper",
                        k + 1,
                        order.len()
                    )
                };
                return Ok((view, part));
            }
        }
        whole = Some(depth);
    }
    let note = whole.map_or(String::new(), |d| {
        format!("modules folded to depth {d} (--collapse {d})")
    });
    Ok((view, note))
}

/// The `max_edges` heaviest edges (ties: the earlier edge) and the lightest weight kept.
fn keep_heaviest(mut view: View, max_edges: usize) -> (View, f64) {
    let mut order: Vec<usize> = (0..view.edges.len()).collect();
    order.sort_by(|&a, &b| {
        view.edges[b]
            .weight
            .total_cmp(&view.edges[a].weight)
            .then(a.cmp(&b))
    });
    let mut kept = vec![false; view.edges.len()];
    for &i in order.iter().take(max_edges) {
        kept[i] = true;
    }
    let lightest = order
        .get(max_edges.saturating_sub(1))
        .map_or(0.0, |&i| view.edges[i].weight);
    let mut i = 0;
    view.edges.retain(|_| {
        i += 1;
        kept[i - 1]
    });
    let keep = vec![true; view.nodes.len()];
    (retain(view, &keep), lightest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::graph_view::{Edge, Node, Shape};

    fn node(key: &str, shape: Shape) -> Node {
        Node {
            key: key.to_string(),
            label: key.to_string(),
            shape,
            group: None,
            modules: 1,
            loc: 1,
        }
    }

    #[test]
    fn keeps_the_heaviest_edges_and_drops_data_nodes_left_alone() {
        let edge = |from, to, weight, data| Edge {
            from,
            to,
            weight,
            label: String::new(),
            data,
            count: 1,
        };
        let view = View {
            groups: Vec::new(),
            nodes: vec![
                node("a", Shape::Box),
                node("b", Shape::Box),
                node("table:t", Shape::Table),
            ],
            edges: vec![
                edge(0, 1, 3.0, false),
                edge(1, 0, 5.0, false),
                edge(0, 2, 1.0, true),
            ],
        };
        let (kept, lightest) = keep_heaviest(view, 2);
        assert_eq!(lightest, 3.0);
        assert_eq!(kept.edges.len(), 2);
        assert_eq!(kept.nodes.len(), 2, "the table lost its only edge");
        assert_eq!((kept.edges[0].from, kept.edges[0].to), (0, 1));
    }
}
