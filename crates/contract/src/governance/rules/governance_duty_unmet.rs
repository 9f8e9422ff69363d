//! The `governance-duty-unmet` rule.

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a change that leaves a documentation or testing duty of `[governance]`
    /// undone: a change of some kind (new integration, contract change, cross-pack change,
    /// schema change, new pack) without a change, in the same change set, to a file the duty
    /// names. Seed 000's defaults: a new integration needs a guide in the guides directory, a
    /// pack's contract change updates that pack's README, a cross-pack change needs an
    /// integration test under `tests/integration/`.
    ///
    /// ## Why is this bad?
    /// Seed 000 lists these as required for every system-level epic; left for later, they
    /// are never written, and the next pack to integrate has nothing to read.
    ///
    /// ## Example
    /// A change adds `etl-creator-os-v1.0.0.yaml` and nothing under
    /// `docs/expansion-packs/guides/`.
    ///
    /// ## How to fix
    /// Add or update the file the finding names in the same change set, or configure the
    /// duty in `[[governance.duties]]`.
    pub static GOVERNANCE_DUTY_UNMET = {
        id: "governance-duty-unmet",
        group: "governance",
        class: Breaking,
        bump: None,
        summary: "a change leaves a documentation or test duty undone",
    }
}
