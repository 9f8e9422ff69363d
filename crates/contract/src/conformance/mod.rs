//! Conformance of artifacts: do the files a provider pack writes honour its contracts?
//!
//! For every contract that is not a draft (nor retired) and whose interface is a `file` or a
//! `directory`, [`check_conformance`] expands `interface.location` (each `{placeholder}`
//! matches one path segment), then checks every artifact found: size, emptiness, binary
//! content, UTF-8, YAML/JSON syntax, Markdown sections, required fields, the JSON Schema, and
//! the entries of a directory. The contract's own examples (`schema.example`, the `examples`
//! of its JSON Schema, `interface.examples`) are checked the same way, drafts included, and
//! reported at the example's line. Every violation of an artifact is reported, each as a
//! [`Finding`] at the artifact's `file:line:column` with a secondary location "required by
//! contract X vX.Y.Z" pointing into the contract.
//!
//! Artifacts are checked in parallel; each worker reads one file, checks it and drops it, so
//! memory does not grow with the number of files. Schemas are compiled once per contract.
//! Nothing outside the repository is read: a location with `..` or an absolute path, and a
//! symlink leading out of the repository, are refused as findings.
//!
//! ```
//! use accord_contract::conformance::{check_conformance, ConformanceOptions};
//! use accord_model::contract::{Contract, Format, Interface, InterfaceKind, Section, Status};
//! use accord_model::manifest::Manifest;
//!
//! let repo = tempfile::tempdir().unwrap();
//! let dir = repo.path().join("outputs/minds/naval/system_prompts");
//! std::fs::create_dir_all(&dir).unwrap();
//! std::fs::write(dir.join("generalista.md"), "# Naval\n\n## Cognitive Patterns\n").unwrap();
//!
//! let contract = Contract {
//!     path: "contracts/mmos-creator-os-v1.0.0.yaml".into(),
//!     name: "MMOS → CreatorOS Voice Integration".into(),
//!     version: "1.0.0".into(),
//!     status: Some(Status::Stable),
//!     interface: Interface {
//!         kind: Some(InterfaceKind::File),
//!         format: Some(Format::Markdown),
//!         location: Some("outputs/minds/{slug}/system_prompts/generalista.md".into()),
//!         required_sections: vec![
//!             Section { name: "Cognitive Patterns".into(), level: Some(2), ..Section::default() },
//!             Section { name: "Communication Style".into(), level: Some(2), ..Section::default() },
//!         ],
//!         ..Interface::default()
//!     },
//!     ..Contract::default()
//! };
//! let report = check_conformance(repo.path(), &Manifest::default(), &[contract], &ConformanceOptions::default()).unwrap();
//! assert_eq!(report.matches[0].slugs["slug"], vec!["naval".to_string()]);
//! assert_eq!(report.findings.len(), 1);
//! assert_eq!(report.findings[0].rule, "conformance-missing-section");
//! ```

mod context;
mod fields;
pub mod markdown;
mod pattern;
mod rules;
mod schema;
#[cfg(test)]
mod testing;

use crate::doc;
use accord_model::contract::{Contract, Format, InterfaceKind, Status};
use accord_model::manifest::Manifest;
use accord_model::{Finding, RuleMeta, Span};
use context::{Artifact, ContractCtx};
use pattern::{LocationPattern, PatternError, Refusal, Want};
use rayon::prelude::*;
use rules::*;
use serde::Serialize;
use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Every conformance rule, in catalogue order.
pub fn rules() -> &'static [&'static RuleMeta] {
    rules::ALL
}

/// Receives progress while artifacts are checked (the CLI draws a bar with it).
/// Called from worker threads.
pub trait Progress: Send + Sync {
    /// The number of artifacts about to be checked, once every location is expanded.
    fn start(&self, artifacts: u64);
    /// `n` more artifacts were checked.
    fn advance(&self, n: u64);
}

/// How to run the checks.
#[derive(Clone, Default)]
pub struct ConformanceOptions {
    /// Overrides `[limits] max_file_size` of the manifest.
    pub max_file_size: Option<u64>,
    /// Progress sink; `None` reports nothing.
    pub progress: Option<Arc<dyn Progress>>,
}

