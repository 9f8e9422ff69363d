//! What a database contract promises beyond tables and columns — foreign keys, indexes and
//! constraints (`interface.foreign_keys`, `interface.indexes`, `interface.constraints`) —
//! and whether a schema model keeps each promise.
//!
//! A promise is matched by meaning, not by spelling: an unnamed index promise is kept by
//! any index on the same columns (or by the index a PRIMARY KEY or UNIQUE constraint
//! creates), an unnamed foreign key by any key from the same columns to the same target,
//! a CHECK by its condition compared without spacing, parentheses or casts. A name, when
//! the contract gives one, must match too (an unnamed constraint answers to the name
//! PostgreSQL gives it).

use crate::effect::Effect;
use crate::rules::StmtCtx;
use crate::rules::database_contract_column_broken::parties;
use crate::schema::{Schema, Table, check_name, normalize_expression, pg_name};
use accord_model::contract::{ConstraintKind, ConstraintUse, Contract, ForeignKeyUse, IndexUse};
use accord_model::{Finding, Location, RuleMeta, Span};

/// One promise of a database contract.
#[derive(Debug, Clone, Copy)]
pub enum Promise<'a> {
    /// `interface.foreign_keys[i]`.
    ForeignKey(&'a ForeignKeyUse),
    /// `interface.indexes[i]`.
    Index(&'a IndexUse),
    /// `interface.constraints[i]`.
    Constraint(&'a ConstraintUse),
}

/// Which section a promise comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// `foreign_keys`.
    ForeignKeys,
    /// `indexes`.
    Indexes,
    /// `constraints`.
    Constraints,
}

impl<'a> Promise<'a> {
    /// Every promise of `contract`, in section order.
    pub fn all(contract: &'a Contract) -> impl Iterator<Item = Promise<'a>> + 'a {
        let i = &contract.interface;
        i.foreign_keys
            .iter()
            .map(Promise::ForeignKey)
            .chain(i.indexes.iter().map(Promise::Index))
            .chain(i.constraints.iter().map(Promise::Constraint))
    }

    /// The section it comes from.
    pub fn section(&self) -> Section {
        match self {
            Promise::ForeignKey(_) => Section::ForeignKeys,
            Promise::Index(_) => Section::Indexes,
            Promise::Constraint(_) => Section::Constraints,
        }
    }

    /// The table the promise is about.
    pub fn table(&self) -> &str {
        match self {
            Promise::ForeignKey(f) => &f.table,
            Promise::Index(i) => &i.table,
            Promise::Constraint(c) => &c.table,
        }
    }

    /// Where the contract declares it.
    pub fn span(&self) -> Span {
        match self {
            Promise::ForeignKey(f) => f.span,
            Promise::Index(i) => i.span,
            Promise::Constraint(c) => c.span,
        }
    }

    /// A stable logical path: the name when there is one, else table and columns.
    pub fn logical_path(&self) -> String {
        let key = |name: &Option<String>, table: &str, columns: &[String]| match name {
            Some(n) => n.clone(),
            None => format!("{table}({})", columns.join(",")),
        };
        match self {
            Promise::ForeignKey(f) => format!(
                "interface.foreign_keys[{}]",
                key(&f.name, &f.table, &f.columns)
            ),
            Promise::Index(i) => {
                format!("interface.indexes[{}]", key(&i.name, &i.table, &i.columns))
            }
            Promise::Constraint(c) => format!(
                "interface.constraints[{}]",
                match (&c.name, &c.expression) {
                    (Some(n), _) => n.clone(),
                    (None, Some(e)) if c.columns.is_empty() =>
                        format!("{}:check({})", c.table, normalize_expression(e)),
                    _ => format!(
                        "{}:{}({})",
                        c.table,
                        c.kind.as_sql().to_ascii_lowercase().replace(' ', "_"),
                        c.columns.join(",")
                    ),
                }
            ),
        }
    }

    /// The promise in words, for messages.
    pub fn describe(&self) -> String {
        let named = |n: &Option<String>| n.as_ref().map(|n| format!(" `{n}`")).unwrap_or_default();
        match self {
            Promise::ForeignKey(f) => format!(
                "foreign key{} `{}({})` → `{}{}`",
                named(&f.name),
                f.table,
                f.columns.join(", "),
                f.references,
                if f.referred.is_empty() {
                    String::new()
                } else {
                    format!("({})", f.referred.join(", "))
                }
            ),
            Promise::Index(i) => format!(
                "{}index{} on `{}({})`{}",
                if i.unique { "unique " } else { "" },
                named(&i.name),
                i.table,
                i.columns.join(", "),
                i.predicate
                    .as_ref()
                    .map(|p| format!(" WHERE {p}"))
                    .unwrap_or_default()
            ),
            Promise::Constraint(c) => match c.kind {
                ConstraintKind::Check => format!(
                    "CHECK{}{} on `{}`",
                    named(&c.name),
                    c.expression
                        .as_ref()
                        .map(|e| format!(" ({e})"))
                        .unwrap_or_default(),
                    c.table
                ),
                kind => format!(
                    "{}{} `{}({})`",
                    kind.as_sql(),
                    named(&c.name),
                    c.table,
                    c.columns.join(", ")
                ),
            },
        }
    }

    /// True when `schema` keeps the promise.
    pub fn kept_by(&self, schema: &Schema) -> bool {
        let Some(table) = schema.table(self.table()) else {
            return false;
        };
        match self {
            Promise::ForeignKey(f) => foreign_key_kept(schema, table, f),
            Promise::Index(i) => index_kept(schema, table, i),
            Promise::Constraint(c) => constraint_kept(schema, table, c),
        }
    }
}

/// The referenced columns of a key, the referenced table's primary key when none are written.
fn resolved<'s>(schema: &'s Schema, table: &str, referred: &'s [String]) -> &'s [String] {
    if referred.is_empty() {
        schema
            .table(table)
            .map_or(referred, |t| t.primary_key.as_slice())
    } else {
        referred
    }
}

fn foreign_key_kept(schema: &Schema, table: &Table, f: &ForeignKeyUse) -> bool {
    let want = resolved(schema, &f.references, &f.referred);
    table.foreign_keys.iter().any(|k| {
        let name_ok = f.name.as_ref().is_none_or(|n| {
            k.name.as_ref().map_or_else(
                || *n == pg_name(&table.name, &k.columns, "fkey"),
                |kn| kn == n,
            )
        });
        name_ok
            && k.columns == f.columns
            && k.table == f.references
            && resolved(schema, &k.table, &k.referred) == want
    })
}

fn same_predicate(a: Option<&String>, b: Option<&String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => normalize_expression(a) == normalize_expression(b),
        (None, None) => true,
        _ => false,
    }
}

