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

/// A table of the model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    /// Name.
    pub name: String,
    /// Columns in declaration order.
    pub columns: Vec<Column>,
    /// Primary key columns.
    pub primary_key: Vec<String>,
    /// Unique constraints.
    pub unique: Vec<Unique>,
    /// Foreign keys.
    pub foreign_keys: Vec<ForeignKey>,
    /// Names of other constraints (CHECK, …).
    pub checks: Vec<String>,
    /// Path of the migration that created it.
    pub created_by: String,
}

impl Table {
    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
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
                    checks: Vec::new(),
                    created_by: origin.to_string(),
                };
                for c in constraints {
                    add_constraint(&mut t, c);
                }
                self.tables.insert(table.clone(), t);
            }
            Effect::DropTable { table } => {
                self.tables.remove(table);
                self.indexes.retain(|_, i| &i.table != table);
            }
            Effect::RenameTable { table, to } => {
                if let Some(mut t) = self.tables.remove(table) {
                    t.name = to.clone();
                    self.tables.insert(to.clone(), t);
                    for i in self.indexes.values_mut().filter(|i| &i.table == table) {
                        i.table = to.clone();
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
                }
            }
            Effect::DropColumn { table, column } => {
                if let Some(t) = self.tables.get_mut(table) {
                    t.columns.retain(|c| &c.name != column);
                    t.primary_key.retain(|c| c != column);
                    t.unique.retain(|u| !u.columns.contains(column));
                    t.foreign_keys.retain(|f| !f.columns.contains(column));
                }
                self.indexes
                    .retain(|_, i| !(&i.table == table && i.columns.contains(column)));
            }
            Effect::RenameColumn { table, column, to } => {
                if let Some(t) = self.tables.get_mut(table) {
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
                }
                for i in self.indexes.values_mut().filter(|i| &i.table == table) {
                    for c in i.columns.iter_mut().filter(|c| *c == column) {
                        *c = to.clone();
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
                table, constraint, ..
            } => {
                if let Some(t) = self.tables.get_mut(table) {
                    add_constraint(t, constraint);
                }
            }
            Effect::DropConstraint { table, name } => {
                if let Some(t) = self.tables.get_mut(table) {
                    if name == "primary key" {
                        t.primary_key.clear();
                    }
                    t.unique.retain(|u| u.name.as_deref() != Some(name));
                    t.foreign_keys.retain(|f| f.name.as_deref() != Some(name));
                    t.checks.retain(|c| c != name);
                }
            }
            Effect::CreateIndex {
                table,
                name,
                columns,
                unique,
                ..
            } => {
                let name = name
                    .clone()
                    .unwrap_or_else(|| format!("{table}_{}_idx", columns.join("_")));
                self.indexes.insert(
                    name.clone(),
                    Index {
                        name,
                        table: table.clone(),
                        columns: columns.clone(),
                        unique: *unique,
                    },
                );
            }
            Effect::DropIndex { name, .. } => {
                self.indexes.remove(name);
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
        ConstraintInfo::PrimaryKey { columns, .. } => {
            t.primary_key = columns.clone();
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
        ConstraintInfo::Check { name, .. } | ConstraintInfo::Other { name } => t
            .checks
            .push(name.clone().unwrap_or_else(|| "check".into())),
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
}
