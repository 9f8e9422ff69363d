//! The `database-contract-index-broken` rule.
use super::StmtCtx;
use crate::promise::{Section, check_statement};
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a migration statement that removes an index a database contract lists under
    /// `interface.indexes` (by `DROP INDEX`, `ALTER INDEX … RENAME`, dropping its table or
    /// one of its columns, or recreating it on other columns, without the unique flag or with
    /// another partial predicate), naming the contract's packs as impacted. An unnamed
    /// promise is kept by any index on the same columns, including the one a PRIMARY KEY or
    /// UNIQUE constraint creates; `unique: true` needs a unique one; `where:` needs a partial
    /// index with that predicate (compared without spacing, parentheses or casts).
    /// A promise broken and kept again later in the same file (an index rebuilt, a table
    /// copied, dropped and renamed back) is not reported.
    ///
    /// ## Why is this bad?
    /// Consumers rely on the index: their lookups turn into sequential scans, and a unique
    /// index they rely on for `ON CONFLICT` or for "at most one row" stops existing.
    ///
    /// ## Example
    /// `contracts/innerlens-db-v1.0.0.yaml` lists
    /// `indexes: [{name: fragments_mind_idx, table: fragments, columns: [mind_slug]}]`;
    /// ```sql
    /// DROP INDEX fragments_mind_idx;
    /// ```
    ///
    /// ## How to fix
    /// Create the replacement index before dropping the old one, or publish a new MAJOR
    /// contract version without the index and move the consumers first.
    pub static RULE = {
        id: "database-contract-index-broken",
        group: "database",
        class: Breaking,
        bump: Major,
        summary: "migration removes an index a database contract promises",
    }
}

/// Checks the statement against the `indexes` of every database contract.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    check_statement(ctx, Section::Indexes, &RULE, out);
}
