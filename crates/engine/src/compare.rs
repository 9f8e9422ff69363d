//! Loads the repository at two revisions (straight from git objects, or the working tree for
//! the head) and classifies what changed between them.

use crate::EngineError;
use accord_model::Finding;
use accord_model::contract::{Contract, SchemaSpec};
use accord_model::manifest::Manifest;
use accord_model::version::declared_bump;
use accord_policy::{Approvals, ChangeEvidence, ContractEvidence, PackMap, Policy};
use accord_vcs::{Repo, Tree};
use std::collections::{BTreeSet, HashSet};
use std::path::Path;

/// One side of the comparison, loaded.
pub struct Side {
    /// The revision as given, or `working tree`.
    pub rev: String,
    /// The full commit, none for the working tree.
    pub commit: Option<String>,
    /// The manifest at this side (empty when it did not exist yet).
    pub manifest: Manifest,
    /// Its text, for digests and spans.
    pub manifest_text: String,
    /// Contracts that parsed.
    pub contracts: Vec<Contract>,
    /// Contracts that did not parse, as findings.
    pub findings: Vec<Finding>,
    /// Bytes of every input read, for the decision digest.
    pub inputs: std::collections::BTreeMap<String, Vec<u8>>,
    /// Contract files that exist but do not parse at this side.
    pub unparsable: BTreeSet<String>,
    /// Every contract file at this side (its bytes are in `inputs`).
    pub contract_files: Vec<String>,
    tree: Box<dyn Tree>,
    prefix: String,
}

impl Side {
    /// Every UTF-8 file under `dir` at this side, as (relative path, text).
    fn files_under(&self, dir: &str) -> Result<Vec<(String, String)>, EngineError> {
        let mut files = Vec::new();
        for full in self.tree.list(&format!("{}{dir}/", self.prefix))? {
            let Some(path) = full.strip_prefix(&self.prefix) else {
                continue;
            };
            if let Some(bytes) = self.read(path)? {
                // A migration that is not UTF-8 is reported by the lint of the working tree.
                if let Ok(text) = String::from_utf8(bytes) {
                    files.push((path.to_string(), text));
                }
            }
        }
        Ok(files)
    }

    /// The text of an input file read at this side.
    fn text_of(&self, path: &str) -> Option<&str> {
        self.inputs
            .get(path)
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
    }

    /// The tree this side reads and the prefix of its manifest's directory in it.
    pub(crate) fn tree_and_prefix(&self) -> (&dyn Tree, &str) {
        (self.tree.as_ref(), &self.prefix)
    }

    pub(crate) fn read(&self, path: &str) -> Result<Option<Vec<u8>>, EngineError> {
        Ok(self.tree.read(&format!("{}{path}", self.prefix))?)
    }

    /// The JSON Schema a contract points at, read from the same revision.
    fn schema_of(&self, contract: &Contract) -> Option<serde_json::Value> {
        match &contract.interface.schema {
            Some(SchemaSpec::Inline(value)) => Some(value.clone()),
            Some(SchemaSpec::File(file)) => {
                let dir = contract.path.rsplit_once('/').map_or("", |(d, _)| d);
                let path = normalize(&format!("{dir}/{file}"))?;
                let bytes = self.read(&path).ok()??;
                let text = String::from_utf8(bytes).ok()?;
                accord_contract::doc::parse_yaml(&text)
                    .ok()
                    .map(|doc| doc.value)
            }
            _ => None,
        }
    }
}

