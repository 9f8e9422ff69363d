accord_model::declare_rule! {
    /// ## What it does
    /// A note from the traceability staleness check (`trace-entry-stale`): the repository's
    /// history could not be read far enough to date the matrix entries and the tests they
    /// reference — the clone is shallow (`.git/shallow`: commits before its boundary are
    /// missing), or walking the history failed. Staleness is then not checked, and this note
    /// says so instead of passing in silence.
    ///
    /// ## Why is this bad?
    /// CI systems check out one commit by default. Without the older commits no entry can be
    /// dated, so a stale entry would go unreported on exactly the runs that gate merges.
    ///
    /// ## Example
    /// ```text
    /// actions/checkout with its default fetch-depth: 1
    /// → note: staleness of 3 traceability entries not checked: the repository is a shallow clone
    /// ```
    ///
    /// ## How to fix
    /// Fetch the whole history in CI (`fetch-depth: 0` for `actions/checkout`, `git fetch
    /// --unshallow`), or accept the note where staleness does not matter.
    pub static TRACE_HISTORY_UNREADABLE = {
        id: "trace-history-unreadable",
        group: "traceability",
        class: Safe,
        bump: None,
        summary: "the history needed to date traceability entries could not be read",
    }
}
