//! Stage `graph`: the module dependency graph in petgraph. Aggregates the resolved
//! references into one weighted edge per ordered module pair, counting each edge kind.
//!
//! Takes the [`Program`] and the edge weights; returns a [`ModuleGraph`]. `NodeIndex` values
//! never leave this stage and `cluster`: everything else speaks module indices.

use crate::model::{EdgeKind, ModuleIdx, Program};
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::BTreeMap;

/// Weight of one reference of each edge kind, and of shared data for clustering.
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    /// Per edge kind.
    pub edges: BTreeMap<EdgeKind, f64>,
    /// Affinity between two modules that touch the same type.
    pub data_type: f64,
    /// Affinity between two modules that touch the same static.
    pub data_static: f64,
    /// Affinity between two modules that touch the same table.
    pub data_table: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            edges: EdgeKind::ALL
                .iter()
                .map(|k| (*k, k.default_weight()))
                .collect(),
            data_type: 1.0,
            data_static: 2.0,
            data_table: 4.0,
        }
    }
}

impl Weights {
    /// Sets the weight of one kind: an edge kind (`use`, `type`, `call`, `impl`, `macro`,
    /// `method`) or a data kind (`static`, `table`); `type` is both the edge kind and the data
    /// kind, as in `[analysis.weights]`.
    pub fn set(&mut self, kind: &str, value: f64) -> Result<(), String> {
        if !value.is_finite() || value < 0.0 {
            return Err(format!(
                "weight of `{kind}` must be a number ≥ 0, not {value}"
            ));
        }
        match kind {
            "static" => self.data_static = value,
            "table" => self.data_table = value,
            _ => {
                let edge = EdgeKind::parse(kind).ok_or_else(|| {
                    format!("unknown weight kind `{kind}`: expected one of use, type, call, impl, macro, method, static, table")
                })?;
                self.edges.insert(edge, value);
                if edge == EdgeKind::Type {
                    self.data_type = value;
                }
            }
        }
        Ok(())
    }

    /// Parses `kind=value,kind=value` (the `--weights` flag) over the defaults.
    pub fn parse_list(spec: &str) -> Result<Weights, String> {
        let mut weights = Weights::default();
        weights.apply_list(spec)?;
        Ok(weights)
    }

    /// Sets every `kind=value` of a comma-separated list over the current weights.
    pub fn apply_list(&mut self, spec: &str) -> Result<(), String> {
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (kind, value) = part
                .split_once('=')
                .ok_or_else(|| format!("`{part}` is not kind=value"))?;
            let value: f64 = value
                .trim()
                .parse()
                .map_err(|_| format!("`{}` is not a number", value.trim()))?;
            self.set(kind.trim(), value)?;
        }
        Ok(())
    }

    /// Weight of one reference of `kind`.
    pub fn of(&self, kind: EdgeKind) -> f64 {
        self.edges
            .get(&kind)
            .copied()
            .unwrap_or_else(|| kind.default_weight())
    }
}

/// One aggregated dependency between two modules.
#[derive(Clone, Debug, PartialEq)]
pub struct Dependency {
    /// Depending module.
    pub from: ModuleIdx,
    /// Module depended on.
    pub to: ModuleIdx,
    /// Sum of the weights of the references.
    pub weight: f64,
    /// Number of references.
    pub count: u32,
    /// References per kind.
    pub kinds: BTreeMap<EdgeKind, u32>,
}

/// The module dependency graph.
#[derive(Clone, Debug, Default)]
pub struct ModuleGraph {
    /// Nodes are module indices; edge weights index into `dependencies`.
    pub graph: DiGraph<ModuleIdx, usize>,
    /// Dependencies sorted by (from, to).
    pub dependencies: Vec<Dependency>,
}

impl ModuleGraph {
    /// The node of a module (node indices equal module indices by construction).
    pub fn node(&self, m: ModuleIdx) -> NodeIndex {
        NodeIndex::new(m)
    }
}

/// Builds the module graph.
pub fn build(program: &Program, weights: &Weights) -> ModuleGraph {
    let mut agg: BTreeMap<(ModuleIdx, ModuleIdx), Dependency> = BTreeMap::new();
    for r in &program.references {
        let dep = agg.entry((r.from, r.to)).or_insert_with(|| Dependency {
            from: r.from,
            to: r.to,
            weight: 0.0,
            count: 0,
            kinds: BTreeMap::new(),
        });
        dep.weight += weights.of(r.kind);
        dep.count += 1;
        *dep.kinds.entry(r.kind).or_default() += 1;
    }
    let dependencies: Vec<Dependency> = agg.into_values().collect();
    let mut graph = DiGraph::with_capacity(program.modules.len(), dependencies.len());
    for m in 0..program.modules.len() {
        graph.add_node(m);
    }
    for (i, d) in dependencies.iter().enumerate() {
        graph.add_edge(NodeIndex::new(d.from), NodeIndex::new(d.to), i);
    }
    ModuleGraph {
        graph,
        dependencies,
    }
}
