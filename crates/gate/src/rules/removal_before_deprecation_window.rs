accord_model::declare_rule! {
    /// ## What it does
    /// Reports a public symbol of a pack's code surface removed, or a contract of the registry
    /// removed or retired, before its deprecation window is over, counted in releases (release
    /// tags, `[changelog].tag_prefix` + a version): before 1.0 it must have shipped deprecated
    /// in at least one minor release; from 1.0 on in two minor releases, and it may go only in
    /// the next major. A symbol's history is the pack's committed surface at each tag; a
    /// contract's is its file at each tag (status `deprecated` or not), each release's version
    /// being the project version committed there (`[changelog].version_file`, else
    /// `[project] version`, else the tag's). The version of the change is the head's project
    /// version (the surface's crate version for a symbol). The message names the version it was
    /// deprecated in and the earliest version it may go in; one never deprecated in a release
    /// has not started its window.
    ///
    /// ## Why is this bad?
    /// Seed 002's deprecation policy: users get warnings for a known number of releases before
    /// their code breaks. A symbol removed without them (or never deprecated) breaks users who
    /// had no chance to move.
    ///
    /// ## Example
    /// ```text
    /// v1.3.0: #[deprecated] pub fn summarise()
    /// v1.4.0: (removed)   → deprecated in 1.3.0, warned in 1 minor release; earliest 2.0.0
    ///
    /// v0.2.0: contracts/billing.yaml  status: stable
    /// v0.3.0: (file deleted)          → never deprecated in a release; earliest 0.4.0
    /// ```
    ///
    /// ## How to fix
    /// Restore the symbol or the contract (deprecated, naming its replacement) until the
    /// earliest version the finding names; a retired contract goes back to `deprecated`.
    pub static REMOVAL_BEFORE_DEPRECATION_WINDOW = {
        id: "removal-before-deprecation-window",
        group: "release",
        class: Breaking,
        bump: Major,
        summary: "a symbol or contract was removed before its deprecation window (counted in releases) was over",
    }
}
