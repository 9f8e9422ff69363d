//! The migration rules, one file each. Every rule declares its [`RuleMeta`] with
//! `declare_rule!` and exposes one `check` function of the shape its scope needs.

use crate::config::{DatabaseConfig, Dialect};
use crate::effect::Effect;
use crate::migration::{Migration, Stmt};
use crate::schema::Schema;
use accord_model::contract::Contract;
use accord_model::manifest::{Manifest, Pack};
use accord_model::{Finding, Location, RuleMeta, Span};

pub mod database_contract_column_broken;
pub mod database_contract_constraint_broken;
pub mod database_contract_foreign_key_broken;
pub mod database_contract_index_broken;
pub mod database_contract_promise_missing;
pub mod database_privacy_not_cleared;
pub mod database_schema_drift;
pub mod migration_char_field;
pub mod migration_check_not_valid;
pub mod migration_column_references;
pub mod migration_concurrently_in_transaction;
pub mod migration_constraint_dropped;
pub mod migration_drop_column;
pub mod migration_drop_index_not_concurrent;
pub mod migration_drop_not_null;
pub mod migration_drop_table;
pub mod migration_duplicate_version;
pub mod migration_empty;
pub mod migration_foreign_key_not_valid;
pub mod migration_header_packs;
pub mod migration_history_edited;
pub mod migration_index_not_concurrent;
pub mod migration_lock_timeout_missing;
pub mod migration_naming;
pub mod migration_non_linear;
pub mod migration_not_null_without_default;
pub mod migration_nullable_column_added;
pub mod migration_ownership;
pub mod migration_parse_error;
pub mod migration_prefer_bigint;
pub mod migration_primary_key_without_index;
pub mod migration_rename_column;
pub mod migration_rename_table;
pub mod migration_set_not_null;
pub mod migration_sqlite_add_column_refused;
pub mod migration_sqlite_alter_refused;
pub mod migration_statement_unchecked;
pub mod migration_suppression_without_reason;
pub mod migration_table_created;
pub mod migration_timestamp_without_tz;
pub mod migration_type_change_rewrites;
pub mod migration_type_narrowed;
pub mod migration_type_widened;
pub mod migration_unclosed_transaction;
pub mod migration_unique_on_existing;
pub mod migration_unused_suppression;
pub mod migration_varchar_field;
pub mod migration_volatile_default;
pub mod migration_writes_tracking_table;

/// Everything a rule may look at.
pub struct Env<'a> {
    /// `[database]`.
    pub config: &'a DatabaseConfig,
    /// The manifest, when there is one (`migrate lint FILE` may run without).
    pub manifest: Option<&'a Manifest>,
    /// Parsed contracts.
    pub contracts: &'a [Contract],
    /// Contract texts, by contract path, for locations.
    pub contract_texts: &'a std::collections::BTreeMap<String, String>,
}

impl Env<'_> {
    /// The pack that owns `table`, unless the table is shared.
    pub fn owner(&self, table: &str) -> Option<&Pack> {
        if self.config.is_shared(table) {
            return None;
        }
        self.manifest?
            .packs
            .iter()
            .find(|p| p.owns_tables.iter().any(|t| t.eq_ignore_ascii_case(table)))
    }

    /// The pack a migration belongs to: `-- Pack:` header, else a path segment naming a
    /// pack, else a pack whose `paths` cover the file.
    pub fn migration_pack(&self, m: &Migration) -> Option<&Pack> {
        let manifest = self.manifest?;
        if let Some(name) = &m.header.pack {
            return manifest.pack(name);
        }
        let segments: Vec<&str> = m.path.split('/').collect();
        if let Some(pack) = segments[..segments.len().saturating_sub(1)]
            .iter()
            .find_map(|seg| manifest.pack(seg))
        {
            return Some(pack);
        }
        // Bad globs are the manifest's problem, reported where it is checked.
        let owners = accord_model::ownership::PackMap::new(manifest)
            .unwrap_or_default()
            .packs_of(&m.path);
        owners.first().and_then(|name| manifest.pack(name))
    }
}

