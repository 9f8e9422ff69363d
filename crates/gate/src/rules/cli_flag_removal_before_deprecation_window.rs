accord_model::declare_rule! {
    /// ## What it does
    /// Reports a command-line flag (or a whole subcommand) removed before it was deprecated
    /// for one minor release, counted in releases (release tags, `[changelog].tag_prefix` + a
    /// version) — seed 002: "CLI flag removal: 1 minor release deprecation window", before and
    /// after 1.0 alike, with no wait for the next major. The flags are read from the sources
    /// `[packs.NAME.cli]` lists, at the base, at the head and at every release tag, without
    /// compiling: clap (derive and builder), argparse, click, commander and yargs. A flag is
    /// named by its command path and spelling (`accord check --base`), so a renamed flag is one
    /// removed and one added. It counts as deprecated in a release when its library's own
    /// marker says so (`deprecated=True`, yargs `deprecated`), when it carries `#[deprecated]`,
    /// or when its help or doc text holds the word "deprecated"; a hidden flag is still a flag.
    /// The message names the version it was deprecated in (or that it never was) and the
    /// earliest version it may go in. A flag no release shipped (added and removed since the
    /// last release) is no one's to break and is not reported.
    ///
    /// ## Why is this bad?
    /// Scripts and CI jobs call the program with its flags and nobody reads their code at
    /// upgrade time. A flag that warns for a release gives them that release to move; one that
    /// disappears without warning fails them with "unexpected argument".
    ///
    /// ## Example
    /// ```text
    /// v0.2.0: #[arg(long)] base_rev: Option<String>          (accord check --base-rev)
    /// v0.3.0: #[arg(long)] base: Option<String>              (renamed, never deprecated)
    ///   → `accord check --base-rev` is removed in 0.3.0 but was never deprecated in a
    ///     release; earliest removal 0.4.0
    /// ```
    ///
    /// ## How to fix
    /// Restore the flag, mark it deprecated (`/// Deprecated: use --base`, or the library's
    /// `deprecated=True`), release, and remove it in the earliest version the finding names.
    pub static CLI_FLAG_REMOVAL_BEFORE_DEPRECATION_WINDOW = {
        id: "cli-flag-removal-before-deprecation-window",
        group: "release",
        class: Breaking,
        bump: Major,
        summary: "a command-line flag was removed before it was deprecated for one minor release",
    }
}
