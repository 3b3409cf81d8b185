//! `check`: the CI gate. Loads the config (or takes the defaults when there is none), runs the
//! pipeline with its `[analysis]`, judges the declared services (or else the proposed ones),
//! refuses declared patterns that match no module, applies or writes a baseline, renders the
//! report and maps the outcome to an exit status: 0 clean, 1 an error-level violation (a
//! warning under `--strict`, a stale baseline entry under `--strict-baseline`), 2 a usage,
//! config or input error. A failing run says why on stderr in every format.

use super::ExitStatus;
use super::args::{CheckArgs, CheckFormat};
use super::common::{
    check_output, config_dir, default_config_path, load_config, output, pipeline_options,
    run_analysis,
};
use anstream::AutoStream;
use cargo_seams::check::baseline::{apply_baseline, load_baseline, write_baseline};
use cargo_seams::check::render::{Format, Summary, render, text};
use cargo_seams::check::{BaselineOutcome, from_analysis, run_checks, unmatched_patterns};
use cargo_seams::config::{Config, ConfigError, ConfigErrors};
use cargo_seams::model::Location;
use cargo_seams::output_file::{self, OutputKind};
use cargo_seams::report::escape::Escaped;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `check`.
pub fn run(args: CheckArgs) -> anyhow::Result<ExitStatus> {
    let common = &args.common;
    let config_at = config_dir(&args.path, common);
    let (config, config_file) = match load_config(&config_at, common.config.as_deref()) {
        Ok(Some((config, file))) => (config, Some(file)),
        Ok(None) => {
            if !common.quiet {
                super::stderr::note(format_args!(
                    "no {} found; judging the proposed services with default thresholds (`cargo seams init` writes one)",
                    default_config_path(&config_at).display()
                ));
            }
            (Config::default(), None)
        }
        Err(e) => {
            // Every problem, each as `error: FILE:LINE:COL: message` with its source line.
            super::diagnostics::config_error(&e);
            return Ok(ExitStatus::Error);
        }
    };
    // Read the baseline and check where files go before the analysis, so that a wrong path
    // fails fast.
    let baseline = args.baseline.as_deref().map(load_baseline).transpose()?;
    check_output(common)?;
    if let Some(path) = &args.write_baseline {
        output_file::check(path, OutputKind::Baseline, common.force)?;
    }

    let mut opts = pipeline_options(&args.path, common, args.services, Some(&config))?;
    // The gate judges the services; how settled each placement is, it never reads.
    opts.no_reruns = true;
    let analysis = run_analysis(&opts, common)?;
    let mut input = from_analysis(&analysis);
    // Paths in the report are relative to the current directory when the root is inside it
    // (`check services/api` names `services/api/src/…`, as GitHub and SARIF need in a
    // monorepo), else relative to the root.
    // Where report paths are relative to, to read source lines for the text report.
    let mut base = analysis.program.root.clone();
    let config = match relative_dir(&analysis.program.root) {
        Some(prefix) => {
            base = PathBuf::from(".");
            input.rebase(&prefix);
            match &config_file {
                Some(file) => with_config_name(config, display_path(file)),
                None => config,
            }
        }
        None => match &config_file {
            Some(file) => relative_to_root(config, file, &analysis.program.root),
            None => config,
        },
    };
    // A declared pattern that matches no module is a mistake in the config, like a typo in a
    // key: exit 2 with its position, before judging anything.
    let unmatched = unmatched_patterns(&config, &input);
    if !unmatched.is_empty() {
        super::diagnostics::config_error(&ConfigError::Invalid(ConfigErrors::new(unmatched)));
        return Ok(ExitStatus::Error);
    }
    let violations = run_checks(&config, &input);

    if let Some(path) = &args.write_baseline {
        write_baseline(path, &violations, common.force)?;
        if !common.quiet {
            let keys: usize = violations.iter().map(|v| v.baseline_keys().len()).sum();
            super::stderr::say!(
                "wrote {}: {keys} key(s) for {} violation(s); check against it with --baseline",
                path.display(),
                violations.len()
            );
        }
        return Ok(ExitStatus::Success);
    }

    let mut outcome = match &baseline {
        Some(baseline) => apply_baseline(violations, baseline),
        None => BaselineOutcome::without_baseline(violations),
    };
    outcome.stale_fails = args.strict_baseline;
    outcome.strict = args.strict;
    let mut out = output(common);
    if args.format == CheckFormat::Text {
        let choice = super::color::stdout_choice(common.output.is_some());
        let mut text = Escaped::new(AutoStream::new(&mut out as &mut dyn Write, choice));
        let source_line = |at: &Location| {
            super::diagnostics::line_of(&base.join(&at.file), at.line)
                .or_else(|| super::diagnostics::line_of(Path::new(&at.file), at.line))
        };
        text::render_with_sources(
            &outcome.new,
            &Summary::of(&outcome),
            &mut text,
            &source_line,
        )?;
        text.flush()?;
    } else {
        render(format(args.format), &outcome, &mut out)?;
    }
    out.finish()?;
    let summary = Summary::of(&outcome);
    // A failing exit always says why on stderr, even with -q, unless the text report that
    // ends with the same line went to the terminal.
    if summary.fails() && (args.format != CheckFormat::Text || common.output.is_some()) {
        super::stderr::error(format_args!("{}", summary.verdict()));
    }
    Ok(if summary.fails() {
        ExitStatus::Violations
    } else {
        ExitStatus::Success
    })
}

