//! The `pack-boundary-import` rule.
accord_model::declare_rule! {
    /// ## What it does
    /// Reports source code of one pack that imports another pack's code: a Rust `use` or
    /// qualified path naming another pack's crate, a TypeScript/JavaScript `import`,
    /// `export … from`, `require()` or `import()` whose specifier resolves into another pack's
    /// paths or names its package, a Python `import`/`from` of another pack's package. An
    /// import is accepted when the importing pack lists the other in `allow_imports` (a shared
    /// kernel) or when the other pack provides a code contract that names the importer as a
    /// consumer. Relative specifiers are resolved lexically inside the repository; one that
    /// climbs above the root resolves to nothing.
    ///
    /// ## Why is this bad?
    /// Packs integrate through contracts ("Loose Coupling, High Integration", seed 001): a
    /// direct code dependency is an integration no contract describes, so no check guards it
    /// and the provider cannot know it breaks a consumer.
    ///
    /// ## Example
    /// ```python
    /// # expansion-packs/creator-os/course.py
    /// from mmos.fragments import load_fragments   # reaches into MMOS's code
    /// ```
    ///
    /// ## How to fix
    /// Read what the other pack publishes under its contract (an artifact, an API contract of
    /// kind `code`), or declare the exception in `accord.toml`:
    /// `[packs.creator-os] allow_imports = ["mmos"]`; `accord graph` shows every exception.
    pub static PACK_BOUNDARY_IMPORT = {
        id: "pack-boundary-import",
        group: "architecture",
        class: Breaking,
        bump: None,
        summary: "a pack imports another pack's code without a contract or an allow_imports exception",
    }
}
