//! Live drift: the schema a database really has, read from its catalogue, against the schema
//! replayed from the migrations (`accord migrate verify --live`).
//!
//! SQLite is read through `sqlite_schema` and `pragma table_xinfo` (so generated columns
//! count), `foreign_key_list`, `index_list` and `index_info`; PostgreSQL through
//! `information_schema` (tables, columns, nullability) and `pg_catalog` (types as
//! `format_type` prints them, constraints, indexes and their predicates). Both are turned
//! into a [`Schema`], so the comparison is one function for both dialects.
//!
//! What is compared: tables; columns (presence, type in one spelling per meaning,
//! nullability); primary keys; UNIQUE constraints, foreign keys (by columns and target)
//! and CHECK constraints (PostgreSQL by name — it prints conditions in its own words —,
//! SQLite by condition); indexes by name (table, columns, uniqueness, partial predicate).
//!
//! Not compared: defaults (each database prints them its own way), the condition of a
//! PostgreSQL CHECK kept under its name, views, sequences, types, functions and triggers,
//! and tables outside PostgreSQL's `current_schema()`. Accord's tracking tables and
//! SQLite's internal tables are left out. A PostgreSQL partial-index predicate written with
//! `IN (…)` is printed back as `= ANY (ARRAY[…])` and would read as a difference.

use crate::apply::{Conn, Database, State, StatusEntry, db_err, pg_message};
use crate::effect::{Effect, canonical_type, effects};
use crate::migration::Migration;
use crate::rules::database_schema_drift::RULE;
use crate::schema::{Check, Column, ForeignKey, Index, Schema, Table, Unique, check_name};
use crate::{Dialect, SqlError};
use accord_model::{Finding, Location};
use std::collections::{BTreeMap, BTreeSet};

impl Database {
    /// Reads the live schema: every table of the main database (SQLite) or of the current
    /// schema (PostgreSQL), except Accord's tracking tables.
    pub fn introspect(&mut self) -> Result<Schema, SqlError> {
        let tracking = [self.tracking.clone(), format!("{}_progress", self.tracking)];
        let mut schema = match &mut self.conn {
            Conn::Sqlite(c) => sqlite_schema(c)?,
            Conn::Pg(c) => pg_schema(c)?,
        };
        for t in &tracking {
            schema.tables.remove(t);
        }
        schema.indexes.retain(|_, i| !tracking.contains(&i.table));
        Ok(schema)
    }
}

fn sq(e: rusqlite::Error) -> SqlError {
    db_err(e.to_string())
}

