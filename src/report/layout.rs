//! A small layered (Sugiyama-style) layout of our own, so that pictures need no Graphviz: the
//! cycles are broken by a depth-first search that follows heavy edges first, nodes are put in
//! layers by longest path (callers above what they call), each layer is ordered by a few
//! barycentre sweeps to uncross edges, and a layer wider than the page wraps into several
//! rows. Nodes with no edge at all go to a last row. Pure geometry over index graphs:
//! deterministic (index order breaks every tie), no knowledge of what the nodes are.

/// Horizontal gap between boxes.
const H_GAP: f64 = 36.0;
/// Vertical gap between rows (room for arrows and their labels).
const V_GAP: f64 = 64.0;
/// Barycentre sweeps (down and up each count one).
const SWEEPS: usize = 8;

/// Width of the invisible node a long edge passes through in each layer it crosses.
const DUMMY_W: f64 = 14.0;

/// One laid-out line of nodes: the nodes, its top and its height.
type Line = (Vec<usize>, f64, f64);

/// Where each node goes and how each edge runs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// Top-left corner of each node.
    pub pos: Vec<(f64, f64)>,
    /// Layer of each node (`usize::MAX` for a node with no edge).
    pub layer: Vec<usize>,
    /// Per input edge, the points it passes between its ends (through the rows it crosses,
    /// in the direction of the edge); empty for an edge between adjacent rows.
    pub routes: Vec<Vec<(f64, f64)>>,
    /// Width of the whole drawing.
    pub width: f64,
    /// Height of the whole drawing.
    pub height: f64,
}

/// Lays out nodes of `sizes` (width, height) joined by `edges` (from, to, weight), rows at
/// most `max_width` wide (a single box wider than that gets a row of its own). An edge that
/// spans several layers passes through an invisible node in each, so that it is routed
/// around the boxes in between rather than through them.
pub fn layered(sizes: &[(f64, f64)], edges: &[(usize, usize, f64)], max_width: f64) -> Layout {
    let n = sizes.len();
    if n == 0 {
        return Layout {
            routes: vec![Vec::new(); edges.len()],
            ..Layout::default()
        };
    }
    let valid = |&(a, b, _): &(usize, usize, f64)| a != b && a < n && b < n;
    let kept: Vec<(usize, usize, f64)> = edges.iter().copied().filter(valid).collect();
    let dag = acyclic(n, &kept);
    let layer = layers(n, &dag, &kept);
    // Long edges become chains through dummy nodes.
    let mut all_sizes = sizes.to_vec();
    let mut all_layer = layer.clone();
    let mut chain_of: std::collections::BTreeMap<(usize, usize), Vec<usize>> = Default::default();
    let mut links: Vec<(usize, usize, f64)> = Vec::new();
    for &(u, v) in &dag {
        let mut prev = u;
        let mut chain = Vec::new();
        for l in layer[u] + 1..layer[v] {
            let d = all_sizes.len();
            all_sizes.push((DUMMY_W, 0.0));
            all_layer.push(l);
            chain.push(d);
            links.push((prev, d, 1.0));
            prev = d;
        }
        links.push((prev, v, 1.0));
        chain_of.insert((u, v), chain);
    }
    let rows = order(all_sizes.len(), &all_layer, &links);
    let (placed, lines) = place(&all_sizes, rows, max_width);
    let line_of = |v: usize| lines.iter().find(|l| l.0.contains(&v)).map(|l| (l.1, l.2));
    let routes = edges
        .iter()
        .map(|e| {
            if !valid(e) {
                return Vec::new();
            }
            let (a, b, _) = *e;
            let (chain, forward) = match chain_of.get(&(a, b)) {
                Some(c) => (c.clone(), true),
                None => (chain_of.get(&(b, a)).cloned().unwrap_or_default(), false),
            };
            let mut points: Vec<(f64, f64)> = Vec::new();
            for &d in &chain {
                let x = placed[d].0 + DUMMY_W / 2.0;
                let (top, height) = line_of(d).unwrap_or((placed[d].1, 0.0));
                points.push((x, top));
                points.push((x, top + height));
            }
            if !forward {
                points.reverse();
            }
            points
        })
        .collect();
    let width = placed
        .iter()
        .zip(&all_sizes)
        .map(|(p, s)| p.0 + s.0)
        .fold(0.0, f64::max);
    let height = lines.iter().map(|l| l.1 + l.2).fold(0.0, f64::max);
    Layout {
        pos: placed[..n].to_vec(),
        layer,
        routes,
        width,
        height,
    }
}

