//! The `surface-unresolved` rule.
accord_model::declare_rule! {
    /// ## What it does
    /// Notes something the extractor could not follow: a module file that does not exist, an
    /// entry point missing on disk, a macro whose expansion would be needed.
    ///
    /// ## Why is this bad?
    /// The surface may be incomplete there; Accord reads source and never expands macros or
    /// runs build scripts.
    ///
    /// ## Example
    /// `mod generated;` with the file produced by `build.rs`.
    ///
    /// ## How to fix
    /// Commit the file, or list the real entry files in `[packs.NAME.code] entry`.
    pub static SURFACE_UNRESOLVED = {
        id: "surface-unresolved",
        group: "surface",
        class: Safe,
        bump: None,
        summary: "part of the package could not be followed (best effort)",
    }
}
