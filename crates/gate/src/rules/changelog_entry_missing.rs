accord_model::declare_rule! {
    /// ## What it does
    /// With `[changelog]` in `accord.toml`, reports a BREAKING change, a removal or a
    /// deprecation in the change set whose symbol or contract is not named in the changelog
    /// (Keep a Changelog) under `## [Unreleased]` or the section of the version being released.
    /// Removed and newly deprecated command-line flags of a `[packs.NAME.cli]` program count
    /// too (`cli-flag-removed`, `cli-flag-deprecated`): the entry names the flag as typed.
    ///
    /// ## Why is this bad?
    /// Seed 002: breaking changes are "documented in CHANGELOG.md before release"; before 1.0
    /// that documentation is the only thing that makes a breaking change allowed. Users read
    /// the changelog, not the diff.
    ///
    /// ## Example
    /// ```text
    /// # symbol-removed: `summarize` was removed, and CHANGELOG.md says
    /// ## [Unreleased]
    /// ### Added
    /// - `summarize_all`
    /// ```
    ///
    /// ## How to fix
    /// ```text
    /// ## [Unreleased]
    /// ### Removed
    /// - `summarize` (deprecated since 0.3.0): use `summarize_all`
    /// ```
    pub static CHANGELOG_ENTRY_MISSING = {
        id: "changelog-entry-missing",
        group: "release",
        class: Breaking,
        bump: None,
        summary: "a breaking change, removal or deprecation is not named in the CHANGELOG",
    }
}
