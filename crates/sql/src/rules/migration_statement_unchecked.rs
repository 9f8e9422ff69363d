//! The `migration-statement-unchecked` rule.
use super::StmtCtx;
use accord_model::Finding;

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a valid PostgreSQL statement that Accord's SQL parser cannot read (`DO`
    /// blocks, `REINDEX`, `CLUSTER`, `REFRESH MATERIALIZED VIEW`, `ALTER DOMAIN`,
    /// `ALTER SEQUENCE`, `ATTACH`/`DETACH PARTITION`, `SET STATISTICS`), so no other rule
    /// looked at it. It is not a parse error: PostgreSQL runs it.
    ///
    /// ## Why is this bad?
    /// Nothing checks its locks or compatibility. Some of these take strong locks:
    /// `CLUSTER` rewrites the table under `ACCESS EXCLUSIVE`; `REINDEX`,
    /// `REFRESH MATERIALIZED VIEW` and `DETACH PARTITION` without `CONCURRENTLY` block the
    /// table or view; `ALTER DOMAIN … ADD CONSTRAINT` scans every column of the domain.
    ///
    /// ## Example
    /// ```sql
    /// CLUSTER events USING events_created_at_idx;
    /// ```
    ///
    /// ## How to fix
    /// Review it by hand (use the `CONCURRENTLY` forms where they exist), then suppress the
    /// finding with a reason.
    pub static RULE = {
        id: "migration-statement-unchecked",
        group: "migration",
        class: Safe,
        bump: None,
        summary: "valid PostgreSQL statement Accord cannot analyse",
    }
}

/// Where the statement is known to take a lock that blocks reads or writes.
fn lock_note(command: &str, sql: &str) -> &'static str {
    let concurrently = sql.to_ascii_uppercase().contains("CONCURRENTLY");
    match command {
        "CLUSTER" => "; CLUSTER rewrites the table under an ACCESS EXCLUSIVE lock",
        "REINDEX" | "REFRESH MATERIALIZED VIEW" | "DETACH PARTITION" if !concurrently => {
            "; without CONCURRENTLY it blocks the table or view while it runs"
        }
        "ALTER DOMAIN" if sql.to_ascii_uppercase().contains("ADD") => {
            "; adding a domain constraint scans every column of that domain"
        }
        _ => "",
    }
}

/// PostgreSQL only (the parser marks these statements for that dialect).
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    if let Some(command) = ctx.stmt.unchecked {
        let note = lock_note(command, ctx.migration.sql(ctx.stmt));
        out.push(
            ctx.finding(
                &RULE,
                format!("{command} is valid PostgreSQL that Accord cannot analyse; no rule checked it{note}"),
                format!("unchecked.{command}"),
            )
            .with_help("review it by hand, then suppress with a reason"),
        );
    }
}
