use crate::conformance::context::{Artifact, ContractCtx};
use crate::conformance::markdown::{Heading, names};
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a required Markdown section whose heading exists, but only at a level other
    /// than the one the contract declares ("Markdown heading level 2"). The finding points at
    /// the misplaced heading.
    ///
    /// ## Why is this bad?
    /// Consumers split the document on headings of the declared level: a `### Cognitive
    /// Patterns` is read as part of the previous section, and a `# Cognitive Patterns` may be
    /// taken for the document title. The section is effectively missing.
    ///
    /// ## Example
    /// ```markdown
    /// ### Cognitive Patterns
    /// ```
    /// where the contract says `format: "Markdown heading level 2"`.
    ///
    /// ## How to fix
    /// Change the heading to the declared level (`## Cognitive Patterns`).
    pub static CONFORMANCE_SECTION_LEVEL = {
        id: "conformance-section-level",
        group: "conformance",
        class: Breaking,
        bump: None,
        summary: "a required section's heading is at the wrong level",
    }
}

/// One finding per heading that names a required section at the wrong level, when no
/// heading of the right level exists.
pub(crate) fn check(
    ctx: &ContractCtx<'_>,
    artifact: &Artifact<'_>,
    headings: &[Heading],
    out: &mut Vec<Finding>,
) {
    for (i, section) in ctx.contract.interface.required_sections.iter().enumerate() {
        let Some(level) = section.level else {
            continue;
        };
        let mut same_name = headings
            .iter()
            .filter(|h| names(h, &section.name))
            .peekable();
        if same_name.peek().is_none()
            || headings
                .iter()
                .any(|h| h.level == level && names(h, &section.name))
        {
            continue;
        }
        let span = if section.span == Default::default() {
            ctx.span(&[&format!("/contract/interface/required_sections/{i}")])
        } else {
            section.span
        };
        let hashes = "#".repeat(usize::from(level.clamp(1, 6)));
        for heading in same_name {
            out.push(ctx.finding(
                &CONFORMANCE_SECTION_LEVEL,
                format!(
                    "section \"{}\" of `{}` is a level-{} heading; the contract requires level {level}",
                    section.name, artifact.rel, heading.level
                ),
                artifact.at(heading.span),
                span,
                format!("{}#section:{}", artifact.rel, section.name),
                format!("write it as `{hashes} {}`", section.name),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::conformance::testing::*;
    use accord_model::contract::Format;

    fn prompt_contract() -> accord_model::contract::Contract {
        let mut c = contract("out/{slug}.md", Some(Format::Markdown));
        c.interface.required_sections = vec![
            section("Cognitive Patterns", Some(2)),
            section("Anything", None),
        ];
        c
    }

    #[test]
    fn fires_at_the_misplaced_heading() {
        let repo = Repo::new();
        repo.write(
            "out/naval.md",
            "# Naval\n\n### Anything\n\ntext\n\n### Cognitive Patterns\n",
        );
        let report = repo.check(&[prompt_contract()]);
        let found = fired(&report, "conformance-section-level");
        assert_eq!(found.len(), 1, "{:#?}", report.findings);
        assert_eq!((found[0].location.line, found[0].location.column), (7, 1));
        assert!(
            found[0]
                .message
                .contains("level-3 heading; the contract requires level 2")
        );
        assert!(fired(&report, "conformance-missing-section").is_empty());
    }

    #[test]
    fn silent_when_one_heading_has_the_right_level() {
        let repo = Repo::new();
        repo.write(
            "out/naval.md",
            "# Anything\n\n## Cognitive Patterns\n\n### Cognitive Patterns\n",
        );
        let report = repo.check(&[prompt_contract()]);
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
    }
}
