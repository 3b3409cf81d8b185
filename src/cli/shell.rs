//! `completions SHELL` (clap_complete) and the hidden `man` (clap_mangen): both generated from
//! the clap definitions, so they never drift from `--help`. Completions are for the
//! `cargo-seams` binary; `cargo seams` completes through cargo's own completion where the
//! shell's cargo completion delegates to `cargo-*` binaries.

use super::ExitStatus;
use super::args::Cli;
use clap::CommandFactory;
use std::io::Write;

/// Writes the completion script for `shell` to stdout.
pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitStatus> {
    let mut command = Cli::command().bin_name("cargo-seams");
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "cargo-seams", &mut out);
    write_stdout(&out)
}

/// Writes the man page (roff) to stdout.
pub fn man() -> anyhow::Result<ExitStatus> {
    let command = Cli::command().name("cargo-seams");
    let mut out = Vec::new();
    clap_mangen::Man::new(command).render(&mut out)?;
    write_stdout(&out)
}

fn write_stdout(bytes: &[u8]) -> anyhow::Result<ExitStatus> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes)?;
    stdout.flush()?;
    Ok(ExitStatus::Success)
}
