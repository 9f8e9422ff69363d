//! What the change itself shows: which packs and tests it touched, what happened to each
//! contract, whether the pull request carries review notes.

use crate::{ConfigError, ConfigErrors};
use accord_model::Bump;
use accord_model::contract::{Contract, Status};
use accord_model::manifest::{Manifest, is_database};
use accord_vcs::{ChangedFile, FileStatus};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Maps repository paths to the packs that own them (the model's one reading of the globs);
/// a bad glob is a configuration error pointing at its pack.
#[derive(Debug, Clone)]
pub struct PackMap(accord_model::ownership::PackMap);

impl PackMap {
    /// Compiles the globs of every pack; a bad glob is an error pointing at its pack.
    pub fn new(manifest: &Manifest, manifest_source: &str) -> Result<PackMap, ConfigErrors> {
        accord_model::ownership::PackMap::new(manifest)
            .map(PackMap)
            .map_err(|errors| {
                ConfigErrors(
                    errors
                        .into_iter()
                        .map(|e| {
                            ConfigError::at(&manifest.path, manifest_source, e.span, e.to_string())
                        })
                        .collect(),
                )
            })
    }

    /// Packs whose `paths` or `tests` globs match `path`.
    pub fn packs_of(&self, path: &str) -> Vec<String> {
        self.0.packs_of(path)
    }

    /// Packs whose `tests` globs match `path`.
    pub fn tests_of(&self, path: &str) -> Vec<String> {
        self.0.tests_of(path)
    }
}

/// What happened to one contract between base and head.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ContractEvidence {
    /// `contract.name` (the name findings carry).
    pub name: String,
    /// Contract file at head (or at base when removed).
    pub path: String,
    /// Providing pack.
    pub provider: String,
    /// Consuming packs.
    pub consumers: Vec<String>,
    /// Version at base, when the contract existed there.
    pub old_version: Option<String>,
    /// Version at head, when the contract exists there.
    pub new_version: Option<String>,
    /// The bump from old to new version (`None` when equal, lower or unparsable).
    pub bump: Bump,
    /// New at head: a new integration.
    pub added: bool,
    /// Gone at head.
    pub removed: bool,
    /// The head (or, when removed, base) contract has a `migration_plan`.
    pub migration_plan: bool,
    /// The contract is being deprecated, retired or removed, so a deprecation plan applies.
    pub deprecation_applies: bool,
    /// Either side names a replacement, sunset or window.
    pub deprecation_plan: bool,
    /// A code surface changed whose pack has no code contract in the registry: there is no
    /// file to hold its migration plan or consumers yet.
    pub code_contract_missing: bool,
    /// Uses of the changed symbols by other packs' code (imports and re-exports, as far as
    /// source analysis sees them), filled by the engine for code contracts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub usages: Vec<accord_model::arch::Usage>,
}

impl ContractEvidence {
    /// Evidence for a contract paired across revisions by identity (`None`: absent on that side).
    pub fn from_pair(old: Option<&Contract>, new: Option<&Contract>) -> ContractEvidence {
        let Some(main) = new.or(old) else {
            return ContractEvidence::default();
        };
        let has_plan = |c: &Contract| {
            c.deprecation.replaced_by.is_some()
                || c.deprecation.sunset.is_some()
                || c.deprecation.window.is_some()
        };
        let winding_down =
            |c: &Contract| matches!(c.status, Some(Status::Deprecated | Status::Retired));
        let old_status = old.and_then(|c| c.status);
        let bump = match (old, new) {
            (Some(o), Some(n)) => accord_model::version::declared_bump(&o.version, &n.version),
            _ => Bump::None,
        };
        ContractEvidence {
            name: main.name.clone(),
            path: main.path.clone(),
            provider: main.provider.clone(),
            consumers: main.consumers.clone(),
            old_version: old.map(|c| c.version.clone()),
            new_version: new.map(|c| c.version.clone()),
            bump,
            added: old.is_none(),
            removed: new.is_none(),
            migration_plan: main
                .migration_plan
                .as_deref()
                .is_some_and(|p| !p.trim().is_empty()),
            deprecation_applies: new.is_none()
                || new.is_some_and(|n| winding_down(n) && n.status != old_status),
            deprecation_plan: old.is_some_and(has_plan) || new.is_some_and(has_plan),
            code_contract_missing: false,
            usages: Vec::new(),
        }
    }

