//! `analyze` and `graph`: run the pipeline and hand the analysis to a reporter.

use super::ExitStatus;
use super::args::{AnalyzeArgs, AnalyzeFormat, GraphArgs, GraphFormat, GraphLevel};
use super::common::{check_output, output, run_proposal};
use cargo_seams::report;
use cargo_seams::report::escape::Escaped;
use cargo_seams::report::graph_view::{GraphOptions, Level};
use std::io::Write;

/// `analyze`.
pub fn run_analyze(args: AnalyzeArgs) -> anyhow::Result<ExitStatus> {
    check_output(&args.common)?;
    let analysis = run_proposal(&args.path, &args.common, args.services, args.declared)?;
    let mut out = output(&args.common);
    match args.format {
        AnalyzeFormat::Json => report::json::write(&analysis, &mut out)?,
        AnalyzeFormat::Html => report::html::write(&analysis, &mut out)?,
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
    let level = match args.level {
        GraphLevel::Module => Level::Module,
        GraphLevel::Service => Level::Service,
    };
    if args.collapse.is_some() && level == Level::Service {
        anyhow::bail!("--collapse folds modules; it needs --level module");
    }
    if args.format == GraphFormat::Svg
        && (args.focus.is_some() || args.collapse.is_some() || args.min_weight.is_some())
    {
        anyhow::bail!(
            "--format svg draws the whole service map; --focus, --collapse and --min-weight apply to dot, mermaid and json"
        );
    }
    let analysis = run_proposal(&args.path, &args.common, args.services, args.declared)?;
    let opts = GraphOptions {
        level,
        data: args.data,
        focus: args.focus.clone(),
        depth: args.depth,
        collapse: args.collapse,
        min_weight: args.min_weight.unwrap_or(0.0),
    };
    let mut out = output(&args.common);
    match args.format {
        GraphFormat::Dot => {
            let view = report::graph_view::build(&analysis, &opts)?;
            report::dot::write(&view, &mut out)?;
        }
        GraphFormat::Mermaid => {
            let (view, fold) =
                report::graph_fold::fit(&analysis, &opts, report::mermaid::MAX_EDGES)?;
            report::mermaid::write(&view, fold.as_deref(), &mut out)?;
        }
        GraphFormat::Json => {
            let view = report::graph_view::build(&analysis, &opts)?;
            report::graph_json::write(&view, &opts, &mut out)?;
        }
        GraphFormat::Svg => report::svg::write(&analysis, report::svg::Mode::Standalone, &mut out)?,
    }
    out.finish()?;
    Ok(ExitStatus::Success)
}