/// Resolves `a/b/../c` without touching the file system; refuses to climb above the root.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// Loads one side: the manifest at `prefix/accord.toml` and every contract file.
fn load_side(
    tree: Box<dyn Tree>,
    rev: String,
    commit: Option<String>,
    prefix: &str,
    manifest_file: &str,
) -> Result<Side, EngineError> {
    let mut side = Side {
        rev,
        commit,
        manifest: Manifest::default(),
        manifest_text: String::new(),
        contracts: Vec::new(),
        findings: Vec::new(),
        inputs: Default::default(),
        unparsable: BTreeSet::new(),
        contract_files: Vec::new(),
        tree,
        prefix: prefix.to_string(),
    };
    let Some(bytes) = side.read(manifest_file)? else {
        // The manifest is new in this change: the base governed nothing.
        return Ok(side);
    };
    let at_revision = |message: String| EngineError::ManifestAtRevision {
        file: manifest_file.to_string(),
        rev: side.rev.clone(),
        message,
    };
    let text =
        String::from_utf8(bytes.clone()).map_err(|_| at_revision("not valid UTF-8".to_string()))?;
    side.manifest = accord_contract::parse_manifest(manifest_file, &text)
        .map_err(|e| at_revision(first_error(&e)))?;
    side.manifest_text = text;
    side.inputs.insert(manifest_file.to_string(), bytes);
    let dir = side
        .manifest
        .contracts
        .dir
        .trim_end_matches('/')
        .to_string();
    for full in side.tree.list(&format!("{}{dir}/", side.prefix))? {
        let Some(path) = full.strip_prefix(&side.prefix) else {
            continue;
        };
        if !accord_contract::is_contract_file(path) {
            continue;
        }
        if let Some(bytes) = side.read(path)? {
            side.contract_files.push(path.to_string());
            side.inputs.insert(path.to_string(), bytes);
        }
    }
    Ok(side)
}

/// Parses the side's contract files, in parallel, except those in `skip` (files identical
/// at both sides: they cannot have changed, and most of a large registry is like that).
fn parse_contracts(side: &mut Side, skip: &HashSet<String>) {
    use rayon::prelude::*;
    let results: Vec<(String, Result<Contract, Box<Finding>>)> = side
        .contract_files
        .par_iter()
        .filter(|path| !skip.contains(*path))
        .filter_map(|path| {
            let bytes = side.inputs.get(path)?;
            Some((path.clone(), parse_one(path, bytes, &side.rev)))
        })
        .collect();
    for (path, result) in results {
        match result {
            Ok(contract) => side.contracts.push(contract),
            Err(finding) => {
                side.unparsable.insert(path);
                side.findings.push(*finding);
            }
        }
    }
}

/// A contract, or the finding that it does not parse (boxed: findings are large).
fn parse_one(path: &str, bytes: &[u8], rev: &str) -> Result<Contract, Box<Finding>> {
    let failure = |location: accord_model::Location, message: String| {
        Box::new(
            Finding::new(
                "registry-parse-error",
                accord_model::Class::Breaking,
                accord_model::Bump::None,
                format!("contract file does not parse at {rev}: {message}"),
            )
            .at(location)
            .with_logical_path(format!("{rev}#{path}")),
        )
    };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        failure(
            accord_model::Location::file(path),
            format!(
                "not valid UTF-8 (first bad byte at offset {})",
                e.valid_up_to()
            ),
        )
    })?;
    accord_contract::parse_contract(path, text).map_err(|e| match e.diagnostics.first() {
        Some(d) => failure(
            accord_model::Location::from_span(path, text, d.span),
            d.message.clone(),
        ),
        None => failure(
            accord_model::Location::file(path),
            "cannot be parsed".to_string(),
        ),
    })
}

fn first_error(e: &accord_contract::ManifestError) -> String {
    e.diagnostics
        .first()
        .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
        .unwrap_or_else(|| "invalid manifest".into())
}

/// Both sides of a change, classified.
pub struct Comparison {
    /// The base side.
    pub base: Side,
    /// The head side.
    pub head: Side,
    /// Change findings plus anything that did not parse.
    pub findings: Vec<Finding>,
    /// Changed files, relative to the manifest's directory.
    pub changed: Vec<accord_vcs::ChangedFile>,
    /// Migration files (path, text) at the base.
    pub base_migrations: Vec<(String, String)>,
    /// Migration files (path, text) at the head.
    pub head_migrations: Vec<(String, String)>,
    /// What the change touched, for policy.
    pub evidence: ChangeEvidence,
}

