//! The `registry-undeclared-pack` rule.
use crate::rules::{Cx, consumer_pointer};
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a contract whose `provider` or `consumer` is neither a pack declared in
    /// `accord.toml` (by key, `display_name` or alias, ignoring case and punctuation) nor
    /// the shared `Database`.
    ///
    /// ## Why is this bad?
    /// Accord finds who is impacted by a change, who must approve it and which tests must
    /// run through the packs. A contract with an unknown party has no owner and no
    /// consumer anyone will notify.
    ///
    /// ## Example
    /// ```yaml
    /// contract:
    ///   provider: MMOS
    ///   consumer: CreatorOSS     # typo: no such pack
    /// ```
    ///
    /// ## How to fix
    /// Fix the name, declare the pack under `[packs.NAME]`, or add the spelling to the
    /// pack's `aliases`.
    pub static REGISTRY_UNDECLARED_PACK = {
        id: "registry-undeclared-pack",
        group: "registry",
        class: Breaking,
        bump: None,
        summary: "provider or consumer is not a declared pack",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) {
    for c in cx.contracts {
        let mut parties: Vec<(&str, &str, String)> = Vec::new();
        if !c.provider.trim().is_empty() {
            parties.push(("provider", &c.provider, "/contract/provider".to_string()));
        }
        for (i, consumer) in c.consumers.iter().enumerate() {
            parties.push(("consumer", consumer, consumer_pointer(c, i)));
        }
        for (role, name, pointer) in parties {
            if cx.manifest.knows(name) {
                continue;
            }
            out.push(
                cx.finding(
                    &REGISTRY_UNDECLARED_PACK,
                    c,
                    &pointer,
                    &format!("contract.{role}[{name}]"),
                    format!("{role} `{name}` is not a pack declared in {}", cx.manifest.path),
                )
                .related(cx.packs_loc(), "packs are declared here")
                .with_help(match cx.guess_pack(name) {
                    Some(guess) => format!(
                        "did you mean `{guess}`? (declared packs: {})",
                        cx.pack_names()
                    ),
                    None => format!(
                        "declared packs: {}; fix the name, declare [packs.NAME] or add it to a pack's `aliases`",
                        cx.pack_names()
                    ),
                }),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{PACKS, contract, lint, of};

    #[test]
    fn fires_on_unknown_parties_not_on_aliases_or_database() {
        let ok = contract("A", "1.0.0", "stable", "Creator OS", "Database");
        assert!(
            of(
                "registry-undeclared-pack",
                &lint(PACKS, &[("creator-os-db-v1.0.0.yaml", &ok)])
            )
            .is_empty()
        );
        let bad = contract("A", "1.0.0", "stable", "Nope", "[MMOS, Ghost]");
        let f = of(
            "registry-undeclared-pack",
            &lint(PACKS, &[("x.yaml", &bad)]),
        );
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].location.line, 5);
        assert_eq!(f[1].location.line, 6);
        assert_eq!(f[1].related[0].location.path, "accord.toml");
        assert_eq!(f[1].related[0].location.line, 1);
        assert!(f[0].help.as_deref().unwrap().starts_with("declared packs:"));
    }

    #[test]
    fn a_typo_of_a_pack_name_gets_a_did_you_mean() {
        let bad = contract("A", "1.0.0", "stable", "MMOS", "CreatorOSS");
        let f = of(
            "registry-undeclared-pack",
            &lint(PACKS, &[("mmos-creator-os-v1.0.0.yaml", &bad)]),
        );
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].help.as_deref(),
            Some("did you mean `CreatorOS`? (declared packs: mmos, creator-os)")
        );
    }
}
