//! `analyze` and `graph`: run the pipeline and hand the analysis to a reporter.

use super::ExitStatus;
use super::args::{AnalyzeArgs, AnalyzeFormat, GraphArgs, GraphFormat, GraphLevel};
use super::common::{check_output, output, run_pipeline};
use cargo_seams::report;
use cargo_seams::report::escape::Escaped;
use cargo_seams::report::graph_view::{GraphOptions, Level};
use std::io::Write;

/// `analyze`.
pub fn run_analyze(args: AnalyzeArgs) -> anyhow::Result<ExitStatus> {
    check_output(&args.common)?;
    let analysis = run_pipeline(&args.path, &args.common, args.services)?;
    let mut out = output(&args.common);
    match args.format {
        AnalyzeFormat::Json => report::json::write(&analysis, &mut out)?,
        AnalyzeFormat::Text => {
            // `auto` would ask the boxed writer whether it is a terminal (never): ask stdout.
            let choice = super::color::stdout_choice(args.common.output.is_some());
            let mut colored = anstream::AutoStream::new(&mut out as &mut dyn Write, choice);
            let mut escaped = Escaped::new(&mut colored);
            report::text::write(&analysis, &mut escaped)?;
            escaped.flush()?;
        }
    }
    out.finish()?;
    Ok(ExitStatus::Success)
}

/// `graph`.
pub fn run_graph(args: GraphArgs) -> anyhow::Result<ExitStatus> {
    check_output(&args.common)?;
    let analysis = run_pipeline(&args.path, &args.common, args.services)?;
    let view = GraphOptions {
        level: match args.level {
            GraphLevel::Module => Level::Module,
            GraphLevel::Service => Level::Service,
        },
        data: args.data,
    };
    let mut out = output(&args.common);
    match args.format {
        GraphFormat::Dot => report::dot::write(&analysis, view, &mut out)?,
        GraphFormat::Mermaid => report::mermaid::write(&analysis, view, &mut out)?,
        GraphFormat::Json => report::json::write(&analysis, &mut out)?,
    }
    out.finish()?;
    Ok(ExitStatus::Success)
}