impl fmt::Debug for ConformanceOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConformanceOptions")
            .field("max_file_size", &self.max_file_size)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

/// What one contract's location matched.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ContractMatches {
    /// `name vVERSION`.
    pub contract: String,
    /// Repository-relative path of the contract file.
    pub path: String,
    /// The location pattern, as written.
    pub location: String,
    /// Values found for each placeholder, sorted (`slug` → `["feynman", "naval"]`).
    pub slugs: BTreeMap<String, Vec<String>>,
    /// Number of artifacts checked.
    pub artifacts: usize,
}

/// The result of a conformance run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ConformanceReport {
    /// Every violation, sorted by path, line, column and rule.
    pub findings: Vec<Finding>,
    /// One entry per contract checked, in the order given.
    pub matches: Vec<ContractMatches>,
}

/// Why conformance could not run at all. Problems of single artifacts are findings.
#[derive(Debug, thiserror::Error)]
pub enum ConformanceError {
    /// The repository root is missing, not a directory, or unreadable.
    #[error("cannot read the repository root `{path}`: {source}")]
    Root {
        /// The root as given.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// A directory on the way to the artifacts exists but cannot be listed.
    #[error(
        "cannot list directory `{path}` while expanding the location of contract {contract}: {source}"
    )]
    Walk {
        /// The directory.
        path: PathBuf,
        /// `name vVERSION` of the contract being expanded.
        contract: String,
        /// The cause.
        source: io::Error,
    },
    /// `accord validate` named a contract whose interface is not a file or a directory.
    #[error(
        "contract {contract} has interface type `{kind}`; only `file` and `directory` contracts have artifacts to validate"
    )]
    NotAnArtifactContract {
        /// `name vVERSION`.
        contract: String,
        /// The interface type, or `unknown`.
        kind: String,
    },
    /// An artifact named on the command line does not exist or cannot be inspected.
    #[error("cannot read artifact `{path}`: {source}")]
    Artifact {
        /// The path as given.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
}

/// Checks every artifact of every applicable contract under `root`.
///
/// `contracts` are the parsed contracts of the registry; draft and retired contracts, and
/// those whose interface is a database or code, are skipped. Fails only when the root (or a
/// directory on the way to the artifacts) cannot be read.
pub fn check_conformance(
    root: &Path,
    manifest: &Manifest,
    contracts: &[Contract],
    opts: &ConformanceOptions,
) -> Result<ConformanceReport, ConformanceError> {
    let root = canonical_root(root)?;
    let max = opts.max_file_size.unwrap_or(manifest.limits.max_file_size);
    let mut findings = Vec::new();
    let mut matches = Vec::new();
    let mut ctxs = Vec::new();
    // (index into ctxs, repository-relative path): all that is kept per artifact until it
    // is checked.
    let mut jobs: Vec<(usize, String)> = Vec::new();
    for contract in contracts {
        if contract.status == Some(Status::Retired) {
            continue;
        }
        let Some(want) = want_of(contract) else {
            continue;
        };
        // A draft's artifacts are not checked, but its examples are: they are part of
        // the contract itself.
        let draft = contract.status == Some(Status::Draft);
        if draft && contract.interface.examples.is_empty() {
            continue;
        }
        let ctx = build_ctx(&root, contract, want, max, &mut findings);
        conformance_example_invalid::check(&ctx, &mut findings);
        if draft {
            continue;
        }
        let Some(location) = contract.interface.location.as_deref() else {
            continue;
        };
        let mut entry = ContractMatches {
            contract: contract.display(),
            path: contract.path.clone(),
            location: location.to_string(),
            ..ContractMatches::default()
        };
        match LocationPattern::parse(location) {
            Err(PatternError::Escapes(why)) => {
                findings.push(conformance_location_escapes::location(&ctx, &why));
            }
            Err(PatternError::Empty) => {
                findings.push(conformance_no_artifacts::finding(&ctx, Some("is empty")));
            }
            Ok(pattern) => {
                let expansion =
                    pattern::expand(&root, &pattern, want).map_err(|e| ConformanceError::Walk {
                        path: e.path,
                        contract: contract.display(),
                        source: e.source,
                    })?;
                for refusal in &expansion.refusals {
                    findings.push(conformance_location_escapes::refusal(&ctx, refusal));
                }
                if expansion.artifacts.is_empty() && expansion.refusals.is_empty() {
                    findings.push(conformance_no_artifacts::finding(&ctx, None));
                }
                entry.slugs = expansion.slugs;
                entry.artifacts = expansion.artifacts.len();
                let index = ctxs.len();
                jobs.extend(expansion.artifacts.into_iter().map(|rel| (index, rel)));
            }
        }
        matches.push(entry);
        ctxs.push(ctx);
    }
    if let Some(progress) = &opts.progress {
        progress.start(jobs.len() as u64);
    }
    let checked: Vec<Finding> = jobs
        .par_iter()
        .flat_map_iter(|(index, rel)| {
            let found = ctxs
                .get(*index)
                .map(|ctx| check_artifact(ctx, rel))
                .unwrap_or_default();
            if let Some(progress) = &opts.progress {
                progress.advance(1);
            }
            found
        })
        .collect();
    findings.extend(checked);
    sort(&mut findings);
    Ok(ConformanceReport { findings, matches })
}

