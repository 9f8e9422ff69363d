//! The `[database]` section of `accord.toml`.
//!
//! ```toml
//! [database]
//! url = "sqlite:.accord/accord.db"   # or postgres://user:pass@host/db, or ${ENV_VAR}
//! dialect = "sqlite"                  # derived from the URL when absent
//! migrations = "db/migrations"
//! shared_tables = ["metadata", "migrations"]
//! smoke_checks = "db/smoke"
//! tracking_table = "migrations"
//! max_migration_bytes = 8388608      # per file, enforced while reading
//! postgres_version = 10              # oldest server the migrations must be safe on
//! ```
//!
//! `migrations` and `smoke_checks` are repository-relative: `..` or an absolute path is
//! refused here, and a symlink leaving the repository is refused when the files are read.

use crate::SqlError;
use accord_model::manifest::{Manifest, RawSection};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The SQL dialect migrations are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

impl Dialect {
    /// Parses `sqlite` or `postgres`/`postgresql`/`pg`, case-insensitively.
    pub fn parse(text: &str) -> Option<Dialect> {
        match text.trim().to_ascii_lowercase().as_str() {
            "sqlite" | "sqlite3" => Some(Dialect::Sqlite),
            "postgres" | "postgresql" | "pg" => Some(Dialect::Postgres),
            _ => None,
        }
    }

    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
        }
    }

    pub(crate) fn parser_dialect(self) -> Box<dyn sqlparser::dialect::Dialect> {
        match self {
            Dialect::Sqlite => Box::new(sqlparser::dialect::SQLiteDialect {}),
            Dialect::Postgres => Box::new(sqlparser::dialect::PostgreSqlDialect {}),
        }
    }
}

/// Where the database lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbTarget {
    /// An SQLite file (absolute, or relative to the current directory).
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL.
    Postgres(String),
}

impl DbTarget {
    /// Interprets `url`; relative SQLite paths are taken relative to `root`.
    pub fn parse(url: &str, root: &Path) -> Result<DbTarget, SqlError> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DbTarget::Postgres(url.to_string()));
        }
        let path = if let Some(rest) = url.strip_prefix("sqlite://") {
            rest
        } else if let Some(rest) = url.strip_prefix("sqlite:") {
            rest
        } else if url.ends_with(".db") || url.ends_with(".sqlite") || url.ends_with(".sqlite3") {
            url
        } else {
            return Err(SqlError::BadUrl {
                url: url.to_string(),
            });
        };
        if path.is_empty() {
            return Err(SqlError::BadUrl {
                url: url.to_string(),
            });
        }
        let path = Path::new(path);
        if path.is_absolute() {
            // Only the runner can name an absolute path: `[database] url` refuses one.
            return Ok(DbTarget::Sqlite(path.to_path_buf()));
        }
        // A relative path comes from the repository: it must stay inside, symlinks included.
        accord_fs::Root::open(root)?
            .resolve_new(&path.to_string_lossy())
            .map_err(|e| SqlError::Refused {
                path: path.display().to_string(),
                reason: e.to_string(),
            })?;
        // Shown as the user wrote it (relative to where they ran Accord), not canonicalized.
        Ok(DbTarget::Sqlite(root.join(path)))
    }

    /// The dialect this target speaks.
    pub fn dialect(&self) -> Dialect {
        match self {
            DbTarget::Sqlite(_) => Dialect::Sqlite,
            DbTarget::Postgres(_) => Dialect::Postgres,
        }
    }

    /// A printable form with any password masked.
    pub fn redacted(&self) -> String {
        match self {
            DbTarget::Sqlite(path) => format!("sqlite:{}", path.display()),
            DbTarget::Postgres(url) => accord_model::redact::redact(url),
        }
    }
}

