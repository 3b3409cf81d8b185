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
