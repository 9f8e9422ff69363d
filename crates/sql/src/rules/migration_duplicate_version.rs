//! The `migration-duplicate-version` rule.
use super::FileCtx;
use accord_model::{Finding, Location};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports two migration files with the same `YYYYMMDD-HHMMSS` version.
    ///
    /// ## Why is this bad?
    /// The tracking table records one row per version: the second file would be taken
    /// as already applied and silently skipped, or fail on the tracking row.
    ///
    /// ## Example
    /// `20251027-143000-add-big-five.sql` and `20251027-143000-add-courses.sql`.
    ///
    /// ## How to fix
    /// Give the newer file a later timestamp.
    pub static RULE = {
        id: "migration-duplicate-version",
        group: "migration",
        class: Breaking,
        bump: None,
        summary: "two migration files share a version",
    }
}

/// Reports the file when an earlier file has the same version.
pub fn check(ctx: &FileCtx<'_>, out: &mut Vec<Finding>) {
    let Some(version) = &ctx.migration.version else {
        return;
    };
    if let Some(first) = ctx.all[..ctx.index]
        .iter()
        .find(|m| m.version.as_ref() == Some(version))
    {
        out.push(
            Finding::of(
                &RULE,
                format!("version {version} is already used by {}", first.path),
            )
            .at(Location::file(&ctx.migration.path))
            .related(Location::file(&first.path), "first file with this version")
            .with_logical_path(version.clone())
            .with_help("give this migration a later timestamp"),
        );
    }
}
