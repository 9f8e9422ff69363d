//! The `registry-bad-name` rule.
use crate::rules::Cx;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a contract `name` that is blank or contains a path separator (`/`, `\`) or a
    /// control character.
    ///
    /// ## Why is this bad?
    /// The name identifies the contract in reports, fingerprints, approvals and the ledger,
    /// and may become part of a file name. A name with separators or control characters
    /// can escape a directory or corrupt terminal and CI output.
    ///
    /// ## Example
    /// ```yaml
    /// contract:
    ///   name: "../../etc/passwd"
    /// ```
    ///
    /// ## How to fix
    /// Name the integration in words, e.g. `"MMOS → CreatorOS Voice Integration"`.
    pub static REGISTRY_BAD_NAME = {
        id: "registry-bad-name",
        group: "registry",
        class: Breaking,
        bump: None,
        summary: "the contract name is blank or has path separators or control characters",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for c in cx.contracts {
        let problem = if c.name.trim().is_empty() {
            Some("is blank")
        } else if c.name.contains(['/', '\\']) {
            Some("contains a path separator")
        } else if c.name.chars().any(char::is_control) {
            Some("contains a control character")
        } else {
            None
        };
        if let Some(problem) = problem {
            out.push(
                cx.finding(
                    &REGISTRY_BAD_NAME,
                    c,
                    "/contract/name",
                    "contract.name",
                    format!("contract name {:?} {problem}", c.name),
                )
                .with_help(
                    "name the integration in words, e.g. \"MMOS → CreatorOS Voice Integration\"",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{PACKS, contract, lint, of};

    #[test]
    fn fires_on_separators_and_control_characters() {
        for (name, n) in [
            ("MMOS → CreatorOS", 0),
            ("a/b", 1),
            ("..\\\\x", 1),
            ("bell\\u0007", 1),
            (" ", 1),
        ] {
            let body = contract(name, "1.0.0", "stable", "MMOS", "CreatorOS");
            let f = lint(PACKS, &[("mmos-creator-os-v1.0.0.yaml", &body)]);
            assert_eq!(of("registry-bad-name", &f).len(), n, "{name}");
        }
    }
}
