accord_model::declare_rule! {
    /// ## What it does
    /// Reports schema nodes whose annotations only changed: `title`, `description`,
    /// `$comment`, `examples`, `deprecated`, `readOnly`, `writeOnly`, and the content
    /// keywords `contentEncoding`, `contentMediaType`, `contentSchema` (annotations in
    /// every dialect: validators do not assert them). `$schema`, `$id`, `$anchor`,
    /// `$dynamicAnchor`, `$vocabulary` and `$defs` never change validity by themselves
    /// either; what a `$ref` reaches through them is compared where it is used.
    ///
    /// ## Why is this bad?
    /// It is not: annotations never change which instances are valid. PATCH.
    ///
    /// ## Example
    /// ```json
    /// // old                                   // new
    /// { "description": "user id" }             { "description": "The user's stable id" }
    /// ```
    ///
    /// ## How to fix
    /// Nothing to fix; bump at least PATCH.
    pub static SCHEMA_ANNOTATION_CHANGED = {
        id: "schema-annotation-changed",
        group: "schema-change",
        class: Safe,
        bump: Patch,
        summary: "only schema annotations changed",
    }
}
