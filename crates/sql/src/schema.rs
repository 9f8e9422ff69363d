//! Accord's own schema model, built by replaying migrations (no scratch database needed),
//! and the diff of two models.

use crate::effect::{ColumnInfo, ConstraintInfo, Effect, effects};
use crate::migration::Migration;
use serde::Serialize;
use std::collections::BTreeMap;

/// A column of the model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    /// Name.
    pub name: String,
    /// Declared type, upper-cased.
    pub data_type: String,
    /// Whether NULL is allowed.
    pub nullable: bool,
    /// Default expression.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// A foreign key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ForeignKey {
    /// Constraint name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Local columns.
    pub columns: Vec<String>,
    /// Referenced table.
    pub table: String,
    /// Referenced columns.
    pub referred: Vec<String>,
}

/// A unique constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unique {
    /// Constraint name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Columns.
    pub columns: Vec<String>,
}

/// A CHECK constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Constraint name, when the migration gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The condition, as SQL text.
    pub expression: String,
}

/// A table of the model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    /// Name.
    pub name: String,
    /// Columns in declaration order.
    pub columns: Vec<Column>,
    /// Primary key columns.
    pub primary_key: Vec<String>,
    /// The primary key's constraint name, when the migration gave one (else PostgreSQL's
    /// `{table}_pkey`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary_key_name: Option<String>,
    /// Unique constraints.
    pub unique: Vec<Unique>,
    /// Foreign keys.
    pub foreign_keys: Vec<ForeignKey>,
    /// CHECK constraints.
    pub checks: Vec<Check>,
    /// Path of the migration that created it.
    pub created_by: String,
}

impl Table {
    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The primary key's constraint name: the one given, else PostgreSQL's.
    pub fn primary_key_name(&self) -> String {
        self.primary_key_name
            .clone()
            .unwrap_or_else(|| pg_name(&self.name, &[], "pkey"))
    }

    fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.columns.iter_mut().find(|c| c.name == name)
    }
}

/// An index of the model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Index {
    /// Name.
    pub name: String,
    /// Table.
    pub table: String,
    /// Columns or expressions.
    pub columns: Vec<String>,
    /// UNIQUE.
    pub unique: bool,
    /// `WHERE …` of a partial index, as SQL text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predicate: Option<String>,
}

/// The whole schema.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Schema {
    /// Tables by name.
    pub tables: BTreeMap<String, Table>,
    /// Indexes by name.
    pub indexes: BTreeMap<String, Index>,
}

fn column_from(info: &ColumnInfo) -> Column {
    Column {
        name: info.name.clone(),
        data_type: info.data_type.clone(),
        nullable: info.nullable,
        default: info.default.clone(),
    }
}

