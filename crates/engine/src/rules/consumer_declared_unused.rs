//! The `consumer-declared-unused` rule.
accord_model::declare_rule! {
    /// ## What it does
    /// Reports a consumer named by a code contract whose code never imports the provider. Only
    /// checked when the consumer has source in the provider's language (Rust, JS/TS or Python
    /// family): an import across languages (a Python consumer of a Rust API over HTTP) cannot
    /// be seen in source.
    ///
    /// ## Why is this bad?
    /// Impacted consumers are computed from the contract: a stale consumer makes every change
    /// wait for an owner who is not affected, and hides who really is.
    ///
    /// ## Example
    /// `consumers: [agents, web-app]` where `web-app` imports nothing from the provider.
    ///
    /// ## How to fix
    /// Remove the consumer from the contract, or check that it reads the API some other way.
    pub static CONSUMER_DECLARED_UNUSED = {
        id: "consumer-declared-unused",
        group: "architecture",
        class: Risky,
        bump: None,
        summary: "a declared consumer of a code contract never imports the provider",
    }
}
