accord_model::declare_rule! {
    /// ## What it does
    /// A note from the deprecation-window counts (`removal-before-deprecation-window`,
    /// `cli-flag-removal-before-deprecation-window`): a file it
    /// reads at a release tag could not be read there — the manifest (`accord.toml`, or the
    /// `[changelog]` version file) does not parse, so the release's version is taken from the
    /// tag; a contract file or a committed code surface does not parse, so that release is not
    /// counted for what it may hold; a CLI source (`[packs.NAME.cli]`) does not parse or is
    /// too large there, so that release is not counted for the flags it declares; or the head
    /// declares no version, so the removal cannot be placed in a release at all. A CLI source
    /// that does not parse at the head or the base is a note too: its flags are not compared,
    /// rather than all looking removed (or all looking new). And a shallow clone with no
    /// release tag at all: the releases may exist and not have been fetched, so nothing is
    /// counted, and the note says so.
    ///
    /// ## Why is this bad?
    /// The window is counted from history. A release that cannot be read could have carried
    /// the deprecation (or broken its run); skipping it without a word would turn unreadable
    /// history into a silent pass or an unexplained denial.
    ///
    /// ## Example
    /// ```text
    /// v0.2.0: contracts/billing.yaml does not parse (4:3: unknown status `depracated`)
    /// → note: release 0.2.0 is not counted for the contracts this file may hold
    /// ```
    ///
    /// ## How to fix
    /// Nothing to fix in the change: the tagged history stays as it is. Check the removal
    /// against that release by hand, and approve the window finding if the release did carry
    /// the deprecation.
    pub static DEPRECATION_HISTORY_UNREADABLE = {
        id: "deprecation-history-unreadable",
        group: "release",
        class: Safe,
        bump: None,
        summary: "a file the deprecation-window count reads at a release tag could not be read",
    }
}