/// A whole migration file, with its neighbours.
pub struct FileCtx<'a> {
    /// Shared inputs.
    pub env: &'a Env<'a>,
    /// The file.
    pub migration: &'a Migration,
    /// Every migration, in order.
    pub all: &'a [Migration],
    /// Position of `migration` in `all`.
    pub index: usize,
    /// Versions applied to a database or committed before this change; the newest one
    /// bounds what a new file may be numbered.
    pub baseline: &'a [String],
    /// The migration's effects, statement by statement (empty for unparsed statements).
    pub effects: &'a [Vec<Effect>],
}

/// One statement, with the schema as it was just before it.
pub struct StmtCtx<'a> {
    /// Shared inputs.
    pub env: &'a Env<'a>,
    /// The file.
    pub migration: &'a Migration,
    /// The statement.
    pub stmt: &'a Stmt,
    /// What it does.
    pub effects: &'a [Effect],
    /// Tables created (or renamed into place) by earlier statements of this file; the
    /// schema is not cloned per file, since that copy dominated lint time on long histories.
    pub created_in_file: &'a std::collections::BTreeSet<String>,
    /// Schema just before this statement.
    pub before: &'a Schema,
    /// True when the statement runs inside a transaction (Accord's or an explicit BEGIN).
    pub in_transaction: bool,
    /// What earlier statements set up (timeouts, validated checks).
    pub session: &'a Session,
}

/// What earlier statements established that later ones may rely on: settings of the
/// file's session and NOT NULL checks proven over the whole history.
#[derive(Debug, Default)]
pub struct Session {
    /// A `SET lock_timeout` to a non-zero value ran earlier in this file.
    pub lock_timeout: bool,
    /// An earlier statement of this file took a lock that blocks reads or writes.
    pub locked: bool,
    /// `CHECK (column IS NOT NULL)` constraints added `NOT VALID`, by (table, name).
    not_valid_not_null: std::collections::BTreeMap<(String, String), String>,
    /// (table, column) pairs a validated `CHECK (column IS NOT NULL)` proves.
    proven_not_null: std::collections::BTreeSet<(String, String)>,
    /// Constraints added `NOT VALID` in the transaction still open, by (table, name):
    /// validating one there keeps the strong lock of the ADD for the whole scan.
    /// Every `CHECK (column IS NOT NULL)` added, by (table, name) → column.
    not_null_checks: std::collections::BTreeMap<(String, String), String>,
    /// (table, column) pairs set `NOT NULL` by a migration.
    set_not_null: std::collections::BTreeSet<(String, String)>,
    /// The value says whether it is a foreign key (else a CHECK).
    not_valid_in_transaction: std::collections::BTreeMap<(String, String), bool>,
}

impl Session {
    /// Called at the start of every file: settings last one session (one file).
    pub(crate) fn new_file(&mut self) {
        self.lock_timeout = false;
        self.locked = false;
        self.not_valid_in_transaction.clear();
    }

    /// Called after each statement: `in_transaction` says whether a transaction is still
    /// open after it (outside one, every statement commits on its own).
    pub(crate) fn statement_done(&mut self, in_transaction: bool) {
        if !in_transaction {
            self.not_valid_in_transaction.clear();
        }
    }

    /// `Some(is_foreign_key)` when `name` on `table` was added `NOT VALID` in the
    /// transaction still open.
    pub fn added_in_transaction(&self, table: &str, name: &str) -> Option<bool> {
        self.not_valid_in_transaction
            .get(&(table.to_string(), name.to_string()))
            .copied()
    }

