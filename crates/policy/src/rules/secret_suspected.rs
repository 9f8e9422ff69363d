accord_model::declare_rule! {
    /// ## What it does
    /// Reports something the change adds that looks like a secret without proving it: a value
    /// assigned to a secret-named key (`password = …`, `"api_key": …`), a password inside a
    /// URL (`postgres://app:pw@db`), a JSON Web Token, a long random-looking string, or a
    /// vendor documentation example key. Only values absent from the base copy of the file
    /// are reported, and the value is never printed.
    ///
    /// ## Why is this bad?
    /// Most are credentials; some are test data or public identifiers. Review decides, and
    /// an approval records the decision against the value's fingerprint.
    ///
    /// ## Example
    /// ```text
    /// # config/dev.env
    /// DATABASE_URL=postgres://app:s3cr3t@localhost/app
    /// ```
    ///
    /// ## How to fix
    /// If it is a credential, remove it, rotate it and read it from the environment. If it is
    /// not, approve the finding's fingerprint with a justification.
    pub static SECRET_SUSPECTED = {
        id: "secret-suspected",
        group: "security",
        class: Risky,
        bump: None,
        summary: "the change adds a value that looks like a secret",
    }
}
