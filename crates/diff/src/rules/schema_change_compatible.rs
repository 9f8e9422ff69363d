accord_model::declare_rule! {
    /// ## What it does
    /// Reports a schema change that the chosen compatibility mode allows: a change that
    /// is incompatible only in the direction the mode does not check (a type widened
    /// under BACKWARD, a bound tightened under FORWARD, an enum value added under
    /// BACKWARD, ...), or that the lenient content model excuses.
    ///
    /// ## Why is this bad?
    /// It is not, under the declared mode; it changes what the contract accepts, so it
    /// is reported with a MINOR bump. Readers on the unchecked side may still notice.
    ///
    /// ## Example
    /// ```json
    /// // old                                   // new   (compatibility: BACKWARD)
    /// { "type": "string", "maxLength": 10 }    { "type": "string", "maxLength": 20 }
    /// ```
    ///
    /// ## How to fix
    /// Nothing to fix; bump at least MINOR.
    pub static SCHEMA_CHANGE_COMPATIBLE = {
        id: "schema-change-compatible",
        group: "schema-change",
        class: Safe,
        bump: Minor,
        summary: "a schema change allowed by the compatibility mode",
    }
}
