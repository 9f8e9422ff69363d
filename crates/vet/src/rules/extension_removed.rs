//! The `extension-removed` rule: an extension the change set drops from the inclusion list.
use crate::VetError;
use crate::config::ExtensionsConfig;
use accord_model::{Finding, Location};
use accord_vcs::Tree;

accord_model::declare_rule! {
    /// ## What it does
    /// With `check --base` and `[extensions]`, reports each extension the base's inclusion
    /// list names and the head's does not. A removal is a change the CHANGELOG must name
    /// (seed 002: "removal is documented in CHANGELOG.md"): with `[changelog]`, a removal not
    /// named under `## [Unreleased]` is also `changelog-entry-missing`.
    ///
    /// ## Why is this bad?
    /// Users of a removed extension lose it on upgrade; the removal criteria (incompatible
    /// license, unpinnable source, per-extension patches) say when it may go, the changelog
    /// tells them why.
    ///
    /// ## Example
    /// `legacy-ftp` is in the base's `docs/extension-inclusion-list.json`, not in the head's.
    ///
    /// ## How to fix
    /// Name the removal and its criterion in CHANGELOG.md (`### Removed`).
    pub static EXTENSION_REMOVED = {
        id: "extension-removed",
        group: "extension",
        class: Risky,
        bump: None,
        summary: "an extension was removed from the inclusion list",
    }
}

/// The extensions `base` lists and `head` does not, each list read where its side's
/// configuration puts it. A base without a readable list has nothing to remove: the base is
/// not what is judged.
pub fn removed_extensions(
    base: &dyn Tree,
    base_config: &ExtensionsConfig,
    head: &dyn Tree,
    head_config: &ExtensionsConfig,
) -> Result<Vec<Finding>, VetError> {
    let Ok(old) = crate::load_list(base, base_config) else {
        return Ok(Vec::new());
    };
    let new = crate::load_list(head, head_config)?;
    Ok(old
        .extensions
        .iter()
        .filter(|e| !new.extensions.iter().any(|n| n.name == e.name))
        .map(|e| {
            Finding::of(
                &EXTENSION_REMOVED,
                format!(
                    "extension `{}` (tier `{}`) was removed from {}",
                    e.name, e.tier, new.path
                ),
            )
            .at(Location::file(new.path.clone()))
            .with_contract(format!("extension {}", e.name))
            .with_logical_path(e.name.clone())
            .with_help(format!(
                "name `{}` and the removal criterion it meets under `### Removed` in CHANGELOG.md",
                e.name
            ))
        })
        .collect())
}
