//! The `cli-flag-removed` rule.
accord_model::declare_rule! {
    /// ## What it does
    /// Reports a command-line flag (or a whole subcommand) of a `[packs.NAME.cli]` program
    /// that the base declares and the head does not, read from the sources without compiling
    /// (clap, argparse, click, commander, yargs). A renamed flag is one removed and one added.
    /// It is the change itself, whether or not its deprecation window is over
    /// (`cli-flag-removal-before-deprecation-window` judges that), and like every removal it
    /// needs a CHANGELOG entry naming it when `[changelog]` is set.
    ///
    /// ## Why is this bad?
    /// Scripts and CI jobs that pass the flag fail with "unexpected argument" after the
    /// upgrade; their authors learn it from the changelog or from the failure.
    ///
    /// ## Example
    /// ```text
    /// base: #[arg(long)] base_rev: Option<String>     (tool check --base-rev)
    /// head: (gone)
    /// ```
    ///
    /// ## How to fix
    /// Name the flag in the CHANGELOG (`Removed: \`--base-rev\` of \`tool check\``), after it
    /// was deprecated for the window the release rules require.
    pub static CLI_FLAG_REMOVED = {
        id: "cli-flag-removed",
        group: "release",
        class: Risky,
        bump: Minor,
        summary: "a command-line flag or subcommand was removed",
    }
}
