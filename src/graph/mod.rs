//! Stage `graph`: the module dependency graph. Aggregates the resolved references into one
//! weighted edge per ordered module pair, counting each edge kind.
//!
//! Takes the [`Program`] and the edge weights; returns a [`ModuleGraph`], whose edges are
//! keyed by module indices. The stages after it build the index graphs their algorithms need
//! (Leiden's CSR adjacency in `cluster`, petgraph for strongly connected sets in `metrics`).

pub use crate::model::Weights;
use crate::model::{EdgeKind, ModuleIdx, Program};
use std::collections::BTreeMap;

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
    /// Dependencies sorted by (from, to).
    pub dependencies: Vec<Dependency>,
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
    ModuleGraph {
        dependencies: agg.into_values().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Access, Location, Module, Reference};

    fn reference(from: ModuleIdx, to: ModuleIdx, kind: EdgeKind) -> Reference {
        Reference {
            from,
            to,
            item: None,
            kind,
            access: Access::Read,
            location: Location::new("src/lib.rs", 1, 1),
        }
    }

    #[test]
    fn references_aggregate_into_one_weighted_edge_per_ordered_pair() {
        let program = Program {
            modules: vec![Module::default(); 3],
            references: vec![
                reference(1, 2, EdgeKind::Impl),
                reference(0, 1, EdgeKind::Use),
                reference(0, 1, EdgeKind::Call),
                reference(0, 1, EdgeKind::Method),
                reference(0, 1, EdgeKind::Call),
                reference(2, 0, EdgeKind::Type),
            ],
            ..Program::default()
        };
        let mut weights = Weights::default();
        weights.set("use", 3.0).expect("a kind");
        let g = build(&program, &weights);
        let pairs: Vec<(ModuleIdx, ModuleIdx, f64, u32)> = g
            .dependencies
            .iter()
            .map(|d| (d.from, d.to, d.weight, d.count))
            .collect();
        // 0 → 1: use 3 + call 1 + call 1 + method 0.5; 1 → 2: impl 2; 2 → 0: type 1.
        assert_eq!(pairs, vec![(0, 1, 5.5, 4), (1, 2, 2.0, 1), (2, 0, 1.0, 1)]);
        assert_eq!(
            g.dependencies[0].kinds,
            BTreeMap::from([
                (EdgeKind::Use, 1),
                (EdgeKind::Call, 2),
                (EdgeKind::Method, 1)
            ])
        );
        assert_eq!(g.dependencies.len(), 3);
        assert!(build(&Program::default(), &weights).dependencies.is_empty());
    }
}
