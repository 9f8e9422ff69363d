accord_model::declare_rule! {
    /// ## What it does
    /// Reports an approval whose fingerprint matches no finding of this run.
    ///
    /// ## Why is this bad?
    /// The finding was fixed, or the fingerprint was mistyped. Either way the entry approves nothing now and could silently approve an unrelated future finding.
    ///
    /// ## Example
    /// ```text
    /// [approvals.0000000000000000]   # no finding has this fingerprint
    /// approver = "alice"
    /// ```
    ///
    /// ## How to fix
    /// Delete the entry, or copy the fingerprint exactly from the report (`accord check --format json`).
    pub static POLICY_APPROVAL_UNKNOWN_FINGERPRINT = {
        id: "policy-approval-unknown-fingerprint",
        group: "policy",
        class: Risky,
        bump: None,
        summary: "an approval names a fingerprint no finding has",
    }
}
