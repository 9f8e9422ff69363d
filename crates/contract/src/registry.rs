//! Loading the contracts directory: every file parsed (in parallel), unreadable or
//! invalid files turned into `registry-parse-error` findings so one bad file never hides
//! the others.

use crate::contract::parse_contract;
use crate::rules::registry_parse_error::REGISTRY_PARSE_ERROR;
use accord_model::contract::Contract;
use accord_model::manifest::Manifest;
use accord_model::{Finding, Location, Span};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// File texts by repository-relative path, so findings get line and column and reporters
/// can show snippets without reading files again.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    texts: BTreeMap<String, String>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Records the text of `path`.
    pub fn insert(&mut self, path: impl Into<String>, text: impl Into<String>) {
        self.texts.insert(path.into(), text.into());
    }

    /// The text of `path`, if recorded.
    pub fn get(&self, path: &str) -> Option<&str> {
        self.texts.get(path).map(String::as_str)
    }

    /// A location for `span` in `path`: line and column when the text is known; otherwise
    /// line 0 (the whole file) with the span kept for a reporter that can read the file.
    pub fn location(&self, path: &str, span: Span) -> Location {
        match self.get(path) {
            Some(text) => Location::from_span(path, text, crate::diagnostic::clamp(text, span)),
            None => Location {
                path: path.to_string(),
                line: 0,
                column: 0,
                span: Some(span),
                revision: None,
            },
        }
    }
}

/// The contracts of a repository, as far as they could be read.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    /// Contracts that parsed, sorted by path.
    pub contracts: Vec<Contract>,
    /// `registry-parse-error` findings for files that did not.
    pub findings: Vec<Finding>,
    /// Texts of the contract files and of the manifest.
    pub sources: SourceMap,
}

/// The contracts directory could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    /// `[contracts] dir` names a directory that does not exist.
    #[error(
        "contracts directory `{dir}` does not exist (set by `{key}` in {manifest}{at}); create it or change `[contracts] dir`"
    )]
    MissingDir {
        /// The directory, as configured.
        dir: String,
        /// The manifest key that names it.
        key: &'static str,
        /// Path of the manifest.
        manifest: String,
        /// ` at line L, column C` when known.
        at: String,
    },
    /// The directory (or a symlink on the way) resolves outside the repository.
    #[error(
        "contracts directory `{dir}` resolves to {target}, outside the repository {root}; refusing to read it"
    )]
    OutsideRepo {
        /// The directory, as configured.
        dir: String,
        /// Where it resolves.
        target: PathBuf,
        /// The repository root.
        root: PathBuf,
    },
    /// An I/O error on the directory itself.
    #[error("cannot read contracts directory {}: {source}", path.display())]
    Io {
        /// The directory.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// Reads every `*.yaml`, `*.yml` and `*.json` under the manifest's contracts directory
/// (recursively, in path order). Files that cannot be read or parsed become
/// `registry-parse-error` findings; symlinks that leave the repository are refused
/// without being read. When the manifest leaves `[contracts] dir` at its default and that
/// directory does not exist, the registry is empty.
pub fn load_registry(root: &Path, manifest: &Manifest) -> Result<Registry, RegistryError> {
    let dir_rel = manifest.contracts.dir.as_str();
    let dir = root.join(dir_rel);
    let mut sources = SourceMap::new();
    let manifest_text = accord_fs::read_user_file(&root.join(&manifest.path), 1024 * 1024)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok());
    if let Some(text) = &manifest_text {
        sources.insert(manifest.path.clone(), text.clone());
    }
    // A repository may hold only migrations (or only a manifest): the default directory
    // being absent means "no contracts yet", while a directory the manifest names must exist.
    if manifest.contracts.dir_span.is_none() && dir.symlink_metadata().is_err() {
        return Ok(Registry {
            sources,
            ..Registry::default()
        });
    }
    if !dir.is_dir() {
        let at = match (manifest.contracts.dir_span, &manifest_text) {
            (Some(span), Some(text)) => {
                let (l, c) = span.line_col(text);
                format!(" at line {l}, column {c}")
            }
            _ => String::new(),
        };
        return Err(RegistryError::MissingDir {
            dir: dir_rel.to_string(),
            key: if manifest.contracts.dir_span.is_some() {
                "[contracts] dir"
            } else {
                "the default of [contracts] dir"
            },
            manifest: manifest.path.clone(),
            at,
        });
    }
    let root_canon = root.canonicalize().map_err(|source| RegistryError::Io {
        path: root.to_path_buf(),
        source,
    })?;
    let dir_canon = dir.canonicalize().map_err(|source| RegistryError::Io {
        path: dir.clone(),
        source,
    })?;
    if !dir_canon.starts_with(&root_canon) {
        return Err(RegistryError::OutsideRepo {
            dir: dir_rel.to_string(),
            target: dir_canon,
            root: root_canon,
        });
    }

    let mut findings = Vec::new();
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    let mut visited = BTreeSet::new();
    walk(
        &dir,
        dir_rel,
        &root_canon,
        &mut visited,
        &mut files,
        &mut findings,
    );
    files.sort();

    let limit = manifest.limits.max_file_size;
    let results: Vec<(String, FileOutcome)> = files
        .par_iter()
        .map(|(rel, abs)| {
            let read = read_limited(abs, limit).map_err(|msg| {
                Finding::of(&REGISTRY_PARSE_ERROR, format!("contract file {msg}"))
                    .at(Location::file(rel.clone()))
                    .with_logical_path(rel.clone())
                    .with_help("fix or remove the file; the other contracts were still checked")
            });
            let out = read.map(|text| {
                let parsed = parse_contract(rel, &text).map_err(|e| {
                    e.diagnostics
                        .iter()
                        .map(|d| {
                            let mut f = Finding::of(&REGISTRY_PARSE_ERROR, d.message.clone())
                                .at(d.location())
                                .with_logical_path(format!("{rel}#{}", d.message));
                            f.help = d.help.clone().or_else(|| {
                                Some("fix the file; the other contracts were still checked".into())
                            });
                            f
                        })
                        .collect()
                });
                (text, parsed)
            });
            (rel.clone(), out)
        })
        .collect();

    let mut contracts = Vec::new();
    for (rel, result) in results {
        match result {
            Err(f) => findings.push(f),
            Ok((text, parsed)) => {
                sources.insert(rel, text);
                match parsed {
                    Ok(c) => contracts.push(c),
                    Err(fs) => findings.extend(fs),
                }
            }
        }
    }
    Ok(Registry {
        contracts,
        findings,
        sources,
    })
}

