//! `accord.toml`, as the rest of Accord sees it once parsed.

use crate::Span;
use serde::Serialize;
use std::collections::BTreeMap;

/// The name under which contracts may name the shared database as provider or consumer.
pub const DATABASE: &str = "Database";

/// The parsed manifest of one repository.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Manifest {
    /// Path of `accord.toml` relative to the repository root (usually `accord.toml`).
    pub path: String,
    /// `[project]`.
    pub project: Project,
    /// `[packs.NAME]`, in file order.
    pub packs: Vec<Pack>,
    /// Project-wide roles.
    pub roles: Roles,
    /// `[contracts]`.
    pub contracts: ContractsConfig,
    /// `[limits]`.
    pub limits: Limits,
    /// Named pipelines: ordered stages (pack names), e.g. ETL → MMOS → CreatorOS.
    pub pipelines: BTreeMap<String, Vec<String>>,
    /// Sections owned by later capabilities (`database`, `policy`, `ledger`, `gates`, …),
    /// kept raw with their spans so each owner parses and reports on its own section.
    pub sections: BTreeMap<String, RawSection>,
    /// Normalised pack names and aliases → index in `packs`; see [`Manifest::index_packs`].
    #[serde(skip)]
    pub pack_index: std::collections::HashMap<String, usize>,
}

/// A manifest table kept as data, with the span of every node, for the crate that owns it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RawSection {
    /// The table as JSON (TOML dates become strings).
    pub value: serde_json::Value,
    /// Spans keyed by JSON pointer relative to the table (`""` is the table itself).
    pub spans: BTreeMap<String, Span>,
}

impl RawSection {
    /// The span of the node at `pointer`, or of its nearest ancestor that has one.
    pub fn span_of(&self, pointer: &str) -> Span {
        let mut p = pointer;
        loop {
            if let Some(span) = self.spans.get(p) {
                return *span;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return Span::default(),
            }
        }
    }
}

/// `[project]`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Project {
    /// Project name.
    pub name: String,
    /// The single version number of the whole system (seed 001 "Deployment Model").
    pub version: Option<String>,
    /// When true, a contract's MAJOR/MINOR bump requires the same bump of `version`.
    pub version_follows_contracts: bool,
}

/// One `[packs.NAME]` table.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Pack {
    /// The table key, e.g. `creator-os`.
    pub name: String,
    /// Display name used in contracts, e.g. `CreatorOS`; defaults to `name`.
    pub display_name: String,
    /// Other names contracts may use for this pack.
    pub aliases: Vec<String>,
    /// Globs of repository paths that belong to the pack.
    pub paths: Vec<String>,
    /// Globs of the pack's test files (evidence that tests were touched).
    pub tests: Vec<String>,
    /// People who maintain the pack.
    pub maintainers: Vec<String>,
    /// Free-form tier (`core`, `optional`, …).
    pub tier: Option<String>,
    /// Database tables the pack owns and may write.
    pub owns_tables: Vec<String>,
    /// True for the pack that may write every table (seed: SuperAgentes).
    pub dba: bool,
    /// Privacy classes the pack may read (PUBLIC and PRIVATE are always allowed).
    pub cleared_for: Vec<String>,
    /// Packs whose code this pack may import without a code contract (a shared kernel);
    /// each exception shows in `accord graph` so it stays reviewable.
    pub allow_imports: Vec<String>,
    /// The pipeline stage the pack belongs to, when `[pipelines]` names stages rather
    /// than packs (seed 001: several packs in the `ETL` stage).
    pub stage: Option<String>,
    /// Sub-tables owned by later capabilities (e.g. `code` entry points), kept raw.
    pub sections: BTreeMap<String, RawSection>,
    /// Where the table was declared in `accord.toml`.
    pub span: Span,
}

impl Pack {
    /// True when `name` (as written in a contract) designates this pack.
    pub fn answers_to(&self, name: &str) -> bool {
        self.names().any(|own| same_pack_name(own, name))
    }

    fn names(&self) -> impl Iterator<Item = &str> {
        [self.name.as_str(), self.display_name.as_str()]
            .into_iter()
            .chain(self.aliases.iter().map(String::as_str))
    }
}

/// `normalize_pack_name(a) == normalize_pack_name(b)`, without allocating: it runs for
/// every contract party and finding of a large registry.
pub fn same_pack_name(a: &str, b: &str) -> bool {
    let fold = |c: char| c.is_ascii_alphanumeric().then(|| c.to_ascii_lowercase());
    a.chars().filter_map(fold).eq(b.chars().filter_map(fold))
}

