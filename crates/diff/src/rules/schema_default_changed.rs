accord_model::declare_rule! {
    /// ## What it does
    /// Reports a `default` value added, removed or changed.
    ///
    /// ## Why is this bad?
    /// Validity is unchanged, but consumers that fill in missing values from the schema
    /// now behave differently. Seed 003 §4.2: "default values changed" is RISKY.
    ///
    /// ## Example
    /// ```json
    /// // old                                   // new
    /// { "type": "integer", "default": 10 }     { "type": "integer", "default": 25 }
    /// ```
    ///
    /// ## How to fix
    /// Tell the consumers and have the change reviewed; bump at least MINOR.
    pub static SCHEMA_DEFAULT_CHANGED = {
        id: "schema-default-changed",
        group: "schema-change",
        class: Risky,
        bump: Minor,
        summary: "a default value changed",
    }
}
