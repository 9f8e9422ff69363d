//! What a statement does, in Accord's terms: the one place that reads sqlparser's AST, so
//! rules and the schema model never depend on its (frequently changing) shape.

use serde::Serialize;
use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, ColumnDef, ColumnOption, CreateTable, Expr,
    FromTable, ObjectName, ObjectType, RenameTableNameKind, Set, Statement, TableConstraint,
    TableFactor, TableObject,
};

/// A column as declared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnInfo {
    /// Lower-cased name.
    pub name: String,
    /// Declared type, upper-cased (`VARCHAR(100)`); empty when none (SQLite allows it).
    pub data_type: String,
    /// False when declared `NOT NULL` or part of the primary key.
    pub nullable: bool,
    /// Default expression, as SQL text.
    pub default: Option<String>,
    /// Declared `PRIMARY KEY` inline.
    pub primary_key: bool,
    /// Declared `UNIQUE` inline.
    pub unique: bool,
    /// Inline `REFERENCES table(col)`.
    pub references: Option<(String, Vec<String>)>,
    /// Generated or identity columns fill themselves, like a default.
    pub generated: bool,
    /// Inline `CHECK (…)` constraints: (name, expression as SQL text).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<(Option<String>, String)>,
}

/// A table-level constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ConstraintInfo {
    /// `PRIMARY KEY (…)`.
    PrimaryKey {
        /// Constraint name.
        name: Option<String>,
        /// Columns.
        columns: Vec<String>,
    },
    /// `UNIQUE (…)`.
    Unique {
        /// Constraint name.
        name: Option<String>,
        /// Columns.
        columns: Vec<String>,
    },
    /// `FOREIGN KEY (…) REFERENCES t(…)`.
    ForeignKey {
        /// Constraint name.
        name: Option<String>,
        /// Columns.
        columns: Vec<String>,
        /// Referenced table.
        table: String,
        /// Referenced columns.
        referred: Vec<String>,
    },
    /// `CHECK (…)`.
    Check {
        /// Constraint name.
        name: Option<String>,
        /// The condition, as SQL text.
        expression: String,
    },
    /// `PRIMARY KEY USING INDEX i` / `UNIQUE USING INDEX i` (PostgreSQL): an existing
    /// unique index becomes the constraint.
    UsingIndex {
        /// Constraint name (the index takes it); the index's name when none is given.
        name: Option<String>,
        /// The index.
        index: String,
        /// PRIMARY KEY rather than UNIQUE.
        primary_key: bool,
    },
    /// Anything else.
    Other {
        /// Constraint name.
        name: Option<String>,
    },
}

impl ConstraintInfo {
    /// The constraint's name, if it has one.
    pub fn name(&self) -> Option<&str> {
        match self {
            ConstraintInfo::PrimaryKey { name, .. }
            | ConstraintInfo::Unique { name, .. }
            | ConstraintInfo::ForeignKey { name, .. }
            | ConstraintInfo::Check { name, .. }
            | ConstraintInfo::UsingIndex { name, .. }
            | ConstraintInfo::Other { name } => name.as_deref(),
        }
    }
}

/// Kinds of data writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WriteKind {
    /// INSERT.
    Insert,
    /// UPDATE.
    Update,
    /// DELETE.
    Delete,
    /// TRUNCATE.
    Truncate,
}

impl WriteKind {
    /// The SQL keyword.
    pub fn as_str(self) -> &'static str {
        match self {
            WriteKind::Insert => "INSERT",
            WriteKind::Update => "UPDATE",
            WriteKind::Delete => "DELETE",
            WriteKind::Truncate => "TRUNCATE",
        }
    }
}