/// Lower-cases and drops everything but letters and digits, so `CreatorOS`,
/// `creator-os` and `Creator OS` are one pack.
pub fn normalize_pack_name(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Where reviewed exceptions (approvals) live when `[policy] approvals` does not say.
pub const DEFAULT_APPROVALS_FILE: &str = "accord-approvals.toml";

impl Manifest {
    /// The approvals file `[policy] approvals` (or its alias `approvals_file`) names, else
    /// [`DEFAULT_APPROVALS_FILE`]. A value of the wrong type falls back to the default here;
    /// the policy parser reports it.
    pub fn approvals_file(&self) -> String {
        let value = self.sections.get("policy").map(|s| &s.value);
        ["approvals", "approvals_file"]
            .iter()
            .find_map(|k| value.and_then(|v| v.get(*k)).and_then(|v| v.as_str()))
            .unwrap_or(DEFAULT_APPROVALS_FILE)
            .to_string()
    }

    /// The pack a contract's `provider`/`consumer` value designates.
    pub fn pack(&self, name: &str) -> Option<&Pack> {
        if self.pack_index.is_empty() {
            return self.packs.iter().find(|p| p.answers_to(name));
        }
        self.pack_index
            .get(&normalize_pack_name(name))
            .and_then(|&i| self.packs.get(i))
    }

    /// Builds the name index behind [`Manifest::pack`]; the parser calls it once the packs
    /// are known, so a lookup no longer costs a scan of every pack.
    pub fn index_packs(&mut self) {
        self.pack_index.clear();
        for (i, pack) in self.packs.iter().enumerate() {
            for name in pack.names() {
                self.pack_index
                    .entry(normalize_pack_name(name))
                    .or_insert(i);
            }
        }
    }

    /// True when `name` is a declared pack or the shared database.
    pub fn knows(&self, name: &str) -> bool {
        is_database(name) || self.pack(name).is_some()
    }

    /// Packs downstream of `pack` in any pipeline, nearest first, excluding `pack`.
    pub fn downstream_of(&self, pack: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for stages in self.pipelines.values() {
            if let Some(i) = stages
                .iter()
                .position(|s| normalize_pack_name(s) == normalize_pack_name(pack))
            {
                for later in &stages[i + 1..] {
                    if !out.iter().any(|o| o == later) {
                        out.push(later.clone());
                    }
                }
            }
        }
        out
    }
}

/// True when a contract party names the shared database (`Database`, `db`, `database`).
pub fn is_database(name: &str) -> bool {
    matches!(normalize_pack_name(name).as_str(), "database" | "db")
}

/// Project-wide roles (seed 000 "Roles").
#[derive(Debug, Clone, Default, Serialize)]
pub struct Roles {
    /// System architects: may approve system-level changes.
    pub architects: Vec<String>,
    /// Database owners: may approve schema changes.
    pub database_owners: Vec<String>,
    /// Integration owners by contract (name or `provider-consumer` file stem without version).
    pub integration_owners: BTreeMap<String, Vec<String>>,
}

impl Roles {
    /// The integration owners of a contract: `[roles.integration_owners]` entries keyed by its
    /// `name`, a `provider-consumer` pair, or the stem of its file `path` with or without
    /// the version (`mmos-creator-os-v1.0.0`, `mmos-creator-os`), ignoring case and
    /// punctuation.
    pub fn integration_owners_of(
        &self,
        name: &str,
        provider: &str,
        consumers: &[String],
        path: &str,
    ) -> Vec<String> {
        let mut keys = vec![normalize_pack_name(name)];
        for consumer in consumers {
            keys.push(normalize_pack_name(&format!("{provider}{consumer}")));
        }
        if let Some(stem) = path
            .rsplit('/')
            .next()
            .and_then(|f| f.split('.').next())
            .filter(|s| !s.is_empty())
        {
            keys.push(normalize_pack_name(stem));
            keys.push(normalize_pack_name(strip_version(stem)));
        }
        let mut out: Vec<String> = Vec::new();
        for (key, people) in &self.integration_owners {
            if keys.contains(&normalize_pack_name(key)) {
                for p in people {
                    if !out.contains(p) {
                        out.push(p.clone());
                    }
                }
            }
        }
        out
    }
}

/// `mmos-creator-os-v1.0.0` → `mmos-creator-os`: a contract file stem without its version.
pub fn strip_version(stem: &str) -> &str {
    match stem.rfind("-v") {
        Some(i)
            if stem[i + 2..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit()) =>
        {
            &stem[..i]
        }
        _ => stem,
    }
}

/// `[contracts]`.
#[derive(Debug, Clone, Serialize)]
pub struct ContractsConfig {
    /// Directory of contract files, relative to the repository root.
    pub dir: String,
    /// Span of the `dir` value, for errors about it.
    pub dir_span: Option<Span>,
}

impl Default for ContractsConfig {
    fn default() -> Self {
        ContractsConfig {
            dir: "contracts".to_string(),
            dir_span: None,
        }
    }
}

/// `[limits]`.
#[derive(Debug, Clone, Serialize)]
pub struct Limits {
    /// Artifacts larger than this are reported, not read.
    pub max_file_size: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: 64 * 1024 * 1024,
        }
    }
}
