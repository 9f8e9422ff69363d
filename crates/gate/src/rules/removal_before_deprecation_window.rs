accord_model::declare_rule! {
    /// ## What it does
    /// Reports a public symbol of a pack's code surface removed before its deprecation window
    /// is over, counted in releases (the pack's committed surface at each release tag):
    /// before 1.0 it must have shipped deprecated in at least one minor release; from 1.0 on in
    /// two minor releases, and it may go only in the next major. The message names the version
    /// it was deprecated in and the earliest version it may be removed in.
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
    /// ```
    ///
    /// ## How to fix
    /// Restore the symbol (deprecated, naming its replacement) until the earliest version the
    /// finding names.
    pub static REMOVAL_BEFORE_DEPRECATION_WINDOW = {
        id: "removal-before-deprecation-window",
        group: "release",
        class: Breaking,
        bump: Major,
        summary: "a symbol was removed before its deprecation window (counted in releases) was over",
    }
}
