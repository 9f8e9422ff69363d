accord_model::declare_rule! {
    /// ## What it does
    /// With `[traceability]`, reports a test file (matched by `tests` globs) that no
    /// requirement of the matrix references.
    ///
    /// ## Why is this bad?
    /// Seed 002's traceability guard: "all classified tests traced". A test that traces to
    /// nothing cannot be reviewed against what it is meant to prove, and cannot be retired
    /// when its requirement is.
    ///
    /// ## Example
    /// `tests/extra_smoke.rs` exists; no requirement lists it.
    ///
    /// ## How to fix
    /// Add it to the `tests` of the requirement it checks (or add the requirement).
    pub static TRACE_TEST_UNTRACED = {
        id: "trace-test-untraced",
        group: "traceability",
        class: Breaking,
        bump: None,
        summary: "a test file traces to no requirement",
    }
}
