#!/usr/bin/env bash
# Vendors published crates from the package registry into vendor-crates/ (git-ignored), for
# benchmarks, the module-set check and the quality evaluation. Never commit what it fetches.
# Usage: scripts/vendor-crates.sh [DEST]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="${1:-$here/vendor-crates}"
mkdir -p "$dest/_manifest/src"
cat > "$dest/_manifest/Cargo.toml" <<'TOML'
[package]
name = "seams-corpus"
version = "0.0.0"
edition = "2021"
publish = false

# Big, real, published code: the benchmark corpus and the module-set check.
[dependencies]
tokio = { version = "=1.47.1", features = ["full"] }
regex-automata = "=0.4.10"
syn = { version = "=2.0.106", features = ["full", "visit", "visit-mut", "fold", "extra-traits"] }
diesel = { version = "=2.2.12", features = ["postgres", "sqlite", "mysql"] }
serde_json = "=1.0.143"
clap_builder = "=4.5.47"
rustls = "=0.23.31"
hyper = { version = "=1.7.0", features = ["full"] }

[workspace]
TOML
: > "$dest/_manifest/src/lib.rs"
cd "$dest/_manifest"
cargo vendor --versioned-dirs --quiet "$dest/crates" > /dev/null
echo "vendored $(ls "$dest/crates" | wc -l) crates into $dest/crates"