/// A file's text and parse result, or the finding that it could not be read.
type FileOutcome = Result<(String, Result<Contract, Vec<Finding>>), Finding>;

/// True for a file the registry reads as a contract: YAML or JSON, but not a code-surface
/// snapshot (`<pack>.surface.json`), which lives beside the contracts and is not one.
pub fn is_contract_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".surface.json") {
        return false;
    }
    lower.ends_with(".yaml") || lower.ends_with(".yml") || lower.ends_with(".json")
}

fn walk(
    dir: &Path,
    rel: &str,
    root: &Path,
    visited: &mut BTreeSet<PathBuf>,
    files: &mut Vec<(String, PathBuf)>,
    findings: &mut Vec<Finding>,
) {
    // A symlink loop would otherwise recurse forever.
    let Ok(canon) = dir.canonicalize() else {
        return;
    };
    if !visited.insert(canon) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        findings.push(
            Finding::of(
                &REGISTRY_PARSE_ERROR,
                format!("directory `{rel}` cannot be read"),
            )
            .at(Location::file(rel))
            .with_logical_path(rel.to_string()),
        );
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let child_rel = format!("{rel}/{name}");
        let path = entry.path();
        let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
        if is_link {
            match path.canonicalize() {
                Ok(target) if target.starts_with(root) => {}
                Ok(_) | Err(_) => {
                    if is_contract_file(&name) || path.is_dir() {
                        findings.push(
                            Finding::of(
                                &REGISTRY_PARSE_ERROR,
                                format!("`{child_rel}` is a symlink that leaves the repository (or is broken); not read"),
                            )
                            .at(Location::file(child_rel.clone()))
                            .with_logical_path(child_rel.clone())
                            .with_help("contracts must live inside the repository"),
                        );
                    }
                    continue;
                }
            }
        }
        if path.is_dir() {
            walk(&path, &child_rel, root, visited, files, findings);
        } else if is_contract_file(&name) {
            files.push((child_rel, path));
        }
    }
}

