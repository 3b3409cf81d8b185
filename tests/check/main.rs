//! End-to-end tests of `check` and `init`: each runs the built binary on a copy of a fixture in
//! a fresh temp dir, edits code or config to build the case, and asserts on the exit code and
//! the report.
//!
//! Where things go: `support` has the temp-dir project and command helpers; `init` the written
//! config and its round trip through `check`; `rules` one case per rule and threshold; `baseline`
//! the baseline workflow; `formats` the report formats and colour; `config` broken configs and
//! the no-config default.

#[path = "../common/copy.rs"]
mod copy;

mod baseline;
mod config;
mod formats;
mod gate;
mod init;
mod rules;
mod sarif;
mod support;
mod writes;
