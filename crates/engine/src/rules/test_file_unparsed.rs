//! The `test-file-unparsed` rule.
accord_model::declare_rule! {
    /// ## What it does
    /// Notes a test file of a pack that does not parse (or nests too deeply to parse
    /// safely): TestSmith skips it, so the symbols it uses may be reported untested.
    ///
    /// ## Why is this bad?
    /// A test that does not compile proves nothing, and the reader of a
    /// `test-reference-missing` finding needs to know why a test they see was not counted.
    ///
    /// ## Example
    /// `tests/test_triage.py` with an unclosed parenthesis on line 4.
    ///
    /// ## How to fix
    /// Fix the syntax error at the position given.
    pub static TEST_FILE_UNPARSED = {
        id: "test-file-unparsed",
        group: "tests",
        class: Safe,
        bump: None,
        summary: "a test file does not parse and was skipped",
    }
}
