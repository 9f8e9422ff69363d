//! The `cli-flag-deprecated` rule.
accord_model::declare_rule! {
    /// ## What it does
    /// Reports a command-line flag (or subcommand) of a `[packs.NAME.cli]` program that the
    /// change marks deprecated: the base declares it without the mark, the head with it (the
    /// library's own `deprecated`, `#[deprecated]`, or "deprecated" in its help or doc text).
    /// The release that ships it starts the flag's deprecation window, and the CHANGELOG
    /// must say so when `[changelog]` is set.
    ///
    /// ## Why is this bad?
    /// It is not: it is how a flag is retired well. Users still have to hear of it before the
    /// flag goes, which is what the CHANGELOG entry is for.
    ///
    /// ## Example
    /// ```text
    /// base: #[arg(long)] base_rev: Option<String>
    /// head: /// Deprecated: use --base.
    ///       #[arg(long)] base_rev: Option<String>
    /// ```
    ///
    /// ## How to fix
    /// Name the flag and its replacement in the CHANGELOG's `Deprecated` section.
    pub static CLI_FLAG_DEPRECATED = {
        id: "cli-flag-deprecated",
        group: "release",
        class: Safe,
        bump: Minor,
        summary: "a command-line flag or subcommand was marked deprecated",
    }
}
