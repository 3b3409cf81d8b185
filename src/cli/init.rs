//! `init`: writes a `seams.toml` that declares the current proposal as the boundaries, allows
//! today's dependencies between them and sets thresholds from today's figures, so that `check`
//! passes on the code as it is; `init --update` refreshes those parts of an existing file and
//! keeps the rest (with `--declared`, from the services it declares, kept as `analyze
//! --declared` keeps them, rather than from a fresh proposal). The text comes from the library (`check::init`); this file only decides
//! where it goes (`--config FILE` or `-o FILE`, else `seams.toml` at the root), refuses to
//! overwrite a file without `--force` or `--update` (checked before the analysis and again at
//! the atomic write, see `output_file`), and prints what the thresholds accept on stderr.

use super::ExitStatus;
use super::args::InitArgs;
use super::common::{
    declared_patterns, default_config_path, pipeline_options, run_analysis, warn_unmatched,
};
use anyhow::{Context, bail};
use cargo_seams::check::init::{InitOptions, starter_config, update::update};
use cargo_seams::check::input::leaves_code_unread;
use cargo_seams::config;
use cargo_seams::output_file::{self, OutputKind};

/// `init`.
pub fn run(args: InitArgs) -> anyhow::Result<ExitStatus> {
    let common = &args.common;
    let file = match (&common.output, &common.config) {
        (Some(output), Some(config)) if output != config => bail!(
            "`init` writes one file: -o {} and --config {} name two",
            output.display(),
            config.display()
        ),
        (Some(file), _) | (None, Some(file)) => file.clone(),
        (None, None) => default_config_path(&args.path),
    };
    // With --update, the existing file is read (and must be a valid config, so that its
    // service names carry over); else it must not exist, or --force.
    let previous = if args.update {
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("--update: cannot read {}", file.display()))?;
        let loaded = config::load(&file)?;
        Some((text, loaded))
    } else {
        // Checked now so that a wrong path fails fast, and again when the file is written.
        output_file::check(&file, OutputKind::Config, common.force)?;
        None
    };
    // The analysis reads no config but the one being updated (its [analysis]), and the
    // command line.
    let mut opts = pipeline_options(
        &args.path,
        common,
        args.services,
        previous.as_ref().map(|(_, loaded)| loaded),
    )?;
    // `--update --declared`: the declared services are kept, the rest placed around them.
    if let (true, Some((_, loaded))) = (args.declared, &previous) {
        opts.declared = declared_patterns(loaded, &file)?;
    }
    let analysis = run_analysis(&opts, common)?;
    if let (true, Some((_, loaded))) = (args.declared, &previous) {
        warn_unmatched(loaded, &analysis, common);
    }
    let options = InitOptions {
        include_tests: opts.include_tests,
        exclude: opts.exclude.clone(),
    };
    let starter = starter_config(&analysis, &options, previous.as_ref().map(|(_, c)| c))?;
    let text = match &previous {
        Some((text, _)) => {
            let name = file.to_string_lossy();
            let updated = update(text, &name, &starter)?;
            // The result must load, as `init`'s own text does.
            config::parse(&updated, &name).map_err(config::ConfigError::from)?;
            updated
        }
        None => starter.text.clone(),
    };
    // `--update` replaces the file it read, which is a config by construction.
    output_file::write(
        &file,
        text.as_bytes(),
        OutputKind::Config,
        common.force || args.update,
    )?;
    let unread = analysis
        .program
        .diagnostics
        .iter()
        .filter(|d| leaves_code_unread(d.code))
        .count();
    if unread > 0 {
        // Not a threshold init can set: `check` fails on these until they are fixed.
        super::stderr::warn(format_args!(
            "{unread} file(s) could not be read or parsed (see above): `cargo seams check` fails on them (rule unparsed-file) until they are fixed, excluded, or tolerated with [rules] unparsed-file = \"warn\""
        ));
    }
    if !common.quiet {
        for warning in &starter.warnings {
            super::stderr::warn(format_args!("{warning}"));
        }
        super::stderr::say!(
            "{} {}: {} service(s), {} allowed dependenc{}{}",
            if args.update { "updated" } else { "wrote" },
            file.display(),
            starter.services,
            starter.allows,
            if starter.allows == 1 { "y" } else { "ies" },
            if unread == 0 {
                "; `cargo seams check` passes on this code"
            } else {
                ""
            }
        );
    }
    Ok(ExitStatus::Success)
}