fn read_limited(path: &Path, limit: u64) -> Result<String, String> {
    // Regular files only and bounded while reading: a FIFO or a device named `x.yaml`
    // would otherwise block or never end.
    let bytes = accord_fs::read_user_file(path, limit).map_err(|e| match e {
        accord_fs::FsError::TooLarge { .. } => {
            let size = std::fs::metadata(path).map_or(limit + 1, |m| m.len());
            format!(
                "is {size} bytes, over the limit of {limit} bytes ([limits] max_file_size); not read"
            )
        }
        accord_fs::FsError::NotRegular { kind, .. } => format!("is {kind}, not a regular file; not read"),
        other => format!("cannot be read: {other}"),
    })?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "is not valid UTF-8 (first bad byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    const CONTRACT: &str = "contract:\n  name: A\n  version: \"1.0.0\"\n  status: stable\n  provider: a\n  consumer: b\n  breaking_changes_history:\n    - version: \"1.0.0\"\n";

    fn setup(toml: &str) -> (tempfile::TempDir, Manifest) {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("accord.toml"), toml).unwrap();
        let manifest = crate::parse_manifest("accord.toml", toml).unwrap();
        (dir, manifest)
    }

    #[test]
    fn missing_dir_names_the_dir_and_the_key() {
        let (dir, manifest) = setup("[contracts]\ndir = \"nope\"\n");
        let err = load_registry(dir.path(), &manifest)
            .unwrap_err()
            .to_string();
        assert!(err.contains("`nope`"), "{err}");
        assert!(err.contains("[contracts] dir"), "{err}");
        assert!(err.contains("line 2, column 8"), "{err}");
    }

    #[test]
    fn bad_files_become_findings_and_the_rest_still_loads() {
        let (dir, mut manifest) = setup("[limits]\nmax_file_size = 400\n");
        manifest.limits.max_file_size = 400;
        let c = dir.path().join("contracts");
        fs::create_dir_all(c.join("sub")).unwrap();
        fs::write(c.join("a-b-v1.0.0.yaml"), CONTRACT).unwrap();
        fs::write(c.join("sub/c.json"), "{\"contract\": ").unwrap();
        fs::write(c.join("bin.yaml"), [0x61u8, 0x3a, 0x20, 0xff, 0xfe]).unwrap();
        fs::write(c.join("big.yml"), "#".repeat(1000)).unwrap();
        fs::write(c.join("notes.md"), "ignored").unwrap();
        let r = load_registry(dir.path(), &manifest).unwrap();
        assert_eq!(r.contracts.len(), 1);
        assert_eq!(r.contracts[0].path, "contracts/a-b-v1.0.0.yaml");
        let msgs: Vec<String> = r
            .findings
            .iter()
            .map(|f| format!("{} {}", f.location.path, f.message))
            .collect();
        assert_eq!(msgs.len(), 3, "{msgs:#?}");
        assert!(
            msgs[0].contains("big.yml contract file is 1000 bytes, over the limit"),
            "{msgs:#?}"
        );
        assert!(
            msgs[1]
                .contains("bin.yaml contract file is not valid UTF-8 (first bad byte at offset 3)"),
            "{msgs:#?}"
        );
        assert!(msgs[2].contains("sub/c.json invalid JSON"), "{msgs:#?}");
        assert!(r.sources.get("contracts/a-b-v1.0.0.yaml").is_some());
        assert!(r.sources.get("accord.toml").is_some());
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_leaving_the_repo_are_refused_and_loops_terminate() {
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret.yaml"), CONTRACT).unwrap();
        let (dir, manifest) = setup("");
        let c = dir.path().join("contracts");
        fs::create_dir_all(&c).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.yaml"), c.join("x.yaml")).unwrap();
        std::os::unix::fs::symlink(&c, c.join("loop")).unwrap();
        let r = load_registry(dir.path(), &manifest).unwrap();
        assert!(r.contracts.is_empty());
        assert_eq!(r.findings.len(), 1);
        assert!(
            r.findings[0]
                .message
                .contains("symlink that leaves the repository")
        );

        let (dir2, manifest2) = setup("[contracts]\ndir = \"c\"\n");
        std::os::unix::fs::symlink(outside.path(), dir2.path().join("c")).unwrap();
        let err = load_registry(dir2.path(), &manifest2).unwrap_err();
        assert!(matches!(err, RegistryError::OutsideRepo { .. }), "{err}");
    }
}