fn sqlite_schema(c: &rusqlite::Connection) -> Result<Schema, SqlError> {
    let mut schema = Schema::default();
    let objects: Vec<(String, String, String, Option<String>)> = {
        let mut stmt = c
            .prepare(
                "SELECT type, name, tbl_name, sql FROM sqlite_schema \
                 WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )
            .map_err(sq)?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .map_err(sq)?
            .collect::<Result<_, _>>()
            .map_err(sq)?
    };
    for (_, name, _, sql) in objects.iter().filter(|o| o.0 == "table") {
        let mut table = Table {
            name: name.to_ascii_lowercase(),
            columns: Vec::new(),
            primary_key: Vec::new(),
            primary_key_name: None,
            unique: Vec::new(),
            foreign_keys: Vec::new(),
            checks: Vec::new(),
            created_by: String::new(),
        };
        let mut pk: Vec<(i64, String)> = Vec::new();
        {
            let mut stmt = c
                .prepare("SELECT name, type, \"notnull\", pk FROM pragma_table_xinfo(?1) WHERE hidden <> 1")
                .map_err(sq)?;
            let rows = stmt
                .query_map([name], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, i64>(3)?,
                    ))
                })
                .map_err(sq)?;
            for row in rows {
                let (col, data_type, not_null, pk_pos) = row.map_err(sq)?;
                let col = col.to_ascii_lowercase();
                if pk_pos > 0 {
                    pk.push((pk_pos, col.clone()));
                }
                table.columns.push(Column {
                    name: col,
                    data_type: data_type.to_ascii_uppercase(),
                    // The model counts primary-key columns as NOT NULL, as PostgreSQL does.
                    nullable: not_null == 0 && pk_pos == 0,
                    default: None,
                });
            }
        }
        pk.sort();
        table.primary_key = pk.into_iter().map(|(_, c)| c).collect();
        {
            let mut stmt = c
                .prepare(
                    "SELECT id, seq, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?1) \
                     ORDER BY id, seq",
                )
                .map_err(sq)?;
            let rows = stmt
                .query_map([name], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, Option<String>>(4)?,
                    ))
                })
                .map_err(sq)?;
            let mut keys: BTreeMap<i64, ForeignKey> = BTreeMap::new();
            for row in rows {
                let (id, target, from, to) = row.map_err(sq)?;
                let k = keys.entry(id).or_insert_with(|| ForeignKey {
                    name: None,
                    columns: Vec::new(),
                    table: target.to_ascii_lowercase(),
                    referred: Vec::new(),
                });
                k.columns.push(from.to_ascii_lowercase());
                if let Some(to) = to {
                    k.referred.push(to.to_ascii_lowercase());
                }
            }
            table.foreign_keys = keys.into_values().collect();
        }
        {
            let mut stmt = c
                .prepare("SELECT name, origin FROM pragma_index_list(?1) WHERE origin = 'u'")
                .map_err(sq)?;
            let unique: Vec<String> = stmt
                .query_map([name], |r| r.get::<_, String>(0))
                .map_err(sq)?
                .collect::<Result<_, _>>()
                .map_err(sq)?;
            for index in unique {
                table.unique.push(Unique {
                    name: None,
                    columns: sqlite_index_columns(c, &index)?,
                });
            }
        }
        // CHECK conditions are only in the table's SQL text, which SQLite keeps current
        // through ALTER TABLE.
        if let Some(sql) = sql {
            table.checks = parsed_checks(sql);
        }
        schema.tables.insert(table.name.clone(), table);
    }
    for (_, name, tbl, sql) in objects.iter().filter(|o| o.0 == "index") {
        let parsed = sql.as_deref().and_then(|sql| {
            parse_one(sql).into_iter().find_map(|e| match e {
                Effect::CreateIndex {
                    columns,
                    unique,
                    predicate,
                    ..
                } => Some((columns, unique, predicate)),
                _ => None,
            })
        });
        let (columns, unique, predicate) = match parsed {
            Some(p) => p,
            None => {
                let unique: i64 = c
                    .query_row(
                        "SELECT \"unique\" FROM pragma_index_list(?1) WHERE name = ?2",
                        [tbl, name],
                        |r| r.get(0),
                    )
                    .map_err(sq)?;
                (sqlite_index_columns(c, name)?, unique != 0, None)
            }
        };
        let name = name.to_ascii_lowercase();
        schema.indexes.insert(
            name.clone(),
            Index {
                name,
                table: tbl.to_ascii_lowercase(),
                columns,
                unique,
                predicate,
            },
        );
    }
    Ok(schema)
}

fn sqlite_index_columns(c: &rusqlite::Connection, index: &str) -> Result<Vec<String>, SqlError> {
    let mut stmt = c
        .prepare("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")
        .map_err(sq)?;
    let cols: Vec<Option<String>> = stmt
        .query_map([index], |r| r.get(0))
        .map_err(sq)?
        .collect::<Result<_, _>>()
        .map_err(sq)?;
    Ok(cols
        .into_iter()
        .map(|c| c.map_or_else(|| "<expression>".into(), |c| c.to_ascii_lowercase()))
        .collect())
}

fn parse_one(sql: &str) -> Vec<Effect> {
    let dialect = sqlparser::dialect::SQLiteDialect {};
    sqlparser::parser::Parser::parse_sql(&dialect, sql)
        .map(|stmts| stmts.iter().flat_map(effects).collect())
        .unwrap_or_default()
}