fn index_kept(schema: &Schema, table: &Table, i: &IndexUse) -> bool {
    let fits = |name: &str, columns: &[String], unique: bool, predicate: Option<&String>| {
        i.name.as_ref().is_none_or(|n| n == name)
            && (i.columns.is_empty() || columns == i.columns.as_slice())
            && (!i.unique || unique)
            && (i.predicate.is_none() || same_predicate(i.predicate.as_ref(), predicate))
    };
    let by_index = schema.indexes.values().any(|x| {
        x.table == table.name && fits(&x.name, &x.columns, x.unique, x.predicate.as_ref())
    });
    // PRIMARY KEY and UNIQUE constraints are backed by a unique index of their own.
    let by_constraint = || {
        (!table.primary_key.is_empty()
            && fits(&table.primary_key_name(), &table.primary_key, true, None))
            || table.unique.iter().any(|u| {
                let name = u
                    .name
                    .clone()
                    .unwrap_or_else(|| pg_name(&table.name, &u.columns, "key"));
                fits(&name, &u.columns, true, None)
            })
    };
    by_index || by_constraint()
}

fn constraint_kept(schema: &Schema, table: &Table, c: &ConstraintUse) -> bool {
    match c.kind {
        ConstraintKind::PrimaryKey => {
            !table.primary_key.is_empty()
                && (c.columns.is_empty() || table.primary_key == c.columns)
                && c.name
                    .as_ref()
                    .is_none_or(|n| *n == table.primary_key_name())
        }
        ConstraintKind::Unique => match &c.name {
            Some(n) => {
                table.unique.iter().any(|u| {
                    u.name.as_ref().map_or_else(
                        || *n == pg_name(&table.name, &u.columns, "key"),
                        |un| un == n,
                    ) && (c.columns.is_empty() || u.columns == c.columns)
                }) || schema.indexes.get(n).is_some_and(|i| {
                    i.unique
                        && i.table == table.name
                        && (c.columns.is_empty() || i.columns == c.columns)
                })
            }
            None => schema.has_unique(&table.name, &c.columns),
        },
        ConstraintKind::NotNull => {
            !c.columns.is_empty()
                && c.columns
                    .iter()
                    .all(|col| table.column(col).is_some_and(|x| !x.nullable))
        }
        ConstraintKind::Check => {
            let columns: Vec<String> = table.columns.iter().map(|x| x.name.clone()).collect();
            table.checks.iter().any(|k| {
                let name_ok = c.name.as_ref().is_none_or(|n| {
                    k.name
                        .as_ref()
                        .map_or_else(|| *n == check_name(&table.name, &columns, k), |kn| kn == n)
                });
                let expr_ok = c
                    .expression
                    .as_ref()
                    .is_none_or(|e| normalize_expression(e) == normalize_expression(&k.expression));
                name_ok && expr_ok
            })
        }
    }
}

