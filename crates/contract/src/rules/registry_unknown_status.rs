//! The `registry-unknown-status` rule.
use crate::rules::Cx;
use accord_model::Finding;
use accord_model::contract::Status;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a contract whose `status` is missing or is not one of the lifecycle states
    /// `draft`, `experimental`, `stable`, `deprecated`, `retired`.
    ///
    /// ## Why is this bad?
    /// The status decides what Accord checks: drafts are not enforced, stable contracts
    /// follow semver, retired ones must not be consumed (seed 000 "Contract Lifecycle").
    /// An unknown status leaves all of that undecided.
    ///
    /// ## Example
    /// ```yaml
    /// contract:
    ///   status: "production"
    /// ```
    ///
    /// ## How to fix
    /// Use one of the five lifecycle states.
    pub static REGISTRY_UNKNOWN_STATUS = {
        id: "registry-unknown-status",
        group: "registry",
        class: Breaking,
        bump: None,
        summary: "the contract status is missing or not a lifecycle state",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    let states: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    for c in cx.contracts {
        if c.status.is_some() {
            continue;
        }
        let (pointer, message) = if c.status_text.trim().is_empty() {
            ("/contract", format!("contract `{}` has no status", c.name))
        } else {
            (
                "/contract/status",
                format!("status `{}` is not a lifecycle state", c.status_text),
            )
        };
        out.push(
            cx.finding(
                &REGISTRY_UNKNOWN_STATUS,
                c,
                pointer,
                "contract.status",
                message,
            )
            .with_help(format!("use one of: {}", states.join(", "))),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{PACKS, contract, lint, of};

    #[test]
    fn fires_on_unknown_status_only() {
        for (status, n) in [("stable", 0), ("Deprecated", 0), ("gold", 1), ("\"\"", 1)] {
            let body = contract("A", "1.0.0", status, "MMOS", "CreatorOS");
            let f = lint(PACKS, &[("mmos-creator-os-v1.0.0.yaml", &body)]);
            assert_eq!(of("registry-unknown-status", &f).len(), n, "{status}");
        }
    }
}
