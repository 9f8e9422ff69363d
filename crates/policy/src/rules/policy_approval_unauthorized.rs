accord_model::declare_rule! {
    /// ## What it does
    /// Reports an approval given by someone who does not hold the role the finding needs (seed 000 "Decision Authority"): an integration owner of the contract (`[roles.integration_owners]`), a database owner for schema findings (`roles.database_owners`), or an architect (`roles.architects`) for findings without a contract and for system-level changes. The approval is not applied.
    ///
    /// ## Why is this bad?
    /// Authority is the point of an approval. An exception granted by the wrong person is no exception at all.
    ///
    /// ## Example
    /// ```text
    /// [approvals.3f2a9c01d4e5b6a7]   # a finding on "MMOS → CreatorOS Voice Integration"
    /// approver = "mallory"            # not an integration owner of that contract
    /// ```
    ///
    /// ## How to fix
    /// Ask a holder of the required role to approve, or add the approver to the role in `accord.toml` if they hold it.
    pub static POLICY_APPROVAL_UNAUTHORIZED = {
        id: "policy-approval-unauthorized",
        group: "policy",
        class: Risky,
        bump: None,
        summary: "an approval was given by someone without the required role",
    }
}