    /// Records what `e` establishes; `locks` says whether its statement blocked the table.
    pub(crate) fn record(&mut self, e: &Effect) {
        if let Effect::AddConstraint {
            table,
            constraint,
            not_valid: true,
        } = e
            && let Some(name) = constraint.name()
        {
            let foreign_key =
                matches!(constraint, crate::effect::ConstraintInfo::ForeignKey { .. });
            self.not_valid_in_transaction
                .insert((table.clone(), name.to_string()), foreign_key);
        }
        match e {
            Effect::Setting { name, value } if name == "lock_timeout" => {
                let v = value.trim_matches('\'').trim();
                self.lock_timeout = !(v == "0" || v.eq_ignore_ascii_case("default"));
            }
            Effect::AddConstraint {
                table,
                constraint: crate::effect::ConstraintInfo::Check { name, expression },
                not_valid,
            } => {
                if let Some(column) = is_not_null_check(expression) {
                    if let Some(name) = name {
                        self.not_null_checks
                            .insert((table.clone(), name.clone()), column.clone());
                    }
                    if *not_valid {
                        if let Some(name) = name {
                            self.not_valid_not_null
                                .insert((table.clone(), name.clone()), column);
                        }
                    } else {
                        self.proven_not_null.insert((table.clone(), column));
                    }
                }
            }
            Effect::SetNotNull { table, column } => {
                self.set_not_null.insert((table.clone(), column.clone()));
            }
            Effect::ValidateConstraint { table, name } => {
                if let Some(column) = self
                    .not_valid_not_null
                    .remove(&(table.clone(), name.clone()))
                {
                    self.proven_not_null.insert((table.clone(), column));
                }
            }
            _ => {}
        }
    }

    /// True when `name` is a `CHECK (column IS NOT NULL)` of `table` whose column has
    /// since been set `NOT NULL`, so the check guards nothing any more.
    pub fn redundant_not_null_check(&self, table: &str, name: &str) -> bool {
        self.not_null_checks
            .get(&(table.to_string(), name.to_string()))
            .is_some_and(|column| {
                self.set_not_null
                    .contains(&(table.to_string(), column.clone()))
            })
    }

    /// True when a validated `CHECK (column IS NOT NULL)` on `table` ran earlier.
    pub fn proves_not_null(&self, table: &str, column: &str) -> bool {
        self.proven_not_null
            .contains(&(table.to_string(), column.to_string()))
    }
}

/// Every column type a statement declares: (table, column, upper-cased type), from
/// `CREATE TABLE`, `ADD COLUMN` and `ALTER COLUMN … TYPE`.
pub fn declared_types(effects: &[Effect]) -> Vec<(&str, &str, &str)> {
    let mut out = Vec::new();
    for e in effects {
        match e {
            Effect::CreateTable { table, columns, .. } => out.extend(
                columns
                    .iter()
                    .map(|c| (table.as_str(), c.name.as_str(), c.data_type.as_str())),
            ),
            Effect::AddColumn { table, column } => out.push((
                table.as_str(),
                column.name.as_str(),
                column.data_type.as_str(),
            )),
            Effect::SetType {
                table,
                column,
                data_type,
            } => out.push((table.as_str(), column.as_str(), data_type.as_str())),
            _ => {}
        }
    }
    out
}

/// The base name of a declared type: `VARCHAR(20)` → `VARCHAR`, `int4[]` → `INT4`.
pub fn base_type(data_type: &str) -> String {
    data_type
        .split(['(', '['])
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_uppercase()
}

/// True when `e` takes a lock that blocks reads or writes of a table this file did not
/// create (what a `lock_timeout` guards: a statement queued behind a long transaction
/// blocks every later one on the table). `SHARE UPDATE EXCLUSIVE` (CONCURRENTLY,
/// VALIDATE) blocks neither.
pub(crate) fn blocks(e: &Effect, created: &std::collections::BTreeSet<String>) -> bool {
    match e {
        Effect::CreateIndex {
            concurrently: true, ..
        }
        | Effect::ValidateConstraint { .. }
        | Effect::CreateTable { .. }
        | Effect::Setting { .. }
        | Effect::Begin
        | Effect::Commit
        | Effect::Rollback => false,
        Effect::DropIndex { concurrently, .. } => !concurrently,
        Effect::Write { kind, table } => {
            *kind == crate::effect::WriteKind::Truncate && !created.contains(table)
        }
        other => other.table().is_some_and(|t| !created.contains(t)),
    }
}

