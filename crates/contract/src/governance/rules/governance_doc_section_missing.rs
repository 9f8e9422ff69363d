//! The `governance-doc-section-missing` rule.

accord_model::declare_rule! {
    /// ## What it does
    /// Reports an ADR, epic proposal or cross-pack story (in the `adrs_dir`, `proposals_dir`
    /// or `stories_dir` of `[governance]`) that lacks a `##` section its seed 000 template
    /// requires. ADR: Context, Decision, Alternatives Considered, Consequences,
    /// Implementation. Epic proposal: Problem, Packs Affected, Integration Points, Database
    /// Changes, Alternatives Considered, Estimated Effort. Cross-pack story: User Story,
    /// Acceptance Criteria, Pack Breakdown, Integration Story, Total Effort. Headings inside
    /// code blocks do not count; case and spacing are ignored.
    ///
    /// ## Why is this bad?
    /// Reviewers (the System Architect, the affected Pack Maintainers, the Database Owner)
    /// read these documents by section: a proposal without "Database Changes" hides the
    /// schema work the Database Owner must review; an ADR without "Alternatives Considered"
    /// cannot be revisited honestly.
    ///
    /// ## Example
    /// ```markdown
    /// # ADR-003: Cache voice prompts
    ///
    /// **Status:** Proposed
    /// **Date:** 2026-12-03
    /// **Deciders:** System Architect
    ///
    /// ## Context
    /// ## Decision
    /// ```
    ///
    /// ## How to fix
    /// Add the missing sections (`accord new adr|proposal|story` writes them all).
    pub static GOVERNANCE_DOC_SECTION_MISSING = {
        id: "governance-doc-section-missing",
        group: "governance",
        class: Breaking,
        bump: None,
        summary: "an ADR, epic proposal or story lacks a section its template requires",
    }
}