impl Schema {
    /// Replays every parsed statement of `migrations`, in order.
    pub fn replay<'a>(migrations: impl IntoIterator<Item = &'a Migration>) -> Schema {
        let mut schema = Schema::default();
        for m in migrations {
            schema.apply_migration(m);
        }
        schema
    }

    /// Applies every parsed statement of one migration.
    pub fn apply_migration(&mut self, m: &Migration) {
        for stmt in &m.statements {
            if let Some(ast) = &stmt.ast {
                for effect in effects(ast) {
                    self.apply(&effect, &m.path);
                }
            }
        }
    }

    /// Applies one effect. Effects on unknown tables are ignored: the model describes what
    /// the migrations say, and a lint rule (not the model) reports the inconsistency.
    pub fn apply(&mut self, effect: &Effect, origin: &str) {
        match effect {
            Effect::CreateTable {
                table,
                columns,
                constraints,
                if_not_exists,
            } => {
                if *if_not_exists && self.tables.contains_key(table) {
                    return;
                }
                let mut t = Table {
                    name: table.clone(),
                    columns: columns.iter().map(column_from).collect(),
                    primary_key: columns
                        .iter()
                        .filter(|c| c.primary_key)
                        .map(|c| c.name.clone())
                        .collect(),
                    primary_key_name: None,
                    unique: columns
                        .iter()
                        .filter(|c| c.unique)
                        .map(|c| Unique {
                            name: None,
                            columns: vec![c.name.clone()],
                        })
                        .collect(),
                    foreign_keys: columns
                        .iter()
                        .filter_map(|c| {
                            c.references.as_ref().map(|(table, referred)| ForeignKey {
                                name: None,
                                columns: vec![c.name.clone()],
                                table: table.clone(),
                                referred: referred.clone(),
                            })
                        })
                        .collect(),
                    checks: columns
                        .iter()
                        .flat_map(|c| &c.checks)
                        .map(|(name, expression)| Check {
                            name: name.clone(),
                            expression: expression.clone(),
                        })
                        .collect(),
                    created_by: origin.to_string(),
                };
                for c in constraints {
                    add_constraint(&mut t, c);
                }
                // Both databases skip a UNIQUE of CREATE TABLE that repeats the primary key
                // or an earlier UNIQUE: no second index, no second constraint.
                let mut seen = vec![t.primary_key.clone()];
                t.unique.retain(|u| {
                    let fresh = !seen.contains(&u.columns);
                    seen.push(u.columns.clone());
                    fresh
                });
                self.tables.insert(table.clone(), t);
            }
            Effect::DropTable { table } => {
                self.tables.remove(table);
                self.indexes.retain(|_, i| &i.table != table);
            }
            Effect::RenameTable { table, to } => {
                if let Some(mut t) = self.tables.remove(table) {
                    freeze_names(&mut t);
                    t.name = to.clone();
                    self.tables.insert(to.clone(), t);
                    for i in self.indexes.values_mut().filter(|i| &i.table == table) {
                        i.table = to.clone();
                    }
                    // Both databases repoint the foreign keys that referenced the old name.
                    for k in self
                        .tables
                        .values_mut()
                        .flat_map(|t| t.foreign_keys.iter_mut())
                        .filter(|k| &k.table == table)
                    {
                        k.table = to.clone();
                    }
                }
            }
            Effect::AddColumn { table, column } => {
                if let Some(t) = self.tables.get_mut(table) {
                    t.columns.retain(|c| c.name != column.name);
                    t.columns.push(column_from(column));
                    if column.primary_key {
                        t.primary_key = vec![column.name.clone()];
                    }
                    if column.unique {
                        t.unique.push(Unique {
                            name: None,
                            columns: vec![column.name.clone()],
                        });
                    }
                    if let Some((rt, rc)) = &column.references {
                        t.foreign_keys.push(ForeignKey {
                            name: None,
                            columns: vec![column.name.clone()],
                            table: rt.clone(),
                            referred: rc.clone(),
                        });
                    }
                    t.checks
                        .extend(column.checks.iter().map(|(name, expression)| Check {
                            name: name.clone(),
                            expression: expression.clone(),
                        }));
                }
            }
            Effect::DropColumn { table, column } => {
                if let Some(t) = self.tables.get_mut(table) {
                    t.columns.retain(|c| &c.name != column);
                    t.primary_key.retain(|c| c != column);
                    t.unique.retain(|u| !u.columns.contains(column));
                    t.foreign_keys.retain(|f| !f.columns.contains(column));
                    // PostgreSQL drops the constraints that mention the column with it.
                    t.checks
                        .retain(|c| !identifiers(&c.expression).any(|i| &i == column));
                }
                self.indexes
                    .retain(|_, i| !(&i.table == table && i.columns.contains(column)));
            }
            Effect::RenameColumn { table, column, to } => {
                if let Some(t) = self.tables.get_mut(table) {
                    freeze_names(t);
                    if let Some(c) = t.column_mut(column) {
                        c.name = to.clone();
                    }
                    let rename = |cols: &mut Vec<String>| {
                        for c in cols.iter_mut().filter(|c| *c == column) {
                            *c = to.clone();
                        }
                    };
                    rename(&mut t.primary_key);
                    t.unique.iter_mut().for_each(|u| rename(&mut u.columns));
                    t.foreign_keys
                        .iter_mut()
                        .for_each(|f| rename(&mut f.columns));
                    for c in &mut t.checks {
                        c.expression = rename_identifier(&c.expression, column, to);
                    }
                }
                for k in self
                    .tables
                    .values_mut()
                    .flat_map(|t| t.foreign_keys.iter_mut())
                    .filter(|k| &k.table == table)
                {
                    for c in k.referred.iter_mut().filter(|c| *c == column) {
                        *c = to.clone();
                    }
                }
                for i in self.indexes.values_mut().filter(|i| &i.table == table) {
                    for c in i.columns.iter_mut().filter(|c| *c == column) {
                        *c = to.clone();
                    }
                    if let Some(p) = &mut i.predicate {
                        *p = rename_identifier(p, column, to);
                    }
                }
            }
            Effect::SetType {
                table,
                column,
                data_type,
            } => {
                if let Some(c) = self
                    .tables
                    .get_mut(table)
                    .and_then(|t| t.column_mut(column))
                {
                    c.data_type = data_type.clone();
                }
            }
            Effect::SetNotNull { table, column } | Effect::DropNotNull { table, column } => {
                let nullable = matches!(effect, Effect::DropNotNull { .. });
                if let Some(c) = self
                    .tables
                    .get_mut(table)
                    .and_then(|t| t.column_mut(column))
                {
                    c.nullable = nullable;
                }
            }
            Effect::SetDefault {
                table,
                column,
                default,
            } => {
                if let Some(c) = self
                    .tables
                    .get_mut(table)
                    .and_then(|t| t.column_mut(column))
                {
                    c.default = default.clone();
                }
            }
            Effect::AddConstraint {
                table,
                constraint:
                    ConstraintInfo::UsingIndex {
                        name,
                        index,
                        primary_key,
                    },
                ..
            } => {
                let Some(t) = self.tables.get_mut(table) else {
                    return;
                };
                let Some(i) = self.indexes.remove(index) else {
                    return;
                };
                if *primary_key {
                    add_constraint(
                        t,
                        &ConstraintInfo::PrimaryKey {
                            name: name.clone(),
                            columns: i.columns,
                        },
                    );
                } else {
                    t.unique.push(Unique {
                        name: Some(name.clone().unwrap_or(i.name)),
                        columns: i.columns,
                    });
                }
            }
            Effect::AddConstraint {
                table, constraint, ..
            } => {
                if let Some(t) = self.tables.get_mut(table) {
                    add_constraint(t, constraint);
                }
            }
            Effect::RenameConstraint { table, name, to } => {
                if let Some(t) = self.tables.get_mut(table) {
                    let columns: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
                    let table = table.as_str();
                    for u in &mut t.unique {
                        let own = u
                            .name
                            .clone()
                            .unwrap_or_else(|| pg_name(table, &u.columns, "key"));
                        if &own == name {
                            u.name = Some(to.clone());
                        }
                    }
                    for k in &mut t.foreign_keys {
                        let own = k
                            .name
                            .clone()
                            .unwrap_or_else(|| pg_name(table, &k.columns, "fkey"));
                        if &own == name {
                            k.name = Some(to.clone());
                        }
                    }
                    for c in &mut t.checks {
                        let own = c
                            .name
                            .clone()
                            .unwrap_or_else(|| check_name(table, &columns, c));
                        if &own == name {
                            c.name = Some(to.clone());
                        }
                    }
                }
            }
            Effect::DropConstraint { table, name } => {
                if let Some(t) = self.tables.get_mut(table) {
                    // An unnamed constraint is dropped by the name PostgreSQL gave it.
                    let named = |given: &Option<String>, default: String| match given {
                        Some(g) => g == name,
                        None => &default == name,
                    };
                    if name == "primary key" || *name == t.primary_key_name() {
                        t.primary_key.clear();
                        t.primary_key_name = None;
                    }
                    t.unique
                        .retain(|u| !named(&u.name, pg_name(table, &u.columns, "key")));
                    t.foreign_keys
                        .retain(|f| !named(&f.name, pg_name(table, &f.columns, "fkey")));
                    let columns: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
                    t.checks
                        .retain(|c| !named(&c.name, check_name(table, &columns, c)));
                }
                let table = table.clone();
                self.indexes
                    .retain(|n, i| !(i.table == table && n == name && i.unique));
            }
            Effect::CreateIndex {
                table,
                name,
                columns,
                unique,
                predicate,
                ..
            } => {
                let name = name
                    .clone()
                    .unwrap_or_else(|| pg_name(table, columns, "idx"));
                self.indexes.insert(
                    name.clone(),
                    Index {
                        name,
                        table: table.clone(),
                        columns: columns.clone(),
                        unique: *unique,
                        predicate: predicate.clone(),
                    },
                );
            }
            Effect::DropIndex { name, .. } => {
                self.indexes.remove(name);
            }
            Effect::RenameIndex { name, to } => {
                if let Some(mut i) = self.indexes.remove(name) {
                    i.name = to.clone();
                    self.indexes.insert(to.clone(), i);
                }
            }
            Effect::Write { .. }
            | Effect::Begin
            | Effect::Commit
            | Effect::Rollback
            | Effect::ValidateConstraint { .. }
            | Effect::Setting { .. } => {}
        }
    }

    /// A table by name.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.get(name)
    }

    /// True when some unique constraint or unique index covers exactly `columns`.
    pub fn has_unique(&self, table: &str, columns: &[String]) -> bool {
        let same = |c: &[String]| c == columns;
        self.tables
            .get(table)
            .is_some_and(|t| t.primary_key == columns || t.unique.iter().any(|u| same(&u.columns)))
            || self
                .indexes
                .values()
                .any(|i| i.table == table && i.unique && same(&i.columns))
    }
}

