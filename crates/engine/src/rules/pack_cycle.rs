//! The `pack-cycle` rule.
accord_model::declare_rule! {
    /// ## What it does
    /// Reports a cycle in the pack graph: packs that depend on each other, through contracts
    /// (provider → consumer), imports or package-manager dependencies, in any mix. The
    /// message names the cycle (`mmos → creator-os → mmos`) and each edge is pointed at
    /// where it is written.
    ///
    /// ## Why is this bad?
    /// The pipeline flows one way (seed 001): with a cycle no pack can be released, tested or
    /// removed on its own, and a change anywhere on the cycle impacts itself.
    ///
    /// ## Example
    /// `mmos-creator-os` (MMOS provides to CreatorOS) plus CreatorOS's code imported by MMOS.
    ///
    /// ## How to fix
    /// Break one edge: move the shared part into a pack both depend on, or invert the
    /// dependency through a contract that flows downstream.
    pub static PACK_CYCLE = {
        id: "pack-cycle",
        group: "architecture",
        class: Breaking,
        bump: None,
        summary: "packs depend on each other in a cycle",
    }
}