/// Where the manifest lives inside the git work tree: `""` at the top, `sub/dir/` below it.
pub(crate) fn prefix_of(repo: &Repo, root: &Path) -> Result<String, EngineError> {
    let workdir = repo
        .workdir()
        .ok_or_else(|| EngineError::NoManifest("the repository has no work tree".to_string()))?;
    let canonical = |p: &Path| {
        std::fs::canonicalize(p).map_err(|source| EngineError::Io {
            context: format!("cannot resolve {}", p.display()),
            source,
        })
    };
    let (root_abs, workdir_abs) = (canonical(root)?, canonical(workdir)?);
    Ok(match root_abs.strip_prefix(&workdir_abs) {
        Ok(rel) if rel.as_os_str().is_empty() => String::new(),
        Ok(rel) => format!("{}/", rel.to_string_lossy().replace('\\', "/")),
        Err(_) => String::new(),
    })
}

/// Loads both sides and diffs their contracts, migrations and code surfaces.
/// `head_contracts`: the head's contracts when they were parsed already (by the tree check
/// of the head), so a large registry is not parsed twice.
pub(crate) fn compare(
    repo: &Repo,
    prefix: &str,
    base: &str,
    head: Option<&str>,
    today: &str,
    head_contracts: Option<Vec<Contract>>,
) -> Result<Comparison, EngineError> {
    let base_tree = repo.at(base)?;
    let base_commit = base_tree.commit().to_string();
    let mut base_side = load_side(
        Box::new(base_tree),
        base.to_string(),
        Some(base_commit),
        prefix,
        "accord.toml",
    )?;
    let mut head_side = match head {
        Some(rev) => {
            let tree = repo.at(rev)?;
            let commit = tree.commit().to_string();
            load_side(
                Box::new(tree),
                rev.to_string(),
                Some(commit),
                prefix,
                "accord.toml",
            )?
        }
        None => load_side(
            Box::new(repo.working_tree()?),
            "working tree".to_string(),
            None,
            prefix,
            "accord.toml",
        )?,
    };
    if head_side.manifest_text.is_empty() {
        return Err(EngineError::NoManifest(format!(
            "no accord.toml at {}",
            head_side.rev
        )));
    }
    let unchanged: HashSet<String> = base_side
        .contract_files
        .iter()
        .filter(|p| base_side.inputs.get(*p) == head_side.inputs.get(*p))
        .cloned()
        .collect();
    parse_contracts(&mut base_side, &unchanged);
    // The head keeps every contract: database and code contracts are consulted below.
    match head_contracts {
        Some(contracts) => {
            let parsed: HashSet<&str> = contracts.iter().map(|c| c.path.as_str()).collect();
            head_side.unparsable = head_side
                .contract_files
                .iter()
                .filter(|p| !parsed.contains(p.as_str()))
                .cloned()
                .collect();
            head_side.contracts = contracts;
        }
        None => parse_contracts(&mut head_side, &HashSet::new()),
    }
    // A file identical at both sides was parsed only at the head; the base has the same
    // contract (a code contract's YAML rarely changes when its code does).
    let base_unchanged: Vec<Contract> = head_side
        .contracts
        .iter()
        .filter(|c| unchanged.contains(&c.path))
        .cloned()
        .collect();

    let changed: Vec<accord_vcs::ChangedFile> = repo
        .changed_files(base, head)?
        .into_iter()
        .filter_map(|mut f| {
            f.path = f.path.strip_prefix(prefix)?.to_string();
            Some(f)
        })
        .collect();

    // Parse errors of the head are reported by the tree check of the head.
    let mut findings = base_side.findings.clone();
    // A contract that stops parsing was not removed: it cannot be compared until it parses
    // again, and its parse error is already a finding. Same for one that starts parsing.
    let base_comparable = base_side
        .contracts
        .iter()
        .filter(|c| !head_side.unparsable.contains(&c.path));
    let head_comparable = head_side
        .contracts
        .iter()
        .filter(|c| !base_side.unparsable.contains(&c.path) && !unchanged.contains(&c.path));
    let pairs = accord_diff::pair_contracts(base_comparable, head_comparable);
    let mut contract_evidence = Vec::new();
    for pair in &pairs {
        let (old, new) = match pair {
            accord_diff::Pair::Changed { old, new } => (Some(*old), Some(*new)),
            accord_diff::Pair::Added(new) => (None, Some(*new)),
            accord_diff::Pair::Removed(old) => (Some(*old), None),
        };
        let old_text = old.and_then(|c| base_side.text_of(&c.path));
        let new_text = new.and_then(|c| head_side.text_of(&c.path));
        let mut ctx = accord_diff::DiffContext::new(Some(&head_side.manifest), Some(today));
        ctx.old_text = old_text;
        ctx.new_text = new_text;
        ctx.old_schema = old.and_then(|c| base_side.schema_of(c));
        ctx.new_schema = new.and_then(|c| head_side.schema_of(c));
        if let (Some(old), Some(new)) = (old, new) {
            ctx.earlier_schemas = earlier_schemas(&base_side, old, new);
        }
        let mut found = accord_diff::diff_pair(pair, &ctx);
        if let (Some(old), None) = (old, new) {
            // The file is gone at the head: point into the base's copy.
            for f in &mut found {
                if f.location.path == old.path {
                    f.location.revision = base_side.commit.clone();
                }
            }
        }
        if !found.is_empty() {
            contract_evidence.push(ContractEvidence::from_pair(old, new));
        }
        findings.extend(found);
    }
    let (code_findings, code_evidence) =
        code_surface_changes(&base_side, &head_side, &base_unchanged);
    findings.extend(code_findings);
    for item in code_evidence {
        // The code contract's YAML may have changed too: the code evidence stands for it.
        contract_evidence.retain(|e| e.name != item.name);
        contract_evidence.push(item);
    }
    findings.extend(accord_diff::check_project_version(
        &base_side.manifest,
        &head_side.manifest,
        &findings,
    ));
    findings.extend(added_secrets(&base_side, &head_side, &changed));

    let migrations_dir = match head_side.manifest.sections.get("database") {
        Some(section) => {
            accord_sql::DatabaseConfig::from_section(
                section,
                "accord.toml",
                &head_side.manifest_text,
            )?
            .migrations
        }
        None => accord_sql::DatabaseConfig::default().migrations,
    };
    let migrations_dir = migrations_dir.trim_end_matches('/').to_string();

    let packs =
        PackMap::new(&head_side.manifest, &head_side.manifest_text).map_err(EngineError::policy)?;
    let mut evidence =
        ChangeEvidence::new(&packs, changed.clone()).with_rule_groups(crate::catalog().iter());
    evidence.contracts = contract_evidence;
    evidence.detect_schema_change(&[migrations_dir.as_str()]);
    evidence.architecture_change =
        accord_policy::architecture_change(&base_side.manifest, &head_side.manifest);
    findings.extend(crate::testsmith::untested_changes(
        &head_side, &findings, &evidence,
    ));
    let base_migrations = base_side.files_under(&migrations_dir)?;
    let head_migrations = head_side.files_under(&migrations_dir)?;
    Ok(Comparison {
        base: base_side,
        head: head_side,
        findings,
        changed,
        base_migrations,
        head_migrations,
        evidence,
    })
}

