//! The `sensitive-field-in-output` rule.
accord_model::declare_rule! {
    /// ## What it does
    /// Reports a field that a contract marks `privacy: SENSITIVE` or `privacy: CLINICAL`
    /// (on `required_fields`/`optional_fields` of a file contract, like a database column's
    /// class) appearing in an artifact under an `outputs/` directory: a key of a JSON or
    /// YAML document, or a column header of a CSV file. A dotted field (`big_five.openness`)
    /// matches a key path ending with it; a plain name matches a key of that name at any
    /// depth. The finding points at the key and names the contract that classifies it.
    ///
    /// ## Why is this bad?
    /// Outputs are what packs publish to each other and to people (seed 001 "Data
    /// Privacy"): psychometric or health data there escapes the clearance that guards it in
    /// the database.
    ///
    /// ## Example
    /// ```json
    /// // outputs/courses/feynman/course.json
    /// {"title": "Physics", "audience": {"neuroticism": 71}}
    /// ```
    ///
    /// ## How to fix
    /// Drop the field from the output (publish a derived, non-sensitive value instead), or
    /// approve the finding's fingerprint with a justification if the output is not
    /// published.
    pub static SENSITIVE_FIELD_IN_OUTPUT = {
        id: "sensitive-field-in-output",
        group: "security",
        class: Breaking,
        bump: None,
        summary: "a SENSITIVE or CLINICAL contract field appears in an artifact under outputs/",
    }
}
