//! `accord schema`: the schema model replayed from the migrations, without a database.

use crate::EXIT_CLEAN;
use accord_model::manifest::Manifest;
use accord_sql::migration::load_dir;
use accord_sql::{DatabaseConfig, Schema};
use std::io::Write;
use std::path::Path;

/// `accord schema`.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Prints the replayed schema.
pub fn run(
    args: &SchemaArgs,
    root: &Path,
    manifest: Option<&Manifest>,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let config = match manifest {
        Some(m) => DatabaseConfig::from_manifest(root, m)?,
        None => DatabaseConfig::default(),
    };
    let migrations = load_dir(root, &config.migrations, config.dialect)?;
    let schema = Schema::replay(&migrations);
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &schema)?;
        writeln!(out)?;
        return Ok(EXIT_CLEAN);
    }
    for table in schema.tables.values() {
        let owner = manifest
            .and_then(|m| {
                m.packs.iter().find(|p| {
                    p.owns_tables
                        .iter()
                        .any(|t| t.eq_ignore_ascii_case(&table.name))
                })
            })
            .map(|p| format!("  (owner: {})", p.display_name))
            .unwrap_or_default();
        writeln!(out, "{}{owner}", table.name)?;
        for c in &table.columns {
            let pk = if table.primary_key.contains(&c.name) {
                " PRIMARY KEY"
            } else {
                ""
            };
            let null = if c.nullable { "" } else { " NOT NULL" };
            let default = c
                .default
                .as_ref()
                .map(|d| format!(" DEFAULT {d}"))
                .unwrap_or_default();
            writeln!(out, "  {:<24} {}{pk}{null}{default}", c.name, c.data_type)?;
        }
        for u in &table.unique {
            writeln!(out, "  UNIQUE ({})", u.columns.join(", "))?;
        }
        for fk in &table.foreign_keys {
            writeln!(
                out,
                "  FOREIGN KEY ({}) → {}({})",
                fk.columns.join(", "),
                fk.table,
                fk.referred.join(", ")
            )?;
        }
        for check in &table.checks {
            let name = check
                .name
                .as_ref()
                .map(|n| format!("CONSTRAINT {n} "))
                .unwrap_or_default();
            writeln!(out, "  {name}CHECK ({})", check.expression)?;
        }
    }
    for i in schema.indexes.values() {
        let unique = if i.unique { "UNIQUE " } else { "" };
        let partial = i
            .predicate
            .as_ref()
            .map(|p| format!(" WHERE {p}"))
            .unwrap_or_default();
        writeln!(
            out,
            "{unique}INDEX {} ON {} ({}){partial}",
            i.name,
            i.table,
            i.columns.join(", ")
        )?;
    }
    writeln!(
        out,
        "{} tables, {} indexes, from {} migrations",
        schema.tables.len(),
        schema.indexes.len(),
        migrations.len()
    )?;
    Ok(EXIT_CLEAN)
}
