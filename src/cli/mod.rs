//! The command line: clap definitions, one file per subcommand, and the mapping of outcomes
//! to exit codes (0 success, 1 `check` found violations, 2 usage or input error). Only this
//! module knows clap, stdout/stderr conventions and exit codes.

mod args;
mod check;
mod color;
mod common;
mod diagnostics;
mod explain;
mod graph;
mod init;
mod shell;
mod stderr;

use args::{Cli, Command};
use clap::Parser;
use std::process::ExitCode;

/// What a subcommand ends with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Exit 0.
    Success,
    /// Exit 1: `check` found violations.
    Violations,
    /// Exit 2: usage or input error.
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(s: ExitStatus) -> ExitCode {
        match s {
            ExitStatus::Success => ExitCode::SUCCESS,
            ExitStatus::Violations => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
        }
    }
}

/// Drops the `seams` argument that cargo inserts when run as `cargo seams …`.
fn cargo_args() -> Vec<std::ffi::OsString> {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == "seams") {
        args.remove(1);
    }
    args
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let mut cli = match Cli::try_parse_from(cargo_args()) {
        Ok(cli) => cli,
        Err(e) => {
            // clap writes help and version to stdout and errors to stderr; a closed stream
            // loses the text, never panics.
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(2),
            };
        }
    };
    // `-o -` is standard output, as for most command-line tools; `init` writes a file.
    let init = matches!(cli.command, Command::Init(_));
    if let Some(common) = cli.command.common_mut()
        && common.output.as_deref() == Some(std::path::Path::new("-"))
    {
        if init {
            stderr::error(format_args!(
                "`init` writes a config file: give -o a path, not `-`"
            ));
            return ExitCode::from(2);
        }
        common.output = None;
    }
    if let Some(common) = cli.command.common() {
        color::init(common.color);
    }
    let result = match cli.command {
        Command::Completions(a) => shell::completions(a.shell),
        Command::Man => shell::man(),
        Command::Analyze(a) => graph::run_analyze(a),
        Command::Graph(a) => graph::run_graph(a),
        Command::Explain(a) => explain::run(a),
        Command::Check(a) => check::run(a),
        Command::Init(a) => init::run(a),
    };
    match result {
        Ok(status) => status.into(),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            // Config problems are printed one by one, each with its source line.
            let config = e
                .chain()
                .find_map(|c| c.downcast_ref::<cargo_seams::config::ConfigError>());
            match config {
                Some(config) => diagnostics::config_error(config),
                None => stderr::error(format_args!("{e:#}")),
            }
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