/// One thing a statement does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum Effect {
    /// `CREATE TABLE`.
    CreateTable {
        /// Table.
        table: String,
        /// Columns.
        columns: Vec<ColumnInfo>,
        /// Table constraints.
        constraints: Vec<ConstraintInfo>,
        /// `IF NOT EXISTS`.
        if_not_exists: bool,
    },
    /// `DROP TABLE`.
    DropTable {
        /// Table.
        table: String,
    },
    /// `ALTER TABLE … RENAME TO`.
    RenameTable {
        /// Old name.
        table: String,
        /// New name.
        to: String,
    },
    /// `ADD COLUMN`.
    AddColumn {
        /// Table.
        table: String,
        /// The column.
        column: ColumnInfo,
    },
    /// `DROP COLUMN`.
    DropColumn {
        /// Table.
        table: String,
        /// Column.
        column: String,
    },
    /// `RENAME COLUMN`.
    RenameColumn {
        /// Table.
        table: String,
        /// Old name.
        column: String,
        /// New name.
        to: String,
    },
    /// `ALTER COLUMN … TYPE`.
    SetType {
        /// Table.
        table: String,
        /// Column.
        column: String,
        /// New type.
        data_type: String,
    },
    /// `ALTER COLUMN … SET NOT NULL`.
    SetNotNull {
        /// Table.
        table: String,
        /// Column.
        column: String,
    },
    /// `ALTER COLUMN … DROP NOT NULL`.
    DropNotNull {
        /// Table.
        table: String,
        /// Column.
        column: String,
    },
    /// `ALTER COLUMN … SET DEFAULT` / `DROP DEFAULT`.
    SetDefault {
        /// Table.
        table: String,
        /// Column.
        column: String,
        /// New default, None when dropped.
        default: Option<String>,
    },
    /// `ADD CONSTRAINT`.
    AddConstraint {
        /// Table.
        table: String,
        /// The constraint.
        constraint: ConstraintInfo,
        /// `NOT VALID` (PostgreSQL): existing rows are not checked.
        not_valid: bool,
    },
    /// `RENAME CONSTRAINT` (PostgreSQL).
    RenameConstraint {
        /// Table.
        table: String,
        /// Old name.
        name: String,
        /// New name.
        to: String,
    },
    /// `DROP CONSTRAINT` (or MySQL-style drop of a key).
    DropConstraint {
        /// Table.
        table: String,
        /// Constraint name.
        name: String,
    },
    /// `CREATE INDEX`.
    CreateIndex {
        /// Table.
        table: String,
        /// Index name.
        name: Option<String>,
        /// Indexed columns (expressions as text).
        columns: Vec<String>,
        /// `UNIQUE`.
        unique: bool,
        /// `CONCURRENTLY`.
        concurrently: bool,
        /// `WHERE …` of a partial index, as SQL text.
        predicate: Option<String>,
    },
    /// `DROP INDEX`.
    DropIndex {
        /// Index name.
        name: String,
        /// `CONCURRENTLY` (see [`crate::migration::Stmt::concurrently`]).
        concurrently: bool,
    },
    /// `ALTER TABLE … VALIDATE CONSTRAINT`.
    ValidateConstraint {
        /// Table.
        table: String,
        /// Constraint name.
        name: String,
    },
    /// `SET [LOCAL|SESSION] name = value` (PostgreSQL settings such as `lock_timeout`).
    Setting {
        /// Lower-cased setting name.
        name: String,
        /// The value as SQL text.
        value: String,
    },
    /// `ALTER INDEX … RENAME TO`.
    RenameIndex {
        /// Old name.
        name: String,
        /// New name.
        to: String,
    },
    /// INSERT / UPDATE / DELETE / TRUNCATE.
    Write {
        /// Table.
        table: String,
        /// Which write.
        kind: WriteKind,
    },
    /// `BEGIN`.
    Begin,
    /// `COMMIT` / `END`.
    Commit,
    /// `ROLLBACK`.
    Rollback,
}

impl Effect {
    /// The table this effect changes, if any.
    pub fn table(&self) -> Option<&str> {
        match self {
            Effect::CreateTable { table, .. }
            | Effect::DropTable { table }
            | Effect::RenameTable { table, .. }
            | Effect::AddColumn { table, .. }
            | Effect::DropColumn { table, .. }
            | Effect::RenameColumn { table, .. }
            | Effect::SetType { table, .. }
            | Effect::SetNotNull { table, .. }
            | Effect::DropNotNull { table, .. }
            | Effect::SetDefault { table, .. }
            | Effect::AddConstraint { table, .. }
            | Effect::DropConstraint { table, .. }
            | Effect::RenameConstraint { table, .. }
            | Effect::CreateIndex { table, .. }
            | Effect::ValidateConstraint { table, .. }
            | Effect::Write { table, .. } => Some(table),
            _ => None,
        }
    }