/// The edges with those that close a cycle reversed (depth-first, heavier edges first).
fn acyclic(n: usize, edges: &[(usize, usize, f64)]) -> Vec<(usize, usize)> {
    let mut out: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for &(a, b, w) in edges {
        out[a].push((b, w));
    }
    for list in &mut out {
        list.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    }
    // 0 unseen, 1 on the stack, 2 done.
    let mut state = vec![0u8; n];
    let mut back: std::collections::BTreeSet<(usize, usize)> = Default::default();
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some(top) = stack.last_mut() {
            let u = top.0;
            if let Some(&(v, _)) = out[u].get(top.1) {
                top.1 += 1;
                match state[v] {
                    0 => {
                        state[v] = 1;
                        stack.push((v, 0));
                    }
                    1 => {
                        back.insert((u, v));
                    }
                    _ => {}
                }
            } else {
                state[u] = 2;
                stack.pop();
            }
        }
    }
    let mut dag: Vec<(usize, usize)> = edges
        .iter()
        .map(|&(a, b, _)| {
            if back.contains(&(a, b)) {
                (b, a)
            } else {
                (a, b)
            }
        })
        .collect();
    dag.sort_unstable();
    dag.dedup();
    dag
}

/// Longest-path layers over the acyclic edges; `usize::MAX` for nodes without any edge.
fn layers(n: usize, dag: &[(usize, usize)], edges: &[(usize, usize, f64)]) -> Vec<usize> {
    let mut indeg = vec![0usize; n];
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in dag {
        succ[a].push(b);
        indeg[b] += 1;
    }
    let mut layer = vec![0usize; n];
    let mut ready: std::collections::BTreeSet<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    while let Some(u) = ready.pop_first() {
        for &v in &succ[u] {
            layer[v] = layer[v].max(layer[u] + 1);
            indeg[v] -= 1;
            if indeg[v] == 0 {
                ready.insert(v);
            }
        }
    }
    let mut linked = vec![false; n];
    for &(a, b, _) in edges {
        linked[a] = true;
        linked[b] = true;
    }
    for v in 0..n {
        if !linked[v] {
            layer[v] = usize::MAX;
        }
    }
    layer
}

/// Nodes of each layer (the lone nodes last), ordered by barycentre sweeps.
fn order(n: usize, layer: &[usize], edges: &[(usize, usize, f64)]) -> Vec<Vec<usize>> {
    let mut keys: Vec<usize> = layer.to_vec();
    keys.sort_unstable();
    keys.dedup();
    let mut rows: Vec<Vec<usize>> = keys
        .iter()
        .map(|&k| (0..n).filter(|&v| layer[v] == k).collect())
        .collect();
    let row_of: Vec<usize> = (0..n)
        .map(|v| keys.binary_search(&layer[v]).unwrap_or(0))
        .collect();
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b, _) in edges {
        neighbours[a].push(b);
        neighbours[b].push(a);
    }
    let mut pos = vec![0.0f64; n];
    let set_pos = |rows: &Vec<Vec<usize>>, pos: &mut Vec<f64>| {
        for row in rows {
            for (i, &v) in row.iter().enumerate() {
                pos[v] = i as f64 - row.len() as f64 / 2.0;
            }
        }
    };
    set_pos(&rows, &mut pos);
    for sweep in 0..SWEEPS {
        let down = sweep % 2 == 0;
        let indices: Vec<usize> = if down {
            (1..rows.len()).collect()
        } else {
            (0..rows.len().saturating_sub(1)).rev().collect()
        };
        for r in indices {
            let mut scored: Vec<(f64, usize)> = rows[r]
                .iter()
                .map(|&v| {
                    let near: Vec<f64> = neighbours[v]
                        .iter()
                        .filter(|&&u| if down { row_of[u] < r } else { row_of[u] > r })
                        .map(|&u| pos[u])
                        .collect();
                    if near.is_empty() {
                        (pos[v], v)
                    } else {
                        (near.iter().sum::<f64>() / near.len() as f64, v)
                    }
                })
                .collect();
            scored.sort_by(|a, b| a.0.total_cmp(&b.0).then(pos[a.1].total_cmp(&pos[b.1])));
            rows[r] = scored.into_iter().map(|(_, v)| v).collect();
            for (i, &v) in rows[r].iter().enumerate() {
                pos[v] = i as f64 - rows[r].len() as f64 / 2.0;
            }
        }
    }
    rows
}

