//! The `extension-review-missing` rule.
use super::Cx;
use crate::VetError;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a listed extension in a tier that requires review (`review = true` in
    /// `[extensions.tiers.NAME]`; seed 002: official) whose entry does not say
    /// `"reviewed": true`.
    ///
    /// ## Why is this bad?
    /// Official extensions run with more capabilities and are presented as part of the
    /// platform. "Full review" is the requirement that earns that; an automated check alone
    /// is the community tier's bar.
    ///
    /// ## Example
    /// ```json
    /// { "name": "git-status", "tier": "official" }
    /// ```
    ///
    /// ## How to fix
    /// Review the extension and set `"reviewed": true`, or list it in a tier without the
    /// review requirement.
    pub static EXTENSION_REVIEW_MISSING = {
        id: "extension-review-missing",
        group: "extension",
        class: Breaking,
        bump: None,
        summary: "an extension in a tier that requires review is not marked reviewed",
    }
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Finding>) -> Result<(), VetError> {
    let Some(tier) = cx.config.tier(&cx.ext.tier) else {
        return Ok(());
    };
    if tier.review && !cx.ext.reviewed {
        out.push(
            cx.finding(
                &EXTENSION_REVIEW_MISSING,
                "tier",
                format!(
                    "extension `{}` is in tier `{}`, which requires a full review, and is not marked reviewed",
                    cx.ext.name, tier.name
                ),
            )
            .with_help("review it and set \"reviewed\": true, or list it in another tier"),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{clean, of, vet};

    #[test]
    fn official_needs_review_community_does_not() {
        for (extra, n) in [
            ("", 0),
            ("\"reviewed\": false", 1),
            ("\"tier\": \"community\", \"reviewed\": false", 0),
        ] {
            let f = vet("[extensions]\n", &clean("a", extra), &[]);
            assert_eq!(of("extension-review-missing", &f).len(), n, "{extra}");
        }
    }
}
