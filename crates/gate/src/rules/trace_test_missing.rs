accord_model::declare_rule! {
    /// ## What it does
    /// With `[traceability]`, reports a test the matrix references that does not exist: the
    /// file is gone, or (for `file::name`) the file has no test of that name.
    ///
    /// ## Why is this bad?
    /// The matrix claims coverage that is not there; a renamed or deleted test silently
    /// un-tests the requirement.
    ///
    /// ## Example
    /// ```json
    /// {"id": "REQ-LOAD-1", "tests": ["tests/load.rs::cold_load_fast"]}
    /// ```
    /// where `tests/load.rs` defines `cold_load_within_budget`.
    ///
    /// ## How to fix
    /// Point the entry at the test's current name, or restore the test.
    pub static TRACE_TEST_MISSING = {
        id: "trace-test-missing",
        group: "traceability",
        class: Breaking,
        bump: None,
        summary: "the traceability matrix references a test that does not exist",
    }
}
