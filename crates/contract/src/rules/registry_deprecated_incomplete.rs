//! The `registry-deprecated-incomplete` rule.
use crate::rules::Cx;
use accord_model::Finding;
use accord_model::contract::Status;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a `deprecated` contract that does not name its replacement
    /// (`deprecation.replaced_by`) or its deprecation window (`deprecation.sunset` date or
    /// `deprecation.window`).
    ///
    /// ## Why is this bad?
    /// Deprecation is a promise to consumers: "move to X before Y". Without X they do not
    /// know where to go; without Y they do not know how long they have (seed 000
    /// "Deprecating Expansion Pack": announce, migrate, then remove).
    ///
    /// ## Example
    /// ```yaml
    /// contract:
    ///   status: deprecated       # replaced by what? until when?
    /// ```
    ///
    /// ## How to fix
    /// ```yaml
    ///   deprecation:
    ///     replaced_by: "mmos-creator-os-v2.0.0.yaml"
    ///     sunset: "2026-06-30"
    /// ```
    pub static REGISTRY_DEPRECATED_INCOMPLETE = {
        id: "registry-deprecated-incomplete",
        group: "registry",
        class: Risky,
        bump: None,
        summary: "a deprecated contract lacks replaced_by or a sunset/window",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for c in cx.contracts {
        if c.status != Some(Status::Deprecated) {
            continue;
        }
        let mut missing = Vec::new();
        if c.deprecation
            .replaced_by
            .as_deref()
            .is_none_or(|s| s.trim().is_empty())
        {
            missing.push("`replaced_by`");
        }
        if c.deprecation.sunset.is_none() && c.deprecation.window.is_none() {
            missing.push("a `sunset` date or `window`");
        }
        if missing.is_empty() {
            continue;
        }
        let pointer = if c.raw.pointer("/contract/deprecation").is_some() {
            "/contract/deprecation"
        } else {
            "/contract/status"
        };
        out.push(
            cx.finding(
                &REGISTRY_DEPRECATED_INCOMPLETE,
                c,
                pointer,
                "contract.deprecation",
                format!("deprecated contract `{}` lacks {}", c.name, missing.join(" and ")),
            )
            .with_help("add `deprecation: {replaced_by: ..., sunset: YYYY-MM-DD}` (or `window: \"2 releases\"`)"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{PACKS, contract, lint, of};

    #[test]
    fn fires_without_replacement_or_window() {
        let bare = contract("A", "1.0.0", "deprecated", "MMOS", "CreatorOS");
        let f = of(
            "registry-deprecated-incomplete",
            &lint(PACKS, &[("mmos-creator-os-v1.0.0.yaml", &bare)]),
        );
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message
                .contains("`replaced_by` and a `sunset` date or `window`")
        );
        let full = format!("{bare}  deprecation:\n    replaced_by: B\n    window: 2 releases\n");
        assert!(
            of(
                "registry-deprecated-incomplete",
                &lint(PACKS, &[("mmos-creator-os-v1.0.0.yaml", &full)])
            )
            .is_empty()
        );
        let stable = contract("A", "1.0.0", "stable", "MMOS", "CreatorOS");
        assert!(
            of(
                "registry-deprecated-incomplete",
                &lint(PACKS, &[("mmos-creator-os-v1.0.0.yaml", &stable)])
            )
            .is_empty()
        );
    }
}
