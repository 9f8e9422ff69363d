accord_model::declare_rule! {
    /// ## What it does
    /// Reports a property added to an open content model under `content_model: lenient`
    /// (the default), where it is a compatible MINOR addition. Under `strict` the same
    /// change is `schema-property-incompatible`.
    ///
    /// ## Why is this bad?
    /// It is not, as long as writers only ever wrote the properties they declared — the
    /// assumption the lenient model makes and the seeds' "new optional fields: MINOR" rule.
    ///
    /// ## Example
    /// ```json
    /// // old                                   // new
    /// { "properties": { "id": {} } }           { "properties": { "id": {}, "nick": {"type": "string"} } }
    /// ```
    ///
    /// ## How to fix
    /// Nothing to fix; bump at least MINOR. Use `content_model: strict` if writers may
    /// have stored undeclared properties.
    pub static SCHEMA_PROPERTY_ADDED = {
        id: "schema-property-added",
        group: "schema-change",
        class: Safe,
        bump: Minor,
        summary: "a property was added (lenient content model)",
    }
}
