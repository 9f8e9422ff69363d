//! The `pipeline-backwards` rule.
accord_model::declare_rule! {
    /// ## What it does
    /// Reports a contract, import or package dependency that flows upstream in a pipeline of
    /// `[pipelines]`: its provider sits at a later stage than its consumer. A stage is a pack
    /// named in the pipeline, or a name that packs declare with `stage = "…"`.
    ///
    /// ## Why is this bad?
    /// Data flows ETL → InnerLens → MMOS → CreatorOS (seed 001); a pack that feeds an earlier
    /// stage makes the pipeline a loop in disguise and couples the early stages to the late
    /// ones.
    ///
    /// ## Example
    /// A contract `creator-os-mmos` (provider CreatorOS, consumer MMOS) in the pipeline
    /// `["etl", "innerlens", "mmos", "creator-os"]`.
    ///
    /// ## How to fix
    /// Reverse the integration (the upstream pack publishes, the downstream one reads), or
    /// move the pack to its real stage in `[pipelines]`.
    pub static PIPELINE_BACKWARDS = {
        id: "pipeline-backwards",
        group: "architecture",
        class: Breaking,
        bump: None,
        summary: "a contract or import flows upstream in a pipeline",
    }
}
