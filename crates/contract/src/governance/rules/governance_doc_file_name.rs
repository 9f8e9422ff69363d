//! The `governance-doc-file-name` rule.

accord_model::declare_rule! {
    /// ## What it does
    /// Reports an ADR whose file name is not `ADR-NNN-short-title.md` with the number of its
    /// title (`# ADR-007: …` lives in `ADR-007-….md`), or an epic proposal not named
    /// `YYYYMMDD-epic-name.md` (a real date, lower-case words joined by `-`), as seed 000
    /// names them.
    ///
    /// ## Why is this bad?
    /// Decisions are cited by number and proposals found by date: `ADR-7.md` holding
    /// ADR-008 sends every reader to the wrong decision, and migrations' `-- Epic:`
    /// references are matched against proposal file names.
    ///
    /// ## Example
    /// `decisions/ADR-004-cache.md` whose title is `# ADR-005: Cache voice prompts`.
    ///
    /// ## How to fix
    /// Rename the file (`ADR-005-cache-voice-prompts.md`); `accord new` names new ones.
    pub static GOVERNANCE_DOC_FILE_NAME = {
        id: "governance-doc-file-name",
        group: "governance",
        class: Breaking,
        bump: None,
        summary: "an ADR or proposal file name breaks the naming convention",
    }
}
