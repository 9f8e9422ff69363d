//! The `optional-dependency-unguarded` rule.
accord_model::declare_rule! {
    /// ## What it does
    /// Reports code of a pack that is not itself optional reaching a pack of
    /// `tier = "optional"` without a guard, best effort per language: Python imports outside
    /// `try`; JavaScript/TypeScript static `import` and `export … from` (but `import type`,
    /// which is erased), or `require()`/`import()` outside `try`; Rust `use`, paths and
    /// `extern crate` outside an item under `#[cfg(…)]`; package dependencies not marked
    /// optional (Cargo `optional = true`, package.json `optionalDependencies` or
    /// `peerDependencies`, pyproject `optional-dependencies`). Guards that live elsewhere (a
    /// feature flag checked at run time, a dependency-injection container) are not seen.
    ///
    /// ## Why is this bad?
    /// An optional pack may be absent (seed 001: optional packs degrade gracefully); a hard
    /// import makes the consumer fail to start without it.
    ///
    /// ## Example
    /// ```python
    /// from innerlens.profile import big_five   # InnerLens is optional
    /// ```
    ///
    /// ## How to fix
    /// ```python
    /// try:
    ///     from innerlens.profile import big_five
    /// except ImportError:
    ///     big_five = None
    /// ```
    pub static OPTIONAL_DEPENDENCY_UNGUARDED = {
        id: "optional-dependency-unguarded",
        group: "architecture",
        class: Risky,
        bump: None,
        summary: "an optional pack is imported without a guard",
    }
}
