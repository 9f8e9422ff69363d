//! The `migration-suppression-without-reason` rule.
accord_model::declare_rule! {
    /// ## What it does
    /// Reports `-- accord:allow RULE-ID` without `reason="…"`. Such a comment suppresses nothing.
    ///
    /// ## Why is this bad?
    /// A suppression is a decision; without its reason a reviewer cannot judge it later.
    ///
    /// ## Example
    /// ```sql
    /// -- accord:allow migration-drop-table
    /// DROP TABLE old_sources;
    /// ```
    ///
    /// ## How to fix
    /// `-- accord:allow migration-drop-table reason="replaced by sources in 20251101"`.
    pub static RULE = {
        id: "migration-suppression-without-reason",
        group: "migration",
        class: Risky,
        bump: None,
        summary: "suppression without a reason",
    }
}
