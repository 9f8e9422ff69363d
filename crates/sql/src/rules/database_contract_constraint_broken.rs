//! The `database-contract-constraint-broken` rule.
use super::StmtCtx;
use crate::promise::{Section, check_statement};
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a migration statement that removes a constraint a database contract lists
    /// under `interface.constraints` — `primary_key`, `unique`, `check` or `not_null` — by
    /// `DROP CONSTRAINT`, `DROP NOT NULL`, dropping the primary key, or dropping or renaming
    /// its table or columns, naming the contract's packs as impacted. `unique` is kept by a
    /// UNIQUE constraint, a unique index or the primary key on exactly those columns; `check`
    /// by a CHECK with that name (an unnamed one answers to PostgreSQL's
    /// `{table}_{column}_check`) and/or that condition (compared without spacing, parentheses
    /// or casts).
    /// A promise broken and kept again later in the same file (an index rebuilt, a table
    /// copied, dropped and renamed back) is not reported.
    ///
    /// ## Why is this bad?
    /// Consumers rely on the database to reject bad rows: without the constraint they read
    /// duplicates, NULLs or out-of-range values their code assumes cannot exist.
    ///
    /// ## Example
    /// `contracts/mmos-db-v1.0.0.yaml` lists
    /// `constraints: [{type: unique, table: minds, columns: [slug]}]`;
    /// ```sql
    /// ALTER TABLE minds DROP CONSTRAINT minds_slug_key;
    /// ```
    ///
    /// ## How to fix
    /// Keep the constraint, or publish a new MAJOR contract version with a migration plan
    /// and move the consumers first.
    pub static RULE = {
        id: "database-contract-constraint-broken",
        group: "database",
        class: Breaking,
        bump: Major,
        summary: "migration removes a constraint a database contract promises",
    }
}

/// Checks the statement against the `constraints` of every database contract.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    check_statement(ctx, Section::Constraints, &RULE, out);
}
