//! The `governance-doc-placeholder` rule.

accord_model::declare_rule! {
    /// ## What it does
    /// Reports text left from a template in the prose of an ADR, epic proposal or story: a
    /// `TODO:` marker, a paragraph or list item that starts with `TODO`, or one of the
    /// bracketed prompts of seed 000's templates (`[What problem are we solving?]`,
    /// `[Decision Title]`, …); and the `TODO:` values `accord new` writes into a contract or
    /// into a migration's leading comments (`-- Epic: TODO: …`). Headings, code, links and
    /// other bracketed words (`[Unreleased]`, `[ ]`) are not placeholders. One finding per
    /// line.
    ///
    /// ## Why is this bad?
    /// A document still holding its template's prompts was never written: the decision,
    /// the proposal or the breakdown it pretends to record does not exist. `accord new`
    /// output fails `accord check` until it is filled in, on purpose.
    ///
    /// ## Example
    /// ```markdown
    /// ## Context
    /// TODO: What's the problem? Why do we need to decide?
    /// ```
    ///
    /// ## How to fix
    /// Replace the placeholder with the document's own text. To mention a placeholder
    /// literally, put it in backticks.
    pub static GOVERNANCE_DOC_PLACEHOLDER = {
        id: "governance-doc-placeholder",
        group: "governance",
        class: Breaking,
        bump: None,
        summary: "placeholder text left from a template",
    }
}