/// Secrets the change adds to its text files (see [`accord_policy::secrets`]). A file that
/// cannot be read as text at either side (binary, over the size limit) is not scanned: the
/// scan is evidence about the change, and must not make the decision fail.
fn added_secrets(base: &Side, head: &Side, changed: &[accord_vcs::ChangedFile]) -> Vec<Finding> {
    let text = |side: &Side, path: &str| {
        side.read(path)
            .ok()
            .flatten()
            .and_then(|bytes| String::from_utf8(bytes).ok())
    };
    let mut found = Vec::new();
    for file in changed {
        if file.status == accord_vcs::FileStatus::Deleted {
            continue;
        }
        let Some(new) = text(head, &file.path) else {
            continue;
        };
        let old = match file.status {
            accord_vcs::FileStatus::Modified => text(base, &file.path),
            _ => None,
        };
        found.extend(accord_policy::secrets::added_secrets(
            &file.path,
            old.as_deref(),
            &new,
        ));
    }
    found
}

/// A `[policy.rules]` key that names no rule would silently do nothing: a typo in an
/// override must not leave a gate weaker than its author believes.
fn check_overridden_rules(
    policy: &Policy,
    manifest: &Manifest,
    manifest_text: &str,
) -> Result<(), EngineError> {
    let catalog = crate::catalog();
    let Some(section) = manifest.sections.get("policy") else {
        return Ok(());
    };
    let unknown: Vec<String> = policy
        .rules
        .keys()
        .filter(|id| catalog.get(id).is_none())
        .map(|id| {
            let span = section.span_of(&format!("/rules/{id}"));
            let (line, column) = span.line_col(manifest_text);
            let ids: Vec<&str> = catalog.iter().map(|r| r.id).collect();
            let guess = accord_contract::did_you_mean(id, &ids)
                .map(|known| format!(" (did you mean `{known}`?)"))
                .unwrap_or_default();
            format!("accord.toml:{line}:{column}: [policy.rules] `{id}` is not a rule{guess}; `accord rules` lists them")
        })
        .collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(EngineError::Policy(unknown.join("\n")))
    }
}

