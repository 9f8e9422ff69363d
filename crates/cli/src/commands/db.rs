//! `accord db grants [--apply]`: per-pack PostgreSQL roles enforcing table ownership.

use crate::EXIT_CLEAN;
use accord_model::manifest::Manifest;
use accord_sql::apply::Database;
use accord_sql::migration::load_dir;
use accord_sql::{DbTarget, Schema};
use std::io::Write;
use std::path::Path;

/// `accord db`.
#[derive(Debug, clap::Args)]
pub struct DbArgs {
    /// Database URL, overriding `[database] url`.
    #[arg(long, global = true, env = "ACCORD_DATABASE_URL")]
    pub database_url: Option<String>,
    /// What to do.
    #[command(subcommand)]
    pub command: DbCommand,
}

/// The `db` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum DbCommand {
    /// Prints (or applies) one role per pack: read all tables, write own and shared ones.
    Grants {
        /// Run the statements on the database (PostgreSQL only).
        #[arg(long)]
        apply: bool,
    },
}

/// Runs `accord db …`.
pub fn run(
    args: &DbArgs,
    root: &Path,
    manifest: &Manifest,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let config = super::migrate::config_for(root, Some(manifest), args.database_url.as_deref())?;
    match &args.command {
        DbCommand::Grants { apply } => {
            let migrations = load_dir(root, &config.migrations, config.dialect)?;
            let mut tables: Vec<String> = Schema::replay(&migrations).tables.into_keys().collect();
            tables.push(config.tracking_table.clone());
            let sql = accord_sql::grants::grants_sql(manifest, &config, &tables);
            if !apply {
                write!(out, "{sql}")?;
                return Ok(EXIT_CLEAN);
            }
            let target = DbTarget::parse(&config.url, root)?;
            if !matches!(target, DbTarget::Postgres(_)) {
                anyhow::bail!(
                    "`accord db grants --apply` needs PostgreSQL; {} has no roles",
                    target.redacted()
                );
            }
            let mut db = Database::connect(&target, &config.tracking_table)?;
            db.execute_batch(&sql)?;
            writeln!(
                out,
                "granted {} pack role(s) on {} table(s) in {}",
                manifest.packs.len(),
                tables.len(),
                target.redacted()
            )?;
            Ok(EXIT_CLEAN)
        }
    }
}
