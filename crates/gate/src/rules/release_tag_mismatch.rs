accord_model::declare_rule! {
    /// ## What it does
    /// With `[changelog]` in `accord.toml`, reports a release tag (`tag_prefix` + a version,
    /// `v1.2.0`) on the checked commit that does not spell the version of the package manifest
    /// (`version_file`, seed 002: "source of truth: Cargo.toml").
    ///
    /// ## Why is this bad?
    /// A tag `v1.3.0` on a commit whose Cargo.toml says 1.2.0 publishes one version under the
    /// name of another; whoever pins the tag gets something else than the registry serves.
    ///
    /// ## Example
    /// ```text
    /// $ git tag v1.3.0      # Cargo.toml: version = "1.2.0"
    /// ```
    ///
    /// ## How to fix
    /// Bump the version in the manifest in the tagged commit, or move the tag.
    pub static RELEASE_TAG_MISMATCH = {
        id: "release-tag-mismatch",
        group: "release",
        class: Breaking,
        bump: None,
        summary: "a release tag does not match the version in the package manifest",
    }
}