    /// True when the provider is the shared database.
    pub fn is_database(&self) -> bool {
        is_database(&self.provider)
    }
}

/// The text of the pull request, when the CLI was given one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrBody {
    /// Path used in findings (the `--pr-body` file).
    pub path: String,
    /// The Markdown text.
    pub text: String,
}

/// Everything the change shows about itself, filled by the CLI.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChangeEvidence {
    /// Files that differ between base and head.
    pub changed_files: Vec<ChangedFile>,
    /// Packs with at least one changed file (paths or tests).
    pub packs_touched: BTreeSet<String>,
    /// Packs with at least one changed test file.
    pub tests_touched: BTreeSet<String>,
    /// Contracts that differ between base and head.
    pub contracts: Vec<ContractEvidence>,
    /// Why the database schema counts as changed (a migration added or edited), if it does.
    pub schema_change: Option<String>,
    /// Why the architecture counts as changed (packs or pipelines added/removed), if it does.
    pub architecture_change: Option<String>,
    /// The pull request body, if given.
    pub pr: Option<PrBody>,
    /// Group of each rule id (`migration`, `contract-change`, …), to tell schema findings
    /// from contract findings. Fill with [`ChangeEvidence::with_rule_groups`].
    pub rule_groups: BTreeMap<String, String>,
}

impl ChangeEvidence {
    /// Maps the changed files to packs and tests. Deleted test files count as touched
    /// tests: removing an obsolete test is updating the tests.
    pub fn new(packs: &PackMap, changed_files: Vec<ChangedFile>) -> ChangeEvidence {
        let mut evidence = ChangeEvidence::default();
        for file in &changed_files {
            evidence.packs_touched.extend(packs.packs_of(&file.path));
            evidence.tests_touched.extend(packs.tests_of(&file.path));
        }
        evidence.changed_files = changed_files;
        evidence
    }

    /// Records each rule's group from the catalogue.
    pub fn with_rule_groups<'a>(
        mut self,
        rules: impl IntoIterator<Item = &'a accord_model::RuleMeta>,
    ) -> ChangeEvidence {
        for rule in rules {
            self.rule_groups
                .insert(rule.id.to_string(), rule.group.to_string());
        }
        self
    }

    /// The evidence for the contract named `name`, if it changed.
    pub fn contract(&self, name: &str) -> Option<&ContractEvidence> {
        self.contracts.iter().find(|c| c.name == name)
    }

    /// True when the pull request body has review notes.
    pub fn review_notes(&self) -> bool {
        self.pr
            .as_ref()
            .is_some_and(|pr| crate::pr::has_review_notes(&pr.text))
    }

    /// Marks a schema change when a changed file lies under one of `migration_dirs`.
    pub fn detect_schema_change(&mut self, migration_dirs: &[&str]) {
        let hit = self.changed_files.iter().find(|f| {
            migration_dirs.iter().any(|dir| {
                let dir = dir.trim_end_matches('/');
                !dir.is_empty() && f.path.starts_with(&format!("{dir}/"))
            })
        });
        if let Some(file) = hit {
            let verb = match file.status {
                FileStatus::Added => "adds",
                FileStatus::Modified => "edits",
                FileStatus::Deleted => "deletes",
            };
            self.schema_change = Some(format!("the change {verb} migration `{}`", file.path));
        }
    }
}

/// Names an architectural change between two manifests: packs or pipelines added or removed.
pub fn architecture_change(old: &Manifest, new: &Manifest) -> Option<String> {
    let names =
        |m: &Manifest| -> BTreeSet<String> { m.packs.iter().map(|p| p.name.clone()).collect() };
    let (before, after) = (names(old), names(new));
    let added: Vec<_> = after.difference(&before).cloned().collect();
    let removed: Vec<_> = before.difference(&after).cloned().collect();
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("adds pack(s) {}", added.join(", ")));
    }
    if !removed.is_empty() {
        parts.push(format!("removes pack(s) {}", removed.join(", ")));
    }
    if old.pipelines != new.pipelines {
        parts.push("changes the pipelines".to_string());
    }
    if parts.is_empty() {
        None
    } else {
        Some(format!("the manifest {}", parts.join(" and ")))
    }
}