fn format(format: CheckFormat) -> Format {
    match format {
        CheckFormat::Text => Format::Text,
        CheckFormat::Json => Format::Json,
        CheckFormat::Sarif => Format::Sarif,
        CheckFormat::Github => Format::Github,
    }
}

/// The root relative to the current directory, `/`-separated (empty when they are the same),
/// or `None` when the root is not inside the current directory.
fn relative_dir(root: &Path) -> Option<String> {
    let cwd = std::env::current_dir().ok()?.canonicalize().ok()?;
    let root = root.canonicalize().ok()?;
    let relative = root.strip_prefix(&cwd).ok()?;
    Some(relative.to_string_lossy().replace('\\', "/"))
}

/// A file as the report names it: relative to the current directory when it is inside it,
/// else as given.
fn display_path(file: &Path) -> String {
    let relative = file
        .canonicalize()
        .ok()
        .zip(
            std::env::current_dir()
                .ok()
                .and_then(|d| d.canonicalize().ok()),
        )
        .and_then(|(file, cwd)| Some(file.strip_prefix(cwd).ok()?.to_path_buf()));
    let shown = relative.unwrap_or_else(|| file.to_path_buf());
    shown
        .to_string_lossy()
        .replace('\\', "/")
        .trim_start_matches("./")
        .to_string()
}

/// Points the config's own locations (thresholds, services, patterns, allows) at `name`.
fn with_config_name(mut config: Config, name: String) -> Config {
    for location in config.key_locations.values_mut() {
        location.file.clone_from(&name);
    }
    for location in config.allow_locations.values_mut() {
        location.file.clone_from(&name);
    }
    for service in &mut config.services {
        service.location.file.clone_from(&name);
        for at in &mut service.pattern_locations {
            at.file.clone_from(&name);
        }
    }
    config.file = name;
    config
}

/// Points the config's own locations (a threshold's line, which a violation without code
/// references points at) at the file relative to the analysed root, like every location in a
/// report. A config outside the root keeps the path as given.
fn relative_to_root(config: Config, file: &Path, root: &Path) -> Config {
    let relative = file
        .canonicalize()
        .ok()
        .zip(root.canonicalize().ok())
        .and_then(|(file, root)| {
            let relative = file.strip_prefix(root).ok()?;
            Some(relative.to_string_lossy().replace('\\', "/"))
        });
    match relative {
        Some(name) => with_config_name(config, name),
        None => config,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cargo_seams::config;

    #[test]
    fn a_missing_default_config_is_no_config_but_a_missing_explicit_one_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(load_config(dir.path(), None), Ok(None)));
        let named = dir.path().join("other.toml");
        assert!(matches!(
            load_config(dir.path(), Some(&named)),
            Err(ConfigError::Read { .. })
        ));
    }

    #[test]
    fn config_locations_become_relative_to_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("ci").join("seams.toml");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, "[thresholds]\nmin_modularity = 0.3\n").unwrap();
        let config = config::load(&file).unwrap();
        let config = relative_to_root(config, &file, dir.path());
        let at = config.key_location("thresholds.min_modularity").unwrap();
        assert_eq!((at.file.as_str(), at.line), ("ci/seams.toml", 2));
    }
}
