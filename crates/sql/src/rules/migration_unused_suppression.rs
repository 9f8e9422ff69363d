//! The `migration-unused-suppression` rule.
accord_model::declare_rule! {
    /// ## What it does
    /// Reports an `-- accord:allow RULE-ID reason="…"` comment that silenced nothing:
    /// the rule did not fire on its statement, the rule id is unknown, or it follows the
    /// last statement.
    ///
    /// ## Why is this bad?
    /// Stale suppressions hide future findings on that statement and mislead reviewers.
    ///
    /// ## Example
    /// ```sql
    /// -- accord:allow migration-drop-table reason="cleanup"
    /// ALTER TABLE minds ADD COLUMN note TEXT;
    /// ```
    ///
    /// ## How to fix
    /// Delete the comment, or fix the rule id.
    pub static RULE = {
        id: "migration-unused-suppression",
        group: "migration",
        class: Risky,
        bump: None,
        summary: "suppression that suppresses nothing",
    }
}
