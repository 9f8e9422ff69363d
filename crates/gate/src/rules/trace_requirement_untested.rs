accord_model::declare_rule! {
    /// ## What it does
    /// With `[traceability]`, reports a requirement of the matrix that names no test.
    ///
    /// ## Why is this bad?
    /// A requirement nobody tests is a promise nobody keeps: nothing fails when it breaks.
    ///
    /// ## Example
    /// ```json
    /// {"requirements": [{"id": "REQ-LOAD-1", "tests": []}]}
    /// ```
    ///
    /// ## How to fix
    /// Name the tests that check it: `"tests": ["tests/load.rs::cold_load_within_budget"]`.
    pub static TRACE_REQUIREMENT_UNTESTED = {
        id: "trace-requirement-untested",
        group: "traceability",
        class: Breaking,
        bump: None,
        summary: "a requirement of the traceability matrix has no test",
    }
}
