//! Extension vetting and dependency audit rules, one file per rule. Rules push findings;
//! they never print or fail.

use crate::VetError;
use crate::config::ExtensionsConfig;
use crate::inclusion::{Extension, InclusionList};
use accord_model::{Finding, RuleMeta};
use accord_vcs::Tree;

pub mod dependency_added;
pub mod dependency_advisory;
pub mod dependency_license_not_allowed;
pub mod extension_capability_outside_profile;
pub mod extension_conformance_below_tier;
pub mod extension_conformance_report_mismatch;
pub mod extension_license_not_allowed;
pub mod extension_patch_file;
pub mod extension_provenance_unpinned;
pub mod extension_removed;
pub mod extension_review_missing;

type Check = fn(&Cx<'_>, &mut Vec<Finding>) -> Result<(), VetError>;

/// The extension rules with their checks, in catalogue order.
static EXTENSION_RULES: &[(&RuleMeta, Check)] = &[
    (
        &extension_license_not_allowed::EXTENSION_LICENSE_NOT_ALLOWED,
        extension_license_not_allowed::check,
    ),
    (
        &extension_provenance_unpinned::EXTENSION_PROVENANCE_UNPINNED,
        extension_provenance_unpinned::check,
    ),
    (
        &extension_patch_file::EXTENSION_PATCH_FILE,
        extension_patch_file::check,
    ),
    (
        &extension_conformance_below_tier::EXTENSION_CONFORMANCE_BELOW_TIER,
        extension_conformance_below_tier::check,
    ),
    (
        &extension_review_missing::EXTENSION_REVIEW_MISSING,
        extension_review_missing::check,
    ),
    (
        &extension_capability_outside_profile::EXTENSION_CAPABILITY_OUTSIDE_PROFILE,
        extension_capability_outside_profile::check,
    ),
];

/// Every rule of this crate, in catalogue order.
pub fn rules() -> &'static [&'static RuleMeta] {
    static METAS: std::sync::OnceLock<Vec<&'static RuleMeta>> = std::sync::OnceLock::new();
    METAS.get_or_init(|| {
        EXTENSION_RULES
            .iter()
            .map(|(m, _)| *m)
            .chain([
                &extension_conformance_report_mismatch::EXTENSION_CONFORMANCE_REPORT_MISMATCH,
                &extension_removed::EXTENSION_REMOVED,
                &dependency_added::DEPENDENCY_ADDED,
                &dependency_advisory::DEPENDENCY_ADVISORY,
                &dependency_license_not_allowed::DEPENDENCY_LICENSE_NOT_ALLOWED,
            ])
            .collect()
    })
}

/// What an extension rule sees: one extension and everything around it.
pub struct Cx<'a> {
    /// The tree, for the extension's files.
    pub tree: &'a dyn Tree,
    /// `[extensions]`.
    pub config: &'a ExtensionsConfig,
    /// The list the extension is in.
    pub list: &'a InclusionList,
    /// The extension.
    pub ext: &'a Extension,
}

impl Cx<'_> {
    /// A finding of `rule` about this extension, at `field` of its entry.
    pub fn finding(&self, rule: &RuleMeta, field: &str, message: String) -> Finding {
        let pointer = if field.is_empty() {
            format!("{}/name", self.ext.pointer)
        } else {
            format!("{}/{field}", self.ext.pointer)
        };
        Finding::of(rule, message)
            .at(self.list.loc(&pointer))
            .with_contract(format!("extension {}", self.ext.name))
            .with_logical_path(field.to_string())
    }
}

/// Seed 002 "Removing Extensions", said the same way by every rule whose finding meets one.
pub(crate) fn removal(criterion: &str) -> String {
    format!(
        "this meets a removal criterion of the extension policy ({criterion}): fix it, or remove the extension from the inclusion list and record the removal in CHANGELOG.md"
    )
}

/// Runs every extension rule over every extension of `list`.
pub fn run(
    tree: &dyn Tree,
    config: &ExtensionsConfig,
    list: &InclusionList,
) -> Result<Vec<Finding>, VetError> {
    let mut out = Vec::new();
    for ext in &list.extensions {
        let cx = Cx {
            tree,
            config,
            list,
            ext,
        };
        for (_, check) in EXTENSION_RULES {
            check(&cx, &mut out)?;
        }
    }
    out.extend(extension_conformance_report_mismatch::check(
        tree, config, list,
    )?);
    Ok(out)
}

#[cfg(test)]
pub(crate) mod testing {
    use crate::config::extensions;
    use accord_model::Finding;

    /// Vets `list` (the inclusion list JSON) under `toml`, with extra `files` in the tree.
    pub fn vet(toml: &str, list: &str, files: &[(&str, &str)]) -> Vec<Finding> {
        let dir = tempfile::tempdir().unwrap();
        let m = accord_contract::parse_manifest("accord.toml", toml).unwrap();
        let cfg = extensions(&m, toml).unwrap();
        let path = dir.path().join(&cfg.inclusion_list);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, list).unwrap();
        for (p, t) in files {
            let full = dir.path().join(p);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, t).unwrap();
        }
        crate::vet(&accord_vcs::WorkingTree::new(dir.path()), &cfg).unwrap()
    }

    pub fn of<'a>(rule: &str, f: &'a [Finding]) -> Vec<&'a Finding> {
        f.iter().filter(|f| f.rule == rule).collect()
    }

    pub const PIN: &str = "0123456789abcdef0123456789abcdef01234567";

    /// An entry that passes every rule at tier `official`, with `extra` JSON fields replacing.
    pub fn clean(name: &str, extra: &str) -> String {
        let mut base = serde_json::json!({
            "name": name, "tier": "official", "license": "MIT", "reviewed": true,
            "provenance": {"git": format!("https://x.invalid/{name}"), "rev": PIN},
            "capabilities": ["read"], "conformance": {"passed": 10, "total": 10}
        });
        let extra: serde_json::Value = serde_json::from_str(&format!("{{{extra}}}")).unwrap();
        for (k, v) in extra.as_object().unwrap() {
            base[k] = v.clone();
        }
        format!("{{\"extensions\": [{base}]}}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_snapshot() {
        let lines: Vec<String> = rules()
            .iter()
            .map(|r| {
                format!(
                    "{} {} {} {}",
                    r.id,
                    r.class.as_str(),
                    r.bump.as_str(),
                    r.summary
                )
            })
            .collect();
        insta::assert_snapshot!(lines.join("\n"));
    }
}