    /// A verb for messages ("alters", "drops", "inserts into").
    pub fn verb(&self) -> &'static str {
        match self {
            Effect::CreateTable { .. } => "creates",
            Effect::DropTable { .. } => "drops",
            Effect::RenameTable { .. } => "renames",
            Effect::CreateIndex { .. } => "indexes",
            Effect::Write { kind, .. } => match kind {
                WriteKind::Insert => "inserts into",
                WriteKind::Update => "updates",
                WriteKind::Delete => "deletes from",
                WriteKind::Truncate => "truncates",
            },
            _ => "alters",
        }
    }
}

/// Lower-cased last part of a possibly qualified name (`public.Minds` → `minds`).
pub fn object_name(name: &ObjectName) -> String {
    name.0.last().and_then(|p| p.as_ident()).map_or_else(
        || name.to_string().to_ascii_lowercase(),
        |i| i.value.to_ascii_lowercase(),
    )
}

fn ident(i: &sqlparser::ast::Ident) -> String {
    i.value.to_ascii_lowercase()
}

fn expr_column(e: &Expr) -> String {
    match e {
        Expr::Identifier(i) => ident(i),
        Expr::CompoundIdentifier(parts) => parts.last().map(ident).unwrap_or_default(),
        other => other.to_string(),
    }
}

/// Describes a column definition.
pub fn column_info(def: &ColumnDef) -> ColumnInfo {
    let data_type = def.data_type.to_string().to_ascii_uppercase();
    let data_type = if data_type == "UNSPECIFIED" {
        String::new()
    } else {
        data_type
    };
    let mut info = ColumnInfo {
        name: ident(&def.name),
        generated: data_type.contains("SERIAL"),
        data_type,
        nullable: true,
        default: None,
        primary_key: false,
        unique: false,
        references: None,
        checks: Vec::new(),
    };
    for opt in &def.options {
        match &opt.option {
            ColumnOption::NotNull => info.nullable = false,
            ColumnOption::Null => info.nullable = true,
            ColumnOption::Default(e) => info.default = Some(e.to_string()),
            ColumnOption::PrimaryKey(_) => {
                info.primary_key = true;
                info.nullable = false;
            }
            ColumnOption::Unique(_) => info.unique = true,
            ColumnOption::ForeignKey(fk) => {
                info.references = Some((
                    object_name(&fk.foreign_table),
                    fk.referred_columns.iter().map(ident).collect(),
                ))
            }
            ColumnOption::Generated { .. } | ColumnOption::Identity(_) => info.generated = true,
            ColumnOption::Check(ch) => info.checks.push((
                ch.name.as_ref().or(opt.name.as_ref()).map(ident),
                ch.expr.to_string(),
            )),
            _ => {}
        }
    }
    info
}

/// Describes a table constraint.
pub fn constraint_info(c: &TableConstraint) -> ConstraintInfo {
    let cols = |cols: &[sqlparser::ast::IndexColumn]| {
        cols.iter().map(|c| expr_column(&c.column.expr)).collect()
    };
    match c {
        TableConstraint::PrimaryKey(pk) => ConstraintInfo::PrimaryKey {
            name: pk.name.as_ref().map(ident),
            columns: cols(&pk.columns),
        },
        TableConstraint::Unique(u) => ConstraintInfo::Unique {
            name: u.name.as_ref().map(ident),
            columns: cols(&u.columns),
        },
        TableConstraint::ForeignKey(fk) => ConstraintInfo::ForeignKey {
            name: fk.name.as_ref().map(ident),
            columns: fk.columns.iter().map(ident).collect(),
            table: object_name(&fk.foreign_table),
            referred: fk.referred_columns.iter().map(ident).collect(),
        },
        TableConstraint::Check(ch) => ConstraintInfo::Check {
            name: ch.name.as_ref().map(ident),
            expression: ch.expr.to_string(),
        },
        TableConstraint::PrimaryKeyUsingIndex(u) | TableConstraint::UniqueUsingIndex(u) => {
            ConstraintInfo::UsingIndex {
                name: u.name.as_ref().map(ident),
                index: ident(&u.index_name),
                primary_key: matches!(c, TableConstraint::PrimaryKeyUsingIndex(_)),
            }
        }
        _ => ConstraintInfo::Other { name: None },
    }
}

