//! The `surface-file-too-large` rule.
accord_model::declare_rule! {
    /// ## What it does
    /// Notes a source file that was skipped because it is larger than the size limit.
    ///
    /// ## Why is this bad?
    /// Huge files are almost always generated; parsing them costs time and memory, and any
    /// public item they declare is missing from the surface.
    ///
    /// ## Example
    /// A 50 MB `bindings.rs` produced by a code generator.
    ///
    /// ## How to fix
    /// Exclude generated files from the pack's code entry, or raise the limit.
    pub static SURFACE_FILE_TOO_LARGE = {
        id: "surface-file-too-large",
        group: "surface",
        class: Safe,
        bump: None,
        summary: "a source file over the size limit was skipped",
    }
}
