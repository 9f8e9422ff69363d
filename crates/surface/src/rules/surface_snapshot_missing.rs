//! The `surface-snapshot-missing` rule.
accord_model::declare_rule! {
    /// ## What it does
    /// Reports a pack that declares code (`[packs.NAME.code]`) but has no committed surface
    /// snapshot (`<contracts dir>/NAME.surface.json`).
    ///
    /// ## Why is this bad?
    /// Without a committed surface there is nothing to compare the code against: its API can
    /// change, or break its consumers, and neither `accord check` nor `check --base` can see
    /// it. A gate that silently checks nothing is worse than no gate.
    ///
    /// ## Example
    /// `[packs.core.code]` with `language = "rust"` and no `contracts/core.surface.json`.
    ///
    /// ## How to fix
    /// Run `accord surface snapshot NAME` and commit both files it writes.
    pub static SURFACE_SNAPSHOT_MISSING = {
        id: "surface-snapshot-missing",
        group: "surface",
        class: Breaking,
        bump: None,
        summary: "a pack declares code but has no committed surface snapshot",
    }
}
