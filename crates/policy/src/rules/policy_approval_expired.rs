accord_model::declare_rule! {
    /// ## What it does
    /// Reports an approval in `accord-approvals.toml` whose `expires` date has passed. The approval is not applied.
    ///
    /// ## Why is this bad?
    /// An exception was granted for a limited time. Once it lapses, the finding it covered is judged by policy again, and the stale entry misleads readers of the approvals file.
    ///
    /// ## Example
    /// ```text
    /// [approvals.3f2a9c01d4e5b6a7]
    /// approver = "alice"
    /// justification = "CreatorOS migrates next sprint"
    /// expires = "2025-01-31"   # in the past
    /// ```
    ///
    /// ## How to fix
    /// Fix what the finding reports, or have the approver renew the entry with a new `expires` date.
    pub static POLICY_APPROVAL_EXPIRED = {
        id: "policy-approval-expired",
        group: "policy",
        class: Risky,
        bump: None,
        summary: "an approval has expired and no longer applies",
    }
}
