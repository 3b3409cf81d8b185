//! The cargo features `--features`, `--all-features` and `--no-default-features` enable, read
//! from each package's `[features]` table as cargo unifies them: the requested features (with
//! `default` unless it is turned off), then every feature they enable, transitively. One set
//! for the whole run: a `#[cfg(feature = "x")]` holds when any analysed package enables `x`
//! (cargo unifies features of a package across its dependents the same way).

use super::Workspace;
use std::collections::BTreeSet;

/// What the command line asks for.
#[derive(Clone, Debug, Default)]
pub struct FeatureRequest {
    /// `--features` (comma or space separated lists; `pkg/feat` for one package).
    pub features: Vec<String>,
    /// `--all-features`.
    pub all: bool,
    /// `--no-default-features`.
    pub no_default: bool,
}

impl FeatureRequest {
    /// Whether every feature is on (the default when no feature flag is given).
    pub fn is_all(&self) -> bool {
        self.all || (self.features.is_empty() && !self.no_default)
    }
}

/// The enabled features, or `None` when every feature is on.
pub fn enabled_features(ws: &Workspace, request: &FeatureRequest) -> Option<BTreeSet<String>> {
    if request.is_all() {
        return None;
    }
    let requested: Vec<&str> = request
        .features
        .iter()
        .flat_map(|f| f.split([',', ' ']))
        .filter(|f| !f.is_empty())
        .collect();
    let mut enabled = BTreeSet::new();
    for p in &ws.packages {
        let mut queue: Vec<String> = Vec::new();
        if !request.no_default {
            queue.push("default".to_string());
        }
        for f in &requested {
            match f.split_once('/') {
                Some((pkg, feat)) if pkg == p.name => queue.push(feat.to_string()),
                Some(_) => {}
                None => queue.push((*f).to_string()),
            }
        }
        let mut seen: BTreeSet<String> = BTreeSet::new();
        while let Some(f) = queue.pop() {
            if !seen.insert(f.clone()) {
                continue;
            }
            for item in p.features.get(&f).into_iter().flatten() {
                if let Some(dep) = item.strip_prefix("dep:") {
                    seen.insert(dep.to_string());
                } else if let Some((_, feat)) = item.split_once('/') {
                    // `dep/feat`, `dep?/feat`: a feature of another package, unified.
                    enabled.insert(feat.to_string());
                } else {
                    queue.push(item.clone());
                }
            }
        }
        enabled.extend(seen);
    }
    Some(enabled)
}