fn parsed_checks(sql: &str) -> Vec<Check> {
    let mut out = Vec::new();
    for e in parse_one(sql) {
        if let Effect::CreateTable {
            columns,
            constraints,
            ..
        } = e
        {
            for (name, expression) in columns.into_iter().flat_map(|c| c.checks) {
                out.push(Check { name, expression });
            }
            for c in constraints {
                if let crate::effect::ConstraintInfo::Check { name, expression } = c {
                    out.push(Check { name, expression });
                }
            }
        }
    }
    out
}

fn pg_schema(c: &mut postgres::Client) -> Result<Schema, SqlError> {
    let pg = |e: postgres::Error| db_err(pg_message(&e));
    let mut schema = Schema::default();
    for row in c
        .query(
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
            &[],
        )
        .map_err(pg)?
    {
        let name: String = row.get(0);
        schema.tables.insert(
            name.clone(),
            Table {
                name,
                columns: Vec::new(),
                primary_key: Vec::new(),
                primary_key_name: None,
                unique: Vec::new(),
                foreign_keys: Vec::new(),
                checks: Vec::new(),
                created_by: String::new(),
            },
        );
    }
    for row in c
        .query(
            "SELECT c.table_name::text, c.column_name::text, c.is_nullable = 'YES', \
                    format_type(a.atttypid, a.atttypmod) \
             FROM information_schema.columns c \
             JOIN pg_catalog.pg_attribute a \
               ON a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass \
              AND a.attname = c.column_name \
             WHERE c.table_schema = current_schema() \
             ORDER BY c.table_name, c.ordinal_position",
            &[],
        )
        .map_err(pg)?
    {
        let table: String = row.get(0);
        if let Some(t) = schema.tables.get_mut(&table) {
            let data_type: String = row.get(3);
            t.columns.push(Column {
                name: row.get(1),
                data_type: data_type.to_ascii_uppercase(),
                nullable: row.get(2),
                default: None,
            });
        }
    }
    for row in c
        .query(
            "SELECT con.conname::text, con.contype::text, cl.relname::text, \
                    ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, o) \
                          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n \
                          ORDER BY k.o), \
                    ref.relname::text, \
                    ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, o) \
                          JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n \
                          ORDER BY k.o), \
                    pg_get_constraintdef(con.oid) \
             FROM pg_constraint con \
             JOIN pg_class cl ON cl.oid = con.conrelid \
             JOIN pg_namespace n ON n.oid = cl.relnamespace \
             LEFT JOIN pg_class ref ON ref.oid = con.confrelid \
             WHERE n.nspname = current_schema() ORDER BY con.conname",
            &[],
        )
        .map_err(pg)?
    {
        let table: String = row.get(2);
        let Some(t) = schema.tables.get_mut(&table) else {
            continue;
        };
        let name: String = row.get(0);
        let columns: Vec<String> = row.get(3);
        match row.get::<_, String>(1).as_str() {
            "p" => {
                t.primary_key = columns;
                t.primary_key_name = Some(name);
            }
            "u" => t.unique.push(Unique {
                name: Some(name),
                columns,
            }),
            "f" => t.foreign_keys.push(ForeignKey {
                name: Some(name),
                columns,
                table: row.get::<_, Option<String>>(4).unwrap_or_default(),
                referred: row.get(5),
            }),
            "c" => {
                let def: String = row.get(6);
                let expression = def
                    .trim()
                    .trim_start_matches("CHECK")
                    .trim_end_matches("NOT VALID")
                    .trim()
                    .to_string();
                t.checks.push(Check {
                    name: Some(name),
                    expression,
                });
            }
            _ => {}
        }
    }
    // Indexes that back a PRIMARY KEY, UNIQUE or exclusion constraint are the constraint.
    for row in c
        .query(
            "SELECT i.relname::text, t.relname::text, ix.indisunique, \
                    pg_get_expr(ix.indpred, ix.indrelid), \
                    ARRAY(SELECT pg_get_indexdef(ix.indexrelid, k, true) \
                          FROM generate_series(1, ix.indnkeyatts) k ORDER BY k) \
             FROM pg_index ix \
             JOIN pg_class i ON i.oid = ix.indexrelid \
             JOIN pg_class t ON t.oid = ix.indrelid \
             JOIN pg_namespace n ON n.oid = t.relnamespace \
             WHERE n.nspname = current_schema() \
               AND NOT EXISTS (SELECT 1 FROM pg_constraint con \
                               WHERE con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid \
                                 AND con.contype IN ('p', 'u', 'x'))",
            &[],
        )
        .map_err(pg)?
    {
        let name: String = row.get(0);
        let columns: Vec<String> = row.get(4);
        schema.indexes.insert(
            name.clone(),
            Index {
                name,
                table: row.get(1),
                columns: columns
                    .into_iter()
                    .map(|c| c.trim_matches('"').to_string())
                    .collect(),
                unique: row.get(2),
                predicate: row.get(3),
            },
        );
    }
    Ok(schema)
}

