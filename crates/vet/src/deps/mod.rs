//! Dependencies added or changed between two trees, from the files each ecosystem keeps:
//! `Cargo.toml`/`Cargo.lock`, `package.json` with `package-lock.json`, `pnpm-lock.yaml` or
//! `yarn.lock`, `pyproject.toml`, `requirements*.txt` and `uv.lock`.
//!
//! Each (ecosystem, name) whose resolved versions differ between base and head is one
//! `dependency-added` finding (RISKY: someone must audit it); an exact version an advisory
//! of the local database covers is a `dependency-advisory` (BREAKING, naming the advisory);
//! a known license the policy does not allow is a `dependency-license-not-allowed`.
//! Lockfiles are read with real parsers (TOML, JSON, YAML); `yarn.lock` v1, which is its
//! own format, has a small parser here. A file that does not parse is an error naming the
//! file, line and column.

pub mod advisory;
mod cargo;
pub use cargo::default_cargo_home;
mod npm;
mod python;
mod yarn;

use crate::config::DependenciesConfig;
use crate::license::Verdict;
use crate::rules::dependency_added::DEPENDENCY_ADDED;
use crate::rules::dependency_advisory::DEPENDENCY_ADVISORY;
use crate::rules::dependency_license_not_allowed::DEPENDENCY_LICENSE_NOT_ALLOWED;
use crate::{VetError, read_text};
use accord_contract::Diagnostic;
use accord_model::{Finding, Location, Span};
use accord_vcs::Tree;
use std::collections::{BTreeMap, BTreeSet};

/// A package ecosystem, named as OSV names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ecosystem {
    /// Rust.
    Cargo,
    /// JavaScript.
    Npm,
    /// Python.
    PyPI,
}

impl Ecosystem {
    /// OSV's `affected[].package.ecosystem`.
    pub fn osv(self) -> &'static str {
        match self {
            Ecosystem::Cargo => "crates.io",
            Ecosystem::Npm => "npm",
            Ecosystem::PyPI => "PyPI",
        }
    }
}

/// One dependency as one file declares or locks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    /// Its ecosystem.
    pub ecosystem: Ecosystem,
    /// Package name (PyPI names normalized: lower case, `-` for `_` and `.`).
    pub name: String,
    /// The exact version (lockfiles, `==` pins) or the requirement as written (manifests).
    pub version: String,
    /// True when `version` is exact.
    pub exact: bool,
    /// License, when the file records one.
    pub license: Option<String>,
    /// The file and line that declare it.
    pub location: Location,
}

/// True for the file names this module reads.
pub fn is_dependency_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    if path
        .split('/')
        .any(|p| p == "node_modules" || p == "target" || p == ".git")
    {
        return false;
    }
    matches!(
        name,
        "Cargo.toml"
            | "Cargo.lock"
            | "package.json"
            | "package-lock.json"
            | "npm-shrinkwrap.json"
            | "pnpm-lock.yaml"
            | "yarn.lock"
            | "pyproject.toml"
            | "uv.lock"
    ) || (name.starts_with("requirements") && name.ends_with(".txt"))
}

/// Every dependency the files at `paths` of `tree` declare. With `cargo_home`, a crate's
/// license is read from its sources in Cargo's local cache when they are there.
pub fn collect(
    tree: &dyn Tree,
    paths: &[String],
    cargo_home: Option<&std::path::Path>,
) -> Result<Vec<Dependency>, VetError> {
    let mut out = Vec::new();
    for path in paths.iter().filter(|p| is_dependency_file(p)) {
        let Some(text) = read_text(tree, path)? else {
            continue;
        };
        let name = path.rsplit('/').next().unwrap_or(path);
        let mut found = match name {
            "Cargo.toml" => cargo::manifest(path, &text)?,
            "Cargo.lock" => cargo::lock(path, &text)?,
            "package.json" => npm::manifest(path, &text)?,
            "package-lock.json" | "npm-shrinkwrap.json" => npm::lock(path, &text)?,
            "pnpm-lock.yaml" => npm::pnpm(path, &text)?,
            "yarn.lock" => yarn::lock(path, &text)?,
            "pyproject.toml" => python::pyproject(path, &text)?,
            "uv.lock" => python::uv(path, &text)?,
            _ => python::requirements(path, &text)?,
        };
        // Local metadata: an installed npm package's own package.json knows its license.
        for dep in found.iter_mut().filter(|d| d.ecosystem == Ecosystem::Npm) {
            if dep.license.is_none() {
                dep.license = npm::installed_license(tree, path, &dep.name)?;
            }
        }
        if let Some(home) = cargo_home {
            for dep in found
                .iter_mut()
                .filter(|d| d.ecosystem == Ecosystem::Cargo && d.exact && d.license.is_none())
            {
                dep.license = cargo::registry_license(home, &dep.name, &dep.version);
            }
        }
        out.extend(found);
    }
    Ok(out)
}

