//! The weights of edge and data kinds: one type, its defaults written once, set from
//! `[analysis.weights]` and then `--weights`. `graph` weighs references with it, `cluster` the
//! data affinity, `check` the references it judges.

use super::EdgeKind;
use std::collections::BTreeMap;

/// The kinds a weight can be set for, with their defaults: the edge kinds, then the data kinds
/// that are not also edge kinds (`type` names both the edge kind and the data kind and has one
/// weight). One access to shared mutable data couples more than one call, so `static` and
/// `table` weigh more.
pub const DEFAULTS: [(&str, f64); 11] = [
    ("use", 1.0),
    ("type", 1.0),
    ("call", 1.0),
    ("impl", 2.0),
    ("macro", 1.0),
    ("method", 0.5),
    ("field", 1.0),
    ("state", 0.5),
    ("contain", 2.0),
    ("static", 2.0),
    ("table", 4.0),
];

/// The names of [`DEFAULTS`], in the same order: the keys `[analysis.weights]` and
/// `--weights` accept.
pub const KINDS: [&str; 11] = [
    DEFAULTS[0].0,
    DEFAULTS[1].0,
    DEFAULTS[2].0,
    DEFAULTS[3].0,
    DEFAULTS[4].0,
    DEFAULTS[5].0,
    DEFAULTS[6].0,
    DEFAULTS[7].0,
    DEFAULTS[8].0,
    DEFAULTS[9].0,
    DEFAULTS[10].0,
];

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

/// Why a weight cannot be set.
#[derive(Clone, Debug, PartialEq)]
pub enum WeightError {
    /// The kind is none of [`KINDS`].
    UnknownKind(String),
    /// The value is negative, infinite or NaN.
    Invalid(String, f64),
    /// A part of a `--weights` list that is not `kind=number`.
    Syntax(String),
}

impl std::fmt::Display for WeightError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WeightError::UnknownKind(kind) => write!(
                f,
                "unknown weight kind `{kind}`: expected one of {}",
                KINDS.join(", ")
            ),
            WeightError::Invalid(kind, value) => {
                write!(f, "weight of `{kind}` must be a number ≥ 0, not {value}")
            }
            WeightError::Syntax(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for WeightError {}

impl Default for Weights {
    fn default() -> Self {
        let mut weights = Weights {
            edges: BTreeMap::new(),
            data_type: 0.0,
            data_static: 0.0,
            data_table: 0.0,
        };
        for (kind, value) in DEFAULTS {
            weights.store(kind, value);
        }
        weights
    }
}

impl Weights {
    /// Sets the weight of one kind: an edge kind (`use`, `type`, `call`, `impl`, `macro`,
    /// `method`, `field`, `state`, `contain`) or a data kind (`static`, `table`); `type` is both the edge
    /// kind and the data kind, as in `[analysis.weights]`.
    pub fn set(&mut self, kind: &str, value: f64) -> Result<(), WeightError> {
        if !KINDS.contains(&kind) {
            return Err(WeightError::UnknownKind(kind.to_string()));
        }
        if !value.is_finite() || value < 0.0 {
            return Err(WeightError::Invalid(kind.to_string(), value));
        }
        self.store(kind, value);
        Ok(())
    }

    fn store(&mut self, kind: &str, value: f64) {
        match kind {
            "static" => self.data_static = value,
            "table" => self.data_table = value,
            _ => {
                if let Some(edge) = EdgeKind::parse(kind) {
                    self.edges.insert(edge, value);
                    if edge == EdgeKind::Type {
                        self.data_type = value;
                    }
                }
            }
        }
    }

    /// Sets every `kind=value` of a comma-separated list (the `--weights` flag) over the
    /// current weights.
    pub fn apply_list(&mut self, spec: &str) -> Result<(), WeightError> {
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (kind, value) = part
                .split_once('=')
                .ok_or_else(|| WeightError::Syntax(format!("`{part}` is not kind=value")))?;
            let value: f64 = value
                .trim()
                .parse()
                .map_err(|_| WeightError::Syntax(format!("`{}` is not a number", value.trim())))?;
            self.set(kind.trim(), value)?;
        }
        Ok(())
    }

    /// The weight of a kind of [`KINDS`] by name; `None` for another name.
    pub fn get(&self, kind: &str) -> Option<f64> {
        match kind {
            "static" => Some(self.data_static),
            "table" => Some(self.data_table),
            _ => EdgeKind::parse(kind).map(|edge| self.of(edge)),
        }
    }

    /// Weight of one reference of `kind`.
    pub fn of(&self, kind: EdgeKind) -> f64 {
        self.edges.get(&kind).copied().unwrap_or(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_cover_every_kind_once() {
        let w = Weights::default();
        for (kind, value) in DEFAULTS {
            assert_eq!(w.get(kind), Some(value), "{kind}");
        }
        assert_eq!(w.edges.len(), EdgeKind::ALL.len());
        assert_eq!(w.of(EdgeKind::Method), 0.5);
        assert_eq!(w.get("nope"), None);
    }

    #[test]
    fn lists_set_over_the_current_weights() {
        let mut w = Weights::default();
        w.apply_list("use=0.5, table=8,type=3").unwrap();
        assert_eq!(w.of(EdgeKind::Use), 0.5);
        assert_eq!(w.data_table, 8.0);
        assert_eq!((w.of(EdgeKind::Type), w.data_type), (3.0, 3.0));
        assert_eq!(w.of(EdgeKind::Impl), 2.0);
        assert_eq!(
            w.apply_list("tabel=1"),
            Err(WeightError::UnknownKind("tabel".into()))
        );
        assert!(matches!(
            w.apply_list("use=-1"),
            Err(WeightError::Invalid(..))
        ));
        assert!(matches!(w.apply_list("use"), Err(WeightError::Syntax(_))));
    }

    /// The template `init` writes lists the defaults in a comment; it must say what they are.
    #[test]
    fn the_init_template_lists_the_defaults() {
        let listed: Vec<String> = DEFAULTS
            .iter()
            .map(|(kind, value)| format!("{kind} = {value:?}"))
            .collect();
        let line = format!("# weights = {{ {} }}", listed.join(", "));
        assert!(
            include_str!("../check/init/seams.template.toml").contains(&line),
            "{line}"
        );
    }
}
