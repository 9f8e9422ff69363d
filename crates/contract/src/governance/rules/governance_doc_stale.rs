//! The `governance-doc-stale` rule.

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a generated document `[governance]` names (`registry_table`,
    /// `dependency_graph`) that is missing or differs from what `accord docs` generates from
    /// the contracts registry.
    ///
    /// ## Why is this bad?
    /// Seed 000 requires every contract change to update the dependency graph and the
    /// registry. Written by hand, they drift: a new integration is missing from the graph, a
    /// deprecated contract still shows as stable.
    ///
    /// ## Example
    /// A contract `etl-creator-os-v1.0.0.yaml` is added and `dependency-graph.md` has no
    /// `etl --> creator_os` arrow.
    ///
    /// ## How to fix
    /// Run `accord docs` and commit the result in the same change.
    pub static GOVERNANCE_DOC_STALE = {
        id: "governance-doc-stale",
        group: "governance",
        class: Breaking,
        bump: None,
        summary: "a generated document differs from the registry",
    }
}
