//! Placeholder until the data-facts work lands.
use crate::model::DataFact;
use std::path::Path;
/// Context.
pub struct DataCtx<'a> {
    /// Crate dir.
    pub crate_dir: &'a Path,
    /// Root.
    pub root: &'a Path,
    /// File.
    pub file: &'a str,
}
/// Facts.
pub fn module_data_facts(_items: &[syn::Item], _ctx: &DataCtx<'_>) -> Vec<DataFact> {
    Vec::new()
}
