accord_model::declare_rule! {
    /// ## What it does
    /// Under `compatibility: NONE`, reports each schema change that would be incompatible
    /// in either direction. NONE switches the check off, so the verdict stays
    /// "compatible", but the change is still shown.
    ///
    /// ## Why is this bad?
    /// Nothing guarantees that readers and writers still agree; someone has to check by
    /// hand. RISKY, and MAJOR because consumers may have to change.
    ///
    /// ## Example
    /// ```json
    /// // old                                   // new   (compatibility: NONE)
    /// { "type": "string" }                     { "type": "integer" }
    /// ```
    ///
    /// ## How to fix
    /// Declare a compatibility mode (BACKWARD is the usual one) or review by hand.
    pub static SCHEMA_CHANGE_UNCHECKED = {
        id: "schema-change-unchecked",
        group: "schema-change",
        class: Risky,
        bump: Major,
        summary: "a schema change not checked because compatibility is NONE",
    }
}