/// Checks the named artifacts against one contract (`accord validate CONTRACT ARTIFACT...`),
/// whatever its status. Relative paths are taken from `root`. An artifact that does not
/// exist is an error; one that lies outside the repository is refused as a finding.
pub fn validate_artifacts(
    root: &Path,
    manifest: &Manifest,
    contract: &Contract,
    artifacts: &[PathBuf],
) -> Result<ConformanceReport, ConformanceError> {
    let given_root = root;
    let root = canonical_root(root)?;
    let want = want_of(contract).ok_or_else(|| ConformanceError::NotAnArtifactContract {
        contract: contract.display(),
        kind: contract
            .interface
            .kind
            .map_or("unknown", InterfaceKind::as_str)
            .to_string(),
    })?;
    let mut findings = Vec::new();
    let ctx = build_ctx(
        &root,
        contract,
        want,
        manifest.limits.max_file_size,
        &mut findings,
    );
    let pattern = contract
        .interface
        .location
        .as_deref()
        .and_then(|l| LocationPattern::parse(l).ok());
    let mut entry = ContractMatches {
        contract: contract.display(),
        path: contract.path.clone(),
        location: contract.interface.location.clone().unwrap_or_default(),
        ..ContractMatches::default()
    };
    let mut rels = Vec::new();
    for given in artifacts {
        let abs = if given.is_absolute() {
            given.clone()
        } else {
            given_root.join(given)
        };
        let meta = fs::symlink_metadata(&abs).map_err(|source| ConformanceError::Artifact {
            path: given.clone(),
            source,
        })?;
        let rel = relative_to(&abs, given_root, &root)
            .unwrap_or_else(|| given.to_string_lossy().replace('\\', "/"));
        match fs::canonicalize(&abs) {
            Err(e) => findings.push(conformance_location_escapes::refusal(
                &ctx,
                &Refusal::Unresolvable {
                    rel,
                    is_loop: meta.file_type().is_symlink(),
                    reason: e.to_string(),
                },
            )),
            Ok(target) if !target.starts_with(&root) => {
                findings.push(conformance_location_escapes::refusal(
                    &ctx,
                    &Refusal::OutsideRoot { rel, target },
                ));
            }
            Ok(target) => {
                // A path given with `..` inside the repository: report it by its real place.
                let rel = if rel.split('/').any(|s| s == "..") {
                    relative_to(&target, &root, &root).unwrap_or(rel)
                } else {
                    rel
                };
                if let Some(captures) = pattern.as_ref().and_then(|p| p.match_path(&rel)) {
                    for (name, value) in captures {
                        entry.slugs.entry(name).or_default().push(value);
                    }
                }
                rels.push(rel);
            }
        }
    }
    for values in entry.slugs.values_mut() {
        values.sort();
        values.dedup();
    }
    entry.artifacts = rels.len();
    let checked: Vec<Finding> = rels
        .par_iter()
        .flat_map_iter(|rel| check_artifact(&ctx, rel))
        .collect();
    findings.extend(checked);
    sort(&mut findings);
    Ok(ConformanceReport {
        findings,
        matches: vec![entry],
    })
}

