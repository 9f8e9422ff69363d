//! The `registry-retired-consumed` rule.
use crate::rules::{Cx, consumer_pointer};
use accord_model::Finding;
use accord_model::contract::Status;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a `retired` contract whose consumer is still a pack declared in
    /// `accord.toml`.
    ///
    /// ## Why is this bad?
    /// Retired means "no longer supported" (seed 000 "Contract Lifecycle"): the provider
    /// may stop producing the artifact at any time. A pack that still consumes it will
    /// break when that happens.
    ///
    /// ## Example
    /// ```yaml
    /// contract:
    ///   status: retired
    ///   consumer: CreatorOS      # still declared in accord.toml
    /// ```
    ///
    /// ## How to fix
    /// Move the consumer to the replacement contract and remove it from this one, or bring
    /// the contract back to `deprecated` with a window.
    pub static REGISTRY_RETIRED_CONSUMED = {
        id: "registry-retired-consumed",
        group: "registry",
        class: Breaking,
        bump: None,
        summary: "a retired contract is still consumed by a declared pack",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for c in cx.contracts {
        if c.status != Some(Status::Retired) {
            continue;
        }
        for (i, consumer) in c.consumers.iter().enumerate() {
            let Some(pack) = cx.manifest.pack(consumer) else {
                continue;
            };
            out.push(
                cx.finding(
                    &REGISTRY_RETIRED_CONSUMED,
                    c,
                    &consumer_pointer(c, i),
                    &format!("contract.consumer[{}]", pack.name),
                    format!("retired contract `{}` is still consumed by pack `{}`", c.name, pack.display_name),
                )
                .related(cx.pack_loc(pack), "the consumer is declared here")
                .with_impacted([pack.name.clone()])
                .with_help("move the consumer to the replacement contract, or set status back to deprecated with a window"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{PACKS, contract, lint, of};

    #[test]
    fn fires_when_a_declared_pack_consumes_a_retired_contract() {
        let retired = contract("A", "1.0.0", "retired", "MMOS", "CreatorOS");
        let f = of(
            "registry-retired-consumed",
            &lint(PACKS, &[("mmos-creator-os-v1.0.0.yaml", &retired)]),
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].class, accord_model::Class::Breaking);
        assert_eq!(f[0].impacted, ["creator-os"]);
        assert_eq!(f[0].related[0].location.line, 3);
        let stable = contract("A", "1.0.0", "stable", "MMOS", "CreatorOS");
        assert!(
            of(
                "registry-retired-consumed",
                &lint(PACKS, &[("mmos-creator-os-v1.0.0.yaml", &stable)])
            )
            .is_empty()
        );
    }
}
