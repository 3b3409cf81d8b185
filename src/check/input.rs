//! What `check` reads from the analysis: plain, owned views that the pipeline fills once it has
//! resolved references and data accesses. Nothing here knows syn or petgraph, so the rules can
//! be tested with hand-written inputs.
//!
//! The views hold facts only (modules, references, data accesses, the proposal); every figure a
//! rule compares with a threshold (boundary weights, afferent and efferent weight, instability,
//! cycles, modularity) is computed by `check` itself over the partition it judges, because with
//! declared services that partition is the config's, not the proposal's.
//!
//! [`from_analysis`] fills the views from the pipeline's [`Analysis`]: every module, every
//! reference weighted by the config's `[analysis.weights]`, every data node with its access
//! sites, the files that could not be read or parsed, and the proposed services (composition roots and the shared kernel are not services,
//! as in the proposal's own figures).

use std::collections::BTreeMap;

use crate::Analysis;
use crate::model::Role;
use crate::model::{Access, DataKind, DiagnosticCode, EdgeKind, Location};

/// Everything `check` needs about the analysed code.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CheckInput {
    /// Every module of the analysed code.
    pub modules: Vec<ModuleView>,
    /// The proposed services; judged when the config declares none.
    pub proposal: Vec<ServiceView>,
    /// Every reference from one module to another (one per occurrence in the code).
    pub references: Vec<RefView>,
    /// Data nodes with their accesses.
    pub data: Vec<DataView>,
    /// Files the analysis could not read or parse: their code is missing from the rest.
    pub unread: Vec<UnreadFile>,
}

/// A file of the analysed code whose references are missing because it could not be read or
/// parsed (rule `unparsed-file`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct UnreadFile {
    /// Where: the file, and the line of the problem when known.
    pub location: Location,
    /// The diagnostic code (`syntax-error`, `not-utf8`, …).
    pub code: DiagnosticCode,
    /// The diagnostic's message.
    pub message: String,
}

/// True for the diagnostics that leave code unread: a file that does not parse, cannot be
/// read, is not UTF-8, too large or too deep, or a `mod` whose file is missing.
pub fn leaves_code_unread(code: DiagnosticCode) -> bool {
    matches!(
        code,
        DiagnosticCode::SyntaxError
            | DiagnosticCode::NotUtf8
            | DiagnosticCode::UnreadableFile
            | DiagnosticCode::FileTooLarge
            | DiagnosticCode::TooDeep
            | DiagnosticCode::MissingModuleFile
    )
}

impl CheckInput {
    /// Puts `prefix` (a `/`-separated directory, e.g. `services/api`) in front of every file
    /// name, so that locations read relative to the directory the root is in (the current
    /// directory, in CI the checkout root) rather than to the root itself. An empty prefix
    /// changes nothing.
    pub fn rebase(&mut self, prefix: &str) {
        let prefix = prefix.trim_end_matches('/');
        if prefix.is_empty() {
            return;
        }
        let move_file = |l: &mut Location| {
            if !l.file.is_empty() {
                l.file = format!("{prefix}/{}", l.file);
            }
        };
        self.modules
            .iter_mut()
            .for_each(|m| move_file(&mut m.location));
        self.references
            .iter_mut()
            .for_each(|r| move_file(&mut r.location));
        for data in &mut self.data {
            for access in &mut data.accesses {
                access
                    .sites
                    .iter_mut()
                    .for_each(|s| move_file(&mut s.location));
            }
        }
        self.unread
            .iter_mut()
            .for_each(|u| move_file(&mut u.location));
    }

    /// Where module `id` is declared, when it is one of the analysed modules.
    pub fn module_location(&self, id: &str) -> Option<Location> {
        self.modules
            .iter()
            .find(|m| m.id == id)
            .map(|m| m.location.clone())
    }
}

/// One module.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ModuleView {
    /// Module id, `crate::a::b`.
    pub id: String,
    /// Where the module is declared (its file, or the `mod` item of an inline module).
    pub location: Location,
}

