//! The `registry-version-not-semver` rule.
use crate::rules::Cx;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a contract whose `version` is not a semantic version `MAJOR.MINOR.PATCH`.
    ///
    /// ## Why is this bad?
    /// Seed 000 "Contract Versioning": MAJOR means consumers must update, MINOR adds
    /// optional things, PATCH clarifies. Without the three numbers nobody, and no tool,
    /// can tell whether a new version breaks its consumers.
    ///
    /// ## Example
    /// ```yaml
    /// contract:
    ///   version: "1.0"        # or "v1", "latest"
    /// ```
    ///
    /// ## How to fix
    /// Write the version as `MAJOR.MINOR.PATCH`, e.g. `"1.0.0"`, and rename the file to match.
    pub static REGISTRY_VERSION_NOT_SEMVER = {
        id: "registry-version-not-semver",
        group: "registry",
        class: Breaking,
        bump: None,
        summary: "the contract version is not MAJOR.MINOR.PATCH",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for c in cx.contracts {
        if let Err(e) = semver::Version::parse(c.version.trim()) {
            out.push(
                cx.finding(
                    &REGISTRY_VERSION_NOT_SEMVER,
                    c,
                    "/contract/version",
                    "contract.version",
                    format!("version `{}` is not a semantic version ({e})", c.version),
                )
                .with_help("write it as MAJOR.MINOR.PATCH, e.g. \"1.0.0\" (quoted, so YAML keeps it a string)"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{PACKS, contract, lint, of};

    #[test]
    fn fires_on_two_part_versions() {
        let ok = contract("A", "1.0.0", "stable", "MMOS", "CreatorOS");
        assert!(
            of(
                "registry-version-not-semver",
                &lint(PACKS, &[("mmos-creator-os-v1.0.0.yaml", &ok)])
            )
            .is_empty()
        );
        let bad = contract("A", "1.0", "stable", "MMOS", "CreatorOS");
        let f = of(
            "registry-version-not-semver",
            &lint(PACKS, &[("mmos-creator-os-v1.0.yaml", &bad)]),
        );
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].location.line, f[0].location.column), (3, 12));
    }
}
