//! Database migrations for Accord: read `db/migrations/*.sql` as data, lint them for
//! naming, ownership and safety, replay them into a schema model, check them against
//! database contracts, and apply them to SQLite or PostgreSQL with tracking, checksums,
//! a lock and smoke checks.
//!
//! Library code never prints: lint results are [`Finding`]s, failures are [`SqlError`]s.
//!
//! ```
//! use accord_sql::{Dialect, Migration, lint::{lint, LintOptions}, DatabaseConfig};
//!
//! let m = Migration::parse(
//!     "db/migrations/20251027-143000-drop-old.sql",
//!     b"CREATE TABLE a (id INTEGER);\nDROP TABLE a;\n",
//!     Dialect::Sqlite,
//! );
//! let config = DatabaseConfig::default();
//! let texts = Default::default();
//! let findings = lint(&[m], &LintOptions {
//!     config: &config, manifest: None, contracts: &[], contract_texts: &texts,
//!     only: None, baseline: &[], project_rules: false,
//! });
//! assert!(findings.iter().any(|f| f.rule == "migration-drop-table"));
//! ```

pub mod apply;
pub mod change;
pub mod config;
pub mod effect;
mod error;
pub mod grants;
pub mod lint;
pub mod live;
pub mod migration;
pub mod promise;
pub mod rules;
pub mod schema;
pub mod split;

pub use change::check_migration_change;
pub use config::{DatabaseConfig, DbTarget, Dialect};
pub use error::SqlError;
pub use migration::Migration;
pub use rules::rules;
pub use schema::Schema;

use accord_model::Finding;
use accord_model::contract::Contract;
use accord_model::manifest::Manifest;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// What `accord check` calls: reads `[database]` from `manifest`, loads the migrations
/// directory under `root`, and lints it against the manifest's owners and the database
/// contracts in `contracts` (privacy rules included).
///
/// `only_new`: repository-relative paths of the migrations added by the change under
/// review (`check --base`); findings are reported for those files only, while every
/// migration is replayed, and the others count as committed (for `migration-non-linear`).
/// `None` reports on every file.
///
/// Errors: a bad `[database]` section (pointing into `accord.toml`) or an unreadable
/// directory. Bad SQL is never an error: it is a `migration-parse-error` finding.
///
/// This reads the disk. For a comparison of two revisions read from git (edited or deleted
/// committed migrations, schema diff against database contracts), use
/// [`check_migration_change`].
pub fn check_migrations(
    root: &Path,
    manifest: &Manifest,
    contracts: &[Contract],
    only_new: Option<&BTreeSet<String>>,
) -> Result<Vec<Finding>, SqlError> {
    let config = DatabaseConfig::from_manifest(root, manifest)?;
    let pending = migration::Pending::new(root, &config, true, &[])?;
    let texts = contract_texts(root, contracts);
    lint::lint_streaming(
        &pending,
        &lint::LintOptions {
            config: &config,
            manifest: Some(manifest),
            contracts,
            contract_texts: &texts,
            only: only_new,
            baseline: &[],
            project_rules: true,
        },
    )
}

/// Reads the files of database contracts (those listing tables), for finding locations.
/// Read through the guarded file layer: a contract outside the repository, not a regular
/// file or over the size limit is left out (its findings then carry no snippet), so no
/// line of an outside file can reach a snippet.
pub fn contract_texts(root: &Path, contracts: &[Contract]) -> BTreeMap<String, String> {
    let Ok(fs) = accord_fs::Root::open(root) else {
        return BTreeMap::new();
    };
    contracts
        .iter()
        .filter(|c| c.interface.has_database_terms())
        .filter_map(|c| fs.read_to_string(&c.path).ok().map(|t| (c.path.clone(), t)))
        .collect()
}

/// The schema model after replaying every migration under `root` (what `accord schema` prints).
pub fn schema_at(root: &Path, manifest: &Manifest) -> Result<Schema, SqlError> {
    let config = DatabaseConfig::from_manifest(root, manifest)?;
    let migrations = migration::load(root, &config)?;
    Ok(Schema::replay(&migrations))
}
