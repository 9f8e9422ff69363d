accord_model::declare_rule! {
    /// ## What it does
    /// Reports a valid approval whose finding needed nothing: the change already meets every condition policy asks of it, or the finding is not one policy gates.
    ///
    /// ## Why is this bad?
    /// Approvals are exceptions. An exception that covers nothing hides the next real problem with the same fingerprint and erodes trust in the file.
    ///
    /// ## Example
    /// ```text
    /// # The change now bumps the contract and updates the consumer,
    /// # so this approval has nothing left to approve.
    /// [approvals.3f2a9c01d4e5b6a7]
    /// approver = "alice"
    /// ```
    ///
    /// ## How to fix
    /// Delete the entry from `accord-approvals.toml`.
    pub static POLICY_APPROVAL_UNUSED = {
        id: "policy-approval-unused",
        group: "policy",
        class: Risky,
        bump: None,
        summary: "an approval approves a finding that needs no approval",
    }
}
