//! The `consumer-undeclared-use` rule.
accord_model::declare_rule! {
    /// ## What it does
    /// Reports a pack that imports the code of a pack providing a code contract, through an
    /// `allow_imports` exception, without being one of that contract's consumers. (Without
    /// the exception the import is a `pack-boundary-import`.)
    ///
    /// ## Why is this bad?
    /// The provider's changes are judged against the consumers its contract names: an
    /// undeclared user is impacted without anyone being asked.
    ///
    /// ## Example
    /// `allow_imports = ["pm-core"]` in `[packs.web-app]`, while the PM Core API contract
    /// lists `consumers: [agents]`.
    ///
    /// ## How to fix
    /// Add the pack to the contract's `consumers`.
    pub static CONSUMER_UNDECLARED_USE = {
        id: "consumer-undeclared-use",
        group: "architecture",
        class: Risky,
        bump: None,
        summary: "a pack uses a code contract it is not declared to consume",
    }
}