fn canonical_root(root: &Path) -> Result<PathBuf, ConformanceError> {
    let canonical = fs::canonicalize(root).map_err(|source| ConformanceError::Root {
        path: root.to_path_buf(),
        source,
    })?;
    fs::read_dir(&canonical).map_err(|source| ConformanceError::Root {
        path: root.to_path_buf(),
        source,
    })?;
    Ok(canonical)
}

/// `abs` relative to the root (as given, or canonical), with `/` separators.
fn relative_to(abs: &Path, given_root: &Path, canonical_root: &Path) -> Option<String> {
    let rel = abs
        .strip_prefix(given_root)
        .or_else(|_| abs.strip_prefix(canonical_root))
        .ok()?;
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".to_string()),
            _ => None,
        })
        .collect();
    Some(parts.join("/"))
}

/// What a contract's artifacts are, or `None` when it has none (database, code).
fn want_of(contract: &Contract) -> Option<Want> {
    match contract.interface.kind {
        Some(InterfaceKind::File) => Some(Want::File),
        Some(InterfaceKind::Directory) => Some(Want::Directory),
        Some(InterfaceKind::Database | InterfaceKind::Code) => None,
        None => {
            let location = contract.interface.location.as_deref()?.trim();
            Some(if location.ends_with('/') || location.ends_with('\\') {
                Want::Directory
            } else {
                Want::File
            })
        }
    }
}

fn build_ctx<'a>(
    root: &Path,
    contract: &'a Contract,
    want: Want,
    max_file_size: u64,
    findings: &mut Vec<Finding>,
) -> ContractCtx<'a> {
    // The contract text only serves to turn spans into line:column; a contract path that
    // would leave the repository is not read.
    let text = LocationPattern::parse(&contract.path)
        .ok()
        .and_then(|_| fs::read_to_string(root.join(&contract.path)).ok());
    let utf8 = contract.interface.encoding.as_deref().is_some_and(|e| {
        let e = e.trim().to_ascii_lowercase();
        e == "utf-8" || e == "utf8"
    });
    let mut ctx = ContractCtx {
        contract,
        text,
        want,
        format: contract.interface.format,
        utf8,
        max_file_size,
        schema: None,
        root: root.to_path_buf(),
        data_file: match want {
            Want::Directory => data_file(contract),
            Want::File => None,
        },
    };
    match schema::compile(root, contract, max_file_size) {
        Ok(validator) => ctx.schema = validator,
        Err(schema::SchemaProblem::Escapes(why)) => {
            findings.push(conformance_location_escapes::schema(&ctx, &why));
        }
        Err(schema::SchemaProblem::Unusable(why)) => {
            findings.push(conformance_schema_violation::unusable(&ctx, &why));
        }
    }
    ctx
}

/// A parsed YAML/JSON artifact whose spans are computed only when a finding needs one:
/// most artifacts are valid, and for JSON the span scan is most of the cost.
pub(crate) struct Tree<'t> {
    pub(crate) value: serde_json::Value,
    text: &'t str,
    spans: OnceCell<BTreeMap<String, Span>>,
}

impl Tree<'_> {
    /// The span of the node at `pointer`, or of its nearest ancestor.
    pub(crate) fn span_of(&self, pointer: &str) -> Span {
        let spans = self.spans.get_or_init(|| {
            doc::parse_json(self.text)
                .map(|d| d.spans)
                .unwrap_or_default()
        });
        doc::nearest(spans, pointer)
    }
}

/// Every finding of one artifact. Reads it (at most once, at most the size limit) and drops
/// it before returning.
fn check_artifact(ctx: &ContractCtx<'_>, rel: &str) -> Vec<Finding> {
    if ctx.want == Want::File {
        return check_file(ctx, rel, ctx.format.or_else(|| format_from_extension(rel)));
    }
    let mut out = Vec::new();
    conformance_missing_entry::check(ctx, rel, &mut out);
    if let Some(data) = &ctx.data_file {
        let data_rel = format!("{rel}/{data}");
        // Refusals and absence were reported by the entry check; only a real file is read.
        if let pattern::Resolved::File =
            pattern::resolve(&ctx.root, &ctx.root.join(&data_rel), &data_rel, None)
        {
            out.extend(check_file(ctx, &data_rel, format_from_extension(data)));
        }
    }
    out
}

