//! The `migration-history-edited` rule.
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Under `accord check --base`, reports a migration file that already existed at the
    /// base revision and was edited or deleted by the change. Changes of line endings and
    /// trailing whitespace outside string literals and quoted names do not count; inside
    /// them every byte does, since the database stores those bytes as they are. When the
    /// edit changes the replayed schema, the message says how.
    ///
    /// ## Why is this bad?
    /// A committed migration may already be applied to some databases. Editing it does not
    /// re-run it there: those databases and fresh ones now differ, and `accord migrate
    /// apply` stops on the checksum mismatch (or, for a deleted file, `migrate verify`
    /// reports a recorded migration without its file).
    ///
    /// ## Example
    /// `db/migrations/20251001-090000-create-mmos-tables.sql` was committed; the change
    /// removes `email TEXT` from its `CREATE TABLE minds`.
    ///
    /// ## How to fix
    /// Restore the file and write the change as a new migration with a later timestamp.
    pub static RULE = {
        id: "migration-history-edited",
        group: "migration",
        class: Breaking,
        bump: None,
        summary: "committed migration edited or deleted",
    }
}

/// Builds the finding (the change engine in `crate::change` decides when it applies).
/// `line` is the first line that differs (1-based), none for a deleted file.
pub(crate) fn finding(path: &str, line: Option<u32>, schema_effect: &[String]) -> Finding {
    let deleted = line.is_none();
    let verb = if deleted { "deletes" } else { "edits" };
    let effect = if schema_effect.is_empty() {
        String::new()
    } else {
        format!(
            "; it changes the replayed schema: {}",
            schema_effect.join(", ")
        )
    };
    Finding::of(
        &RULE,
        format!("change {verb} migration `{path}`, which was already committed{effect}"),
    )
    .at(match line {
        Some(line) => accord_model::Location::new(path, line, 1),
        None => accord_model::Location::file(path),
    })
    .with_logical_path(path.to_string())
    .with_help(
        "restore the committed file and put the change in a new migration with a later timestamp",
    )
}
