//! The `governance-epic-unknown` rule.

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a migration added or edited by the change whose `-- Epic:` header names no
    /// epic document in the epics or proposals directory of `[governance]` (by file name:
    /// `EPIC-005-voice-fidelity-boost.md`, a name starting with `EPIC-005-`, or a dated
    /// proposal `20251020-epic-voice-fidelity-boost.md`).
    ///
    /// ## Why is this bad?
    /// Seed 000 plans every schema change in a system-level epic that starts as a proposal
    /// the Database Owner reviewed. A migration citing an epic nobody wrote was never
    /// planned.
    ///
    /// ## Example
    /// ```sql
    /// -- Epic: EPIC-009-typo
    /// -- Packs affected: MMOS
    /// ```
    ///
    /// ## How to fix
    /// Write the proposal (`accord new proposal`), or fix the reference.
    pub static GOVERNANCE_EPIC_UNKNOWN = {
        id: "governance-epic-unknown",
        group: "governance",
        class: Breaking,
        bump: None,
        summary: "a migration's `-- Epic:` names no epic document",
    }
}