/// Every finding of one file, read as `format`.
fn check_file(ctx: &ContractCtx<'_>, rel: &str, format: Option<Format>) -> Vec<Finding> {
    let mut out = Vec::new();
    let abs = ctx.root.join(rel);
    let size = match fs::metadata(&abs) {
        Ok(meta) => meta.len(),
        Err(e) => {
            out.push(conformance_parse_error::unreadable(ctx, rel, &e));
            return out;
        }
    };
    if let Some(f) = conformance_file_too_large::check(ctx, rel, size) {
        out.push(f);
        return out;
    }
    // Regular files only, bounded while reading: a FIFO would block, and the file may have
    // grown between the metadata and the read.
    let bytes = match accord_fs::read_user_file(&abs, ctx.max_file_size) {
        Ok(bytes) => bytes,
        Err(accord_fs::FsError::TooLarge { limit, .. }) => {
            out.extend(conformance_file_too_large::check(ctx, rel, limit + 1));
            return out;
        }
        Err(e) => {
            out.push(conformance_parse_error::unreadable(ctx, rel, &e));
            return out;
        }
    };
    if let Some(f) = conformance_empty_file::check(ctx, rel, &bytes) {
        out.push(f);
        return out;
    }
    if let Some(f) = conformance_binary_file::check(ctx, rel, &bytes) {
        out.push(f);
        return out;
    }
    let text = conformance_encoding::decode(ctx, rel, &bytes, &mut out);
    let artifact = Artifact { rel, text: &text };
    match format {
        Some(Format::Markdown) => {
            let headings = markdown::headings(&text);
            conformance_missing_section::check(ctx, &artifact, &headings, &mut out);
            conformance_section_level::check(ctx, &artifact, &headings, &mut out);
        }
        Some(Format::Yaml) => match doc::parse_yaml(&text) {
            Err(e) => out.push(conformance_parse_error::finding(ctx, &artifact, "YAML", &e)),
            Ok(document) => {
                let tree = Tree {
                    value: document.value,
                    text: &text,
                    spans: OnceCell::from(document.spans),
                };
                check_tree(ctx, &artifact, &tree, &mut out);
            }
        },
        Some(Format::Json) => match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(value) => {
                let tree = Tree {
                    value,
                    text: &text,
                    spans: OnceCell::new(),
                };
                check_tree(ctx, &artifact, &tree, &mut out);
            }
            Err(_) => {
                if let Err(e) = doc::parse_json(&text) {
                    out.push(conformance_parse_error::finding(ctx, &artifact, "JSON", &e));
                }
            }
        },
        Some(Format::Sql) | None => {}
    }
    out
}

fn check_tree(
    ctx: &ContractCtx<'_>,
    artifact: &Artifact<'_>,
    tree: &Tree<'_>,
    out: &mut Vec<Finding>,
) {
    conformance_missing_field::check(ctx, artifact, tree, out);
    conformance_schema_violation::check(ctx, artifact, tree, out);
}

/// The data file of a directory contract: its first required entry that is YAML or JSON.
/// `required_fields` describe that file (e.g. `sources/metadata.yaml`).
fn data_file(contract: &Contract) -> Option<String> {
    contract
        .interface
        .required_entries
        .iter()
        .map(|e| e.trim())
        .find(|e| {
            !e.ends_with('/')
                && matches!(format_from_extension(e), Some(Format::Yaml | Format::Json))
                && LocationPattern::parse(e).is_ok()
        })
        .map(str::to_string)
}

pub(crate) fn format_from_extension(rel: &str) -> Option<Format> {
    let ext = Path::new(rel).extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "md" | "markdown" => Some(Format::Markdown),
        "yaml" | "yml" => Some(Format::Yaml),
        "json" => Some(Format::Json),
        _ => None,
    }
}

fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (
            &a.location.path,
            a.location.line,
            a.location.column,
            &a.rule,
            &a.message,
        )
            .cmp(&(
                &b.location.path,
                b.location.line,
                b.location.column,
                &b.rule,
                &b.message,
            ))
    });
}

#[cfg(test)]
mod tests;
