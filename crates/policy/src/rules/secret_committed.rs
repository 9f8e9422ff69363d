accord_model::declare_rule! {
    /// ## What it does
    /// Reports a credential that the change adds to any file of the repository: the body of a
    /// private key block, or a token in a vendor's documented format (AWS `AKIA…`, GitHub
    /// `ghp_…`/`github_pat_…`, GitLab `glpat-…`, Slack `xox…`, Stripe `sk_live_…`, Google
    /// `AIza…`, npm, PyPI, SendGrid, OpenAI- and Anthropic-style keys). Only secrets absent
    /// from the base copy of the file are reported; vendors' documentation examples
    /// (`…EXAMPLE`) are `secret-suspected` instead. The finding names the kind, the format's
    /// public prefix and a SHA-256 prefix of the value; the value itself is never printed
    /// (every report is masked too).
    ///
    /// ## Why is this bad?
    /// A credential in a repository is readable by everyone who can clone it, forever: it
    /// stays in the history after the file is fixed. Seed 003's SecuritySentry blocks it
    /// before it lands.
    ///
    /// ## Example
    /// ```yaml
    /// # deploy.yaml
    /// aws_access_key_id: AKIA…  (a real key)
    /// ```
    ///
    /// ## How to fix
    /// Remove it from the change, rotate it (it is in the branch's history already), and read
    /// it from the environment or a secret store. A value that is not a credential (a test
    /// fixture generated for the purpose) is allowed by approving the finding's fingerprint
    /// with a justification, which keeps the allow-list reviewable.
    pub static SECRET_COMMITTED = {
        id: "secret-committed",
        group: "security",
        class: Breaking,
        bump: None,
        summary: "the change adds a private key or a vendor access token",
    }
}