fn add_constraint(t: &mut Table, c: &ConstraintInfo) {
    match c {
        ConstraintInfo::PrimaryKey { columns, name } => {
            t.primary_key = columns.clone();
            t.primary_key_name = name.clone();
            for col in t
                .columns
                .iter_mut()
                .filter(|col| columns.contains(&col.name))
            {
                col.nullable = false;
            }
        }
        ConstraintInfo::Unique { name, columns } => t.unique.push(Unique {
            name: name.clone(),
            columns: columns.clone(),
        }),
        ConstraintInfo::ForeignKey {
            name,
            columns,
            table,
            referred,
        } => t.foreign_keys.push(ForeignKey {
            name: name.clone(),
            columns: columns.clone(),
            table: table.clone(),
            referred: referred.clone(),
        }),
        ConstraintInfo::Check { name, expression } => t.checks.push(Check {
            name: name.clone(),
            expression: expression.clone(),
        }),
        // Needs the schema's indexes: handled in `Schema::apply`.
        ConstraintInfo::UsingIndex { .. } | ConstraintInfo::Other { .. } => {}
    }
}

/// Gives every unnamed constraint of `t` the name PostgreSQL gave it when it was created:
/// renaming the table or a column later does not rename constraints.
fn freeze_names(t: &mut Table) {
    if !t.primary_key.is_empty() {
        t.primary_key_name = Some(t.primary_key_name());
    }
    let columns: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
    let table = t.name.clone();
    for u in t.unique.iter_mut().filter(|u| u.name.is_none()) {
        u.name = Some(pg_name(&table, &u.columns, "key"));
    }
    for k in t.foreign_keys.iter_mut().filter(|k| k.name.is_none()) {
        k.name = Some(pg_name(&table, &k.columns, "fkey"));
    }
    for i in 0..t.checks.len() {
        if t.checks[i].name.is_none() {
            let name = check_name(&table, &columns, &t.checks[i]);
            t.checks[i].name = Some(name);
        }
    }
}

