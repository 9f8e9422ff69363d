//! The `test-reference-stale` rule.
accord_model::declare_rule! {
    /// ## What it does
    /// Reports a test reference recorded in a pack's committed surface (`test_refs`: symbol →
    /// test file:line) that the tests no longer make: the test file was removed or renamed,
    /// or it stopped using the symbol.
    ///
    /// ## Why is this bad?
    /// The recorded references are the evidence that an export is tested. A test that
    /// quietly disappears takes that evidence with it; the reviewer should see it go.
    ///
    /// ## Example
    /// `pm-core.surface.json` records `pm_core::classify_change` used by
    /// `crates/pm-core/tests/classify.rs:19`, and the change deletes that file.
    ///
    /// ## How to fix
    /// Restore the test, or accept the change by running `accord surface snapshot PACK`
    /// (which records the tests as they are) and commit the snapshot.
    pub static TEST_REFERENCE_STALE = {
        id: "test-reference-stale",
        group: "tests",
        class: Risky,
        bump: None,
        summary: "a recorded test reference no longer exists",
    }
}
