accord_model::declare_rule! {
    /// ## What it does
    /// Reports a gate whose value regressed against its baseline by more than
    /// `regression_warn` percent (default 0) but at most `regression_fail` percent. Policy
    /// approves the change on the condition that the regression is documented; an approval in
    /// the approvals file, whose `justification` documents it, meets that condition.
    ///
    /// ## Why is this bad?
    /// Seed 002: a regression under 20 % may merge, but only with a written reason, so the
    /// budget does not erode one undocumented step at a time.
    ///
    /// ## Example
    /// ```toml
    /// # baseline p95 120 ms, now 138 ms: +15 % → gate-regression-justify
    /// [approvals.<fingerprint>]
    /// justification = "the new loader validates signatures; 18 ms is the price"
    /// approver = "alice"
    /// expires = "2027-01-31"
    /// ```
    ///
    /// ## How to fix
    /// Recover the regression, or document it: add an approval with a justification for the
    /// finding's fingerprint.
    pub static GATE_REGRESSION_JUSTIFY = {
        id: "gate-regression-justify",
        group: "gate",
        class: Risky,
        bump: None,
        summary: "a metric regressed within the tolerated margin; the regression must be documented",
    }
}