/// The parsed `[database]` section, defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatabaseConfig {
    /// Connection URL (environment references already expanded).
    pub url: String,
    /// SQL dialect of the migrations.
    pub dialect: Dialect,
    /// Migrations directory, relative to the repository root.
    pub migrations: String,
    /// Tables every pack may write.
    pub shared_tables: Vec<String>,
    /// Directory of smoke-check SQL files, relative to the repository root.
    pub smoke_checks: Option<String>,
    /// Name of Accord's tracking table.
    pub tracking_table: String,
    /// Largest migration or smoke-check file read, in bytes (enforced while reading).
    pub max_migration_bytes: u64,
    /// Oldest PostgreSQL major version the migrations must be safe on
    /// (`postgres_version = 10`); `None` means a supported one (11 or later).
    pub postgres_version: Option<u32>,
}

/// The most `max_migration_bytes` may be raised to: the setting comes from the repository,
/// which the change under review writes, so it cannot buy unbounded memory.
pub const MAX_MIGRATION_BYTES_CEILING: u64 = 64 * 1024 * 1024;

/// The default URL: an SQLite file inside the repository's `.accord/` directory.
pub const DEFAULT_URL: &str = "sqlite:.accord/accord.db";

impl Default for DatabaseConfig {
    fn default() -> Self {
        DatabaseConfig {
            url: DEFAULT_URL.to_string(),
            dialect: Dialect::Sqlite,
            migrations: "db/migrations".to_string(),
            shared_tables: vec!["metadata".to_string(), "migrations".to_string()],
            smoke_checks: None,
            tracking_table: "migrations".to_string(),
            max_migration_bytes: crate::migration::DEFAULT_MAX_MIGRATION_BYTES,
            postgres_version: None,
        }
    }
}

impl DatabaseConfig {
    /// Reads `[database]` from the manifest. `root` is the repository root; `accord.toml`
    /// is read from there only to turn spans into line:column for error messages.
    pub fn from_manifest(root: &Path, manifest: &Manifest) -> Result<DatabaseConfig, SqlError> {
        match manifest.sections.get("database") {
            None => Ok(DatabaseConfig::default()),
            Some(section) => {
                // Only for line:column in error messages: bounded, and never read outside.
                let text = accord_fs::Root::open(root)
                    .ok()
                    .and_then(|fs| {
                        let rel = fs.relative(Path::new(&manifest.path))?;
                        fs.read_to_string(&rel).ok()
                    })
                    .unwrap_or_default();
                DatabaseConfig::from_section(section, &manifest.path, &text)
            }
        }
    }

