//! The `migration-non-linear` rule.
use super::FileCtx;
use accord_model::{Finding, Location};

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a new migration whose version is older than the newest migration already
    /// applied to the database or committed before this change.
    ///
    /// ## Why is this bad?
    /// Databases that already ran the newer migration will run this one out of order,
    /// against a schema its author never saw; fresh databases run it in file order.
    /// The two end up different.
    ///
    /// ## Example
    /// `20251020-090000-add-x.sql` added after `20251027-143000-add-big-five.sql` was applied.
    ///
    /// ## How to fix
    /// Rename the file with the current timestamp so it sorts last.
    pub static RULE = {
        id: "migration-non-linear",
        group: "migration",
        class: Risky,
        bump: None,
        summary: "new migration is older than the newest applied or committed one",
    }
}

/// Compares the file's version with the baseline's newest.
pub fn check(ctx: &FileCtx<'_>, out: &mut Vec<Finding>) {
    let Some(version) = &ctx.migration.version else {
        return;
    };
    if ctx.baseline.iter().any(|v| v == version) {
        return;
    }
    if let Some(newest) = ctx.baseline.iter().max()
        && version < newest
    {
        out.push(
            Finding::of(
                &RULE,
                format!("new migration {version} is older than {newest}, which is already applied or committed"),
            )
            .at(Location::file(&ctx.migration.path))
            .with_logical_path(version.clone())
            .with_help("rename the file with a timestamp later than the newest migration"),
        );
    }
}