fn create_table(ct: &CreateTable) -> Effect {
    Effect::CreateTable {
        table: object_name(&ct.name),
        columns: ct.columns.iter().map(column_info).collect(),
        constraints: ct.constraints.iter().map(constraint_info).collect(),
        if_not_exists: ct.if_not_exists,
    }
}

fn factor_table(f: &TableFactor) -> Option<String> {
    match f {
        TableFactor::Table { name, .. } => Some(object_name(name)),
        _ => None,
    }
}

/// Everything `stmt` does that Accord cares about.
pub fn effects(stmt: &Statement) -> Vec<Effect> {
    let mut out = Vec::new();
    match stmt {
        Statement::CreateTable(ct) => out.push(create_table(ct)),
        Statement::Drop {
            object_type, names, ..
        } => match object_type {
            ObjectType::Table => {
                for n in names {
                    out.push(Effect::DropTable {
                        table: object_name(n),
                    });
                }
            }
            ObjectType::Index => {
                for n in names {
                    out.push(Effect::DropIndex {
                        name: object_name(n),
                        concurrently: false,
                    });
                }
            }
            _ => {}
        },
        Statement::CreateIndex(ci) => out.push(Effect::CreateIndex {
            table: object_name(&ci.table_name),
            name: ci.name.as_ref().map(object_name),
            columns: ci
                .columns
                .iter()
                .map(|c| expr_column(&c.column.expr))
                .collect(),
            unique: ci.unique,
            concurrently: ci.concurrently,
            predicate: ci.predicate.as_ref().map(ToString::to_string),
        }),
        Statement::AlterIndex {
            name,
            operation: sqlparser::ast::AlterIndexOperation::RenameIndex { index_name },
        } => out.push(Effect::RenameIndex {
            name: object_name(name),
            to: object_name(index_name),
        }),
        Statement::AlterTable(at) => {
            let table = object_name(&at.name);
            for op in &at.operations {
                alter_op(&table, op, &mut out);
            }
        }
        Statement::Insert(ins) => {
            if let TableObject::TableName(name) = &ins.table {
                out.push(Effect::Write {
                    table: object_name(name),
                    kind: WriteKind::Insert,
                });
            }
        }
        Statement::Update(up) => {
            if let Some(table) = factor_table(&up.table.relation) {
                out.push(Effect::Write {
                    table,
                    kind: WriteKind::Update,
                });
            }
        }
        Statement::Delete(del) => {
            let from = match &del.from {
                FromTable::WithFromKeyword(t) | FromTable::WithoutKeyword(t) => t,
            };
            let mut tables: Vec<String> = del.tables.iter().map(object_name).collect();
            if tables.is_empty() {
                tables = from
                    .iter()
                    .filter_map(|t| factor_table(&t.relation))
                    .collect();
            }
            for table in tables {
                out.push(Effect::Write {
                    table,
                    kind: WriteKind::Delete,
                });
            }
        }
        Statement::Truncate(t) => {
            for target in &t.table_names {
                out.push(Effect::Write {
                    table: object_name(&target.name),
                    kind: WriteKind::Truncate,
                });
            }
        }
        Statement::StartTransaction { statements, .. } => {
            if statements.is_empty() {
                out.push(Effect::Begin);
            } else {
                for s in statements {
                    out.extend(effects(s));
                }
            }
        }
        Statement::Set(Set::SingleAssignment {
            variable, values, ..
        }) => out.push(Effect::Setting {
            name: object_name(variable),
            value: values
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        }),
        Statement::Commit { .. } => out.push(Effect::Commit),
        Statement::Rollback {
            savepoint: None, ..
        } => out.push(Effect::Rollback),
        _ => {}
    }
    out
}

