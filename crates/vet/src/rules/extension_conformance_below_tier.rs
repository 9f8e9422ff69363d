//! The `extension-conformance-below-tier` rule.
use super::Cx;
use crate::VetError;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a listed extension whose conformance result is below what its tier requires
    /// (`conformance` of `[extensions.tiers.NAME]`; seed 002: official 100 %, community
    /// 90 %, registry and third-party best effort), or that has no result in a tier that
    /// requires one.
    ///
    /// ## Why is this bad?
    /// The tier is a promise to the platform's users: "official" means every conformance
    /// scenario passes. An extension that no longer meets it must move to a lower tier or
    /// be fixed before the next release.
    ///
    /// ## Example
    /// ```json
    /// { "name": "tabs", "tier": "official", "conformance": { "passed": 47, "total": 50 } }
    /// ```
    ///
    /// ## How to fix
    /// Fix the failing scenarios, document an exception by moving the extension to a tier
    /// whose requirement it meets, or lower the tier's requirement in accord.toml.
    pub static EXTENSION_CONFORMANCE_BELOW_TIER = {
        id: "extension-conformance-below-tier",
        group: "extension",
        class: Breaking,
        bump: None,
        summary: "a listed extension's conformance result is below its tier's requirement",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) -> Result<(), VetError> {
    let Some(tier) = cx.config.tier(&cx.ext.tier) else {
        return Ok(());
    };
    let Some(min) = tier.min_conformance else {
        return Ok(());
    };
    let name = &cx.ext.name;
    let message = match cx.ext.conformance {
        Some(rate) if rate + 1e-9 >= min => return Ok(()),
        Some(rate) => format!(
            "extension `{name}` passes {} of conformance; tier `{}` requires {}",
            percent(rate),
            tier.name,
            percent(min)
        ),
        None => format!(
            "extension `{name}` has no conformance result; tier `{}` requires {}",
            tier.name,
            percent(min)
        ),
    };
    out.push(
        cx.finding(&EXTENSION_CONFORMANCE_BELOW_TIER, "conformance", message)
            .with_help(
                "fix the failing scenarios, or move the extension to a tier whose requirement it meets",
            ),
    );
    Ok(())
}

fn percent(rate: f64) -> String {
    let text = format!("{rate:.1}");
    format!("{} %", text.trim_end_matches(".0"))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{clean, of, vet};

    #[test]
    fn below_the_tier_or_missing_fires() {
        for (extra, n) in [
            ("", 0),
            ("\"conformance\": {\"passed\": 9, \"total\": 10}", 1),
            ("\"conformance\": 99.5", 1),
            ("\"tier\": \"community\", \"conformance\": 90", 0),
            ("\"tier\": \"community\", \"conformance\": 89.9", 1),
            ("\"tier\": \"registry\", \"conformance\": 10", 0),
            ("\"tier\": \"registry\", \"conformance\": null", 0),
        ] {
            let list = clean("a", extra).replace(",\"conformance\":null", "");
            let f = vet("[extensions]\n", &list, &[]);
            assert_eq!(
                of("extension-conformance-below-tier", &f).len(),
                n,
                "{extra}"
            );
        }
    }

    #[test]
    fn a_missing_result_fires_where_the_tier_requires_one() {
        let list = r#"{"extensions": [{"name": "a", "tier": "community", "license": "MIT",
            "provenance": {"npm": "a", "version": "1.0.0"}, "capabilities": ["read"]}]}"#;
        let f = vet("[extensions]\n", list, &[]);
        let hits = of("extension-conformance-below-tier", &f);
        assert_eq!(hits.len(), 1);
        assert!(hits[0].message.contains("no conformance result"));
        assert!(
            hits[0].message.contains("requires 90 %"),
            "{}",
            hits[0].message
        );
    }
}
