//! The `migration-naming` rule.
use super::{FileCtx, finding_at};
use accord_model::{Finding, Span};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a migration file whose name is not `YYYYMMDD-HHMMSS-description.sql`
    /// (a real date and time, then a lower-case, dash-separated description).
    ///
    /// ## Why is this bad?
    /// The version in the name orders migrations and identifies them in the tracking
    /// table; a file without one cannot be applied or tracked.
    ///
    /// ## Example
    /// `db/migrations/add_big_five.sql`
    ///
    /// ## How to fix
    /// Rename it: `db/migrations/20251027-143000-add-big-five-to-minds.sql`.
    pub static RULE = {
        id: "migration-naming",
        group: "migration",
        class: Risky,
        bump: None,
        summary: "migration file name is not YYYYMMDD-HHMMSS-description.sql",
    }
}

/// Checks the file name.
pub fn check(ctx: &FileCtx<'_>, out: &mut Vec<Finding>) {
    let m = ctx.migration;
    if m.version.is_none() {
        out.push(
            finding_at(
                &RULE,
                m,
                Span::default(),
                format!(
                    "`{}` is not named YYYYMMDD-HHMMSS-description.sql",
                    m.file_name()
                ),
            )
            .at(accord_model::Location::file(&m.path))
            .with_help("rename it, e.g. 20251027-143000-add-big-five-to-minds.sql"),
        );
    }
}