/// The `[policy]` of a manifest, every mistake in it an error: a tree check validates it
/// too, so a typo does not wait for the first `check --base` in CI to surface.
pub(crate) fn parse_policy(
    manifest: &Manifest,
    manifest_text: &str,
) -> Result<Policy, EngineError> {
    let policy = Policy::parse(
        manifest.sections.get("policy"),
        "accord.toml",
        manifest_text,
    )
    .map_err(EngineError::policy)?;
    check_overridden_rules(&policy, manifest, manifest_text)?;
    Ok(policy)
}

/// The policy of the head manifest and the approvals file it names, read at the head.
pub(crate) fn policy_and_approvals(head: &Side) -> Result<(Policy, Approvals), EngineError> {
    let policy = Policy::parse(
        head.manifest.sections.get("policy"),
        "accord.toml",
        &head.manifest_text,
    )
    .map_err(EngineError::policy)?;
    check_overridden_rules(&policy, &head.manifest, &head.manifest_text)?;
    let approvals = match head.read(&policy.approvals_file)? {
        Some(bytes) => {
            let text = String::from_utf8(bytes).map_err(|_| {
                EngineError::policy(format!("{} is not valid UTF-8", policy.approvals_file))
            })?;
            Approvals::parse(&policy.approvals_file, &text).map_err(EngineError::policy)?
        }
        None => Approvals::none(),
    };
    Ok((policy, approvals))
}

