//! The `dependency-advisory` rule.

accord_model::declare_rule! {
    /// ## What it does
    /// Reports an added or changed dependency whose exact version (from a lockfile or an
    /// `==` pin) an advisory of the local database affects (`advisory_db` of
    /// `[dependencies]`: a directory of OSV JSON files, the format RustSec and OSV.dev
    /// publish), naming the advisory and the versions that fix it.
    ///
    /// ## Why is this bad?
    /// The change brings in a known vulnerability. The governance model requires
    /// dependency additions to pass `cargo audit`; this is that check, for every ecosystem,
    /// offline.
    ///
    /// ## Example
    /// ```diff
    /// +smallvec = "=1.6.0"   # RUSTSEC-2021-0003, fixed in 1.6.1
    /// ```
    ///
    /// ## How to fix
    /// Upgrade to a fixed version, or pick another package.
    pub static DEPENDENCY_ADVISORY = {
        id: "dependency-advisory",
        group: "dependency",
        class: Breaking,
        bump: None,
        summary: "an added or changed dependency version has a known advisory",
    }
}
