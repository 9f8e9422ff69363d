//! The `registry-missing-history` rule.
use crate::rules::Cx;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a contract whose current `version` has no entry in
    /// `breaking_changes_history` (under `contract:` or under `versioning:`, as either seed
    /// places it). Also reports a `versioning.current` that disagrees with `version`.
    ///
    /// ## Why is this bad?
    /// The history is how consumers learn what changed and when. A version without an
    /// entry is a change nobody announced.
    ///
    /// ## Example
    /// ```yaml
    /// contract:
    ///   version: "1.1.0"
    ///   breaking_changes_history:
    ///     - version: "1.0.0"     # nothing for 1.1.0
    /// ```
    ///
    /// ## How to fix
    /// Add `- version: "1.1.0"` with `date` and `change` to the history.
    pub static REGISTRY_MISSING_HISTORY = {
        id: "registry-missing-history",
        group: "registry",
        class: Risky,
        bump: None,
        summary: "the current version has no breaking_changes_history entry",
    }
}

fn same_version(a: &str, b: &str) -> bool {
    match (
        semver::Version::parse(a.trim()),
        semver::Version::parse(b.trim()),
    ) {
        (Ok(x), Ok(y)) => x == y,
        _ => a.trim() == b.trim(),
    }
}

fn history_pointer(c: &accord_model::contract::Contract) -> &'static str {
    [
        "/contract/breaking_changes_history",
        "/contract/versioning/breaking_changes_history",
        "/breaking_changes_history",
        "/versioning/breaking_changes_history",
    ]
    .into_iter()
    .find(|p| c.raw.pointer(p).is_some())
    .unwrap_or("/contract/version")
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for c in cx.contracts {
        if c.version.trim().is_empty() {
            continue;
        }
        if !c
            .history
            .iter()
            .any(|h| same_version(&h.version, &c.version))
        {
            out.push(
                cx.finding(
                    &REGISTRY_MISSING_HISTORY,
                    c,
                    history_pointer(c),
                    "breaking_changes_history",
                    format!(
                        "version {} has no entry in breaking_changes_history",
                        c.version
                    ),
                )
                .with_help(format!(
                    "add `- version: \"{}\"` with `date` and `change` to breaking_changes_history",
                    c.version
                )),
            );
        }
        if let Some(current) = &c.versioning_current
            && !same_version(current, &c.version)
        {
            let pointer = if c.raw.pointer("/contract/versioning/current").is_some() {
                "/contract/versioning/current"
            } else {
                "/versioning/current"
            };
            out.push(
                cx.finding(
                    &REGISTRY_MISSING_HISTORY,
                    c,
                    pointer,
                    "versioning.current",
                    format!(
                        "versioning.current `{current}` disagrees with version `{}`",
                        c.version
                    ),
                )
                .with_help("keep versioning.current equal to contract.version"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{PACKS, contract, lint, of};

    #[test]
    fn fires_when_the_current_version_is_missing() {
        let ok = contract("A", "1.0.0", "stable", "MMOS", "CreatorOS");
        assert!(
            of(
                "registry-missing-history",
                &lint(PACKS, &[("mmos-creator-os-v1.0.0.yaml", &ok)])
            )
            .is_empty()
        );
        let bad = ok.replace("  - version: \"1.0.0\"", "  - version: \"0.9.0\"");
        let f = of(
            "registry-missing-history",
            &lint(PACKS, &[("mmos-creator-os-v1.0.0.yaml", &bad)]),
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].location.line, 11);
    }
}
