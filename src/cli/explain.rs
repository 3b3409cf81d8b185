//! `explain [PATH] A [B]`: every reference from A (to B) with file:line:column and kind.

use super::ExitStatus;
use super::args::{ExplainArgs, ExplainFormat};
use super::common::{output, run_proposal};
use cargo_seams::explain::explain;
use cargo_seams::report::explain::{write_json, write_text};
use std::path::{Path, PathBuf};

/// Splits `[PATH] A [B]`: with two words, the first is a path when it holds a Cargo.toml.
fn split_args(args: &[String]) -> (PathBuf, String, Option<String>) {
    match args {
        [a] => (PathBuf::from("."), a.clone(), None),
        [p, a] if Path::new(p).join("Cargo.toml").is_file() || Path::new(p).is_file() => {
            (PathBuf::from(p), a.clone(), None)
        }
        [a, b] => (PathBuf::from("."), a.clone(), Some(b.clone())),
        [p, a, b, ..] => (PathBuf::from(p), a.clone(), Some(b.clone())),
        [] => (PathBuf::from("."), String::new(), None),
    }
}

/// `explain`.
pub fn run(args: ExplainArgs) -> anyhow::Result<ExitStatus> {
    let (path, a, b) = split_args(&args.args);
    let analysis = run_proposal(&path, &args.common, args.services, args.declared)?;
    let explanation = explain(&analysis, &a, b.as_deref())
        .map_err(|e| anyhow::anyhow!("{e} in {}", path.display()))?;
    let mut out = output(&args.common);
    match args.format {
        ExplainFormat::Json => write_json(&explanation, &mut out)?,
        ExplainFormat::Text => write_text(&explanation, &mut out)?,
    }
    out.finish()?;
    Ok(ExitStatus::Success)
}
