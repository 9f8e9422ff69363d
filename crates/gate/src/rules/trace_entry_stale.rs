accord_model::declare_rule! {
    /// ## What it does
    /// With `[traceability]`, reports a requirement whose tests were committed after the
    /// matrix was last committed (git commit times): the entry is older than the tests it
    /// references. Outside git, staleness is not checked.
    ///
    /// ## Why is this bad?
    /// Seed 002's "documentation staleness check": when tests change and the matrix does not,
    /// nobody re-read whether the entry still says what the tests check.
    ///
    /// ## Example
    /// `tests/load.rs` changed on 2026-11-20; `docs/traceability_matrix.json` last changed on
    /// 2026-10-01.
    ///
    /// ## How to fix
    /// Review the entry against the tests and commit the matrix with the change.
    pub static TRACE_ENTRY_STALE = {
        id: "trace-entry-stale",
        group: "traceability",
        class: Risky,
        bump: None,
        summary: "a traceability entry is older than the tests it references",
    }
}
