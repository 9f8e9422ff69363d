//! The `registry-unknown-interface-type` rule.
use crate::rules::Cx;
use accord_model::Finding;
use accord_model::contract::InterfaceKind;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports an `interface.type` that is not `file`, `directory`, `database` or `code`.
    ///
    /// ## Why is this bad?
    /// The type decides how conformance is checked. An unknown type means the contract is
    /// never checked at all, silently.
    ///
    /// ## Example
    /// ```yaml
    /// interface:
    ///   type: "api"
    /// ```
    ///
    /// ## How to fix
    /// Use one of the four types, or leave `type` out for a file or directory and let Accord
    /// infer it from `location`.
    pub static REGISTRY_UNKNOWN_INTERFACE_TYPE = {
        id: "registry-unknown-interface-type",
        group: "registry",
        class: Breaking,
        bump: None,
        summary: "interface.type is not file, directory, database or code",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for c in cx.contracts {
        let Some(raw) = c.raw.pointer("/contract/interface/type") else {
            continue;
        };
        let text = match raw {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => continue,
            other => other.to_string(),
        };
        if InterfaceKind::parse(&text).is_none() {
            out.push(
                cx.finding(
                    &REGISTRY_UNKNOWN_INTERFACE_TYPE,
                    c,
                    "/contract/interface/type",
                    "contract.interface.type",
                    format!(
                        "interface type `{text}` is not one of file, directory, database, code"
                    ),
                )
                .with_help("use file, directory, database or code"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{PACKS, contract, lint, of};

    #[test]
    fn fires_on_unknown_type() {
        let ok = contract("A", "1.0.0", "stable", "MMOS", "CreatorOS");
        assert!(
            of(
                "registry-unknown-interface-type",
                &lint(PACKS, &[("mmos-creator-os-v1.0.0.yaml", &ok)])
            )
            .is_empty()
        );
        let bad = ok.replace("type: file", "type: api");
        let f = of(
            "registry-unknown-interface-type",
            &lint(PACKS, &[("mmos-creator-os-v1.0.0.yaml", &bad)]),
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].location.line, 8);
    }
}
