//! `init`: writes a `seams.toml` that declares the current proposal as the boundaries, allows
//! today's dependencies between them and sets thresholds from today's figures, so that `check`
//! passes on the code as it is. The text comes from the library (`check::init`); this file
//! only decides where it goes and refuses to overwrite a file without `--force` (checked before
//! the analysis and again at the atomic write, see `output_file`).

use super::ExitStatus;
use super::args::InitArgs;
use super::common::{analyze_options, apply_cli_weights, default_config_path, run_analysis};
use anyhow::bail;
use cargo_seams::check::init::{InitOptions, starter_config};
use cargo_seams::output_file::{self, OutputKind};

/// `init`.
pub fn run(args: InitArgs) -> anyhow::Result<ExitStatus> {
    let common = &args.common;
    if let Some(output) = &common.output {
        bail!(
            "`init` writes the config file itself; choose where with --config {}, not -o",
            output.display()
        );
    }
    let file = common
        .config
        .clone()
        .unwrap_or_else(|| default_config_path(&args.path));
    // Checked now so that a wrong path fails fast, and again when the file is written.
    output_file::check(&file, OutputKind::Config, common.force)?;
    // The config is what `init` writes: the analysis reads none (it may be about to be
    // overwritten), only the command line.
    let mut opts = analyze_options(&args.path, common, args.services)?;
    apply_cli_weights(&mut opts, common)?;
    let analysis = run_analysis(&opts, common)?;
    let options = InitOptions {
        include_tests: common.include_tests,
        exclude: common.exclude.clone(),
    };
    let starter = starter_config(&analysis, &options)?;
    output_file::write(
        &file,
        starter.text.as_bytes(),
        OutputKind::Config,
        common.force,
    )?;
    if !common.quiet {
        super::stderr::say!(
            "wrote {}: {} service(s), {} allowed dependenc{}; `cargo seams check` passes on this code",
            file.display(),
            starter.services,
            starter.allows,
            if starter.allows == 1 { "y" } else { "ies" }
        );
    }
    Ok(ExitStatus::Success)
}