/// One proposed service.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ServiceView {
    /// Service name.
    pub name: String,
    /// Module ids of the service.
    pub modules: Vec<String>,
}

/// One reference from a module to another module or to an item of it.
#[derive(Clone, Debug, PartialEq)]
pub struct RefView {
    /// The referring module.
    pub from_module: String,
    /// The module referred to (the defining module, re-exports followed).
    pub to_module: String,
    /// The item referred to (`shop::users::User`), when the reference names one.
    pub to_item: Option<String>,
    /// What kind of reference it is.
    pub kind: EdgeKind,
    /// Where it is written.
    pub location: Location,
    /// Its weight, with the config's `[analysis.weights]` already applied.
    pub weight: f64,
}

/// One data node: a type, static or table.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DataView {
    /// Data id (`table:orders`, `static:shop::cache::CACHE`).
    pub id: String,
    /// Kind of data.
    pub kind: DataKind,
    /// Accesses, one per accessing module.
    pub accesses: Vec<AccessView>,
}

/// The accesses of one module to one data node.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct AccessView {
    /// The accessing module.
    pub module: String,
    /// Number of reads.
    pub reads: u32,
    /// Number of writes.
    pub writes: u32,
    /// Where each access is written.
    pub sites: Vec<AccessSite>,
}

/// One place where a module reads or writes a data node.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct AccessSite {
    /// Where.
    pub location: Location,
    /// Read or write.
    pub access: Access,
}

/// The check input of `analysis`, references weighed as the analysis weighed them (defaults,
/// the config's `[analysis.weights]`, then `--weights`).
pub fn from_analysis(analysis: &Analysis) -> CheckInput {
    let program = &analysis.program;
    let module_id = |m: usize| program.modules.get(m).map(|module| module.id.clone());
    let modules = program
        .modules
        .iter()
        .map(|m| ModuleView {
            id: m.id.clone(),
            location: Location::new(m.file.clone(), m.line, 0),
        })
        .collect();
    let proposal = analysis
        .proposal
        .services
        .iter()
        .filter(|s| s.role == Role::Service)
        .map(|s| ServiceView {
            name: s.name.clone(),
            modules: s.modules.iter().filter_map(|&m| module_id(m)).collect(),
        })
        .collect();
    let references = program
        .references
        .iter()
        .filter_map(|r| {
            Some(RefView {
                from_module: module_id(r.from)?,
                to_module: module_id(r.to)?,
                to_item: r
                    .item
                    .and_then(|i| program.items.get(i))
                    .map(|item| item.id.clone()),
                kind: r.kind,
                location: r.location.clone(),
                weight: analysis.weights.of(r.kind),
            })
        })
        .collect();
    let data = analysis
        .data
        .nodes
        .iter()
        .map(|node| {
            let mut sites: BTreeMap<usize, Vec<AccessSite>> = BTreeMap::new();
            for site in &node.sites {
                sites.entry(site.module).or_default().push(AccessSite {
                    location: site.location.clone(),
                    access: site.access,
                });
            }
            let accesses = node
                .accesses
                .iter()
                .filter_map(|a| {
                    Some(AccessView {
                        module: module_id(a.module)?,
                        reads: a.reads,
                        writes: a.writes,
                        sites: sites.remove(&a.module).unwrap_or_default(),
                    })
                })
                .collect();
            DataView {
                id: node.id.clone(),
                kind: node.kind,
                accesses,
            }
        })
        .collect();
    let mut unread: Vec<UnreadFile> = program
        .diagnostics
        .iter()
        .filter(|d| leaves_code_unread(d.code))
        .map(|d| UnreadFile {
            location: Location::new(d.file.clone(), d.line, d.column),
            code: d.code,
            message: d.message.clone(),
        })
        .collect();
    unread.sort();
    unread.dedup();
    CheckInput {
        modules,
        proposal,
        references,
        data,
        unread,
    }
}