/// `accord migrate verify --live`: the drift between the database and the schema replayed
/// from the migrations it records as applied (`status`, from [`Database::status`]); pending
/// migrations are not expected in the database yet, and one that stopped half-way counts
/// as not applied.
pub fn verify_live(
    db: &mut Database,
    migrations: &[Migration],
    status: &[StatusEntry],
    migrations_dir: &str,
) -> Result<Vec<Finding>, SqlError> {
    let applied: BTreeSet<&str> = status
        .iter()
        .filter(|s| {
            matches!(
                s.state,
                State::Applied | State::ChecksumMismatch | State::NoChecksum
            )
        })
        .map(|s| s.version.as_str())
        .collect();
    let replayed = Schema::replay(
        migrations
            .iter()
            .filter(|m| m.version.as_deref().is_some_and(|v| applied.contains(v))),
    );
    let live = db.introspect()?;
    let target = db.target().redacted();
    // Differences point at the statement that created the table or index.
    let mut created: BTreeMap<String, Location> = BTreeMap::new();
    for m in migrations
        .iter()
        .filter(|m| m.version.as_deref().is_some_and(|v| applied.contains(v)))
    {
        for stmt in &m.statements {
            for e in stmt.ast.as_ref().map(effects).unwrap_or_default() {
                let key = match e {
                    Effect::CreateTable { table, .. } | Effect::RenameTable { to: table, .. } => {
                        format!("tables[{table}]")
                    }
                    Effect::CreateIndex {
                        name: Some(name), ..
                    }
                    | Effect::RenameIndex { to: name, .. } => format!("indexes[{name}]"),
                    _ => continue,
                };
                created.insert(key, Location::from_span(&m.path, &m.text, stmt.span));
            }
        }
    }
    let mut found = drift(
        &replayed,
        &live,
        db.dialect(),
        &target,
        migrations_dir,
        &created,
    );
    // What an unparsed statement did is missing from the replay: say so next to every
    // difference, since it may be the cause.
    let unparsed: Vec<Location> = migrations
        .iter()
        .filter(|m| m.version.as_deref().is_some_and(|v| applied.contains(v)))
        .flat_map(|m| {
            m.statements
                .iter()
                .filter(|s| s.ast.is_none() && s.error.is_some())
                .map(|s| Location::from_span(&m.path, &m.text, s.span))
        })
        .collect();
    if let Some(first) = unparsed.first() {
        let note = format!(
            "{} statement(s) of the applied migrations could not be parsed (first: {}:{}), so \
             what they did is not in the replayed schema and may explain this difference",
            unparsed.len(),
            first.path,
            first.line
        );
        for f in &mut found {
            f.help = Some(match f.help.take() {
                Some(h) => format!("{h}; {note}"),
                None => note.clone(),
            });
        }
    }
    Ok(found)
}