    /// Parses a raw `[database]` section; `path` and `text` are `accord.toml`'s, for errors.
    pub fn from_section(
        section: &RawSection,
        path: &str,
        text: &str,
    ) -> Result<DatabaseConfig, SqlError> {
        let err = |pointer: &str, message: String| {
            let span = section.span_of(pointer);
            let (line, column) = if text.is_empty() {
                (0, 0)
            } else {
                span.line_col(text)
            };
            SqlError::Config {
                path: path.to_string(),
                line,
                column,
                message,
            }
        };
        let Some(table) = section.value.as_object() else {
            return Err(err("", "must be a table".to_string()));
        };
        let mut config = DatabaseConfig::default();
        let mut dialect_set = None;
        for (key, value) in table {
            let pointer = format!("/{key}");
            let string = |what: &str| -> Result<String, SqlError> {
                value
                    .as_str()
                    .map(str::to_string)
                    .ok_or_else(|| err(&pointer, format!("`{key}` must be a string ({what})")))
            };
            match key.as_str() {
                "url" => {
                    let raw = string("a database URL")?;
                    // Written in the repository, so chosen by the change under review: an
                    // SQLite file must stay inside it. `${VAR}` is the runner's choice.
                    let literal_path = raw
                        .strip_prefix("sqlite://")
                        .or_else(|| raw.strip_prefix("sqlite:"))
                        .filter(|_| !raw.contains("${"));
                    if let Some(path) = literal_path
                        && !accord_fs::is_confined(path)
                    {
                        return Err(err(
                            &pointer,
                            format!(
                                "`url` `{raw}` puts the database outside the repository; use a path \
                                 relative to the repository root without `..`, or `${{VAR}}` to let \
                                 whoever runs Accord choose"
                            ),
                        ));
                    }
                    config.url =
                        expand_env(&raw).map_err(|m| err(&pointer, format!("`url`: {m}")))?;
                }
                "dialect" => {
                    let raw = string("`sqlite` or `postgres`")?;
                    dialect_set = Some(Dialect::parse(&raw).ok_or_else(|| {
                        err(
                            &pointer,
                            format!("unknown dialect `{raw}`; expected `sqlite` or `postgres`"),
                        )
                    })?);
                }
                "migrations" | "migrations_dir" | "smoke_checks" => {
                    let dir = string("a directory")?;
                    if !accord_fs::is_confined(&dir) {
                        return Err(err(
                            &pointer,
                            format!(
                                "`{key}` `{dir}` is outside the repository; use a path relative \
                                 to the repository root without `..`"
                            ),
                        ));
                    }
                    if key == "smoke_checks" {
                        config.smoke_checks = Some(dir);
                    } else {
                        config.migrations = dir;
                    }
                }
                "max_migration_bytes" => {
                    let bytes = value
                        .as_u64()
                        .filter(|b| (1..=MAX_MIGRATION_BYTES_CEILING).contains(b))
                        .ok_or_else(|| {
                            err(
                                &pointer,
                                format!(
                                    "`max_migration_bytes` must be a whole number of bytes from 1 \
                                     to {MAX_MIGRATION_BYTES_CEILING}"
                                ),
                            )
                        })?;
                    config.max_migration_bytes = bytes;
                }
                "postgres_version" => {
                    let version = value
                        .as_u64()
                        .and_then(|v| u32::try_from(v).ok())
                        .filter(|v| (9..=99).contains(v))
                        .ok_or_else(|| {
                            err(
                                &pointer,
                                "`postgres_version` must be a PostgreSQL major version such as 10 or 16"
                                    .into(),
                            )
                        })?;
                    config.postgres_version = Some(version);
                }
                "tracking_table" => {
                    let name = string("a table name")?;
                    if name.is_empty()
                        || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    {
                        return Err(err(
                            &pointer,
                            format!("`tracking_table` `{name}` must be letters, digits and `_`"),
                        ));
                    }
                    config.tracking_table = name;
                }
                "shared_tables" => {
                    let Some(items) = value.as_array() else {
                        return Err(err(
                            &pointer,
                            "`shared_tables` must be a list of table names".into(),
                        ));
                    };
                    config.shared_tables = Vec::new();
                    for (i, item) in items.iter().enumerate() {
                        let Some(name) = item.as_str() else {
                            return Err(err(
                                &format!("{pointer}/{i}"),
                                "`shared_tables` entries must be strings".into(),
                            ));
                        };
                        config.shared_tables.push(name.to_ascii_lowercase());
                    }
                }
                other => {
                    return Err(err(
                        &pointer,
                        format!(
                            "unknown key `{other}`; expected one of url, dialect, migrations, \
                             shared_tables, smoke_checks, tracking_table, max_migration_bytes, \
                             postgres_version"
                        ),
                    ));
                }
            }
        }
        let derived =
            if config.url.starts_with("postgres://") || config.url.starts_with("postgresql://") {
                Dialect::Postgres
            } else {
                Dialect::Sqlite
            };
        config.dialect = dialect_set.unwrap_or(derived);
        Ok(config)
    }

    /// True when `table` may be written by every pack.
    pub fn is_shared(&self, table: &str) -> bool {
        self.shared_tables
            .iter()
            .any(|t| t.eq_ignore_ascii_case(table))
            || table.eq_ignore_ascii_case(&self.tracking_table)
    }
}

