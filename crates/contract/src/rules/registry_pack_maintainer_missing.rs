//! The `registry-pack-maintainer-missing` rule.
use crate::rules::Cx;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a pack declared in `accord.toml` without `maintainers`, once the project
    /// governs by roles: `[roles]` names someone, or any pack names maintainers.
    ///
    /// ## Why is this bad?
    /// Seed 000 gives every pack a maintainer: they decide the pack's features and review
    /// every change to its files. Accord routes those reviews to the pack's `maintainers`
    /// and writes them into CODEOWNERS; a pack without one has changes nobody is asked to
    /// review.
    ///
    /// ## Example
    /// ```toml
    /// [packs.fragments]
    /// paths = ["expansion-packs/fragments/**"]
    /// # no maintainers
    /// ```
    ///
    /// ## How to fix
    /// Assign the Pack Maintainer: `maintainers = ["@name"]`.
    pub static REGISTRY_PACK_MAINTAINER_MISSING = {
        id: "registry-pack-maintainer-missing",
        group: "registry",
        class: Breaking,
        bump: None,
        summary: "a pack has no maintainer",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    let roles = &cx.manifest.roles;
    let governed = !roles.architects.is_empty()
        || !roles.database_owners.is_empty()
        || roles.integration_owners.values().any(|v| !v.is_empty())
        || cx.manifest.packs.iter().any(|p| !p.maintainers.is_empty());
    if !governed {
        return;
    }
    for pack in cx
        .manifest
        .packs
        .iter()
        .filter(|p| p.maintainers.iter().all(|m| m.trim().is_empty()))
    {
        out.push(
            Finding::of(
                &REGISTRY_PACK_MAINTAINER_MISSING,
                format!("pack `{}` has no maintainer", pack.name),
            )
            .at(cx.pack_loc(pack))
            .with_logical_path(format!("packs.{}.maintainers", pack.name))
            .with_help(format!(
                "assign the Pack Maintainer in [packs.{}]: maintainers = [\"@name\"]",
                pack.name
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lint, of};

    const RULE: &str = "registry-pack-maintainer-missing";

    #[test]
    fn fires_on_a_pack_without_maintainer_once_roles_are_in_use() {
        let bad = "[packs.mmos]\nmaintainers = [\"max\"]\n[packs.fragments]\npaths = []\n";
        let f = of(RULE, &lint(bad, &[]));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "pack `fragments` has no maintainer");
        assert_eq!(f[0].location.line, 3);

        let roles_only = "[packs.mmos]\n[roles]\narchitects = [\"ada\"]\n";
        assert_eq!(of(RULE, &lint(roles_only, &[])).len(), 1);

        let clean =
            "[packs.mmos]\nmaintainers = [\"max\"]\n[packs.fragments]\nmaintainers = [\"fay\"]\n";
        assert!(of(RULE, &lint(clean, &[])).is_empty());
        // No roles anywhere: the project does not govern by roles.
        assert!(of(RULE, &lint("[packs.mmos]\n", &[])).is_empty());
    }
}