/// Every difference between the schema `replayed` from the migrations and the `live` one,
/// as `database-schema-drift` findings. `target` names the database in messages;
/// `created` maps `tables[NAME]` and `indexes[NAME]` to the statement that created them
/// (else a difference points at the file, or at `migrations_dir` when no file is
/// responsible).
pub fn drift(
    replayed: &Schema,
    live: &Schema,
    dialect: Dialect,
    target: &str,
    migrations_dir: &str,
    created: &BTreeMap<String, Location>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let at = |t: Option<&Table>| match t {
        Some(t) => created
            .get(&format!("tables[{}]", t.name))
            .cloned()
            .unwrap_or_else(|| {
                Location::file(if t.created_by.is_empty() {
                    migrations_dir
                } else {
                    &t.created_by
                })
            }),
        None => Location::file(migrations_dir),
    };
    let mut push = |loc: Location, logical: String, message: String| {
        out.push(
            Finding::of(&RULE, format!("{message} (database {target})"))
                .at(loc)
                .with_logical_path(logical)
                .with_help(
                    "write a migration for the change made by hand (or revert it in the \
                     database), so the migrations rebuild the database you run",
                ),
        );
    };
    for (name, r) in &replayed.tables {
        let Some(l) = live.tables.get(name) else {
            push(
                at(Some(r)),
                format!("tables[{name}]"),
                format!(
                    "table `{name}` is created by the migrations but missing from the database"
                ),
            );
            continue;
        };
        compare_table(r, l, replayed, live, dialect, &mut |logical, message| {
            push(at(Some(r)), logical, message)
        });
    }
    for (name, l) in &live.tables {
        if !replayed.tables.contains_key(name) {
            push(
                at(None),
                format!("tables[{name}]"),
                format!(
                    "table `{name}` ({} column(s)) exists in the database but no migration creates it",
                    l.columns.len()
                ),
            );
        }
    }
    for (name, r) in &replayed.indexes {
        let loc = created
            .get(&format!("indexes[{name}]"))
            .cloned()
            .unwrap_or_else(|| at(replayed.tables.get(&r.table)));
        match live.indexes.get(name) {
            None => push(
                loc,
                format!("indexes[{name}]"),
                format!(
                    "index `{name}` on `{}` is created by the migrations but missing from the database",
                    r.table
                ),
            ),
            Some(l) => {
                let mut diffs = Vec::new();
                if l.table != r.table {
                    diffs.push(format!("is on `{}`, not `{}`", l.table, r.table));
                }
                let cols = |i: &Index, s: &Schema| {
                    i.columns
                        .iter()
                        .map(|c| {
                            crate::schema::normalize_expression(&own_type_cast(c, s, &i.table))
                        })
                        .collect::<Vec<_>>()
                };
                if cols(l, live) != cols(r, replayed) {
                    diffs.push(format!(
                        "covers ({}), not ({})",
                        l.columns.join(", "),
                        r.columns.join(", ")
                    ));
                }
                if l.unique != r.unique {
                    diffs.push(if l.unique {
                        "is UNIQUE, the migrations' is not".to_string()
                    } else {
                        "is not UNIQUE, the migrations' is".to_string()
                    });
                }
                let pred = |i: &Index| {
                    i.predicate
                        .as_deref()
                        .map(crate::schema::normalize_expression)
                };
                if pred(l) != pred(r) {
                    diffs.push(format!(
                        "has predicate {}, the migrations' {}",
                        l.predicate.as_deref().unwrap_or("none"),
                        r.predicate.as_deref().unwrap_or("none")
                    ));
                }
                if !diffs.is_empty() {
                    push(
                        loc,
                        format!("indexes[{name}]"),
                        format!("index `{name}` in the database {}", diffs.join("; ")),
                    );
                }
            }
        }
    }
    for (name, l) in &live.indexes {
        if !replayed.indexes.contains_key(name) && replayed.tables.contains_key(&l.table) {
            push(
                at(replayed.tables.get(&l.table)),
                format!("indexes[{name}]"),
                format!(
                    "index `{name}` on `{}({})` exists in the database but no migration creates it",
                    l.table,
                    l.columns.join(", ")
                ),
            );
        }
    }
    out
}