/// `expression` with every identifier `from` (outside string literals, any case) written `to`.
pub fn rename_identifier(expression: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(expression.len());
    let mut in_string = false;
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.eq_ignore_ascii_case(from) {
            out.push_str(to);
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for ch in expression.chars() {
        if !in_string && (ch.is_ascii_alphanumeric() || ch == '_') {
            word.push(ch);
            continue;
        }
        flush(&mut word, &mut out);
        if ch == '\'' {
            in_string = !in_string;
        }
        out.push(ch);
    }
    flush(&mut word, &mut out);
    out
}

/// The lower-cased identifiers of an SQL expression, outside string literals.
pub fn identifiers(expression: &str) -> impl Iterator<Item = String> + '_ {
    let mut in_string = false;
    let mut out = Vec::new();
    let mut word = String::new();
    for ch in expression.chars().chain(std::iter::once(' ')) {
        if ch == '\'' {
            in_string = !in_string;
            word.clear();
            continue;
        }
        if !in_string && (ch.is_ascii_alphanumeric() || ch == '_') {
            word.push(ch.to_ascii_lowercase());
        } else if !word.is_empty() {
            if !word.starts_with(|c: char| c.is_ascii_digit()) {
                out.push(std::mem::take(&mut word));
            }
            word.clear();
        }
    }
    out.into_iter()
}

/// An SQL condition reduced to what it means for comparison: lower case, without spaces,
/// parentheses, identifier quotes or `::type` casts, since PostgreSQL prints a stored
/// condition as `((score >= 0))` or `(status = 'a'::text)` whatever the migration wrote.
pub fn normalize_expression(expression: &str) -> String {
    let mut out = String::with_capacity(expression.len());
    let mut rest = expression;
    while let Some(ch) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("::") {
            rest = skip_type(after);
            continue;
        }
        if ch == '\'' {
            let end = rest[1..].find('\'').map_or(rest.len(), |i| i + 2);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        if !(ch.is_whitespace() || ch == '(' || ch == ')' || ch == '"') {
            out.push(ch.to_ascii_lowercase());
        }
        rest = &rest[ch.len_utf8()..];
    }
    out
}

/// `text` after a type name (with PostgreSQL's multi-word names and an array suffix).
fn skip_type(text: &str) -> &str {
    let word_end = |t: &str| {
        t.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(t.len())
    };
    let t = text.trim_start();
    let first = t[..word_end(t)].to_ascii_lowercase();
    let mut rest = &t[first.len()..];
    let follow: &[&str] = match first.as_str() {
        "character" => &[" varying"],
        "double" => &[" precision"],
        "timestamp" | "time" => &[" with time zone", " without time zone"],
        _ => &[],
    };
    for f in follow {
        if rest
            .get(..f.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(f))
        {
            rest = &rest[f.len()..];
            break;
        }
    }
    // A type modifier: `varchar(10)`, `numeric(10, 2)`.
    if rest.starts_with('(')
        && let Some(end) = rest.find(')')
    {
        rest = &rest[end + 1..];
    }
    rest.strip_prefix("[]").unwrap_or(rest)
}

