use crate::engine::required_bump;
use accord_model::manifest::Manifest;
use accord_model::version::{VersionStep, step};
use accord_model::{Bump, Finding, Location};

accord_model::declare_rule! {
    /// ## What it does
    /// When `accord.toml` sets `project.version_follows_contracts = true`, reports a
    /// project version change smaller than the largest MAJOR or MINOR bump any contract
    /// requires (PATCH-level contract changes need no project release). The finding
    /// carries the required bump.
    ///
    /// ## Why is this bad?
    /// The project version is the single version of the whole system (seed 001
    /// "Deployment Model"); shipping a breaking contract change under the same system
    /// version hides it from everyone who deploys by that number.
    ///
    /// ## Example
    /// ```toml
    /// [project]            # a contract requires MAJOR
    /// version = "3.2.0"    # was 3.1.0 → only MINOR
    /// version_follows_contracts = true
    /// ```
    ///
    /// ## How to fix
    /// Bump `project.version` by at least the required bump.
    pub static PROJECT_VERSION_BUMP_INSUFFICIENT = {
        id: "project-version-bump-insufficient",
        group: "contract-change",
        class: Breaking,
        bump: None,
        summary: "the project version does not follow the contracts' bump",
    }
}

/// Checks the project version against the contract findings of a change set.
pub fn check_project_version(old: &Manifest, new: &Manifest, findings: &[Finding]) -> Vec<Finding> {
    if !new.project.version_follows_contracts {
        return Vec::new();
    }
    let required = required_bump(findings);
    if required < Bump::Minor {
        return Vec::new();
    }
    let (Some(o), Some(n)) = (
        old.project.version.as_deref(),
        new.project.version.as_deref(),
    ) else {
        return Vec::new();
    };
    let short = match step(o, n) {
        Some(VersionStep::Down) => true,
        Some(VersionStep::Same) => required > Bump::None,
        Some(VersionStep::Up(d)) => !d.satisfies(required),
        None => false,
    };
    if !short {
        return Vec::new();
    }
    vec![
        Finding::new(
            PROJECT_VERSION_BUMP_INSUFFICIENT.id,
            PROJECT_VERSION_BUMP_INSUFFICIENT.class,
            required,
            format!(
                "contracts require a {required} bump of the project version, but {} → {} is not one",
                o.trim(),
                n.trim()
            ),
        )
        .at(Location::file(&new.path))
        .with_logical_path("project.version")
        .with_help(format!("bump project.version by at least {required}")),
    ]
}
