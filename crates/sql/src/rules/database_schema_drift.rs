//! The `database-schema-drift` rule.

accord_model::declare_rule! {
    /// ## What it does
    /// Reported by `accord migrate verify --live`: a difference between the schema the
    /// database really has (read from its catalogue) and the schema replayed from the
    /// migrations — a table, column, index, foreign key, UNIQUE or CHECK constraint added
    /// or removed by hand, a column whose type or nullability differs, a primary key or an
    /// index that covers other columns, lost its uniqueness or its partial predicate.
    /// Defaults are not compared.
    ///
    /// ## Why is this bad?
    /// The migrations no longer describe the database: a fresh environment built from them
    /// differs from production, the next migration may fail or do something else than its
    /// review showed, and the database contracts are checked against a schema that is not
    /// the one consumers read.
    ///
    /// ## Example
    /// Someone ran, by hand:
    /// ```sql
    /// ALTER TABLE minds ADD COLUMN nickname TEXT;
    /// ```
    /// `accord migrate verify --live` reports "column `minds.nickname` (TEXT) exists in the
    /// database but no migration adds it" and exits 1.
    ///
    /// ## How to fix
    /// Write a migration that makes the same change (and record it as applied with
    /// `accord migrate baseline`, since the database already has it), or undo the change in
    /// the database.
    pub static RULE = {
        id: "database-schema-drift",
        group: "database",
        class: Risky,
        bump: None,
        summary: "the live database schema differs from the schema replayed from the migrations",
    }
}
