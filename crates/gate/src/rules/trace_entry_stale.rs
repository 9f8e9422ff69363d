accord_model::declare_rule! {
    /// ## What it does
    /// With `[traceability]`, reports a requirement whose tests were committed after its
    /// entry in the matrix last changed (git commit times, per entry: the commit that last
    /// changed the entry's id, description or tests, found in the matrix's history), so an
    /// edit to one entry does not refresh the others. Outside git, and for an entry edited
    /// but not yet committed, staleness is not checked; in a shallow clone or where the
    /// history cannot be read it is not checked either, and `trace-history-unreadable` says so.
    ///
    /// ## Why is this bad?
    /// Seed 002's "documentation staleness check": when tests change and the matrix does not,
    /// nobody re-read whether the entry still says what the tests check.
    ///
    /// ## Example
    /// `tests/load.rs` changed on 2026-11-20; the entry `REQ-LOAD-1` of
    /// `docs/traceability_matrix.json` last changed on 2026-10-01 (another entry was edited
    /// on 2026-11-25, which does not make `REQ-LOAD-1` current).
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
