//! accord-vet: seed 002's extension governance and the audit of dependency additions.
//!
//! - [`config`]: `[extensions]` (tiers with their requirements, capability profiles, the
//!   license policy, where the inclusion list is) and `[dependencies]` (the advisory
//!   database) of `accord.toml`, closed schemas with did-you-mean.
//! - [`inclusion`]: the inclusion list, parsed with spans against the declared tiers.
//! - [`vet`]: every listed extension against its tier — license (an SPDX expression the
//!   policy allows), pinnable provenance, no per-extension patch files, conformance, review,
//!   capabilities within the tier's profile. One rule per file under [`rules`].
//! - [`deps`]: dependencies added or changed between two trees (Cargo, npm/pnpm/yarn,
//!   Python), each a RISKY finding, an advisory hit BREAKING, a disallowed license BREAKING.
//!
//! Nothing here prints: findings are data and bad input is a [`VetError`] naming the file,
//! line and column.
//!
//! ```
//! use accord_vet::{config, vet};
//! use accord_vcs::WorkingTree;
//!
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::create_dir_all(dir.path().join("docs")).unwrap();
//! std::fs::write(dir.path().join("docs/extension-inclusion-list.json"), r#"{"extensions": [
//!   {"name": "lint", "tier": "registry", "license": "GPL-3.0-only",
//!    "provenance": {"npm": "lint", "version": "^1.2"}}]}"#).unwrap();
//! let manifest = accord_contract::parse_manifest("accord.toml", "[extensions]\n").unwrap();
//! let cfg = config::extensions(&manifest, "[extensions]\n").unwrap();
//! let findings = vet(&WorkingTree::new(dir.path()), &cfg).unwrap();
//! let rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
//! assert_eq!(rules, ["extension-license-not-allowed", "extension-provenance-unpinned"]);
//! ```

pub mod config;
pub mod deps;
pub mod inclusion;
pub mod license;
pub mod rules;

use accord_contract::Diagnostic;
use accord_model::Finding;
use accord_vcs::Tree;

pub use rules::rules;

/// Largest inclusion list, lockfile or advisory read: these are data files, not archives.
pub const MAX_INPUT: usize = 64 << 20;

/// Why vetting or the audit could not run.
#[derive(Debug, thiserror::Error)]
pub enum VetError {
    /// A file Accord reads is malformed: where and why.
    #[error("{0}")]
    Input(Box<Diagnostic>),
    /// `[extensions]` or `[dependencies]` of accord.toml is invalid.
    #[error("{}", .0.first().map(ToString::to_string).unwrap_or_default())]
    Config(Vec<Diagnostic>),
    /// A file the configuration names does not exist.
    #[error("{path}: {message}")]
    Missing {
        /// The repository path.
        path: String,
        /// What it was for.
        message: String,
    },
    /// A file could not be read.
    #[error(transparent)]
    Vcs(#[from] accord_vcs::VcsError),
}

impl VetError {
    pub(crate) fn input(d: Diagnostic) -> VetError {
        VetError::Input(Box::new(d))
    }
}

/// Reads `path` from `tree` as UTF-8, bounded by [`MAX_INPUT`]; `None` when absent.
pub(crate) fn read_text(tree: &dyn Tree, path: &str) -> Result<Option<String>, VetError> {
    let Some(bytes) = tree.read(path)? else {
        return Ok(None);
    };
    if bytes.len() > MAX_INPUT {
        return Err(VetError::input(Diagnostic::new(
            path,
            "",
            accord_model::Span::default(),
            format!("{} bytes exceeds the {} byte limit", bytes.len(), MAX_INPUT),
            "too large",
        )));
    }
    String::from_utf8(bytes).map(Some).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.into_bytes()[..offset]).into_owned();
        VetError::input(Diagnostic::new(
            path,
            &text,
            accord_model::Span::new(offset, offset),
            "not valid UTF-8",
            "here",
        ))
    })
}

/// Vets every extension of the inclusion list `config` names, in `tree`.
pub fn vet(tree: &dyn Tree, config: &config::ExtensionsConfig) -> Result<Vec<Finding>, VetError> {
    let list = load_list(tree, config)?;
    rules::run(tree, config, &list)
}

/// Reads and parses the inclusion list `config` names.
pub fn load_list(
    tree: &dyn Tree,
    config: &config::ExtensionsConfig,
) -> Result<inclusion::InclusionList, VetError> {
    let Some(text) = read_text(tree, &config.inclusion_list)? else {
        return Err(VetError::Missing {
            path: config.inclusion_list.clone(),
            message: "the inclusion list named by [extensions] of accord.toml does not exist"
                .to_string(),
        });
    };
    inclusion::parse(&config.inclusion_list, &text, config)
}
