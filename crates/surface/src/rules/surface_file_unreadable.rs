//! The `surface-file-unreadable` rule.
accord_model::declare_rule! {
    /// ## What it does
    /// Reports a source file that cannot be read or is not valid UTF-8.
    ///
    /// ## Why is this bad?
    /// Its public items are missing from the surface, so a change to them goes unseen.
    ///
    /// ## Example
    /// A Latin-1 encoded `legacy.py`.
    ///
    /// ## How to fix
    /// Re-encode the file as UTF-8 or fix its permissions.
    pub static SURFACE_FILE_UNREADABLE = {
        id: "surface-file-unreadable",
        group: "surface",
        class: Risky,
        bump: None,
        summary: "a source file could not be read as UTF-8 text",
    }
}
