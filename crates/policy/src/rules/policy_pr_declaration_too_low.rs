accord_model::declare_rule! {
    /// ## What it does
    /// Reports a pull request whose "Contract Impact" declaration (seed 003 §6.1) is lower than the highest class Accord detected. The finding takes the detected class.
    ///
    /// ## Why is this bad?
    /// Reviewers read the declaration to decide how closely to look. Declaring SAFE for a BREAKING change is exactly the silent breaking change governance exists to prevent.
    ///
    /// ## Example
    /// ```text
    /// Contract Impact: SAFE      <- but a required section was removed (BREAKING)
    /// ```
    ///
    /// ## How to fix
    /// Declare the detected impact (`Contract Impact: BREAKING`) and attach or update the decision record.
    pub static POLICY_PR_DECLARATION_TOO_LOW = {
        id: "policy-pr-declaration-too-low",
        group: "policy",
        class: Breaking,
        bump: None,
        summary: "the pull request declares a lower contract impact than detected",
    }
}