/// `col` for an index expression `type(col)` that casts a column to the type it already has:
/// PostgreSQL drops such a cast when it rebuilds the index (crates.io's `date(date)` after
/// the column became a `date`).
fn own_type_cast(expression: &str, s: &Schema, table: &str) -> String {
    let Some((function, rest)) = expression.split_once('(') else {
        return expression.to_string();
    };
    let Some(column) = rest.strip_suffix(')') else {
        return expression.to_string();
    };
    let column = column.trim().trim_matches('"').to_ascii_lowercase();
    let same = s
        .table(table)
        .and_then(|t| t.column(&column))
        .is_some_and(|c| canonical_type(&c.data_type) == canonical_type(function.trim()));
    if same { column } else { expression.to_string() }
}

fn compare_table(
    r: &Table,
    l: &Table,
    replayed: &Schema,
    live: &Schema,
    dialect: Dialect,
    push: &mut dyn FnMut(String, String),
) {
    let t = &r.name;
    for rc in &r.columns {
        let Some(lc) = l.column(&rc.name) else {
            push(
                format!("tables[{t}].columns[{}]", rc.name),
                format!(
                    "column `{t}.{}` is created by the migrations but missing from the database",
                    rc.name
                ),
            );
            continue;
        };
        if canonical_type(&rc.data_type) != canonical_type(&lc.data_type) {
            push(
                format!("tables[{t}].columns[{}].type", rc.name),
                format!(
                    "column `{t}.{}` is {} in the database, {} in the migrations",
                    rc.name,
                    show_type(&lc.data_type),
                    show_type(&rc.data_type)
                ),
            );
        }
        // SERIAL columns are NOT NULL whatever the migration says.
        let replayed_nullable = rc.nullable && !rc.data_type.contains("SERIAL");
        if replayed_nullable != lc.nullable {
            let word = |n: bool| if n { "nullable" } else { "NOT NULL" };
            push(
                format!("tables[{t}].columns[{}].nullable", rc.name),
                format!(
                    "column `{t}.{}` is {} in the database, {} in the migrations",
                    rc.name,
                    word(lc.nullable),
                    word(replayed_nullable)
                ),
            );
        }
    }
    for lc in l.columns.iter().filter(|c| r.column(&c.name).is_none()) {
        push(
            format!("tables[{t}].columns[{}]", lc.name),
            format!(
                "column `{t}.{}` ({}) exists in the database but no migration adds it",
                lc.name,
                show_type(&lc.data_type)
            ),
        );
    }
    if r.primary_key != l.primary_key {
        push(
            format!("tables[{t}].primary_key"),
            format!(
                "the primary key of `{t}` is ({}) in the database, ({}) in the migrations",
                l.primary_key.join(", "),
                r.primary_key.join(", ")
            ),
        );
    }
    let uniques = |x: &Table| -> BTreeSet<Vec<String>> {
        x.unique.iter().map(|u| u.columns.clone()).collect()
    };
    let (ru, lu) = (uniques(r), uniques(l));
    for cols in ru.difference(&lu) {
        push(
            format!("tables[{t}].unique[{}]", cols.join(",")),
            format!(
                "UNIQUE ({}) of `{t}` is declared by the migrations but missing from the database",
                cols.join(", ")
            ),
        );
    }
    for cols in lu.difference(&ru) {
        push(
            format!("tables[{t}].unique[{}]", cols.join(",")),
            format!(
                "UNIQUE ({}) of `{t}` exists in the database but no migration declares it",
                cols.join(", ")
            ),
        );
    }
    let keys = |x: &Table, s: &Schema| -> BTreeSet<(Vec<String>, String, Vec<String>)> {
        x.foreign_keys
            .iter()
            .map(|k| {
                let referred = if k.referred.is_empty() {
                    s.table(&k.table)
                        .map(|t| t.primary_key.clone())
                        .unwrap_or_default()
                } else {
                    k.referred.clone()
                };
                (k.columns.clone(), k.table.clone(), referred)
            })
            .collect()
    };
    let (rk, lk) = (keys(r, replayed), keys(l, live));
    let show = |(cols, table, referred): &(Vec<String>, String, Vec<String>)| {
        format!(
            "foreign key `{t}({})` → `{table}({})`",
            cols.join(", "),
            referred.join(", ")
        )
    };
    for k in rk.difference(&lk) {
        push(
            format!("tables[{t}].foreign_keys[{}]", k.0.join(",")),
            format!(
                "{} is declared by the migrations but missing from the database",
                show(k)
            ),
        );
    }
    for k in lk.difference(&rk) {
        push(
            format!("tables[{t}].foreign_keys[{}]", k.0.join(",")),
            format!(
                "{} exists in the database but no migration declares it",
                show(k)
            ),
        );
    }
    // PostgreSQL prints a stored condition in its own words (BETWEEN becomes two
    // comparisons), so its CHECKs are matched by name — the one given, or the one it gives.
    let column_names: Vec<String> = r.columns.iter().map(|c| c.name.clone()).collect();
    let check_key = |c: &Check| match dialect {
        Dialect::Postgres => c
            .name
            .clone()
            .unwrap_or_else(|| check_name(t, &column_names, c)),
        Dialect::Sqlite => crate::schema::normalize_expression(&c.expression),
    };
    let rc: BTreeMap<String, &Check> = r.checks.iter().map(|c| (check_key(c), c)).collect();
    let lc: BTreeMap<String, &Check> = l.checks.iter().map(|c| (check_key(c), c)).collect();
    for (key, c) in rc.iter().filter(|(k, _)| !lc.contains_key(*k)) {
        push(
            format!("tables[{t}].checks[{key}]"),
            format!(
                "CHECK ({}) of `{t}` is declared by the migrations but missing from the database",
                c.expression
            ),
        );
    }
    for (key, c) in lc.iter().filter(|(k, _)| !rc.contains_key(*k)) {
        push(
            format!("tables[{t}].checks[{key}]"),
            format!(
                "CHECK {} of `{t}` exists in the database but no migration declares it",
                c.expression
            ),
        );
    }
}

