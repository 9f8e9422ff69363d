//! The `migration-volatile-default` rule.
use super::StmtCtx;
use crate::effect::Effect;
use accord_model::Finding;

/// Functions PostgreSQL marks `VOLATILE` that migrations use as defaults: each row gets its
/// own value, so existing rows must be written one by one.
const VOLATILE: &[&str] = &[
    "gen_random_uuid",
    "uuid_generate_v1",
    "uuid_generate_v1mc",
    "uuid_generate_v4",
    "uuidv4",
    "uuidv7",
    "random",
    "clock_timestamp",
    "timeofday",
    "nextval",
    "txid_current",
    "setseed",
];

accord_model::declare_rule! {
    /// ## What it does
    /// Reports a column added to an existing PostgreSQL table whose value must be computed
    /// row by row, which rewrites the whole table: a volatile default
    /// (`gen_random_uuid()`, `random()`, `clock_timestamp()`, `nextval(…)`), a `SERIAL`,
    /// identity or stored generated column, and — when `[database] postgres_version` is
    /// below 11 — any default at all (`now()` included).
    ///
    /// ## Why is this bad?
    /// Since PostgreSQL 11 a constant or stable default (`0`, `'x'`, `now()`) is stored
    /// once in the catalog; a volatile one is not, so PostgreSQL rewrites every row and
    /// every index under an `ACCESS EXCLUSIVE` lock — an outage on a large table.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE minds ADD COLUMN public_id UUID DEFAULT gen_random_uuid();
    /// ```
    ///
    /// ## How to fix
    /// Add the column without a default, `SET DEFAULT` afterwards (that only affects new
    /// rows), and backfill existing rows in batches.
    pub static RULE = {
        id: "migration-volatile-default",
        group: "migration",
        class: Risky,
        bump: None,
        summary: "column added with a value that rewrites an existing PostgreSQL table",
    }
}

/// The volatile function `default` calls, if any.
fn volatile_call(default: &str) -> Option<&'static str> {
    let text = default.to_ascii_lowercase();
    VOLATILE.iter().copied().find(|f| {
        text.match_indices(f).any(|(at, _)| {
            let before_ok = text[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            before_ok && text[at + f.len()..].trim_start().starts_with('(')
        })
    })
}

/// PostgreSQL only.
pub fn check(ctx: &StmtCtx<'_>, out: &mut Vec<Finding>) {
    let before_11 = ctx.env.config.postgres_version.is_some_and(|v| v < 11);
    for e in ctx.effects {
        let Effect::AddColumn { table, column } = e else {
            continue;
        };
        if !ctx.pg_existing(table) {
            continue;
        }
        let default = column
            .default
            .as_deref()
            .filter(|d| !d.eq_ignore_ascii_case("null"));
        let why = if let Some(f) = default.and_then(volatile_call) {
            format!("its default calls {f}(), which is volatile")
        } else if column.generated {
            format!("a {} column is filled row by row", column.data_type)
        } else if let Some(d) = default
            && before_11
        {
            format!("before PostgreSQL 11 any default ({d}) is written into every row")
        } else {
            continue;
        };
        out.push(
            ctx.finding(
                &RULE,
                format!(
                    "adds `{table}.{}` to an existing table and rewrites it under an exclusive lock: {why}",
                    column.name
                ),
                format!("{table}.{}", column.name),
            )
            .with_help("add the column without a default, SET DEFAULT afterwards and backfill in batches"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::volatile_call;

    #[test]
    fn volatile_calls_are_found_by_name_not_by_substring() {
        assert_eq!(volatile_call("gen_random_uuid()"), Some("gen_random_uuid"));
        assert_eq!(volatile_call("(random() * 10)::int"), Some("random"));
        assert_eq!(volatile_call("NEXTVAL('s')"), Some("nextval"));
        assert_eq!(volatile_call("now()"), None);
        assert_eq!(volatile_call("my_random()"), None);
        assert_eq!(volatile_call("0"), None);
    }
}