/// Rows wrapped to `max_width`, each centred: top-left corners, and each line's nodes, top
/// and height.
fn place(
    sizes: &[(f64, f64)],
    rows: Vec<Vec<usize>>,
    max_width: f64,
) -> (Vec<(f64, f64)>, Vec<Line>) {
    let mut lines: Vec<Vec<usize>> = Vec::new();
    for row in rows {
        let mut line: Vec<usize> = Vec::new();
        let mut width = 0.0;
        for v in row {
            let w = sizes[v].0;
            if !line.is_empty() && width + H_GAP + w > max_width {
                lines.push(std::mem::take(&mut line));
                width = 0.0;
            }
            width += if line.is_empty() { w } else { H_GAP + w };
            line.push(v);
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    let line_width = |line: &[usize]| -> f64 {
        line.iter().map(|&v| sizes[v].0).sum::<f64>() + H_GAP * line.len().saturating_sub(1) as f64
    };
    let width = lines.iter().map(|l| line_width(l)).fold(0.0, f64::max);
    let mut pos = vec![(0.0, 0.0); sizes.len()];
    let mut out = Vec::new();
    let mut y = 0.0;
    for line in lines {
        let height = line.iter().map(|&v| sizes[v].1).fold(0.0, f64::max);
        let mut x = (width - line_width(&line)) / 2.0;
        for &v in &line {
            pos[v] = (x, y);
            x += sizes[v].0 + H_GAP;
        }
        out.push((line, y, height));
        y += height + V_GAP;
    }
    (pos, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callers_sit_above_what_they_call_and_cycles_do_not_loop() {
        let sizes = vec![(100.0, 40.0); 4];
        // 0 -> 1 -> 2 -> 0 (a cycle), 3 alone.
        let l = layered(&sizes, &[(0, 1, 5.0), (1, 2, 4.0), (2, 0, 1.0)], 1000.0);
        assert!(l.pos[0].1 < l.pos[1].1 && l.pos[1].1 < l.pos[2].1);
        assert_eq!(l.layer[3], usize::MAX);
        assert!(l.pos[3].1 > l.pos[2].1, "the lone node goes last");
    }

    #[test]
    fn a_wide_layer_wraps_and_nothing_overlaps() {
        let sizes = vec![(200.0, 50.0); 10];
        let edges: Vec<(usize, usize, f64)> = (1..10).map(|v| (0, v, 1.0)).collect();
        let l = layered(&sizes, &edges, 700.0);
        assert!(l.width <= 700.0);
        for a in 0..10 {
            for b in a + 1..10 {
                let (pa, pb) = (l.pos[a], l.pos[b]);
                let apart = pa.0 + 200.0 <= pb.0
                    || pb.0 + 200.0 <= pa.0
                    || pa.1 + 50.0 <= pb.1
                    || pb.1 + 50.0 <= pa.1;
                assert!(apart, "{a} and {b} overlap: {pa:?} {pb:?}");
            }
        }
        assert_eq!(l, layered(&sizes, &edges, 700.0), "deterministic");
    }
}