fn show_type(t: &str) -> &str {
    if t.is_empty() { "untyped" } else { t }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Dialect;

    fn replay(sql: &str) -> Schema {
        Schema::replay([&Migration::parse(
            "db/migrations/20250101-000000-a.sql",
            sql.as_bytes(),
            Dialect::Postgres,
        )])
    }

    #[test]
    fn an_index_cast_to_the_columns_own_type_is_the_column() {
        let replayed = replay(
            "CREATE TABLE d (day TIMESTAMP); CREATE INDEX d_day ON d (date(day));\
             ALTER TABLE d ALTER COLUMN day TYPE date;",
        );
        let mut live = replayed.clone();
        live.indexes.get_mut("d_day").unwrap().columns = vec!["day".into()];
        let found = drift(
            &replayed,
            &live,
            Dialect::Postgres,
            "db",
            "db/migrations",
            &BTreeMap::new(),
        );
        assert!(found.is_empty(), "{found:?}");
        // A real expression stays one.
        live.indexes.get_mut("d_day").unwrap().columns = vec!["lower(day)".into()];
        let found = drift(
            &replayed,
            &live,
            Dialect::Postgres,
            "db",
            "db/migrations",
            &BTreeMap::new(),
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .message
                .contains("covers (lower(day)), not (date(day))")
        );
    }
}
