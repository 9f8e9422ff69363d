//! The `capability-unused` rule.
accord_model::declare_rule! {
    /// ## What it does
    /// Reports a capability a pack declares in `[packs.NAME.security] capabilities` that no
    /// source file of the pack is seen to use (see `capability-undeclared` for what is
    /// seen). Informational: detection is by name, so a capability used through a library
    /// Accord does not know is reported here too.
    ///
    /// ## Why is this bad?
    /// Least privilege: a grant nobody uses is power a future change can take without a
    /// review noticing.
    ///
    /// ## Example
    /// ```toml
    /// [packs.mmos.security]
    /// capabilities = ["net", "exec"]   # mmos never spawns a process
    /// ```
    ///
    /// ## How to fix
    /// Remove the capability from the list, or keep it and approve the finding's fingerprint
    /// with a justification naming the use Accord cannot see.
    pub static CAPABILITY_UNUSED = {
        id: "capability-unused",
        group: "security",
        class: Safe,
        bump: None,
        summary: "a pack declares a capability its code is not seen to use",
    }
}
