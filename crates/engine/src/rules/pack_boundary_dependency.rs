//! The `pack-boundary-dependency` rule.
accord_model::declare_rule! {
    /// ## What it does
    /// Reports a package-manager declaration that makes one pack depend on another pack's
    /// package: a Cargo.toml dependency (path, workspace or registry) on another pack's crate,
    /// a package.json dependency on another pack's package name, a pyproject.toml dependency
    /// naming another pack's distribution. Accepted like `pack-boundary-import`: an
    /// `allow_imports` entry of the depending pack, or a code contract of the other pack
    /// naming it as a consumer.
    ///
    /// ## Why is this bad?
    /// The declaration is what lets the code import the other pack at all; it is the
    /// coupling itself, even before a line of code uses it.
    ///
    /// ## Example
    /// ```toml
    /// # packs/creator-os/Cargo.toml
    /// [dependencies]
    /// mmos = { path = "../mmos" }
    /// ```
    ///
    /// ## How to fix
    /// Depend on the contract (its artifacts or published API) instead, or declare the
    /// exception with `allow_imports` in `[packs.NAME]`.
    pub static PACK_BOUNDARY_DEPENDENCY = {
        id: "pack-boundary-dependency",
        group: "architecture",
        class: Breaking,
        bump: None,
        summary: "a pack's package manifest depends on another pack's package without a contract or exception",
    }
}
