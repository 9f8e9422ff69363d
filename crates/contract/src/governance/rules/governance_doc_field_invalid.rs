//! The `governance-doc-field-invalid` rule.

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a governance document whose title or header fields (the `**Name:** value`
    /// lines between the title and the first section) break its seed 000 template:
    /// - the title is not `# ADR-NNN: Title`, `# Epic Proposal: Name` or `# Story: Name`;
    /// - a required field is missing: an ADR's `Status`, `Date`, `Deciders`; a story's
    ///   `Type`, `Packs`, `Epic`;
    /// - `Status` is not one of the template's values (ADR: Proposed, Accepted, Superseded;
    ///   proposal: Proposed, Approved, Accepted, Rejected, Archived), `Date` is no
    ///   `YYYY-MM-DD`, a story's `Type` is not `Cross-Pack`;
    /// - `Packs` (or a `- Pack: changes` line of a proposal's "Packs Affected") names a pack
    ///   the manifest does not declare (with the nearest name as a suggestion), or a story
    ///   names fewer than two packs;
    /// - a story's `Epic` names no document in the epics or proposals directory.
    ///
    /// ## Why is this bad?
    /// Review routing and planning read these fields: a story naming a pack that does not
    /// exist is never routed to a real maintainer; an `Epic` nobody proposed was never
    /// reviewed by the System Architect.
    ///
    /// ## Example
    /// ```markdown
    /// # Story: Personality-enhanced prompts
    ///
    /// **Type:** Cross-Pack
    /// **Packs:** MMOS, CreatorOs
    /// **Epic:** EPIC-009-typo
    /// ```
    ///
    /// ## How to fix
    /// Use the manifest's pack names (`MMOS, CreatorOS`) and an epic that has a proposal.
    pub static GOVERNANCE_DOC_FIELD_INVALID = {
        id: "governance-doc-field-invalid",
        group: "governance",
        class: Breaking,
        bump: None,
        summary: "a governance document's title or header field is missing or invalid",
    }
}
