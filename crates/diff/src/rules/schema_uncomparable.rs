accord_model::declare_rule! {
    /// ## What it does
    /// Reports a part of two JSON Schemas that could not be compared: a `$ref` outside the
    /// document (remote or `$id`-based), to an anchor the document does not declare, to
    /// nothing, or a chain of `$ref`s that loops without reaching a schema; or schemas
    /// nested deeper than 64 levels or needing more than 10 000 comparisons. Local
    /// references are followed: JSON pointers (`#/$defs/x`, `#/definitions/x`), `$anchor`
    /// and `$dynamicAnchor` names (`#name`); `$dynamicRef` and `$recursiveRef` are read as
    /// plain references to the anchor they name. Recursive schemas are fine: a pair of
    /// nodes already being compared is assumed compatible.
    ///
    /// ## Why is this bad?
    /// Whatever changed there was not classified, so a breaking change may hide in it.
    ///
    /// ## Example
    /// ```json
    /// { "properties": { "a": { "$ref": "https://example.com/a.json" } } }
    /// ```
    ///
    /// ## How to fix
    /// Inline the referenced schema under `$defs` and refer to it as `#/$defs/...`.
    pub static SCHEMA_UNCOMPARABLE = {
        id: "schema-uncomparable",
        group: "schema-change",
        class: Risky,
        bump: None,
        summary: "part of the schemas could not be compared",
    }
}