/// True when one of `effects` may change whether `promise` is kept: it changes the
/// promise's table, or for a foreign key the referenced table (renamed, its key changed).
fn touches(before: &Schema, effects: &[Effect], promise: &Promise<'_>) -> bool {
    let tables: &[&str] = match promise {
        Promise::ForeignKey(f) => &[&f.table, &f.references],
        _ => &[promise.table()],
    };
    effects.iter().any(|e| match e {
        Effect::DropIndex { name, .. } | Effect::RenameIndex { name, .. } => before
            .indexes
            .get(name)
            .is_some_and(|i| tables.contains(&i.table.as_str())),
        Effect::Write { .. } | Effect::CreateTable { .. } => false,
        other => other.table().is_some_and(|t| tables.contains(&t)),
    })
}

/// The finding of `rule` for a statement that stops `contract` from keeping `promise`.
fn broken(
    ctx: &StmtCtx<'_>,
    rule: &RuleMeta,
    contract: &Contract,
    promise: &Promise<'_>,
) -> Finding {
    let impacted = parties(contract);
    let related = match ctx.env.contract_texts.get(&contract.path) {
        Some(text) => Location::from_span(&contract.path, text, promise.span()),
        None => Location::file(&contract.path),
    };
    ctx.finding(
        rule,
        format!(
            "migration removes the {}, which contract {} promises to {}",
            promise.describe(),
            contract.display(),
            impacted.join(", ")
        ),
        promise.logical_path(),
    )
    .with_contract(contract.name.clone())
    .with_impacted(impacted)
    .related(related, format!("relied on through {}", contract.display()))
    .with_help(
        "keep it (or create its replacement first), or publish a new MAJOR contract version \
         with a migration plan before changing the schema",
    )
}

/// The statement check shared by the `database-contract-*-broken` rules of `section`: a
/// promise kept just before the statement, not kept just after it, and not kept again by
/// any later statement of the same file — so rebuilding an index or a table within one
/// migration (SQLite's create-copy-drop-rename) is not a break.
pub(crate) fn check_statement(
    ctx: &StmtCtx<'_>,
    section: Section,
    rule: &RuleMeta,
    out: &mut Vec<Finding>,
) {
    let mut after: Option<Schema> = None;
    let mut rest: Option<Vec<Vec<Effect>>> = None;
    for contract in ctx.env.contracts {
        for promise in Promise::all(contract).filter(|p| p.section() == section) {
            if !touches(ctx.before, ctx.effects, &promise) || !promise.kept_by(ctx.before) {
                continue;
            }
            // A whole copy, since later statements may rebuild the table from another one;
            // only statements that touch a promise pay for it.
            let after = after.get_or_insert_with(|| {
                let mut s = ctx.before.clone();
                for e in ctx.effects {
                    s.apply(e, &ctx.migration.path);
                }
                s
            });
            if promise.kept_by(after) {
                continue;
            }
            let rest = rest.get_or_insert_with(|| later_effects(ctx));
            let mut later = after.clone();
            let restored = rest.iter().any(|effects| {
                for e in effects {
                    later.apply(e, &ctx.migration.path);
                }
                promise.kept_by(&later)
            });
            if !restored {
                out.push(broken(ctx, rule, contract, &promise));
            }
        }
    }
}