/// `col IS NOT NULL` (optionally parenthesised or quoted) → `col`.
fn is_not_null_check(expression: &str) -> Option<String> {
    let e = expression
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')');
    let (column, rest) = e.trim().split_once(char::is_whitespace)?;
    rest.split_whitespace()
        .map(str::to_ascii_uppercase)
        .eq(["IS", "NOT", "NULL"])
        .then(|| column.trim_matches('"').to_ascii_lowercase())
}

impl StmtCtx<'_> {
    /// A finding of `rule` located at the statement.
    pub fn finding(
        &self,
        rule: &RuleMeta,
        message: impl Into<String>,
        logical: impl Into<String>,
    ) -> Finding {
        finding_at(rule, self.migration, self.stmt.span, message).with_logical_path(logical)
    }

    /// True when `table` existed before this migration file: not created by it. A table
    /// the replayed history does not know counts as existing, since it was made outside
    /// the migrations (or the file is linted on its own) and may hold data.
    pub fn existing(&self, table: &str) -> bool {
        !self.created_in_file.contains(table)
    }

    /// The dialect.
    pub fn dialect(&self) -> Dialect {
        self.env.config.dialect
    }

    /// True on PostgreSQL for a table this file did not create: the statement then takes
    /// its lock on a table that may be large and busy.
    pub fn pg_existing(&self, table: &str) -> bool {
        self.dialect() == Dialect::Postgres && self.existing(table)
    }
}

/// The project (contracts and manifest), independent of migration files.
pub struct ProjectCtx<'a> {
    /// Shared inputs.
    pub env: &'a Env<'a>,
    /// The schema replayed from every migration.
    pub schema: &'a Schema,
}

/// A finding located at `span` of a migration file.
pub fn finding_at(
    rule: &RuleMeta,
    m: &Migration,
    span: Span,
    message: impl Into<String>,
) -> Finding {
    Finding::of(rule, message).at(Location::from_span(&m.path, &m.text, span))
}