fn alter_op(table: &str, op: &AlterTableOperation, out: &mut Vec<Effect>) {
    let t = || table.to_string();
    match op {
        AlterTableOperation::AddColumn { column_def, .. } => out.push(Effect::AddColumn {
            table: t(),
            column: column_info(column_def),
        }),
        AlterTableOperation::DropColumn { column_names, .. } => {
            for c in column_names {
                out.push(Effect::DropColumn {
                    table: t(),
                    column: ident(c),
                });
            }
        }
        AlterTableOperation::RenameColumn {
            old_column_name,
            new_column_name,
        } => out.push(Effect::RenameColumn {
            table: t(),
            column: ident(old_column_name),
            to: ident(new_column_name),
        }),
        AlterTableOperation::RenameTable { table_name } => {
            let to = match table_name {
                RenameTableNameKind::As(n) | RenameTableNameKind::To(n) => object_name(n),
            };
            out.push(Effect::RenameTable { table: t(), to });
        }
        AlterTableOperation::AddConstraint {
            constraint,
            not_valid,
        } => out.push(Effect::AddConstraint {
            table: t(),
            constraint: constraint_info(constraint),
            not_valid: *not_valid,
        }),
        AlterTableOperation::ValidateConstraint { name } => out.push(Effect::ValidateConstraint {
            table: t(),
            name: ident(name),
        }),
        AlterTableOperation::DropConstraint { name, .. } => out.push(Effect::DropConstraint {
            table: t(),
            name: ident(name),
        }),
        AlterTableOperation::RenameConstraint { old_name, new_name } => {
            out.push(Effect::RenameConstraint {
                table: t(),
                name: ident(old_name),
                to: ident(new_name),
            })
        }
        AlterTableOperation::DropPrimaryKey { .. } => out.push(Effect::DropConstraint {
            table: t(),
            name: "primary key".into(),
        }),
        AlterTableOperation::DropForeignKey { name, .. } => out.push(Effect::DropConstraint {
            table: t(),
            name: ident(name),
        }),
        AlterTableOperation::AlterColumn { column_name, op } => {
            let column = ident(column_name);
            out.push(match op {
                AlterColumnOperation::SetNotNull => Effect::SetNotNull { table: t(), column },
                AlterColumnOperation::DropNotNull => Effect::DropNotNull { table: t(), column },
                AlterColumnOperation::SetDefault { value } => Effect::SetDefault {
                    table: t(),
                    column,
                    default: Some(value.to_string()),
                },
                AlterColumnOperation::DropDefault => Effect::SetDefault {
                    table: t(),
                    column,
                    default: None,
                },
                AlterColumnOperation::SetDataType { data_type, .. } => Effect::SetType {
                    table: t(),
                    column,
                    data_type: data_type.to_string().to_ascii_uppercase(),
                },
                AlterColumnOperation::AddGenerated { .. } => Effect::SetDefault {
                    table: t(),
                    column,
                    default: Some("GENERATED".into()),
                },
            });
        }
        AlterTableOperation::ChangeColumn {
            old_name,
            new_name,
            data_type,
            ..
        } => {
            if ident(old_name) != ident(new_name) {
                out.push(Effect::RenameColumn {
                    table: t(),
                    column: ident(old_name),
                    to: ident(new_name),
                });
            }
            out.push(Effect::SetType {
                table: t(),
                column: ident(new_name),
                data_type: data_type.to_string().to_ascii_uppercase(),
            });
        }
        AlterTableOperation::ModifyColumn {
            col_name,
            data_type,
            ..
        } => out.push(Effect::SetType {
            table: t(),
            column: ident(col_name),
            data_type: data_type.to_string().to_ascii_uppercase(),
        }),
        _ => {}
    }
}

/// How a type change affects readers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeChange {
    /// Same type, spelled differently.
    Same,
    /// Every old value fits the new type.
    Widened,
    /// Some old values may not fit, or the type family changed.
    Narrowed,
}