/// The name PostgreSQL gives an unnamed constraint or index of `table` on `columns`
/// (`label`: pkey, key, fkey, check, idx), as its `ChooseRelationName` does: expressions
/// count as their function's name (else `expr`), and the parts are shortened, longer one
/// first, to fit 63 bytes. A clash with an existing name (PostgreSQL then appends a number)
/// is not modelled.
pub fn pg_name(table: &str, columns: &[String], label: &str) -> String {
    let parts: Vec<String> = columns
        .iter()
        .map(|c| {
            if c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_') {
                c.clone()
            } else {
                match c.split_once('(') {
                    Some((f, _)) if !f.trim().is_empty() => f
                        .rsplit('.')
                        .next()
                        .unwrap_or(f)
                        .trim()
                        .trim_matches('"')
                        .to_ascii_lowercase(),
                    _ => "expr".to_string(),
                }
            }
        })
        .collect();
    let mut name1: Vec<char> = table.chars().collect();
    let mut name2: Vec<char> = parts.join("_").chars().collect();
    let overhead = label.len() + if name2.is_empty() { 1 } else { 2 };
    let avail = 63usize.saturating_sub(overhead);
    let bytes = |v: &[char]| v.iter().map(|c| c.len_utf8()).sum::<usize>();
    while bytes(&name1) + bytes(&name2) > avail {
        if bytes(&name1) > bytes(&name2) {
            name1.pop();
        } else {
            name2.pop();
        }
    }
    let (name1, name2): (String, String) =
        (name1.into_iter().collect(), name2.into_iter().collect());
    if name2.is_empty() {
        format!("{name1}_{label}")
    } else {
        format!("{name1}_{name2}_{label}")
    }
}

/// The name PostgreSQL gives an unnamed CHECK: `{table}_{column}_check` when the condition
/// mentions exactly one column, else `{table}_check`.
pub fn check_name(table: &str, columns: &[String], check: &Check) -> String {
    let mut used: Vec<String> = identifiers(&check.expression)
        .filter(|i| columns.contains(i))
        .collect();
    used.sort();
    used.dedup();
    match used.as_slice() {
        [one] => pg_name(table, std::slice::from_ref(one), "check"),
        _ => pg_name(table, &[], "check"),
    }
}

/// One difference between two schema models.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum SchemaChange {
    /// A table exists only in head.
    TableAdded {
        /// Table.
        table: String,
    },
    /// A table exists only in base.
    TableRemoved {
        /// Table.
        table: String,
    },
    /// A column exists only in head.
    ColumnAdded {
        /// Table.
        table: String,
        /// Column.
        column: String,
        /// Nullable or defaulted.
        optional: bool,
    },
    /// A column exists only in base.
    ColumnRemoved {
        /// Table.
        table: String,
        /// Column.
        column: String,
    },
    /// A column's type changed.
    ColumnTypeChanged {
        /// Table.
        table: String,
        /// Column.
        column: String,
        /// Old type.
        from: String,
        /// New type.
        to: String,
    },
    /// A column's nullability changed.
    ColumnNullabilityChanged {
        /// Table.
        table: String,
        /// Column.
        column: String,
        /// New nullability.
        nullable: bool,
    },
    /// A column's default changed.
    ColumnDefaultChanged {
        /// Table.
        table: String,
        /// Column.
        column: String,
    },
    /// An index exists only in head.
    IndexAdded {
        /// Index.
        index: String,
    },
    /// An index exists only in base.
    IndexRemoved {
        /// Index.
        index: String,
    },
    /// An index of the same name covers other columns, or changed uniqueness or predicate.
    IndexChanged {
        /// Index.
        index: String,
    },
    /// A primary key, UNIQUE, foreign key or CHECK exists only in head.
    ConstraintAdded {
        /// Table.
        table: String,
        /// What it is, as SQL (`FOREIGN KEY (a) REFERENCES t (id)`).
        constraint: String,
    },
    /// A primary key, UNIQUE, foreign key or CHECK exists only in base.
    ConstraintRemoved {
        /// Table.
        table: String,
        /// What it is, as SQL.
        constraint: String,
    },
}

/// The constraints of a table as SQL phrases, for comparing two models.
fn constraint_phrases(t: &Table) -> Vec<String> {
    let mut out = Vec::new();
    if !t.primary_key.is_empty() {
        out.push(format!("PRIMARY KEY ({})", t.primary_key.join(", ")));
    }
    for u in &t.unique {
        out.push(format!("UNIQUE ({})", u.columns.join(", ")));
    }
    for k in &t.foreign_keys {
        out.push(format!(
            "FOREIGN KEY ({}) REFERENCES {}{}",
            k.columns.join(", "),
            k.table,
            if k.referred.is_empty() {
                String::new()
            } else {
                format!(" ({})", k.referred.join(", "))
            }
        ));
    }
    for c in &t.checks {
        out.push(format!("CHECK ({})", c.expression));
    }
    out
}

