use crate::conformance::context::{Artifact, ContractCtx};
use crate::conformance::markdown::{Heading, names};
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a Markdown artifact in which a section listed in the contract's
    /// `required_sections` has no heading at all. Order is free (seed 000: "consumers must not
    /// assume order"), case and spacing of the heading text are ignored. A heading with the
    /// right text at the wrong level is `conformance-section-level` instead.
    ///
    /// ## Why is this bad?
    /// The consumer looks the section up by its heading; without it the consumer loses that
    /// part of the artifact (for MMOS → CreatorOS: the voice of the mind).
    ///
    /// ## Example
    /// The contract requires `Cognitive Patterns` and `Communication Style`; `generalista.md`
    /// has `## Cognitive Patterns` only.
    ///
    /// ## How to fix
    /// Add the section as a heading of the declared level (`## Communication Style`), or, if
    /// the section is no longer produced, change the contract (a MAJOR version bump).
    pub static CONFORMANCE_MISSING_SECTION = {
        id: "conformance-missing-section",
        group: "conformance",
        class: Breaking,
        bump: None,
        summary: "a Markdown artifact lacks a required section",
    }
}

/// One finding per required section with no heading of that name at any level.
pub(crate) fn check(
    ctx: &ContractCtx<'_>,
    artifact: &Artifact<'_>,
    headings: &[Heading],
    out: &mut Vec<Finding>,
) {
    for (i, section) in ctx.contract.interface.required_sections.iter().enumerate() {
        if section.name.trim().is_empty() || headings.iter().any(|h| names(h, &section.name)) {
            continue;
        }
        let hashes = "#".repeat(usize::from(section.level.unwrap_or(2).clamp(1, 6)));
        let level = match section.level {
            Some(level) => format!(" (heading level {level})"),
            None => String::new(),
        };
        let span = if section.span == Default::default() {
            ctx.span(&[&format!("/contract/interface/required_sections/{i}")])
        } else {
            section.span
        };
        out.push(ctx.finding(
            &CONFORMANCE_MISSING_SECTION,
            format!(
                "`{}` lacks the required section \"{}\"{level}",
                artifact.rel, section.name
            ),
            artifact.start(),
            span,
            format!("{}#section:{}", artifact.rel, section.name),
            format!("add a heading `{hashes} {}`", section.name),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::conformance::testing::*;
    use accord_model::contract::Format;

    fn prompt_contract() -> accord_model::contract::Contract {
        let mut c = contract(
            "outputs/minds/{slug}/generalista.md",
            Some(Format::Markdown),
        );
        c.interface.required_sections = vec![
            section("Cognitive Patterns", Some(2)),
            section("Communication Style", Some(2)),
        ];
        c
    }

    #[test]
    fn fires_for_each_missing_section() {
        let repo = Repo::new();
        repo.write(
            "outputs/minds/naval/generalista.md",
            "# Naval\n\nText\n\n```\n## Communication Style\n```\n",
        );
        let report = repo.check(&[prompt_contract()]);
        let found = fired(&report, "conformance-missing-section");
        assert_eq!(found.len(), 2, "{:#?}", report.findings);
        assert_eq!(
            found[0].logical_path,
            "outputs/minds/naval/generalista.md#section:Cognitive Patterns"
        );
        assert_eq!(
            found[0].related[0].message,
            "required by contract MMOS → CreatorOS Voice Integration v1.0.0"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("add a heading `## Cognitive Patterns`")
        );
    }

    #[test]
    fn silent_in_any_order_and_case() {
        let repo = Repo::new();
        repo.write(
            "outputs/minds/naval/generalista.md",
            "# Naval\n\n## Communication style\n\nCalm.\n\n## Cognitive  Patterns\n\nFirst principles.\n",
        );
        let report = repo.check(&[prompt_contract()]);
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
    }
}
