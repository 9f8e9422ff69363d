//! The `registry-parse-error` rule. Its findings are produced by [`crate::load_registry`],
//! which sees the files; once contracts are parsed there is nothing left to check.

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a file in the contracts directory that cannot be read as a contract: invalid
    /// YAML or JSON, not valid UTF-8, larger than `[limits] max_file_size`, a symlink that
    /// leaves the repository, no top-level `contract:` mapping, a missing `name`, `version`,
    /// `provider` or `consumer`, or a key of the wrong type. Every problem of the file is
    /// reported, at its line and column; the other contracts are still checked.
    ///
    /// ## Why is this bad?
    /// A contract nobody can parse protects nobody: its consumers silently lose every
    /// guarantee, and every other rule skips it.
    ///
    /// ## Example
    /// ```yaml
    /// contract:
    ///   name: "ETL → MMOS"
    ///   version: "1.0.0"
    ///   provider: [ETL]        # a list where a pack name is expected
    /// ```
    ///
    /// ## How to fix
    /// Fix the file at the position shown; follow seed 001 "Contract Structure".
    pub static REGISTRY_PARSE_ERROR = {
        id: "registry-parse-error",
        group: "registry",
        class: Breaking,
        bump: None,
        summary: "a contract file cannot be read or parsed",
    }
}