/// What changed for one package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Its ecosystem.
    pub ecosystem: Ecosystem,
    /// Its name.
    pub name: String,
    /// Versions at the base (empty: added).
    pub before: BTreeSet<String>,
    /// Versions at the head.
    pub after: BTreeSet<String>,
    /// Exact versions at the head (from lockfiles or pins).
    pub exact: BTreeSet<String>,
    /// A license recorded for it at the head.
    pub license: Option<String>,
    /// Where the head declares it (a manifest before a lockfile).
    pub location: Location,
}

/// Packages whose versions differ between `base` and `head` and are present at the head.
pub fn changes(base: &[Dependency], head: &[Dependency]) -> Vec<Change> {
    // Lockfile versions speak for a package when there are any; manifest requirements
    // otherwise, so a project without a lockfile is still audited.
    fn versions(deps: &[&Dependency]) -> BTreeSet<String> {
        let exact: BTreeSet<String> = deps
            .iter()
            .filter(|d| d.exact)
            .map(|d| d.version.clone())
            .collect();
        if exact.is_empty() {
            deps.iter().map(|d| d.version.clone()).collect()
        } else {
            exact
        }
    }
    fn group(deps: &[Dependency]) -> BTreeMap<(Ecosystem, String), Vec<&Dependency>> {
        let mut map: BTreeMap<(Ecosystem, String), Vec<&Dependency>> = BTreeMap::new();
        for d in deps {
            map.entry((d.ecosystem, d.name.clone()))
                .or_default()
                .push(d);
        }
        map
    }
    let before = group(base);
    let mut out = Vec::new();
    for ((eco, name), deps) in group(head) {
        let after = versions(&deps);
        let old = before
            .get(&(eco, name.clone()))
            .map(|d| versions(d))
            .unwrap_or_default();
        if old == after {
            continue;
        }
        let declared = deps
            .iter()
            .find(|d| !d.exact)
            .or_else(|| deps.first())
            .expect("a group is never empty");
        out.push(Change {
            ecosystem: eco,
            name,
            before: old,
            exact: deps
                .iter()
                .filter(|d| d.exact)
                .map(|d| d.version.clone())
                .collect(),
            after,
            license: deps.iter().find_map(|d| d.license.clone()),
            location: declared.location.clone(),
        });
    }
    out
}

/// The audit of the change from `base` to `head`: one finding per added or changed
/// package, plus advisory hits and disallowed licenses.
pub fn audit(
    base: &dyn Tree,
    head: &dyn Tree,
    config: &DependenciesConfig,
) -> Result<Vec<Finding>, VetError> {
    let files = |tree: &dyn Tree| -> Result<Vec<String>, VetError> {
        Ok(tree
            .list("")?
            .into_iter()
            .filter(|p| is_dependency_file(p))
            .collect())
    };
    let home = config.cargo_home.as_deref();
    let base_deps = collect(base, &files(base)?, home)?;
    let head_deps = collect(head, &files(head)?, home)?;
    let db = match &config.advisory_db {
        Some(dir) => advisory::Database::load(head, dir)?,
        None => advisory::Database::default(),
    };
    let mut out = Vec::new();
    for change in changes(&base_deps, &head_deps) {
        out.extend(findings_for(&change, config, &db));
    }
    Ok(out)
}