/// The effects of the statements of the file after the current one.
fn later_effects(ctx: &StmtCtx<'_>) -> Vec<Vec<Effect>> {
    let statements = &ctx.migration.statements;
    let at = statements
        .iter()
        .position(|s| std::ptr::eq(s, ctx.stmt))
        .map_or(statements.len(), |i| i + 1);
    statements[at..]
        .iter()
        .map(|s| {
            s.ast
                .as_ref()
                .map(crate::effect::effects)
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Dialect;
    use crate::migration::Migration;

    fn schema(sql: &str) -> Schema {
        Schema::replay([&Migration::parse(
            "db/migrations/20250101-000000-a.sql",
            sql.as_bytes(),
            Dialect::Postgres,
        )])
    }

    #[test]
    fn unnamed_promises_are_kept_by_meaning() {
        let s = schema(
            "CREATE TABLE minds (id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, score INT CHECK (score >= 0));\
             CREATE TABLE frags (id INT, mind_id INT REFERENCES minds, deleted_at TIMESTAMP);\
             CREATE INDEX frags_live ON frags (mind_id) WHERE deleted_at IS NULL;",
        );
        let fk = ForeignKeyUse {
            table: "frags".into(),
            columns: vec!["mind_id".into()],
            references: "minds".into(),
            referred: vec!["id".into()],
            ..Default::default()
        };
        assert!(Promise::ForeignKey(&fk).kept_by(&s));
        let named_fk = ForeignKeyUse {
            name: Some("frags_mind_id_fkey".into()),
            ..fk.clone()
        };
        assert!(Promise::ForeignKey(&named_fk).kept_by(&s));
        let idx = IndexUse {
            table: "frags".into(),
            columns: vec!["mind_id".into()],
            predicate: Some("(deleted_at IS NULL)".into()),
            ..Default::default()
        };
        assert!(Promise::Index(&idx).kept_by(&s));
        let unique_slug = IndexUse {
            table: "minds".into(),
            columns: vec!["slug".into()],
            unique: true,
            ..Default::default()
        };
        assert!(Promise::Index(&unique_slug).kept_by(&s));
        let check = ConstraintUse {
            kind: ConstraintKind::Check,
            name: Some("minds_score_check".into()),
            table: "minds".into(),
            expression: Some("score>=0".into()),
            ..Default::default()
        };
        assert!(Promise::Constraint(&check).kept_by(&s));
        let not_null = ConstraintUse {
            kind: ConstraintKind::NotNull,
            table: "frags".into(),
            columns: vec!["mind_id".into()],
            ..Default::default()
        };
        assert!(!Promise::Constraint(&not_null).kept_by(&s));
    }

    fn lint_rules(sql: &[&str], contract: &Contract) -> Vec<String> {
        let ms: Vec<Migration> = sql
            .iter()
            .enumerate()
            .map(|(i, text)| {
                Migration::parse(
                    &format!("db/migrations/2025010{}-000000-m.sql", i + 1),
                    text.as_bytes(),
                    Dialect::Postgres,
                )
            })
            .collect();
        let config = crate::DatabaseConfig::default();
        let texts = Default::default();
        crate::lint::lint(
            &ms,
            &crate::lint::LintOptions {
                config: &config,
                manifest: None,
                contracts: std::slice::from_ref(contract),
                contract_texts: &texts,
                only: None,
                baseline: &[],
                project_rules: true,
            },
        )
        .into_iter()
        .filter(|f| f.rule.starts_with("database-contract"))
        .map(|f| format!("{} {}:{}", f.rule, f.location.path, f.location.line))
        .collect()
    }

    #[test]
    fn renaming_the_referenced_table_breaks_a_foreign_key_promise_at_that_statement() {
        let contract = Contract {
            path: "contracts/db-v1.0.0.yaml".into(),
            name: "db".into(),
            provider: "Database".into(),
            consumers: vec!["MMOS".into()],
            interface: accord_model::contract::Interface {
                foreign_keys: vec![ForeignKeyUse {
                    table: "frags".into(),
                    columns: vec!["mind_id".into()],
                    references: "minds".into(),
                    ..Default::default()
                }],
                ..Default::default()
            },
            ..Default::default()
        };
        let create = "CREATE TABLE minds (id INT PRIMARY KEY);\
                      CREATE TABLE frags (id INT, mind_id INT REFERENCES minds (id));";
        assert!(lint_rules(&[create], &contract).is_empty());
        assert_eq!(
            lint_rules(
                &[create, "SELECT 1;\nALTER TABLE minds RENAME TO people;"],
                &contract
            ),
            ["database-contract-foreign-key-broken db/migrations/20250102-000000-m.sql:2"]
        );
        // Renamed away and back within the file: kept.
        assert!(
            lint_rules(
                &[
                    create,
                    "ALTER TABLE minds RENAME TO people; ALTER TABLE people RENAME TO minds;"
                ],
                &contract
            )
            .is_empty()
        );
    }

    #[test]
    fn dropping_by_postgres_default_name_breaks_the_promise() {
        let s = schema(
            "CREATE TABLE minds (id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, score INT CHECK (score >= 0));\
             ALTER TABLE minds DROP CONSTRAINT minds_slug_key; ALTER TABLE minds DROP CONSTRAINT minds_score_check;",
        );
        let t = s.table("minds").unwrap();
        assert!(t.unique.is_empty() && t.checks.is_empty(), "{t:?}");
    }
}
