//! The `migration-empty` rule.
use super::FileCtx;
use accord_model::{Finding, Location};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a migration file that contains no SQL statement.
    ///
    /// ## Why is this bad?
    /// An empty file is usually an unsaved or truncated edit; applying it would record a
    /// version that changed nothing, and the real change could never reuse it.
    ///
    /// ## Example
    /// A file with only `-- Epic: EPIC-005` in it.
    ///
    /// ## How to fix
    /// Add the statements or delete the file. `accord migrate apply` refuses it.
    pub static RULE = {
        id: "migration-empty",
        group: "migration",
        class: Risky,
        bump: None,
        summary: "migration file has no statement",
    }
}

/// Reports a UTF-8 file without statements.
pub fn check(ctx: &FileCtx<'_>, out: &mut Vec<Finding>) {
    let m = ctx.migration;
    if m.not_utf8.is_none() && m.statements.is_empty() {
        out.push(
            Finding::of(&RULE, "migration file has no SQL statement")
                .at(Location::file(&m.path))
                .with_help("add the statements or delete the file"),
        );
    }
}