/// The changes from `base` to `head`, tables and columns in name order.
pub fn diff(base: &Schema, head: &Schema) -> Vec<SchemaChange> {
    let mut out = Vec::new();
    for (name, old) in &base.tables {
        let Some(new) = head.tables.get(name) else {
            out.push(SchemaChange::TableRemoved {
                table: name.clone(),
            });
            continue;
        };
        for oc in &old.columns {
            match new.column(&oc.name) {
                None => out.push(SchemaChange::ColumnRemoved {
                    table: name.clone(),
                    column: oc.name.clone(),
                }),
                Some(nc) => {
                    if crate::effect::compare_types(&oc.data_type, &nc.data_type)
                        != crate::effect::TypeChange::Same
                    {
                        out.push(SchemaChange::ColumnTypeChanged {
                            table: name.clone(),
                            column: oc.name.clone(),
                            from: oc.data_type.clone(),
                            to: nc.data_type.clone(),
                        });
                    }
                    if oc.nullable != nc.nullable {
                        out.push(SchemaChange::ColumnNullabilityChanged {
                            table: name.clone(),
                            column: oc.name.clone(),
                            nullable: nc.nullable,
                        });
                    }
                    if oc.default != nc.default {
                        out.push(SchemaChange::ColumnDefaultChanged {
                            table: name.clone(),
                            column: oc.name.clone(),
                        });
                    }
                }
            }
        }
        for nc in new.columns.iter().filter(|c| old.column(&c.name).is_none()) {
            out.push(SchemaChange::ColumnAdded {
                table: name.clone(),
                column: nc.name.clone(),
                optional: nc.nullable || nc.default.is_some(),
            });
        }
        let (before, after) = (constraint_phrases(old), constraint_phrases(new));
        for c in before.iter().filter(|c| !after.contains(c)) {
            out.push(SchemaChange::ConstraintRemoved {
                table: name.clone(),
                constraint: c.clone(),
            });
        }
        for c in after.iter().filter(|c| !before.contains(c)) {
            out.push(SchemaChange::ConstraintAdded {
                table: name.clone(),
                constraint: c.clone(),
            });
        }
    }
    for name in head.tables.keys().filter(|n| !base.tables.contains_key(*n)) {
        out.push(SchemaChange::TableAdded {
            table: name.clone(),
        });
    }
    for name in base
        .indexes
        .keys()
        .filter(|n| !head.indexes.contains_key(*n))
    {
        out.push(SchemaChange::IndexRemoved {
            index: name.clone(),
        });
    }
    for name in head
        .indexes
        .keys()
        .filter(|n| !base.indexes.contains_key(*n))
    {
        out.push(SchemaChange::IndexAdded {
            index: name.clone(),
        });
    }
    for (name, old) in &base.indexes {
        if let Some(new) = head.indexes.get(name) {
            let same_predicate = old.predicate.as_deref().map(normalize_expression)
                == new.predicate.as_deref().map(normalize_expression);
            if old.table != new.table
                || old.columns != new.columns
                || old.unique != new.unique
                || !same_predicate
            {
                out.push(SchemaChange::IndexChanged {
                    index: name.clone(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Dialect;

    fn m(name: &str, sql: &str) -> Migration {
        Migration::parse(
            &format!("db/migrations/{name}"),
            sql.as_bytes(),
            Dialect::Postgres,
        )
    }

    #[test]
    fn replay_builds_tables_columns_keys_and_indexes() {
        let a = m(
            "20250101-000000-a.sql",
            "CREATE TABLE minds (id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, name VARCHAR(100) DEFAULT 'x');\
             CREATE TABLE specs (id INTEGER, mind_id INTEGER REFERENCES minds(id), PRIMARY KEY (id));\
             CREATE INDEX specs_mind ON specs (mind_id);",
        );
        let b = m(
            "20250102-000000-b.sql",
            "ALTER TABLE minds ADD COLUMN openness INTEGER; ALTER TABLE minds RENAME COLUMN name TO title;\
             ALTER TABLE minds ALTER COLUMN title TYPE TEXT; ALTER TABLE minds ALTER COLUMN title SET NOT NULL;",
        );
        let s = Schema::replay([&a, &b]);
        let minds = s.table("minds").unwrap();
        assert_eq!(minds.primary_key, vec!["id"]);
        let title = minds.column("title").unwrap();
        assert_eq!((title.data_type.as_str(), title.nullable), ("TEXT", false));
        assert!(minds.column("openness").unwrap().nullable);
        assert_eq!(s.table("specs").unwrap().foreign_keys[0].table, "minds");
        assert!(s.indexes.contains_key("specs_mind"));
        assert!(s.has_unique("minds", &["slug".to_string()]));
    }

    #[test]
    fn replay_models_keys_indexes_and_constraints_in_both_dialects() {
        for dialect in [Dialect::Sqlite, Dialect::Postgres] {
            let parse = |name: &str, sql: &str| {
                Migration::parse(&format!("db/migrations/{name}"), sql.as_bytes(), dialect)
            };
            let a = parse(
                "20250101-000000-a.sql",
                "CREATE TABLE minds (id INTEGER PRIMARY KEY, slug TEXT NOT NULL, score INT CHECK (score >= 0), \
                   CONSTRAINT minds_slug_u UNIQUE (slug));\
                 CREATE TABLE frags (id INTEGER, mind_id INTEGER, gone TIMESTAMP, \
                   CONSTRAINT frags_pk PRIMARY KEY (id), \
                   CONSTRAINT frags_mind_fk FOREIGN KEY (mind_id) REFERENCES minds (id), \
                   CONSTRAINT frags_gone CHECK (gone IS NULL OR gone > '2020-01-01'));\
                 CREATE UNIQUE INDEX frags_live ON frags (mind_id) WHERE gone IS NULL;",
            );
            let s = Schema::replay([&a]);
            let frags = s.table("frags").unwrap();
            assert_eq!(frags.primary_key, ["id"], "{dialect:?}");
            assert!(!frags.column("id").unwrap().nullable);
            assert_eq!(frags.foreign_keys[0].name.as_deref(), Some("frags_mind_fk"));
            assert_eq!(frags.checks[0].name.as_deref(), Some("frags_gone"));
            let live = &s.indexes["frags_live"];
            assert!(live.unique);
            assert_eq!(live.predicate.as_deref(), Some("gone IS NULL"));
            let minds = s.table("minds").unwrap();
            assert_eq!(minds.unique[0].columns, ["slug"]);
            assert_eq!(minds.checks[0].expression, "score >= 0");

            let b = parse(
                "20250102-000000-b.sql",
                "DROP INDEX frags_live;\
                 CREATE INDEX frags_by_mind ON frags (mind_id);\
                 ALTER TABLE frags RENAME COLUMN mind_id TO owner_id;\
                 ALTER TABLE minds RENAME TO people;",
            );
            let s = Schema::replay([&a, &b]);
            assert!(!s.indexes.contains_key("frags_live"));
            assert_eq!(s.indexes["frags_by_mind"].columns, ["owner_id"]);
            let fk = &s.table("frags").unwrap().foreign_keys[0];
            assert_eq!(
                (fk.columns[0].as_str(), fk.table.as_str()),
                ("owner_id", "people")
            );
            // The unnamed CHECK keeps the name PostgreSQL gave it under the old table name.
            assert_eq!(
                s.table("people").unwrap().checks[0].name.as_deref(),
                Some("minds_score_check")
            );
        }
        let pg = m(
            "20250103-000000-c.sql",
            "CREATE TABLE t (a INT, b INT);\
             ALTER TABLE t ADD CONSTRAINT t_ab UNIQUE (a, b);\
             ALTER TABLE t ADD CONSTRAINT t_a_pos CHECK (a > 0) NOT VALID;\
             ALTER TABLE t ADD PRIMARY KEY (a);\
             ALTER TABLE t RENAME CONSTRAINT t_ab TO t_ab_key2;\
             ALTER INDEX t_ab_idx RENAME TO nothing;\
             ALTER TABLE t DROP CONSTRAINT t_a_pos;\
             ALTER TABLE t DROP CONSTRAINT t_pkey;",
        );
        let s = Schema::replay([&pg]);
        let t = s.table("t").unwrap();
        assert_eq!(t.unique[0].name.as_deref(), Some("t_ab_key2"));
        assert!(t.checks.is_empty() && t.primary_key.is_empty(), "{t:?}");
        assert!(
            !t.column("a").unwrap().nullable,
            "a primary key column stays NOT NULL"
        );
    }

    #[test]
    fn replay_follows_what_postgresql_does_with_real_histories() {
        let s = Schema::replay([&m(
            "20250101-000000-a.sql",
            // vaultwarden `event`: a UNIQUE repeating the primary key makes nothing.
            "CREATE TABLE event (uuid TEXT NOT NULL PRIMARY KEY, kind INT, UNIQUE (uuid), UNIQUE (kind), UNIQUE (kind));\
             CREATE TABLE downloads (id INT PRIMARY KEY, version_id INT, date DATE);\
             CREATE UNIQUE INDEX downloads_unique ON downloads (version_id, date);\
             ALTER TABLE downloads DROP CONSTRAINT downloads_pkey, \
               ADD CONSTRAINT downloads_pkey PRIMARY KEY USING INDEX downloads_unique, DROP COLUMN id;\
             CREATE TABLE names (name TEXT);\
             CREATE UNIQUE INDEX ON names (canon(name));\
             CREATE TABLE a_table_name_long_enough_to_need_shortening_by_postgres (a_column_name_also_long_enough INT UNIQUE);",
        )]);
        let event = s.table("event").unwrap();
        assert_eq!(event.unique.len(), 1, "{event:?}");
        let downloads = s.table("downloads").unwrap();
        assert_eq!(downloads.primary_key, ["version_id", "date"]);
        assert!(!s.indexes.contains_key("downloads_unique"));
        assert!(
            s.indexes.contains_key("names_canon_idx"),
            "{:?}",
            s.indexes.keys()
        );
        // The names PostgreSQL 15.18 gave the same objects.
        let long = &s.tables["a_table_name_long_enough_to_need_shortening_by_postgres"];
        let cols = &long.unique[0].columns;
        assert_eq!(
            pg_name(&long.name, cols, "key"),
            "a_table_name_long_enough_to_n_a_column_name_also_long_enoug_key"
        );
        assert_eq!(
            pg_name(&long.name, cols, "fkey"),
            "a_table_name_long_enough_to_n_a_column_name_also_long_enou_fkey"
        );
        assert_eq!(
            pg_name(&long.name, cols, "check"),
            "a_table_name_long_enough_to__a_column_name_also_long_enou_check"
        );
        let expr = |cols: &[&str]| {
            let cols: Vec<String> = cols.iter().map(|c| c.to_string()).collect();
            pg_name("names", &cols, "idx")
        };
        assert_eq!(expr(&["LOWER(name)"]), "names_lower_idx");
        assert_eq!(expr(&["name || 'x'"]), "names_expr_idx");
        assert_eq!(expr(&["b", "lower(name)"]), "names_b_lower_idx");
        assert_eq!(expr(&["public.lower(name)"]), "names_lower_idx");
    }

    #[test]
    fn expressions_compare_by_meaning_and_rename_by_token() {
        assert_eq!(
            normalize_expression("((status = 'Active'::text))"),
            normalize_expression("status = 'Active'")
        );
        assert_eq!(
            normalize_expression("(x)::character varying(10) = 'a'"),
            "x='a'"
        );
        assert_ne!(normalize_expression("'A B'"), normalize_expression("'AB'"));
        assert_ne!(normalize_expression("'A'"), normalize_expression("'a'"));
        // Hostile text never panics: multi-byte characters at every cut, unclosed quotes.
        for text in [
            "x::é",
            "x::character é",
            "x::tímestamp with",
            "'ü",
            "::",
            "a::b(",
            "é'::'",
        ] {
            normalize_expression(text);
            rename_identifier(text, "é", "x");
            identifiers(text).count();
        }
        assert_eq!(
            rename_identifier("score > 0 AND 'score' <> scores", "score", "grade"),
            "grade > 0 AND 'score' <> scores"
        );
    }

    #[test]
    fn diff_reports_removed_and_retyped_columns() {
        let a = m(
            "20250101-000000-a.sql",
            "CREATE TABLE t (a INTEGER, b TEXT);",
        );
        let b = m(
            "20250102-000000-b.sql",
            "ALTER TABLE t DROP COLUMN b; ALTER TABLE t ALTER COLUMN a TYPE BIGINT;",
        );
        let base = Schema::replay([&a]);
        let head = Schema::replay([&a, &b]);
        let changes = diff(&base, &head);
        assert_eq!(
            changes,
            vec![
                SchemaChange::ColumnTypeChanged {
                    table: "t".into(),
                    column: "a".into(),
                    from: "INTEGER".into(),
                    to: "BIGINT".into()
                },
                SchemaChange::ColumnRemoved {
                    table: "t".into(),
                    column: "b".into()
                },
            ]
        );
        assert!(diff(&head, &head).is_empty());
    }

    #[test]
    fn diff_reports_keys_constraints_and_changed_indexes() {
        let a = m(
            "20250101-000000-a.sql",
            "CREATE TABLE p (id INT PRIMARY KEY); CREATE TABLE t (a INT REFERENCES p (id), b INT CHECK (b > 0));\
             CREATE INDEX t_b ON t (b);",
        );
        let b = m(
            "20250102-000000-b.sql",
            "ALTER TABLE t DROP CONSTRAINT t_a_fkey; ALTER TABLE t ADD CONSTRAINT t_b_u UNIQUE (b);\
             DROP INDEX t_b; CREATE INDEX t_b ON t (b) WHERE b > 10;",
        );
        let changes = diff(&Schema::replay([&a]), &Schema::replay([&a, &b]));
        let described: Vec<String> = changes.iter().map(crate::change::describe).collect();
        assert_eq!(
            described,
            [
                "`t` loses FOREIGN KEY (a) REFERENCES p (id)",
                "`t` gains UNIQUE (b)",
                "index `t_b` changed"
            ]
        );
    }
}