/// Compares two declared types (`INTEGER` → `BIGINT` widens, `TEXT` → `VARCHAR(10)` narrows).
pub fn compare_types(old: &str, new: &str) -> TypeChange {
    let (of, ol) = type_shape(old);
    let (nf, nl) = type_shape(new);
    if of == nf {
        return match (ol, nl) {
            (a, b) if a == b => TypeChange::Same,
            (Some(a), Some(b)) if b >= a => TypeChange::Widened,
            (Some(_), None) => TypeChange::Widened,
            _ => TypeChange::Narrowed,
        };
    }
    match (of, nf) {
        // Integer ladder: width in bytes as "length".
        ("int", "int") => TypeChange::Same,
        ("varchar", "text")
        | ("char", "text")
        | ("char", "varchar")
        | ("int", "numeric")
        | ("int", "float")
        | ("float", "numeric") => TypeChange::Widened,
        _ => TypeChange::Narrowed,
    }
}

/// A declared type in one spelling per meaning (`INT`, `INTEGER`, `int4` and `SERIAL` all
/// read `int(4)`; `character varying(100)` reads `varchar(100)`), for comparing the types
/// a migration wrote with the ones a database reports. Types Accord does not know keep
/// their upper-cased spelling.
pub fn canonical_type(t: &str) -> String {
    let upper = t
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_uppercase();
    if let Some(element) = upper.strip_suffix("[]") {
        return format!("{}[]", canonical_type(element));
    }
    match type_shape(&upper) {
        ("other", _) => upper,
        (family, Some(size)) => format!("{family}({size})"),
        (family, None) => family.to_string(),
    }
}

/// True when PostgreSQL must rewrite the table (and rebuild its indexes) to change a
/// column from `old` to `new`: everything except the binary-coercible changes — a longer
/// or unbounded `varchar`, `varchar` ↔ `text`, more `numeric` precision at the same scale.
pub fn pg_type_change_rewrites(old: &str, new: &str) -> bool {
    let (of, ol) = type_shape(old);
    let (nf, nl) = type_shape(new);
    let scale = |t: &str| {
        t.split_once(',')
            .map(|(_, r)| r.trim_end_matches(')').trim().to_string())
    };
    match (of, nf) {
        ("varchar", "varchar") => !(nl.is_none() || ol.is_some_and(|o| nl >= Some(o))),
        ("varchar", "text") | ("text", "text") => false,
        ("text", "varchar") => nl.is_some(),
        ("numeric", "numeric") => {
            !(nl.is_none() || (ol.is_some_and(|o| nl >= Some(o)) && scale(old) == scale(new)))
        }
        ("other", "other") => !old.trim().eq_ignore_ascii_case(new.trim()),
        _ => !(of == nf && ol == nl),
    }
}

/// True for a type that holds every value of its family: `BIGINT`, `TEXT`, unbounded
/// `VARCHAR`, unconstrained `NUMERIC`, `DOUBLE PRECISION`, `TIMESTAMPTZ`, `JSONB`, `UUID` ….
pub fn widest_of_family(t: &str) -> bool {
    match type_shape(t) {
        ("int", Some(8)) | ("float", Some(8)) => true,
        ("text" | "numeric" | "varchar" | "char", None) => !t.contains('('),
        ("int" | "float" | "numeric" | "varchar" | "char" | "other", _) => false,
        _ => true,
    }
}

