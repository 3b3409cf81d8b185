#!/usr/bin/env bash
# Vendors the quality-evaluation corpus (docs/QUALITY.md) from the package registry: several
# multi-crate projects whose crates are all published, at exact versions. Each project becomes
# a synthetic workspace `SET/<project>/Cargo.toml` whose members are the vendored crate
# directories `SET/<project>/<crate>-<version>/`, so `cargo seams` and `examples/quality.rs`
# read the project as one monolith. Two sets: the development corpus in DEST/eval, on which
# the proposal was studied and changed, and a held-out corpus in DEST/eval-holdout, scored
# only to check that those changes carry over. DEST defaults to vendor-crates (git-ignored):
# never commit what this fetches.
#
# Usage: scripts/vendor-eval.sh [DEST]
# Needs only cargo and the registry; nothing fetched is built or run.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
base="${1:-$here/vendor-crates}"

# One line per project: name, then `crate=version` for each of its crates. The versions are one
# coherent release of each project (what the registry resolved together on the day the corpus
# was chosen); change them only together with the table in docs/QUALITY.md.
development=(
  "ripgrep grep=0.4.1 grep-cli=0.1.12 grep-matcher=0.1.9 grep-printer=0.3.1 grep-regex=0.1.14 grep-searcher=0.1.17 grep-pcre2=0.1.10 globset=0.4.22 ignore=0.4.35"
  "nushell nu-glob=0.116.1 nu-path=0.116.1 nu-utils=0.116.1 nu-system=0.116.1 nu-json=0.116.1 nu-pretty-hex=0.116.1 nu-protocol=0.116.1 nu-engine=0.116.1 nu-parser=0.116.1 nu-color-config=0.116.1 nu-table=0.116.1 nu-cmd-base=0.116.1"
  "gitoxide gix-hash=0.28.1 gix-date=0.18.1 gix-actor=0.44.1 gix-validate=0.13.1 gix-path=0.14.1 gix-object=0.66.1 gix-ref=0.69.1 gix-config=0.62.2 gix-url=0.40.1 gix-diff=0.70.0"
  "tracing tracing=0.1.44 tracing-core=0.1.36 tracing-subscriber=0.3.23 tracing-appender=0.2.5 tracing-log=0.2.0 tracing-serde=0.2.0 tracing-attributes=0.1.31"
  "tower tower=0.5.3 tower-layer=0.3.3 tower-service=0.3.3 tower-http=0.7.1"
  "axum axum=0.8.9 axum-core=0.5.6 axum-macros=0.5.1 axum-extra=0.12.6"
  "cranelift cranelift-entity=0.137.1 cranelift-bforest=0.137.1 cranelift-bitset=0.137.1 cranelift-control=0.137.1 cranelift-codegen=0.137.1 cranelift-frontend=0.137.1 cranelift-module=0.137.1 cranelift-object=0.137.1 cranelift-native=0.137.1 cranelift-isle=0.137.1"
  "rustls rustls=0.23.46 rustls-pki-types=1.16.0 rustls-webpki=0.103.17 rustls-native-certs=0.8.5 tokio-rustls=0.26.6"
  "lemmy lemmy_api=0.18.2 lemmy_api_common=0.18.2 lemmy_api_crud=0.18.2 lemmy_apub=0.18.2 lemmy_db_schema=0.18.2 lemmy_db_views=0.18.2 lemmy_db_views_actor=0.18.2 lemmy_db_views_moderator=0.18.2 lemmy_routes=0.18.2 lemmy_utils=0.18.2"
)
holdout=(
  "regex regex=1.13.2 regex-automata=0.4.19 regex-syntax=0.8.12"
  "sqlx sqlx=0.9.0 sqlx-core=0.9.0 sqlx-postgres=0.9.0 sqlx-mysql=0.9.0 sqlx-sqlite=0.9.0 sqlx-macros-core=0.9.0"
  "clap clap=4.6.9 clap_builder=4.6.7 clap_lex=1.1.2 clap_derive=4.6.9 clap_complete=4.6.11 clap_mangen=0.3.3"
  "tokio tokio=1.54.1 tokio-util=0.7.20 tokio-stream=0.1.19 tokio-macros=2.7.2 tokio-test=0.4.6"
  "diesel diesel=2.3.14 diesel_derives=2.3.10 diesel_migrations=2.3.2 migrations_internals=2.3.0 migrations_macros=2.3.1 diesel_table_macro_syntax=0.3.0"
)

# vendor_set DEST PROJECT_LINE...: vendors one set of projects into DEST.
vendor_set() {
  local dest="$1"
  shift
  local projects=("$@")
  local manifests="$dest/_manifests" staging="$dest/_vendor"
  local line project crates dir spec root first
  local sync=() members=()

  rm -rf "$manifests" "$staging"
  mkdir -p "$manifests"

  # One scratch package per project, so each project's versions resolve on their own.
  for line in "${projects[@]}"; do
    read -r project crates <<<"$line"
    dir="$manifests/$project"
    mkdir -p "$dir/src"
    : >"$dir/src/lib.rs"
    {
      printf '[package]\nname = "eval-%s"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n' "$project"
      printf '[workspace]\n\n[dependencies]\n'
      for spec in $crates; do
        printf '%s = "=%s"\n' "${spec%%=*}" "${spec#*=}"
      done
    } >"$dir/Cargo.toml"
    sync+=(--sync "$dir/Cargo.toml")
  done

  # One vendor run for all projects: the registry is asked once per crate.
  first="${sync[1]}"
  cargo vendor --versioned-dirs --quiet --manifest-path "$first" "${sync[@]:2}" "$staging" >/dev/null

  # Move each project's own crates under its synthetic workspace root; drop the rest.
  for line in "${projects[@]}"; do
    read -r project crates <<<"$line"
    root="$dest/$project"
    rm -rf "$root"
    mkdir -p "$root"
    members=()
    for spec in $crates; do
      dir="${spec%%=*}-${spec#*=}"
      mv "$staging/$dir" "$root/$dir"
      members+=("\"$dir\"")
    done
    {
      printf '# Synthetic workspace written by scripts/vendor-eval.sh: the published crates of one\n'
      printf '# project, analysed together as one monolith. Not buildable on its own.\n'
      printf '[workspace]\nresolver = "2"\nmembers = [%s]\n' "$(IFS=,; echo "${members[*]}")"
    } >"$root/Cargo.toml"
    echo "$project: ${#members[@]} crates"
  done
  rm -rf "$staging" "$manifests"
}

vendor_set "$base/eval" "${development[@]}"
vendor_set "$base/eval-holdout" "${holdout[@]}"
