//! The `governance-pack-lifecycle` rule.

accord_model::declare_rule! {
    /// ## What it does
    /// Checks `[packs.NAME.lifecycle]`: the status is active, deprecated or retired; a
    /// deprecated pack has the date of its notice (`deprecated_on`) and of its removal
    /// (`removal_on`) at least `[governance] deprecation_notice_months` (3) apart, and names
    /// in `consumers` every pack that consumes one of its contracts.
    ///
    /// ## Why is this bad?
    /// Seed 000 deprecates a pack with a notice three months before it is removed, so the
    /// packs reading its outputs can migrate. A deprecation without dates, or that forgets a
    /// consumer, removes a data source from under someone.
    ///
    /// ## Example
    /// ```toml
    /// [packs.etl.lifecycle]
    /// status = "deprecated"
    /// deprecated_on = "2026-01-31"
    /// removal_on = "2026-02-15"    # two weeks of notice; MMOS, its consumer, not named
    /// ```
    ///
    /// ## How to fix
    /// Give the notice and removal dates at least three months apart and list the consumers:
    /// `consumers = ["mmos"]`.
    pub static GOVERNANCE_PACK_LIFECYCLE = {
        id: "governance-pack-lifecycle",
        group: "governance",
        class: Breaking,
        bump: None,
        summary: "a pack's lifecycle (status, deprecation notice, consumers) is incomplete",
    }
}