fn findings_for(
    change: &Change,
    config: &DependenciesConfig,
    db: &advisory::Database,
) -> Vec<Finding> {
    let id = format!("{}:{}", change.ecosystem.osv(), change.name);
    let subject = format!("dependency {id}");
    let versions = change.after.iter().cloned().collect::<Vec<_>>().join(", ");
    let license = change.license.as_deref().unwrap_or("license unknown");
    let what = if change.before.is_empty() {
        format!("added: {id} {versions} ({license})")
    } else {
        format!(
            "changed: {id} {} → {versions} ({license})",
            change.before.iter().cloned().collect::<Vec<_>>().join(", ")
        )
    };
    let mut out = vec![
        Finding::of(&DEPENDENCY_ADDED, format!("dependency {what}"))
            .at(change.location.clone())
            .with_contract(subject.clone())
            .with_logical_path(versions.clone())
            .with_help(format!(
                "audit {id}: its license, advisories, maintainers and unsafe code, and say so in the review notes"
            )),
    ];
    for version in &change.exact {
        for adv in db.affecting(change.ecosystem, &change.name, version) {
            let fixed = if adv.fixed.is_empty() {
                "no fixed version is known".to_string()
            } else {
                format!("fixed in {}", adv.fixed.join(", "))
            };
            let kind = adv
                .informational
                .as_deref()
                .map(|k| format!("informational ({k}) "))
                .unwrap_or_default();
            let aliases = if adv.aliases.is_empty() {
                String::new()
            } else {
                format!(" ({})", adv.aliases.join(", "))
            };
            let mut finding = Finding::of(
                &DEPENDENCY_ADVISORY,
                format!(
                    "{id} {version} is affected by {kind}advisory {}{aliases}: {}",
                    adv.id, adv.summary
                ),
            )
            .at(change.location.clone())
            .related(Location::file(adv.path.clone()), "advisory")
            .with_contract(subject.clone())
            .with_logical_path(format!("{version}/{}", adv.id))
            .with_help(format!("{fixed}; upgrade or choose another package"));
            // An unmaintained or unsound crate is a warning, as `cargo audit` gives it, not
            // a vulnerability that blocks.
            if adv.informational.is_some() {
                finding = finding.with_class(accord_model::Class::Risky);
            }
            out.push(finding);
        }
    }
    if let (Some(license), Some(policy)) = (&change.license, &config.licenses) {
        let problem = match policy.check_metadata(license) {
            Verdict::Allowed => None,
            Verdict::Denied(blocking) => Some(format!(
                "is licensed `{license}`: `{}` not allowed by the license policy",
                blocking.join("`, `")
            )),
            Verdict::Invalid { reason, .. } => Some(format!(
                "declares `{license}`, which is not a valid SPDX expression ({reason})"
            )),
        };
        if let Some(problem) = problem {
            out.push(
                Finding::of(
                    &DEPENDENCY_LICENSE_NOT_ALLOWED,
                    format!("{id} {versions} {problem}"),
                )
                .at(change.location.clone())
                .with_contract(subject)
                .with_logical_path("license")
                .with_help(format!(
                    "allowed: {}; choose another package or get the license approved",
                    policy.names().join(", ")
                )),
            );
        }
    }
    out
}

/// A parse error in `path` at byte `offset` of `text`.
pub(crate) fn bad(path: &str, text: &str, span: Span, message: impl Into<String>) -> VetError {
    VetError::input(Diagnostic::new(path, text, span, message, "here"))
}

/// The location of byte range `span` of `path`.
pub(crate) fn loc(path: &str, text: &str, span: Span) -> Location {
    Location::from_span(path, text, span)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dep(name: &str, version: &str, exact: bool) -> Dependency {
        Dependency {
            ecosystem: Ecosystem::Npm,
            name: name.into(),
            version: version.into(),
            exact,
            license: None,
            location: Location::file("package.json"),
        }
    }

    #[test]
    fn lockfile_versions_speak_for_a_package() {
        let base = [dep("a", "^1.0.0", false), dep("a", "1.0.3", true)];
        // The range is unchanged, the lock moved: a change.
        let head = [dep("a", "^1.0.0", false), dep("a", "1.1.0", true)];
        let c = changes(&base, &head);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].after.iter().collect::<Vec<_>>(), ["1.1.0"]);
        // Self-comparison finds nothing.
        assert!(changes(&head, &head).is_empty());
        // A removed package is not an addition.
        assert!(changes(&head, &[]).is_empty());
    }

    #[test]
    fn which_files_are_read() {
        assert!(is_dependency_file("crates/a/Cargo.toml"));
        assert!(is_dependency_file("requirements-dev.txt"));
        assert!(!is_dependency_file("node_modules/x/package.json"));
        assert!(!is_dependency_file("docs/requirements.md"));
    }
}