/// How the engine calls a rule.
#[derive(Clone, Copy)]
pub(crate) enum Check {
    File(fn(&FileCtx<'_>, &mut Vec<Finding>)),
    Stmt(fn(&StmtCtx<'_>, &mut Vec<Finding>)),
    Project(fn(&ProjectCtx<'_>, &mut Vec<Finding>)),
    /// Emitted by the engine itself (suppressions).
    Engine,
}

pub(crate) fn registry() -> &'static [(&'static RuleMeta, Check)] {
    use Check::*;
    static REGISTRY: &[(&RuleMeta, Check)] = &[
        (&migration_naming::RULE, File(migration_naming::check)),
        (
            &migration_duplicate_version::RULE,
            File(migration_duplicate_version::check),
        ),
        (
            &migration_non_linear::RULE,
            File(migration_non_linear::check),
        ),
        (
            &migration_parse_error::RULE,
            File(migration_parse_error::check),
        ),
        (&migration_empty::RULE, File(migration_empty::check)),
        (
            &migration_header_packs::RULE,
            File(migration_header_packs::check),
        ),
        (
            &migration_unclosed_transaction::RULE,
            File(migration_unclosed_transaction::check),
        ),
        (&migration_ownership::RULE, Stmt(migration_ownership::check)),
        (
            &migration_drop_table::RULE,
            Stmt(migration_drop_table::check),
        ),
        (
            &migration_drop_column::RULE,
            Stmt(migration_drop_column::check),
        ),
        (
            &migration_rename_table::RULE,
            Stmt(migration_rename_table::check),
        ),
        (
            &migration_rename_column::RULE,
            Stmt(migration_rename_column::check),
        ),
        (
            &migration_type_narrowed::RULE,
            Stmt(migration_type_narrowed::check),
        ),
        (
            &migration_type_widened::RULE,
            Stmt(migration_type_widened::check),
        ),
        (
            &migration_not_null_without_default::RULE,
            Stmt(migration_not_null_without_default::check),
        ),
        (
            &migration_set_not_null::RULE,
            Stmt(migration_set_not_null::check),
        ),
        (
            &migration_unique_on_existing::RULE,
            Stmt(migration_unique_on_existing::check),
        ),
        (
            &migration_constraint_dropped::RULE,
            Stmt(migration_constraint_dropped::check),
        ),
        (
            &migration_index_not_concurrent::RULE,
            Stmt(migration_index_not_concurrent::check),
        ),
        (
            &migration_concurrently_in_transaction::RULE,
            Stmt(migration_concurrently_in_transaction::check),
        ),
        (
            &migration_nullable_column_added::RULE,
            Stmt(migration_nullable_column_added::check),
        ),
        (
            &migration_table_created::RULE,
            Stmt(migration_table_created::check),
        ),
        (
            &migration_writes_tracking_table::RULE,
            Stmt(migration_writes_tracking_table::check),
        ),
        (
            &migration_foreign_key_not_valid::RULE,
            Stmt(migration_foreign_key_not_valid::check),
        ),
        (
            &migration_check_not_valid::RULE,
            Stmt(migration_check_not_valid::check),
        ),
        (
            &migration_column_references::RULE,
            Stmt(migration_column_references::check),
        ),
        (
            &migration_primary_key_without_index::RULE,
            Stmt(migration_primary_key_without_index::check),
        ),
        (
            &migration_drop_index_not_concurrent::RULE,
            Stmt(migration_drop_index_not_concurrent::check),
        ),
        (
            &migration_volatile_default::RULE,
            Stmt(migration_volatile_default::check),
        ),
        (
            &migration_type_change_rewrites::RULE,
            Stmt(migration_type_change_rewrites::check),
        ),
        (
            &migration_lock_timeout_missing::RULE,
            Stmt(migration_lock_timeout_missing::check),
        ),
        (
            &migration_drop_not_null::RULE,
            Stmt(migration_drop_not_null::check),
        ),
        (
            &migration_prefer_bigint::RULE,
            Stmt(migration_prefer_bigint::check),
        ),
        (
            &migration_char_field::RULE,
            Stmt(migration_char_field::check),
        ),
        (
            &migration_varchar_field::RULE,
            Stmt(migration_varchar_field::check),
        ),
        (
            &migration_timestamp_without_tz::RULE,
            Stmt(migration_timestamp_without_tz::check),
        ),
        (
            &migration_sqlite_alter_refused::RULE,
            Stmt(migration_sqlite_alter_refused::check),
        ),
        (
            &migration_sqlite_add_column_refused::RULE,
            Stmt(migration_sqlite_add_column_refused::check),
        ),
        (
            &migration_statement_unchecked::RULE,
            Stmt(migration_statement_unchecked::check),
        ),
        (
            &database_contract_column_broken::RULE,
            Stmt(database_contract_column_broken::check),
        ),
        (
            &database_contract_index_broken::RULE,
            Stmt(database_contract_index_broken::check),
        ),
        (
            &database_contract_foreign_key_broken::RULE,
            Stmt(database_contract_foreign_key_broken::check),
        ),
        (
            &database_contract_constraint_broken::RULE,
            Stmt(database_contract_constraint_broken::check),
        ),
        (
            &database_contract_promise_missing::RULE,
            Project(database_contract_promise_missing::check),
        ),
        (
            &database_privacy_not_cleared::RULE,
            Project(database_privacy_not_cleared::check),
        ),
        (&migration_suppression_without_reason::RULE, Engine),
        (&migration_unused_suppression::RULE, Engine),
        (&migration_history_edited::RULE, Engine),
        (&database_schema_drift::RULE, Engine),
    ];
    REGISTRY
}

/// Every rule of this crate, in catalogue order.
pub fn rules() -> &'static [&'static RuleMeta] {
    static RULES: std::sync::OnceLock<Vec<&'static RuleMeta>> = std::sync::OnceLock::new();
    RULES.get_or_init(|| registry().iter().map(|(meta, _)| *meta).collect())
}