/// (family, size) of a type: integers carry their byte width as size.
fn type_shape(t: &str) -> (&'static str, Option<u64>) {
    let t = t.trim().to_ascii_uppercase();
    let base = t.split('(').next().unwrap_or("").trim().to_string();
    let arg: Option<u64> = t
        .split_once('(')
        .and_then(|(_, r)| r.split([',', ')']).next())
        .and_then(|n| n.trim().parse().ok());
    match base.as_str() {
        "SMALLINT" | "INT2" | "SMALLSERIAL" => ("int", Some(2)),
        "INT" | "INTEGER" | "INT4" | "SERIAL" | "MEDIUMINT" => ("int", Some(4)),
        "BIGINT" | "INT8" | "BIGSERIAL" => ("int", Some(8)),
        "TINYINT" => ("int", Some(1)),
        "TEXT" | "CLOB" | "STRING" => ("text", None),
        // Unbounded varchar is text under another name.
        "VARCHAR" | "CHARACTER VARYING" | "NVARCHAR" | "VARCHAR2" if arg.is_none() => {
            ("text", None)
        }
        "VARCHAR" | "CHARACTER VARYING" | "NVARCHAR" | "VARCHAR2" => ("varchar", arg),
        "CHAR" | "CHARACTER" | "NCHAR" | "BPCHAR" => ("char", arg),
        "REAL" | "FLOAT4" => ("float", Some(4)),
        "DOUBLE" | "DOUBLE PRECISION" | "FLOAT8" | "FLOAT" => ("float", Some(8)),
        "NUMERIC" | "DECIMAL" => ("numeric", arg),
        "BOOLEAN" | "BOOL" => ("bool", None),
        "DATE" => ("date", None),
        "TIMESTAMP" | "DATETIME" | "TIMESTAMP WITHOUT TIME ZONE" => ("timestamp", None),
        "TIMESTAMPTZ" | "TIMESTAMP WITH TIME ZONE" => ("timestamptz", None),
        "JSON" => ("json", None),
        "JSONB" => ("jsonb", None),
        "UUID" => ("uuid", None),
        "BLOB" | "BYTEA" => ("blob", None),
        _ => ("other", None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_changes() {
        assert_eq!(compare_types("INTEGER", "BIGINT"), TypeChange::Widened);
        assert_eq!(compare_types("BIGINT", "INTEGER"), TypeChange::Narrowed);
        assert_eq!(
            compare_types("VARCHAR(100)", "VARCHAR(50)"),
            TypeChange::Narrowed
        );
        assert_eq!(compare_types("VARCHAR(50)", "TEXT"), TypeChange::Widened);
        assert_eq!(compare_types("TEXT", "VARCHAR(50)"), TypeChange::Narrowed);
        assert_eq!(compare_types("INT", "INTEGER"), TypeChange::Same);
        assert_eq!(compare_types("TEXT", "INTEGER"), TypeChange::Narrowed);
        assert_eq!(compare_types("TEXT", "VARCHAR"), TypeChange::Same);
        assert!(widest_of_family("BIGINT") && widest_of_family("TEXT"));
        assert!(!widest_of_family("INTEGER") && !widest_of_family("VARCHAR(50)"));
    }

    #[test]
    fn pg_rewrites() {
        for (old, new) in [
            ("INTEGER", "BIGINT"),
            ("VARCHAR(100)", "VARCHAR(50)"),
            ("TEXT", "INTEGER"),
            ("TEXT", "VARCHAR(20)"),
            ("NUMERIC(10,2)", "NUMERIC(12,4)"),
            ("TIMESTAMP", "TIMESTAMPTZ"),
        ] {
            assert!(pg_type_change_rewrites(old, new), "{old} -> {new}");
        }
        for (old, new) in [
            ("VARCHAR(50)", "VARCHAR(100)"),
            ("VARCHAR(50)", "TEXT"),
            ("TEXT", "VARCHAR"),
            ("VARCHAR(50)", "VARCHAR"),
            ("NUMERIC(10,2)", "NUMERIC(12,2)"),
            ("INT", "INTEGER"),
        ] {
            assert!(!pg_type_change_rewrites(old, new), "{old} -> {new}");
        }
    }

    #[test]
    fn canonical_types_match_what_postgresql_prints() {
        for (written, printed) in [
            ("INT", "integer"),
            ("SERIAL", "integer"),
            ("BIGSERIAL", "bigint"),
            ("VARCHAR(100)", "character varying(100)"),
            ("TIMESTAMP", "timestamp without time zone"),
            ("TIMESTAMPTZ", "timestamp with time zone"),
            ("INT[]", "integer[]"),
            ("DOUBLE PRECISION", "double precision"),
            ("BOOL", "boolean"),
        ] {
            assert_eq!(
                canonical_type(written),
                canonical_type(printed),
                "{written}"
            );
        }
        assert_ne!(canonical_type("VARCHAR(10)"), canonical_type("VARCHAR(20)"));
        assert_ne!(canonical_type("INT[]"), canonical_type("INT"));
    }
}
