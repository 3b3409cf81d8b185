//! The figures `check` compares with its thresholds, measured over the judged partition
//! without judging them: the heaviest boundary, the most unstable depended-upon service, the
//! number of shared written tables and of service cycles, the modularity, and every dependency
//! between services.
//!
//! `init` calibrates a new `seams.toml` from these, so each figure comes from the same helper
//! its rule uses: a threshold set from a measure can only be broken by a change in the code.

use std::collections::BTreeMap;

use super::input::CheckInput;
use super::partition::{Context, Partition};
use super::{boundary_weight, instability, shared_table};
use crate::config::Config;

/// Figures of one partition, as the rules see them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Measures {
    /// The heaviest boundary. `None` when no service references another.
    pub heaviest_boundary: Option<HeaviestBoundary>,
    /// The most unstable service among those others depend on. `None` when no service is
    /// depended upon.
    pub most_unstable: Option<MostUnstable>,
    /// Tables accessed by several services and written by at least one.
    pub shared_tables: usize,
    /// Their data ids (`table:orders`), sorted.
    pub shared_table_ids: Vec<String>,
    /// Strongly connected components of more than one service in the service graph.
    pub service_cycles: usize,
    /// The services of each such component, sorted.
    pub cycles: Vec<Vec<String>>,
    /// Newman modularity; `None` when there are no references between modules.
    pub modularity: Option<f64>,
    /// Every ordered pair `(from, to)` of services with references from one to the other.
    pub dependencies: BTreeMap<(String, String), ServiceDependency>,
}

/// The heaviest boundary between two services.
#[derive(Clone, Debug, PartialEq)]
pub struct HeaviestBoundary {
    /// The service whose name sorts first.
    pub a: String,
    /// The other service.
    pub b: String,
    /// Weight of the references between them, both directions summed.
    pub weight: f64,
}

/// The most unstable service among those others depend on.
#[derive(Clone, Debug, PartialEq)]
pub struct MostUnstable {
    /// The service.
    pub service: String,
    /// Its instability.
    pub instability: f64,
}

/// The references from one service to another.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ServiceDependency {
    /// How many.
    pub count: usize,
    /// Their summed weight.
    pub weight: f64,
}

