//! The `dependency-license-not-allowed` rule.

accord_model::declare_rule! {
    /// ## What it does
    /// Reports an added or changed dependency whose license — as its lockfile entry or its
    /// installed metadata records it — is not an SPDX expression the license policy allows
    /// (`licenses` of `[dependencies]`, else of `[extensions]`, else permissive licenses).
    ///
    /// ## Why is this bad?
    /// A dependency's license binds the project that ships it. A copyleft license in a
    /// permissively licensed platform changes what its users may do.
    ///
    /// ## Example
    /// ```json
    /// "node_modules/left-pad": { "version": "1.3.0", "license": "GPL-3.0-only" }
    /// ```
    ///
    /// ## How to fix
    /// Choose another package, or allow the license in accord.toml after legal review.
    pub static DEPENDENCY_LICENSE_NOT_ALLOWED = {
        id: "dependency-license-not-allowed",
        group: "dependency",
        class: Breaking,
        bump: None,
        summary: "an added or changed dependency's license is not allowed by the license policy",
    }
}