/// Expands `${NAME}` references from the environment; a missing variable is an error.
fn expand_env(raw: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            return Err("unterminated `${`".to_string());
        };
        let name = &after[..end];
        match std::env::var(name) {
            Ok(value) => out.push_str(&value),
            Err(_) => return Err(format!("environment variable `{name}` is not set")),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use accord_model::Span;

    fn section(json: serde_json::Value, spans: &[(&str, Span)]) -> RawSection {
        RawSection {
            value: json,
            spans: spans.iter().map(|(p, s)| (p.to_string(), *s)).collect(),
        }
    }

    #[test]
    fn defaults_when_empty() {
        let c =
            DatabaseConfig::from_section(&section(serde_json::json!({}), &[]), "accord.toml", "")
                .unwrap();
        assert_eq!(c, DatabaseConfig::default());
    }

    #[test]
    fn dialect_follows_url() {
        let c = DatabaseConfig::from_section(
            &section(serde_json::json!({"url": "postgres://u:p@h/db"}), &[]),
            "accord.toml",
            "",
        )
        .unwrap();
        assert_eq!(c.dialect, Dialect::Postgres);
    }

    #[test]
    fn unknown_key_points_into_the_manifest() {
        let text = "[database]\nurll = \"x\"\n";
        let start = text.find("urll").unwrap();
        let err = DatabaseConfig::from_section(
            &section(
                serde_json::json!({"urll": "x"}),
                &[("/urll", Span::new(start, start + 4))],
            ),
            "accord.toml",
            text,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "accord.toml:2:1: [database] unknown key `urll`; expected one of url, dialect, migrations, shared_tables, smoke_checks, tracking_table, max_migration_bytes, postgres_version"
        );
    }

    #[test]
    fn directories_outside_the_repository_are_refused() {
        for (key, dir) in [
            ("migrations", "../elsewhere"),
            ("migrations", "/etc"),
            ("smoke_checks", "db/../../x"),
        ] {
            let err = DatabaseConfig::from_section(
                &section(serde_json::json!({ key: dir }), &[]),
                "accord.toml",
                "",
            )
            .unwrap_err();
            assert!(
                err.to_string().contains("is outside the repository"),
                "{err}"
            );
        }
    }

    #[test]
    fn migration_size_limit_is_bounded() {
        let limit = |v: serde_json::Value| {
            DatabaseConfig::from_section(
                &section(serde_json::json!({ "max_migration_bytes": v }), &[]),
                "accord.toml",
                "",
            )
        };
        assert_eq!(
            limit(serde_json::json!(1024)).unwrap().max_migration_bytes,
            1024
        );
        assert!(limit(serde_json::json!(0)).is_err());
        assert!(limit(serde_json::json!(u64::MAX)).is_err());
        assert!(limit(serde_json::json!("8M")).is_err());
    }

    #[test]
    fn password_is_masked() {
        for url in [
            "postgres://bob:s3cr3t-pw@h:5432/db",
            "postgres://bob:s3cr3t-pw@h/db?sslmode=require",
            "postgres://bob@h/db?password=s3cr3t-pw",
        ] {
            let shown = DbTarget::Postgres(url.to_string()).redacted();
            assert!(!shown.contains("s3cr3t-pw"), "{shown}");
        }
    }

    #[test]
    fn sqlite_paths_are_relative_to_root_and_stay_inside() {
        let repo = tempfile::tempdir().unwrap();
        let root = repo.path().to_path_buf();
        let t = DbTarget::parse("sqlite:.accord/a.db", &root).unwrap();
        assert_eq!(t, DbTarget::Sqlite(root.join(".accord/a.db")));
        assert!(DbTarget::parse("mysql://x", Path::new("/")).is_err());
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join(".accord")).unwrap();
        assert!(DbTarget::parse("sqlite:.accord/a.db", &root).is_err());
    }

    #[test]
    fn a_manifest_cannot_put_the_database_outside_the_repository() {
        for url in ["sqlite:../../elsewhere.db", "sqlite:/tmp/x.db"] {
            let e = DatabaseConfig::from_section(
                &section(serde_json::json!({ "url": url }), &[]),
                "accord.toml",
                "",
            )
            .unwrap_err();
            assert!(e.to_string().contains("outside the repository"), "{e}");
        }
    }
}
