//! Extension vetting over a tree and the audit of dependency changes between two sides,
//! both owned by `accord-vet`; this file only wires them to workspaces and revisions.

use crate::compare::Comparison;
use crate::{ConfigError, EngineError, Workspace};
use accord_model::Finding;
use accord_model::manifest::Manifest;
use accord_vcs::{Tree, VcsError};
use accord_vet::config::{self, DependenciesConfig, ExtensionsConfig};

fn config_error(
    manifest: &Manifest,
    text: &str,
    diagnostics: Vec<accord_contract::Diagnostic>,
) -> EngineError {
    EngineError::Manifest(ConfigError {
        display_path: manifest.path.clone(),
        text: text.to_string(),
        diagnostics,
    })
}

/// `[extensions]` and `[dependencies]` of a manifest, each mistake a diagnostic into it.
pub fn vet_config(
    manifest: &Manifest,
    text: &str,
) -> Result<(ExtensionsConfig, Option<DependenciesConfig>), EngineError> {
    let extensions =
        config::extensions(manifest, text).map_err(|d| config_error(manifest, text, d))?;
    let dependencies = config::dependencies(manifest, text, &extensions)
        .map_err(|d| config_error(manifest, text, d))?;
    Ok((extensions, dependencies))
}

/// Vets the inclusion list of `ws` when its manifest declares `[extensions]`.
pub fn vet_tree(ws: &Workspace) -> Result<Vec<Finding>, EngineError> {
    let (extensions, _) = vet_config(&ws.manifest, &ws.manifest_text)?;
    if !extensions.declared {
        return Ok(Vec::new());
    }
    Ok(accord_vet::vet(
        &accord_vcs::WorkingTree::new(&ws.root),
        &extensions,
    )?)
}

/// One side's files seen from the directory of its `accord.toml`.
struct Scoped<'a> {
    tree: &'a dyn Tree,
    prefix: &'a str,
}

impl Tree for Scoped<'_> {
    fn read(&self, path: &str) -> Result<Option<Vec<u8>>, VcsError> {
        self.tree.read(&format!("{}{path}", self.prefix))
    }

    fn list(&self, prefix: &str) -> Result<Vec<String>, VcsError> {
        Ok(self
            .tree
            .list(&format!("{}{prefix}", self.prefix))?
            .into_iter()
            .filter_map(|p| p.strip_prefix(self.prefix).map(str::to_string))
            .collect())
    }

    fn label(&self) -> String {
        self.tree.label()
    }
}

/// Dependencies added or changed from base to head, unless the head's manifest turns the
/// audit off (`[dependencies] audit = false`). Dependency files are parsed only when the change
/// set touches one: most changes leave them alone.
pub fn audit_change(comparison: &Comparison) -> Result<Vec<Finding>, EngineError> {
    if !comparison
        .changed
        .iter()
        .any(|c| accord_vet::deps::is_dependency_file(&c.path))
    {
        return Ok(Vec::new());
    }
    let head = &comparison.head;
    let (_, Some(dependencies)) = vet_config(&head.manifest, &head.manifest_text)? else {
        return Ok(Vec::new());
    };
    let (base_tree, base_prefix) = comparison.base.tree_and_prefix();
    let (head_tree, head_prefix) = head.tree_and_prefix();
    Ok(accord_vet::deps::audit(
        &Scoped {
            tree: base_tree,
            prefix: base_prefix,
        },
        &Scoped {
            tree: head_tree,
            prefix: head_prefix,
        },
        &dependencies,
    )?)
}

/// Extensions the change drops from the inclusion list, when the head declares `[extensions]`
/// (a removal the CHANGELOG must name).
pub fn removed_extensions(comparison: &Comparison) -> Result<Vec<Finding>, EngineError> {
    let head = &comparison.head;
    let (extensions, _) = vet_config(&head.manifest, &head.manifest_text)?;
    // The base's list is where the base's manifest puts it: a change that moves the list
    // and drops extensions in the same stroke still removes them. A base whose manifest
    // does not parse, or has no `[extensions]`, had nothing to remove.
    let Some(base_extensions) =
        vet_config(&comparison.base.manifest, &comparison.base.manifest_text)
            .ok()
            .map(|(e, _)| e)
            .filter(|e| e.declared)
    else {
        return Ok(Vec::new());
    };
    if !extensions.declared
        || !comparison.changed.iter().any(|c| {
            c.path == extensions.inclusion_list || c.path == base_extensions.inclusion_list
        })
    {
        return Ok(Vec::new());
    }
    let (base_tree, base_prefix) = comparison.base.tree_and_prefix();
    let (head_tree, head_prefix) = head.tree_and_prefix();
    Ok(accord_vet::rules::extension_removed::removed_extensions(
        &Scoped {
            tree: base_tree,
            prefix: base_prefix,
        },
        &base_extensions,
        &Scoped {
            tree: head_tree,
            prefix: head_prefix,
        },
        &extensions,
    )?)
}
