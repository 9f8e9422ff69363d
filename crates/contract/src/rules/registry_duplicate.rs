//! The `registry-duplicate` rule.
use crate::rules::Cx;
use accord_model::Finding;
use accord_model::contract::Status;
use std::collections::BTreeMap;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports two contracts that are not retired and share the same `name` and `version`.
    ///
    /// ## Why is this bad?
    /// Consumers and tools look a contract up by name and version. Two files answering to
    /// the same pair make one of them invisible, and the two may promise different things.
    ///
    /// ## Example
    /// ```text
    /// contracts/mmos-creator-os-v1.0.0.yaml       name: "MMOS → CreatorOS", version: "1.0.0"
    /// contracts/old/mmos-creator-os-v1.0.0.yaml   name: "MMOS → CreatorOS", version: "1.0.0"
    /// ```
    ///
    /// ## How to fix
    /// Delete the copy, mark the old one `retired`, or give the new one a new version.
    pub static REGISTRY_DUPLICATE = {
        id: "registry-duplicate",
        group: "registry",
        class: Breaking,
        bump: None,
        summary: "two non-retired contracts share a name and version",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    let mut first: BTreeMap<(String, String), &accord_model::contract::Contract> = BTreeMap::new();
    for c in cx.contracts {
        if c.status == Some(Status::Retired) || c.name.trim().is_empty() {
            continue;
        }
        let key = (c.name.trim().to_string(), c.version.trim().to_string());
        match first.get(&key) {
            None => {
                first.insert(key, c);
            }
            Some(original) => out.push(
                cx.finding(
                    &REGISTRY_DUPLICATE,
                    c,
                    "/contract/name",
                    &format!("contract.name@{}", c.path),
                    format!(
                        "contract `{}` v{} is also declared in {}",
                        c.name, c.version, original.path
                    ),
                )
                .related(cx.loc(original, "/contract/name"), "first declared here")
                .with_help(
                    "delete the copy, retire one of them, or give the new one a new version",
                ),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{PACKS, contract, lint, of};

    #[test]
    fn fires_on_the_second_copy_unless_retired() {
        let a = contract("A", "1.0.0", "stable", "MMOS", "CreatorOS");
        let f = of(
            "registry-duplicate",
            &lint(PACKS, &[("a.yaml", &a), ("b.yaml", &a)]),
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].location.path, "b.yaml");
        assert_eq!(f[0].related[0].location.path, "a.yaml");
        let retired = contract("A", "1.0.0", "retired", "MMOS", "CreatorOS");
        assert!(
            of(
                "registry-duplicate",
                &lint(PACKS, &[("a.yaml", &a), ("b.yaml", &retired)])
            )
            .is_empty()
        );
        let other = contract("A", "1.1.0", "stable", "MMOS", "CreatorOS");
        assert!(
            of(
                "registry-duplicate",
                &lint(PACKS, &[("a.yaml", &a), ("b.yaml", &other)])
            )
            .is_empty()
        );
    }
}
