#!/usr/bin/env bash
# Vendors a probe set of published applications that are in no benchmark (docs/QUALITY.md,
# "A probe of applications nobody labelled"): real code nobody tuned the tool on, read only to
# see that the analysis goes through (no panic, no failure, sane proposals, time) and what a
# user would be shown. Each package lands in DEST/<name>-<version>/ as published. DEST defaults
# to vendor-crates/probe (git-ignored): never commit what this fetches. Nothing fetched is
# built or run.
#
# Usage: scripts/vendor-probe.sh [DEST]
# Then:  for d in vendor-crates/probe/*/; do target/release/cargo-seams analyze "$d" -q | head -n 1; done
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="${1:-$here/vendor-crates/probe}"
mkdir -p "$dest"
cache="${CARGO_HOME:-$HOME/.cargo}/registry/cache"

# Command-line tools, terminal UIs, build tools and servers, at exact versions.
probe=(
  cargo-deb@3.8.0 cargo-edit@0.13.13 cargo-outdated@0.19.0 cargo-udeps@0.1.61
  conduit@0.10.0 dua-cli@2.32.2 fd-find@10.5.0 git-absorb@0.9.0 gitoxide@0.61.0
  gping@1.21.0 grex@1.4.6 hyperfine@1.20.0 jless@0.9.0 kondo@0.9.0 lsd@1.2.0
  mdcat@2.19.0 ripgrep@15.2.0 sd@1.0.0 shuttle-runtime@0.57.0 skim@5.9.0
  spotifyd@0.4.2 tealdeer@1.9.1 trunk@0.22.0-beta.1 typos-cli@1.52.0 wasm-pack@0.15.1
  windmill-api@1.856.0
)

for spec in "${probe[@]}"; do
  name="${spec%%@*}" version="${spec#*@}"
  file="$(ls "$cache"/*/"$name-$version.crate" 2>/dev/null | head -n 1 || true)"
  if [ -z "$file" ]; then
    # `cargo info` downloads the package to read its manifest and resolves nothing else.
    cargo info --quiet "$name@$version" >/dev/null
    file="$(ls "$cache"/*/"$name-$version.crate" 2>/dev/null | head -n 1 || true)"
  fi
  [ -n "$file" ] || { echo "vendor-probe: $spec not found in the registry" >&2; exit 1; }
  rm -rf "${dest:?}/$name-$version"
  tar -xzf "$file" -C "$dest"
done
echo "vendored ${#probe[@]} packages into $dest"
