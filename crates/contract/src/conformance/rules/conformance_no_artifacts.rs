use crate::conformance::context::ContractCtx;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a contract whose `interface.location` matches no artifact in the repository.
    ///
    /// ## Why is this bad?
    /// The consumer reads from that location. When nothing is there, either the provider
    /// stopped producing the artifact or the contract names the wrong place; both break the
    /// integration silently, because nothing else is checked.
    ///
    /// ## Example
    /// ```yaml
    /// interface:
    ///   location: "outputs/minds/{slug}/system_prompts/generalista.md"
    /// ```
    /// with no `outputs/minds/*/system_prompts/generalista.md` in the repository.
    ///
    /// ## How to fix
    /// Produce at least one artifact at the location, or correct `location` (each
    /// `{placeholder}` matches exactly one path segment), or mark the contract `draft` while it
    /// is not implemented yet.
    pub static CONFORMANCE_NO_ARTIFACTS = {
        id: "conformance-no-artifacts",
        group: "conformance",
        class: Risky,
        bump: None,
        summary: "a contract's location matches no artifact",
    }
}

/// The finding for a contract whose location matched nothing; `why` refines the message.
pub(crate) fn finding(ctx: &ContractCtx<'_>, why: Option<&str>) -> Finding {
    let location = ctx.location();
    let span = ctx.location_span();
    let message = match why {
        Some(why) => format!(
            "contract {} has no artifacts: location `{location}` {why}",
            ctx.contract.display()
        ),
        None => format!(
            "contract {} has no artifacts: nothing in the repository matches `{location}`",
            ctx.contract.display()
        ),
    };
    ctx.finding(
        &CONFORMANCE_NO_ARTIFACTS,
        message,
        ctx.contract_location(span),
        span,
        format!("location:{location}"),
        "produce the artifact, correct `interface.location`, or mark the contract `draft`",
    )
}

#[cfg(test)]
mod tests {
    use crate::conformance::testing::*;
    use accord_model::contract::Format;

    #[test]
    fn fires_when_the_location_matches_nothing() {
        let repo = Repo::new();
        repo.write("outputs/minds/naval/notes.md", "# x\n");
        let report = repo.check(&[contract(
            "outputs/minds/{slug}/system_prompts/generalista.md",
            Some(Format::Markdown),
        )]);
        let found = fired(&report, "conformance-no-artifacts");
        assert_eq!(found.len(), 1, "{:#?}", report.findings);
        assert!(
            found[0]
                .message
                .contains("nothing in the repository matches")
        );
        assert_eq!(report.matches[0].artifacts, 0);
    }

    #[test]
    fn silent_when_an_artifact_exists() {
        let repo = Repo::new();
        repo.write(
            "outputs/minds/naval/system_prompts/generalista.md",
            "# Naval\n",
        );
        let report = repo.check(&[contract(
            "outputs/minds/{slug}/system_prompts/generalista.md",
            Some(Format::Markdown),
        )]);
        assert!(fired(&report, "conformance-no-artifacts").is_empty());
        assert_eq!(report.matches[0].slugs["slug"], vec!["naval".to_string()]);
    }
}
