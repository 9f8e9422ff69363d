//! The `provider-tests-untouched` rule.
accord_model::declare_rule! {
    /// ## What it does
    /// In `check --base`: reports a pack whose code surface has RISKY or BREAKING changes
    /// while the change set touches none of the pack's tests (its `tests` globs, or its
    /// language's test conventions inside its paths). The finding lists the changed
    /// symbols and, as related locations, the tests recorded as using them. Policy turns it
    /// into a blocking `tests_updated` action, whatever the class policy says.
    ///
    /// ## Why is this bad?
    /// Seed 001 (TestSmith): every contract change is proved by tests. A change to an API
    /// with no test touched was either not tested or made the existing tests wrong.
    ///
    /// ## Example
    /// `pm_core::classify_change` gains a required parameter and no file under
    /// `crates/pm-core/tests/` changes.
    ///
    /// ## How to fix
    /// Update the tests that use the changed symbols (listed with the finding), or add one,
    /// in the same change.
    pub static PROVIDER_TESTS_UNTOUCHED = {
        id: "provider-tests-untouched",
        group: "tests",
        class: Risky,
        bump: None,
        summary: "a RISKY/BREAKING API change touches no test of its pack",
    }
}
