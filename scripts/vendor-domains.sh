#!/usr/bin/env bash
# Vendors the applications of the domain benchmark (eval/domains/*.txt, docs/QUALITY.md) from the
# package registry. Each reference file names its crates in its header
# (`# crates: name@version, ...`, continued on `#   name@version, ...` lines); every application
# becomes a synthetic workspace DEST/<app>/Cargo.toml whose members are the vendored crate
# directories DEST/<app>/<crate>-<version>/, with `[patch.crates-io]` entries so the crates
# resolve to each other. DEST defaults to vendor-crates/domains (git-ignored): never commit what
# this fetches. Nothing fetched is built or run.
#
# Usage: scripts/vendor-domains.sh [DEST] [APP...]   (APP = reference file name without .txt)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="${1:-$here/vendor-crates/domains}"
shift || true
refs="$here/eval/domains"

# crates_of FILE: the `name@version` words of the header's crate list, one per line.
crates_of() {
  awk '
    /^# crates:/ { on = 1; sub(/^# crates:/, ""); print; next }
    on && /^#[ \t]+[A-Za-z0-9_-]+@[0-9]/ { sub(/^#/, ""); print; next }
    { on = 0 }
  ' "$1" | tr ',' '\n' | tr -d ' \t' | grep '@' || true
}

apps=("$@")
if [ ${#apps[@]} -eq 0 ]; then
  for f in "$refs"/*.txt; do apps+=("$(basename "$f" .txt)"); done
fi

mkdir -p "$dest"
cache="${CARGO_HOME:-$HOME/.cargo}/registry/cache"

# fetch NAME VERSION: the published .crate in cargo's cache. `cargo info` downloads the package
# to read its manifest and resolves no dependencies, so an application whose dependency tree no
# longer resolves (a yanked dependency) can still be read.
fetch() {
  local file
  file="$(ls "$cache"/*/"$1-$2.crate" 2>/dev/null | head -n 1 || true)"
  if [ -z "$file" ]; then
    cargo info --quiet "$1@$2" >/dev/null
    file="$(ls "$cache"/*/"$1-$2.crate" 2>/dev/null | head -n 1 || true)"
  fi
  [ -n "$file" ] || { echo "vendor-domains: $1@$2 not found in the registry" >&2; return 1; }
  printf '%s\n' "$file"
}

for app in "${apps[@]}"; do
  root="$dest/$app"
  rm -rf "$root"
  mkdir -p "$root"
  members=()
  patches=()
  while read -r spec; do
    name="${spec%%@*}" version="${spec#*@}"
    tar -xzf "$(fetch "$name" "$version")" -C "$root"
    members+=("\"$name-$version\"")
    patches+=("$name = { path = \"$name-$version\" }")
  done < <(crates_of "$refs/$app.txt")
  {
    printf '# Synthetic workspace written by scripts/vendor-domains.sh: the published crates of one\n'
    printf '# application, analysed together as one monolith. Not buildable on its own.\n'
    printf '[workspace]\nresolver = "2"\nmembers = [%s]\n\n[patch.crates-io]\n' "$(IFS=,; echo "${members[*]}")"
    printf '%s\n' "${patches[@]}"
  } >"$root/Cargo.toml"
  echo "$app: ${#members[@]} crates"
done
