accord_model::declare_rule! {
    /// ## What it does
    /// With `[traceability.suites]` (suite name → globs), reports a test file (matched by
    /// `tests` globs) that no suite's globs match.
    ///
    /// ## Why is this bad?
    /// Seed 002's "suite classification guard: all files classified": the suites (unit,
    /// fixture, end-to-end…) decide where a test runs and which guards apply to it (no mocks
    /// in end-to-end tests, cassettes only in the fixture suite). An unclassified test runs
    /// under no guard.
    ///
    /// ## Example
    /// ```toml
    /// [traceability.suites]
    /// unit = ["tests/unit/**"]
    /// e2e = ["tests/e2e/**"]
    /// ```
    /// `tests/smoke.rs` is in neither.
    ///
    /// ## How to fix
    /// Move the file into a suite's directory, or add it to a suite's globs.
    pub static TRACE_TEST_UNCLASSIFIED = {
        id: "trace-test-unclassified",
        group: "traceability",
        class: Breaking,
        bump: None,
        summary: "a test file belongs to no test suite",
    }
}
