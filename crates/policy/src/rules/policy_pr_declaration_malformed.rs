accord_model::declare_rule! {
    /// ## What it does
    /// Reports a "Contract Impact" declaration that is not exactly one of None, SAFE, RISKY, BREAKING: the template left untouched, several boxes ticked, none ticked, or an unknown word.
    ///
    /// ## Why is this bad?
    /// An ambiguous declaration is no declaration: it cannot be compared with what was detected.
    ///
    /// ## Example
    /// ```text
    /// Contract Impact: None / SAFE / RISKY / BREAKING   <- template not filled in
    /// - [x] SAFE
    /// - [x] BREAKING                                   <- two boxes ticked
    /// ```
    ///
    /// ## How to fix
    /// Keep exactly one value: `Contract Impact: RISKY`, or tick exactly one box.
    pub static POLICY_PR_DECLARATION_MALFORMED = {
        id: "policy-pr-declaration-malformed",
        group: "policy",
        class: Risky,
        bump: None,
        summary: "the contract impact declaration cannot be read",
    }
}
