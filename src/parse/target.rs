//! The target cfgs of a target triple (`--target x86_64-pc-windows-msvc`), read from the
//! triple's parts as rustc's built-in targets name them: architecture, vendor, operating
//! system, environment, and what follows from them (family, pointer width, endianness).
//! The default is the configuration the tool has always analysed: 64-bit Linux, glibc.

/// The target cfg values `#[cfg(target_*)]`, `unix` and `windows` are evaluated against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetCfg {
    /// `target_arch`.
    pub arch: String,
    /// `target_vendor`.
    pub vendor: String,
    /// `target_os`.
    pub os: String,
    /// `target_env` (empty when none).
    pub env: String,
    /// `target_family` values (`unix`, `windows`, `wasm`).
    pub families: Vec<String>,
    /// `target_pointer_width`.
    pub pointer_width: String,
    /// `target_endian`.
    pub endian: String,
}

impl Default for TargetCfg {
    fn default() -> Self {
        TargetCfg::from_triple("x86_64-unknown-linux-gnu")
    }
}

/// Architectures with 32-bit pointers (others are 64-bit, but for `avr` and `msp430`).
const ARCH_32: &[&str] = &[
    "x86",
    "i386",
    "i586",
    "i686",
    "arm",
    "armv5te",
    "armv7",
    "armv7a",
    "armv7r",
    "armv7s",
    "thumbv6m",
    "thumbv7em",
    "thumbv7m",
    "thumbv8m",
    "mips",
    "mipsel",
    "powerpc",
    "riscv32",
    "riscv32i",
    "riscv32imc",
    "riscv32imac",
    "sparc",
    "wasm32",
    "hexagon",
    "csky",
    "m68k",
    "xtensa",
];

/// Big-endian architectures.
const BIG_ENDIAN: &[&str] = &[
    "mips",
    "mips64",
    "powerpc",
    "powerpc64",
    "s390x",
    "sparc",
    "sparc64",
    "m68k",
    "aarch64_be",
];

/// Operating systems of the unix family.
const UNIX: &[&str] = &[
    "linux",
    "macos",
    "ios",
    "tvos",
    "watchos",
    "visionos",
    "android",
    "freebsd",
    "netbsd",
    "openbsd",
    "dragonfly",
    "solaris",
    "illumos",
    "haiku",
    "redox",
    "fuchsia",
    "aix",
    "hurd",
    "nto",
    "espidf",
    "horizon",
    "l4re",
    "emscripten",
];

impl TargetCfg {
    /// The cfgs of `triple` (`arch-vendor-os[-env]`, or the short `arch-os[-env]` forms).
    pub fn from_triple(triple: &str) -> TargetCfg {
        let parts: Vec<&str> = triple.split('-').collect();
        let raw_arch = parts.first().copied().unwrap_or("x86_64");
        let (vendor, os, env) = match parts.as_slice() {
            [_, v, o, e, ..] => (*v, *o, *e),
            [_, v, o] if matches!(*v, "unknown" | "pc" | "apple" | "sun" | "wrs" | "nvidia") => {
                (*v, *o, "")
            }
            [_, o, e] => ("unknown", *o, *e),
            [_, o] => ("unknown", *o, ""),
            _ => ("unknown", "none", ""),
        };
        let arch = normalize_arch(raw_arch);
        let os = match os {
            "darwin" => "macos".to_string(),
            "unknown" => "none".to_string(),
            other => other
                .trim_end_matches(|c: char| c.is_ascii_digit() || c == '.')
                .to_string(),
        };
        let mut families = Vec::new();
        if UNIX.contains(&os.as_str()) {
            families.push("unix".to_string());
        }
        if os == "windows" {
            families.push("windows".to_string());
        }
        if arch.starts_with("wasm") {
            families.push("wasm".to_string());
        }
        let pointer_width = if ARCH_32.contains(&raw_arch) || ARCH_32.contains(&arch.as_str()) {
            "32"
        } else if matches!(arch.as_str(), "avr" | "msp430") {
            "16"
        } else {
            "64"
        };
        TargetCfg {
            endian: if BIG_ENDIAN.contains(&raw_arch) {
                "big"
            } else {
                "little"
            }
            .to_string(),
            arch,
            vendor: vendor.to_string(),
            os,
            env: env_name(env),
            families,
            pointer_width: pointer_width.to_string(),
        }
    }

    /// Whether the target is of `family`.
    pub fn is(&self, family: &str) -> bool {
        self.families.iter().any(|f| f == family)
    }
}

/// `target_arch` from the triple's first part (`i686` is `x86`, `armv7` is `arm`).
fn normalize_arch(raw: &str) -> String {
    match raw {
        "i386" | "i586" | "i686" => "x86",
        a if a.starts_with("armv") || a.starts_with("thumbv") || a == "arm" => "arm",
        "aarch64_be" | "arm64" => "aarch64",
        a if a.starts_with("riscv64") => "riscv64",
        a if a.starts_with("riscv32") => "riscv32",
        "mipsel" => "mips",
        "mips64el" => "mips64",
        "powerpc64le" => "powerpc64",
        other => other,
    }
    .to_string()
}

/// `target_env` from the triple's last part (`gnueabihf` is `gnu`, `musleabi` is `musl`).
fn env_name(env: &str) -> String {
    for known in ["gnu", "musl", "msvc", "sgx", "uclibc", "newlib", "ohos"] {
        if env.starts_with(known) {
            return known.to_string();
        }
    }
    if env.starts_with("android") {
        return String::new();
    }
    env.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_triples() {
        let linux = TargetCfg::default();
        assert_eq!(
            (linux.arch.as_str(), linux.os.as_str()),
            ("x86_64", "linux")
        );
        assert_eq!(
            (linux.env.as_str(), linux.pointer_width.as_str()),
            ("gnu", "64")
        );
        assert!(linux.is("unix") && !linux.is("windows"));

        let win = TargetCfg::from_triple("x86_64-pc-windows-msvc");
        assert_eq!(
            (win.os.as_str(), win.env.as_str(), win.vendor.as_str()),
            ("windows", "msvc", "pc")
        );
        assert!(win.is("windows") && !win.is("unix"));

        let mac = TargetCfg::from_triple("aarch64-apple-darwin");
        assert_eq!((mac.arch.as_str(), mac.os.as_str()), ("aarch64", "macos"));
        assert!(mac.is("unix"));

        let wasm = TargetCfg::from_triple("wasm32-unknown-unknown");
        assert_eq!(
            (wasm.os.as_str(), wasm.pointer_width.as_str()),
            ("none", "32")
        );
        assert!(wasm.is("wasm") && !wasm.is("unix"));

        let arm = TargetCfg::from_triple("armv7-unknown-linux-gnueabihf");
        assert_eq!(
            (
                arm.arch.as_str(),
                arm.env.as_str(),
                arm.pointer_width.as_str()
            ),
            ("arm", "gnu", "32")
        );

        let musl = TargetCfg::from_triple("x86_64-unknown-linux-musl");
        assert_eq!(musl.env, "musl");
    }
}