/// Measures the partition that `check` would judge for `input` under `config`.
pub fn measure(config: &Config, input: &CheckInput) -> Measures {
    let partition = Partition::new(config, input);
    let ctx = Context::new(config, input, &partition);
    let heaviest_boundary = boundary_weight::boundaries(&ctx)
        .into_iter()
        .map(|((a, b), (ab, ba))| {
            let weight = boundary_weight::weight(&ab) + boundary_weight::weight(&ba);
            HeaviestBoundary {
                a: a.to_string(),
                b: b.to_string(),
                weight,
            }
        })
        .max_by(|x, y| x.weight.total_cmp(&y.weight));
    let most_unstable = instability::judged(&ctx)
        .map(|(service, coupling)| MostUnstable {
            service: service.to_string(),
            instability: coupling.instability,
        })
        .max_by(|x, y| x.instability.total_cmp(&y.instability));
    let dependencies = ctx
        .by_pair()
        .into_iter()
        .map(|((from, to), refs)| {
            let weight = boundary_weight::weight(&refs);
            let dependency = ServiceDependency {
                count: refs.len(),
                weight,
            };
            ((from.to_string(), to.to_string()), dependency)
        })
        .collect();
    let shared = shared_table::shared_tables(&ctx);
    let cycles = ctx.cycles();
    Measures {
        heaviest_boundary,
        most_unstable,
        shared_tables: shared.len(),
        shared_table_ids: shared.iter().map(|(d, _)| d.id.clone()).collect(),
        service_cycles: cycles.len(),
        cycles,
        modularity: ctx.modularity(),
        dependencies,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::input::{ModuleView, RefView};
    use crate::config::parse;
    use crate::model::{EdgeKind, Location};

    fn reference(from: &str, to: &str, weight: f64) -> RefView {
        RefView {
            from_module: from.into(),
            to_module: to.into(),
            to_item: None,
            kind: EdgeKind::Call,
            location: Location::new("src/lib.rs", 1, 1),
            weight,
        }
    }

    #[test]
    fn measures_match_what_the_rules_compare() {
        let config = parse(
            "[[service]]\nname = \"a\"\nmodules = [\"x::a\"]\n\
             [[service]]\nname = \"b\"\nmodules = [\"x::b\"]\n\
             [[service]]\nname = \"c\"\nmodules = [\"x::c\"]\n",
            "seams.toml",
        )
        .unwrap();
        let input = CheckInput {
            modules: ["x::a", "x::b", "x::c"]
                .map(|id| ModuleView {
                    id: id.into(),
                    location: Location::new("src/lib.rs", 1, 0),
                })
                .to_vec(),
            references: vec![
                reference("x::a", "x::b", 2.0),
                reference("x::a", "x::b", 1.0),
                reference("x::b", "x::a", 0.5),
                reference("x::c", "x::b", 1.0),
            ],
            ..CheckInput::default()
        };
        let m = measure(&config, &input);
        assert_eq!(
            m.heaviest_boundary,
            Some(HeaviestBoundary {
                a: "a".into(),
                b: "b".into(),
                weight: 3.5
            })
        );
        // a: afferent 0.5, efferent 3 → 6/7; b: afferent 4, efferent 0.5 → 1/9; c: no afferent.
        let unstable = m.most_unstable.unwrap();
        assert_eq!(unstable.service, "a");
        assert!((unstable.instability - 3.0 / 3.5).abs() < 1e-12);
        assert_eq!(m.service_cycles, 1);
        assert_eq!(m.shared_tables, 0);
        assert_eq!(m.dependencies.len(), 3);
        assert_eq!(
            m.dependencies[&("a".into(), "b".into())],
            ServiceDependency {
                count: 2,
                weight: 3.0
            }
        );
        assert!(m.modularity.is_some());
        assert_eq!(
            measure(&Config::default(), &CheckInput::default()),
            Measures::default()
        );
    }
}

/// The figures `check` measures on the proposal are the figures `analyze` reports for it, so
/// a threshold `init` sets from one holds for the other.
#[cfg(test)]
mod agreement_with_analyze {
    use super::*;
    use crate::check::from_analysis;
    use crate::{AnalyzeOptions, analyze};

    #[test]
    fn check_measures_the_proposal_as_analyze_reports_it() {
        for fixture in ["shop", "diesel-app", "workspace"] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures")
                .join(fixture);
            let analysis = analyze(&AnalyzeOptions {
                path,
                jobs: 1,
                ..AnalyzeOptions::default()
            })
            .expect("a fixture analyses");
            let m = measure(&Config::default(), &from_analysis(&analysis));
            let metrics = &analysis.figures.metrics;
            let q = m.modularity.expect("references between services");
            assert!(
                (q - metrics.modularity).abs() < 1e-9,
                "{fixture}: {q} vs {}",
                metrics.modularity
            );
            assert_eq!(m.service_cycles, metrics.service_cycles, "{fixture}");
            let shared_warnings = analysis
                .figures
                .warnings
                .iter()
                .filter(|w| matches!(w, crate::metrics::figures::Warning::SharedTable { .. }))
                .count();
            assert_eq!(m.shared_tables, shared_warnings, "{fixture}");
            let most_unstable = analysis
                .figures
                .services
                .iter()
                .filter(|f| f.afferent > 0.0)
                .map(|f| f.instability)
                .max_by(f64::total_cmp);
            let measured = m.most_unstable.map(|u| u.instability);
            assert_eq!(measured.is_some(), most_unstable.is_some(), "{fixture}");
            if let (Some(a), Some(b)) = (measured, most_unstable) {
                assert!((a - b).abs() < 1e-9, "{fixture}: {a} vs {b}");
            }
        }
    }
}
