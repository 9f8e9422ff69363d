//! The `governance-pack-removed-early` rule.

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a change that removes a pack from `accord.toml` when, at the base, the pack
    /// was not deprecated (nor retired), or its announced `removal_on` date has not come yet.
    ///
    /// ## Why is this bad?
    /// Seed 000's deprecation gives consumers three months to migrate; removing the pack
    /// earlier breaks them without the promised notice.
    ///
    /// ## Example
    /// `[packs.etl]` deleted while `[packs.etl.lifecycle]` said `removal_on = "2026-06-01"`.
    ///
    /// ## How to fix
    /// Deprecate the pack first and remove it once `removal_on` has passed (or mark it
    /// retired).
    pub static GOVERNANCE_PACK_REMOVED_EARLY = {
        id: "governance-pack-removed-early",
        group: "governance",
        class: Breaking,
        bump: None,
        summary: "a pack is removed before its deprecation ran its course",
    }
}
