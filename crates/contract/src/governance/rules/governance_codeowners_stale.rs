//! The `governance-codeowners-stale` rule.

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a committed CODEOWNERS file (`[governance] codeowners`, default
    /// `.github/CODEOWNERS`) that differs from what `accord codeowners` generates from
    /// `accord.toml`: the roles, the packs' maintainers and paths, the contracts. When the
    /// manifest names the file explicitly, a missing file is reported too.
    ///
    /// ## Why is this bad?
    /// The forge asks the owners CODEOWNERS names to review a pull request. A file that
    /// lags behind the manifest asks the wrong people: a new pack's maintainer, a new
    /// integration owner or the database owner is never requested.
    ///
    /// ## Example
    /// A pack's maintainer changes in `accord.toml` and CODEOWNERS still names the old one.
    ///
    /// ## How to fix
    /// Run `accord codeowners` and commit the result; never edit the file by hand.
    pub static GOVERNANCE_CODEOWNERS_STALE = {
        id: "governance-codeowners-stale",
        group: "governance",
        class: Breaking,
        bump: None,
        summary: "CODEOWNERS differs from the one generated from accord.toml",
    }
}
