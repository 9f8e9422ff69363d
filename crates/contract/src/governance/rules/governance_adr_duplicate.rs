//! The `governance-adr-duplicate` rule.

accord_model::declare_rule! {
    /// ## What it does
    /// Reports an ADR whose number (from its `# ADR-NNN:` title) another ADR already
    /// uses; the second and later ones are reported, pointing at the first.
    ///
    /// ## Why is this bad?
    /// ADRs are cited by number ("see ADR-001", `Superseded by ADR-004`). Two decisions
    /// under one number make every citation ambiguous; it happens when two branches each
    /// add "the next" ADR.
    ///
    /// ## Example
    /// `ADR-003-cache.md` and `ADR-003-queue.md`, both titled `# ADR-003: …`.
    ///
    /// ## How to fix
    /// Renumber the later decision to the next free number (`accord new adr` picks it).
    pub static GOVERNANCE_ADR_DUPLICATE = {
        id: "governance-adr-duplicate",
        group: "governance",
        class: Breaking,
        bump: None,
        summary: "two ADRs share a number",
    }
}
