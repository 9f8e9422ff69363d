accord_model::declare_rule! {
    /// ## What it does
    /// Reports a pull request body given with `--pr-body` that has no "Contract Impact" line.
    ///
    /// ## Why is this bad?
    /// Seed 003 §6.1 requires every pull request to declare its contract impact, so that reviewers know what they are approving.
    ///
    /// ## Example
    /// ```text
    /// ## Summary
    /// Adds a field.               <- no Contract Impact anywhere
    /// ```
    ///
    /// ## How to fix
    /// Add `Contract Impact: None | SAFE | RISKY | BREAKING` (one value) to the body, or use the pull request template.
    pub static POLICY_PR_DECLARATION_MISSING = {
        id: "policy-pr-declaration-missing",
        group: "policy",
        class: Risky,
        bump: None,
        summary: "the pull request does not declare its contract impact",
    }
}