/// API changes of packs' code between the committed surfaces at both sides. Drift between
/// the head's code and its committed surface is reported by the tree check, so an API
/// change must be accepted on purpose by committing the new snapshot.
///
/// A pack's code surface is a contract in its own right: its name and consumers come from
/// the pack's code contract in the registry when there is one (else `<pack> code surface`
/// and no declared consumer), its version is the *package* version the surface was
/// extracted from (what the ecosystem's semver applies to), falling back to the code
/// contract's version, and it exists at both sides, so changing it is never "new".
fn code_surface_changes(
    base: &Side,
    head: &Side,
    base_unchanged: &[Contract],
) -> (Vec<Finding>, Vec<ContractEvidence>) {
    let mut findings = Vec::new();
    let mut evidence = Vec::new();
    for pack in &head.manifest.packs {
        if !pack.sections.contains_key("code") {
            continue;
        }
        let (path, _) =
            accord_surface::snapshot::snapshot_rel_paths(&head.manifest.contracts.dir, &pack.name);
        let load = |side: &Side| -> Option<accord_model::surface::Surface> {
            let bytes = side.read(&path).ok()??;
            serde_json::from_slice(&bytes).ok()
        };
        let (Some(old), Some(new)) = (load(base), load(head)) else {
            continue;
        };
        let is_code_contract = |c: &&Contract| {
            c.interface.kind == Some(accord_model::contract::InterfaceKind::Code)
                && pack.answers_to(&c.provider)
        };
        let old_contract = base
            .contracts
            .iter()
            .chain(base_unchanged)
            .find(is_code_contract)
            .cloned();
        let new_contract = head.contracts.iter().find(is_code_contract).cloned();
        let consumers: Vec<String> = new_contract
            .as_ref()
            .map(|c| c.consumers.clone())
            .unwrap_or_default();
        let root = accord_surface::snapshot::code_entry(pack, "accord.toml", &head.manifest_text)
            .ok()
            .flatten()
            .map(|e| e.root)
            .unwrap_or_default();
        let name = new_contract
            .as_ref()
            .map(|c| c.name.trim().to_string())
            .unwrap_or_else(|| format!("{} code surface", pack.name));
        let found: Vec<Finding> = accord_diff::code::diff_surfaces(&old, &new)
            .into_iter()
            .map(|f| {
                let mut f = crate::tree::under_root(f, &root).with_contract(name.clone());
                if f.location.revision.as_deref() == Some(accord_model::surface::BASE_REVISION) {
                    f.location.revision = base.commit.clone();
                }
                if f.impacted.is_empty() {
                    f = f.with_impacted(consumers.clone());
                }
                f
            })
            .collect();
        if found.is_empty() {
            continue;
        }
        let mut item = ContractEvidence::from_pair(old_contract.as_ref(), new_contract.as_ref());
        let version = |surface: &accord_model::surface::Surface, contract: &Option<Contract>| {
            surface
                .version
                .clone()
                .or_else(|| contract.as_ref().map(|c| c.version.trim().to_string()))
        };
        item.name = name.clone();
        item.provider = pack.name.clone();
        item.consumers = consumers.clone();
        item.old_version = version(&old, &old_contract);
        item.new_version = version(&new, &new_contract);
        item.bump = match (&item.old_version, &item.new_version) {
            (Some(o), Some(n)) => declared_bump(o, n),
            _ => accord_model::Bump::None,
        };
        item.added = false;
        item.removed = false;
        if new_contract.is_none() {
            item.path = path.clone();
            item.code_contract_missing = true;
        }
        evidence.push(item);
        findings.extend(found);
    }
    (findings, evidence)
}

/// For `*_TRANSITIVE` compatibility: the schemas of the versions before `old` that the base
/// registry still holds (deprecated and retired versions stay in the registry), oldest first.
fn earlier_schemas(base: &Side, old: &Contract, new: &Contract) -> Vec<serde_json::Value> {
    let transitive = new
        .compatibility
        .as_deref()
        .and_then(accord_diff::schema::Compatibility::parse)
        .is_some_and(|mode| mode.is_transitive());
    if !transitive {
        return Vec::new();
    }
    let version = |c: &Contract| semver::Version::parse(c.version.trim()).ok();
    let Some(old_version) = version(old) else {
        return Vec::new();
    };
    let identity = old.identity();
    let mut earlier: Vec<(semver::Version, &Contract)> = base
        .contracts
        .iter()
        .filter(|c| c.identity() == identity)
        .filter_map(|c| version(c).map(|v| (v, c)))
        .filter(|(v, _)| *v < old_version)
        .collect();
    earlier.sort_by(|a, b| a.0.cmp(&b.0));
    earlier
        .into_iter()
        .filter_map(|(_, c)| base.schema_of(c))
        .collect()
}
