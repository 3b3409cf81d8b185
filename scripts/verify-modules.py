#!/usr/bin/env python3
"""Checks cargo-seams' module set against rustc's on published crates.

For each crate (name=version), builds it with every feature on through `cargo check` in a
scratch project and reads the dep-info (.d) file rustc writes: the exact list of source files
the compiler read. Then runs `cargo-seams analyze --format json` on the same registry source
and compares the set of module files. Files pulled in with include!() are listed apart.

Usage: scripts/verify-modules.py [--bin target/release/cargo-seams] NAME=VERSION...
Exit code 1 when a set differs.
"""
import json, os, subprocess, sys, tomllib, glob, re, pathlib

def main():
    args = sys.argv[1:]
    binary = "target/release/cargo-seams"
    if args[:1] == ["--bin"]:
        binary, args = args[1], args[2:]
    crates = [a.split("=", 1) for a in args]
    work = pathlib.Path("vendor-crates/verify").resolve()
    (work / "src").mkdir(parents=True, exist_ok=True)
    (work / "src/lib.rs").write_text("")
    home = pathlib.Path(os.environ.get("CARGO_HOME", pathlib.Path.home() / ".cargo"))
    deps = []
    for name, version in crates:
        deps.append(f'{name} = {{ version = "={version}", features = FEATURES_{name.replace("-", "_")} }}')
    # First resolve without features to fetch the sources, then read each crate's feature list.
    manifest = '[package]\nname = "seams-verify"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\n'
    plain = manifest + "\n".join(f'{n} = "={v}"' for n, v in crates) + "\n\n[workspace]\n"
    (work / "Cargo.toml").write_text(plain)
    subprocess.run(["cargo", "fetch", "--quiet"], cwd=work, check=True)
    srcs = {}
    for name, version in crates:
        found = glob.glob(str(home / "registry/src/*" / f"{name}-{version}"))
        if not found:
            sys.exit(f"source of {name}-{version} not found")
        srcs[name] = pathlib.Path(found[0])
    text = manifest
    for name, version in crates:
        meta = tomllib.loads((srcs[name] / "Cargo.toml").read_text())
        # Features that only a nightly compiler accepts cannot be checked with stable rustc;
        # cargo-seams still counts their code, so any difference they make is reported.
        nightly = {"unstable", "nightly", "rustc-dep-of-std"}
        feats = sorted(f for f in meta.get("features", {}) if not f.startswith("_") and f not in nightly)
        text += f'{name} = {{ version = "={version}", features = {json.dumps(feats)} }}\n'
    text += "\n[workspace]\n"
    (work / "Cargo.toml").write_text(text)
    r = subprocess.run(["cargo", "check", "--quiet"], cwd=work)
    if r.returncode != 0:
        sys.exit("cargo check failed")
    failed = False
    for name, version in crates:
        src = srcs[name]
        lib = name.replace("-", "_")
        rustc_files = set()
        for d in glob.glob(str(work / f"target/debug/deps/{lib}-*.d")):
            first = open(d).readline()
            for f in first.split(":", 1)[1].split():
                p = pathlib.Path(f.replace("\\ ", " "))
                if p.suffix == ".rs" and str(p).startswith(str(src)):
                    rustc_files.add(p.relative_to(src).as_posix())
        out = subprocess.run([binary, "analyze", str(src), "--format", "json", "-q"], capture_output=True, text=True, check=True)
        report = json.loads(out.stdout)
        lib_mods = [m for m in report["modules"] if m["crate"] == lib]
        ours = {m["file"] for m in lib_mods}
        # include!() files are read by rustc but are not modules.
        included = set()
        for f in ours:
            text = (src / f).read_text(errors="replace")
            for inc in re.findall(r'include!\s*\(\s*"([^"]+)"', text):
                included.add((pathlib.Path(f).parent / inc).as_posix())
        missing = sorted(rustc_files - ours - included)
        extra = sorted(ours - rustc_files)
        # rustc reads a file whose inner `#![cfg(...)]` is false, but no module comes of it.
        cfg_off = [f for f in missing if (src / f).read_text(errors="replace").lstrip().startswith("#![cfg(")
                   or re.search(r"^#!\[cfg\(", (src / f).read_text(errors="replace"), re.M)]
        missing = [f for f in missing if f not in cfg_off]
        # cfgs that only the build script sets cannot be known without running it.
        build_cfgs = []
        if (src / "build.rs").is_file():
            build_cfgs = sorted(set(re.findall(r"rustc-cfg=([A-Za-z_][A-Za-z0-9_]*)", (src / "build.rs").read_text(errors="replace"))))
        status = "same" if not missing and not extra else "DIFFERENT"
        failed |= bool(missing or extra)
        print(f"{name}-{version}: rustc {len(rustc_files)} files, cargo-seams {len(ours)} files in {len(lib_mods)} modules: {status}")
        for f in cfg_off:
            print(f"  read by rustc, module off by its inner #![cfg]: {f}")
        for f in missing:
            print(f"  only rustc:       {f}")
        for f in extra:
            print(f"  only cargo-seams: {f}")
        if (missing or extra) and build_cfgs:
            print(f"  note: build.rs sets cfgs {', '.join(build_cfgs)}, which cargo-seams cannot know without running it")
    sys.exit(1 if failed else 0)

main()
