//! The `dependency-added` rule.

accord_model::declare_rule! {
    /// ## What it does
    /// With `check --base` and a `[dependencies]` section in accord.toml: reports each
    /// package added to, or changed in, the project's dependencies — `Cargo.toml` /
    /// `Cargo.lock`, `package.json` with `package-lock.json`, `pnpm-lock.yaml` or
    /// `yarn.lock`, `pyproject.toml`, `requirements*.txt`, `uv.lock` — once per package,
    /// with its version and license (from the lockfile or the installed package's metadata).
    ///
    /// ## Why is this bad?
    /// It is not bad, it is unreviewed: a new dependency is code from outside that runs with
    /// the project's rights. The governance model says "dependency additions must pass an
    /// audit"; the decision carries a `dependency_audited` action until someone has.
    ///
    /// ## Example
    /// ```diff
    ///  [dependencies]
    /// +smallvec = "1.6.0"
    /// ```
    ///
    /// ## How to fix
    /// Audit it (license, advisories, maintenance, unsafe code) and say so in the review
    /// notes, or approve the finding.
    pub static DEPENDENCY_ADDED = {
        id: "dependency-added",
        group: "dependency",
        class: Risky,
        bump: None,
        summary: "a dependency was added or changed and must be audited",
    }
}
