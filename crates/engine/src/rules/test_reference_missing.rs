//! The `test-reference-missing` rule.
accord_model::declare_rule! {
    /// ## What it does
    /// Reports a stable export of a pack (a function, struct, class, enum, trait or macro
    /// that is not deprecated, experimental or hidden) that no test of the pack uses: no file
    /// of the pack's `tests` globs or of its language's test conventions (Rust `tests/*.rs`
    /// and `#[cfg(test)]` modules, TS/JS `*.test.*`/`*.spec.*`/`__tests__/`, Python
    /// `test_*.py`/`*_test.py`/`tests/`) imports it from the pack and mentions it. One
    /// finding per symbol, at its declaration; each message carries the pack's count
    /// (`3 of 12 stable exports of pm-core untested`), so the summary reads from any one.
    ///
    /// ## Why is this bad?
    /// Seed 001 (TestSmith): tests prove every contract. An export nothing exercises can
    /// change behaviour without any test noticing, and its consumers find out in production.
    ///
    /// ## Example
    /// `pub fn summarize(..)` exported by `pm-core` while `crates/pm-core/tests/*.rs` only
    /// call `classify_change`.
    ///
    /// ## How to fix
    /// Add a test that imports the symbol and calls it, then record the references with
    /// `accord surface snapshot PACK`. Mark an export that is not ready as experimental (or
    /// hide it) if it is not meant to be relied on yet.
    pub static TEST_REFERENCE_MISSING = {
        id: "test-reference-missing",
        group: "tests",
        class: Risky,
        bump: None,
        summary: "a stable export of a pack has no test that uses it",
    }
}
