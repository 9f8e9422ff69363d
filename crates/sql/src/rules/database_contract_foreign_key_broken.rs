//! The `database-contract-foreign-key-broken` rule.
use super::StmtCtx;
use crate::promise::{Section, check_statement};
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a migration statement that removes a foreign key a database contract lists
    /// under `interface.foreign_keys` (by `DROP CONSTRAINT`, dropping or renaming its table
    /// or one of its columns), naming the contract's packs as impacted. An unnamed promise
    /// is kept by any key from the same columns to the same table and columns (no columns
    /// means the referenced primary key); a `name` must match too (an unnamed key answers to
    /// PostgreSQL's `{table}_{columns}_fkey`).
    /// A promise broken and kept again later in the same file (an index rebuilt, a table
    /// copied, dropped and renamed back) is not reported.
    ///
    /// ## Why is this bad?
    /// Consumers rely on the database to keep references valid: without the key, rows that
    /// point nowhere appear and their joins silently lose rows.
    ///
    /// ## Example
    /// `contracts/mmos-db-v1.0.0.yaml` lists
    /// `foreign_keys: [{table: mind_fragments, columns: [mind_id], references: minds(id)}]`;
    /// ```sql
    /// ALTER TABLE mind_fragments DROP CONSTRAINT mind_fragments_mind_fk;
    /// ```
    ///
    /// ## How to fix
    /// Keep the key, or publish a new MAJOR contract version with a migration plan and move
    /// the consumers first.
    pub static RULE = {
        id: "database-contract-foreign-key-broken",
        group: "database",
        class: Breaking,
        bump: Major,
        summary: "migration removes a foreign key a database contract promises",
    }
}

/// Checks the statement against the `foreign_keys` of every database contract.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    check_statement(ctx, Section::ForeignKeys, &RULE, out);
}
