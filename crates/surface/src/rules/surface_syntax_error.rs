//! The `surface-syntax-error` rule.
accord_model::declare_rule! {
    /// ## What it does
    /// Reports a syntax error in a source file of the surface; the rest of the package is
    /// still extracted.
    ///
    /// ## Why is this bad?
    /// Items of a file that does not parse are missing from the surface (or, for tree-sitter
    /// languages, may be incomplete), so changes to them go unseen.
    ///
    /// ## Example
    /// `pub fn run(` with no closing parenthesis.
    ///
    /// ## How to fix
    /// Fix the syntax error at the reported position.
    pub static SURFACE_SYNTAX_ERROR = {
        id: "surface-syntax-error",
        group: "surface",
        class: Risky,
        bump: None,
        summary: "a source file has a syntax error",
    }
}
