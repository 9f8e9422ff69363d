//! `accord migrate status | apply | verify | baseline | resolve | lint`.
//!
//! Exit codes: 0 fine; 1 `verify` found a problem, `status` shows a migration that needs
//! attention (partly applied or interrupted) or `lint` found a BREAKING finding;
//! errors (unreachable database, bad credentials, a failed migration, a checksum
//! mismatch, a foreign tracking table) are returned as `Err` — the binary maps them to 2.

use crate::cli::Ctx;
use crate::output::{FindingFormat, render_findings};
use crate::{EXIT_CLEAN, EXIT_FAILED};
use accord_model::Class;
use accord_model::manifest::Manifest;
use accord_sql::apply::{ApplyOptions, Database, Event, State, load_smoke_checks};
use accord_sql::lint::{LintOptions, lint_streaming};
use accord_sql::migration::Pending;
use accord_sql::migration::load;
use accord_sql::{DatabaseConfig, DbTarget, Dialect};
use anyhow::Context;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `accord migrate`.
#[derive(Debug, clap::Args)]
pub struct MigrateArgs {
    /// Database URL, overriding `[database] url` (`sqlite:PATH` or `postgres://…`).
    #[arg(long, global = true, env = "ACCORD_DATABASE_URL")]
    pub database_url: Option<String>,
    /// What to do.
    #[command(subcommand)]
    pub command: MigrateCommand,
}

/// The `migrate` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum MigrateCommand {
    /// Lists every migration: applied, pending, changed since applied, or missing.
    Status {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Applies pending migrations, each in its own transaction with its tracking row.
    Apply {
        /// Print what would run, run nothing.
        #[arg(long)]
        dry_run: bool,
        /// Stop after this version (inclusive).
        #[arg(long, value_name = "VERSION")]
        target: Option<String>,
    },
    /// Checks applied migrations against their files (checksums, missing files, order);
    /// with `--live`, also that the database schema equals the schema replayed from them.
    Verify {
        /// Also compare the live schema (tables, columns, types, nullability, keys,
        /// constraints, indexes) with the schema replayed from the applied migrations;
        /// every difference is a `database-schema-drift` finding and exits 1.
        #[arg(long)]
        live: bool,
        /// Output format of the drift findings.
        #[arg(long, value_enum, default_value_t = FindingFormat::Human, requires = "live")]
        format: FindingFormat,
    },
    /// Records migrations as applied without running them (adopting an existing database).
    Baseline {
        /// Last version to record (default: all).
        #[arg(long, value_name = "VERSION")]
        up_to: Option<String>,
    },
    /// Says whether the statement an interrupted no-transaction migration was running took
    /// effect, after checking the database, so that `apply` can go on.
    Resolve {
        /// The interrupted migration's version.
        version: String,
        /// The statement took effect: count it as done.
        #[arg(long, conflicts_with = "not_ran", required_unless_present = "not_ran")]
        ran: bool,
        /// The statement took no effect: `apply` runs it again.
        #[arg(long)]
        not_ran: bool,
    },
    /// Lints migration files (the migrations directory when none is given).
    Lint {
        /// Files to lint.
        files: Vec<PathBuf>,
        /// Dialect of the files, overriding `[database] dialect`.
        #[arg(long, value_parser = ["sqlite", "postgres"])]
        dialect: Option<String>,
        /// Output format (the same renderers as `accord check`).
        #[arg(long, value_enum, default_value_t = FindingFormat::Human)]
        format: FindingFormat,
        /// Same as `--format json`.
        #[arg(long, hide = true)]
        json: bool,
    },
}

/// The `[database]` config with `--database-url` applied.
pub fn config_for(
    root: &Path,
    manifest: Option<&Manifest>,
    url: Option<&str>,
) -> anyhow::Result<DatabaseConfig> {
    let mut config = match manifest {
        Some(m) => DatabaseConfig::from_manifest(root, m)?,
        None => DatabaseConfig::default(),
    };
    if let Some(url) = url {
        config.url = url.to_string();
        config.dialect = DbTarget::parse(url, root)?.dialect();
    }
    Ok(config)
}

fn applied_by() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "accord".to_string())
}

/// Runs `accord migrate …` in repository `root`, writing to `out`.
pub fn run(
    args: &MigrateArgs,
    root: &Path,
    manifest: Option<&Manifest>,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let config = config_for(root, manifest, args.database_url.as_deref())?;
    if let MigrateCommand::Lint {
        files,
        dialect,
        format,
        json,
    } = &args.command
    {
        let format = if *json { FindingFormat::Json } else { *format };
        return run_lint(
            root,
            manifest,
            &config,
            files,
            dialect.as_deref(),
            format,
            out,
        );
    }
    let migrations = load(root, &config)?;
    let target = DbTarget::parse(&config.url, root)?;
    let mut db = Database::connect(&target, &config.tracking_table)?;
    match &args.command {
        MigrateCommand::Status { json } => {
            let status = db.status(&migrations)?;
            if *json {
                serde_json::to_writer_pretty(&mut *out, &status)?;
                writeln!(out)?;
            } else {
                writeln!(out, "database: {}", target.redacted())?;
                for s in &status {
                    let state = match s.state {
                        State::Applied => "applied",
                        State::Pending => "pending",
                        State::PendingOutOfOrder => "pending (older than newest applied)",
                        State::ChecksumMismatch => "CHANGED since applied",
                        State::MissingFile => "applied, FILE MISSING",
                        State::NoChecksum => "applied, NO CHECKSUM recorded",
                        State::PartlyApplied => "PARTLY APPLIED (apply resumes it)",
                        State::Interrupted => "INTERRUPTED (needs `migrate resolve`)",
                    };
                    let when = s
                        .applied
                        .as_ref()
                        .map(|a| format!("  {} by {}", a.applied_at, a.applied_by))
                        .or_else(|| s.progress.as_ref().map(describe_progress))
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "{:<16} {:<38} {}{when}",
                        s.version,
                        state,
                        s.path.as_deref().unwrap_or("-")
                    )?;
                }
                let pending = status
                    .iter()
                    .filter(|s| matches!(s.state, State::Pending | State::PendingOutOfOrder))
                    .count();
                writeln!(out, "{} migrations, {pending} pending", status.len())?;
            }
            let attention = status
                .iter()
                .any(|s| matches!(s.state, State::PartlyApplied | State::Interrupted));
            Ok(if attention { EXIT_FAILED } else { EXIT_CLEAN })
        }
        MigrateCommand::Apply {
            dry_run,
            target: until,
        } => {
            if *dry_run {
                let pending = db.pending(&migrations)?;
                writeln!(
                    out,
                    "would apply {} migration(s) to {}:",
                    pending.len(),
                    target.redacted()
                )?;
                for m in pending {
                    if until
                        .as_ref()
                        .is_some_and(|t| m.version.as_ref().is_some_and(|v| v > t))
                    {
                        break;
                    }
                    let tx = if m.header.no_transaction {
                        " (no transaction)"
                    } else {
                        ""
                    };
                    writeln!(out, "  {} ({} statements){tx}", m.path, m.statements.len())?;
                }
                return Ok(EXIT_CLEAN);
            }
            let smoke_checks = match &config.smoke_checks {
                Some(dir) => load_smoke_checks(root, dir)?,
                None => Vec::new(),
            };
            let opts = ApplyOptions {
                applied_by: applied_by(),
                smoke_checks,
                target: until.clone(),
            };
            let mut progress = |e: Event| {
                let _ = match e {
                    Event::Start { path, statements } => {
                        writeln!(out, "applying {path} ({statements} statements)…")
                    }
                    Event::Applied { path, ms } => writeln!(out, "applied  {path} in {ms} ms"),
                    Event::AlreadyApplied { path } => {
                        writeln!(out, "skipped  {path} (applied by a concurrent run)")
                    }
                    Event::Resuming {
                        path,
                        done,
                        statements,
                    } => writeln!(
                        out,
                        "resuming {path} after statement {done} of {statements} (an earlier run stopped there; those are not run again)"
                    ),
                };
            };
            let done = db
                .apply(&migrations, &opts, &mut progress)
                .context("migrate apply stopped")?;
            writeln!(
                out,
                "{} migration(s) applied to {}",
                done.len(),
                target.redacted()
            )?;
            Ok(EXIT_CLEAN)
        }
        MigrateCommand::Verify { live, format } => {
            let status = db.status(&migrations)?;
            let mut problems = 0;
            for s in &status {
                let problem = match s.state {
                    State::ChecksumMismatch => {
                        Some("was edited after it was applied (checksum differs)")
                    }
                    State::MissingFile => Some("is recorded as applied but its file is gone"),
                    State::PendingOutOfOrder => {
                        Some("is pending but older than the newest applied migration")
                    }
                    State::NoChecksum => Some(
                        "is recorded as applied with an empty checksum (nothing proves this file is what ran)",
                    ),
                    State::PartlyApplied => Some(
                        "is partly applied (an earlier run stopped between statements); run `accord migrate apply` to finish it",
                    ),
                    State::Interrupted => Some(
                        "was interrupted while a statement ran outside a transaction; check the database, then `accord migrate resolve VERSION --ran` or `--not-ran`",
                    ),
                    State::Applied | State::Pending => None,
                };
                if let Some(p) = problem {
                    problems += 1;
                    let progress = s
                        .progress
                        .as_ref()
                        .map(|p| format!(" ({})", describe_progress(p).trim()))
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "{} {}: {p}{progress}",
                        s.version,
                        s.path.as_deref().unwrap_or("-")
                    )?;
                }
            }
            let drift = if *live {
                accord_sql::live::verify_live(&mut db, &migrations, &status, &config.migrations)?
            } else {
                Vec::new()
            };
            if *live && (!drift.is_empty() || *format != FindingFormat::Human) {
                let mut sink = std::io::sink();
                let mut ctx = Ctx {
                    out: &mut *out,
                    err: &mut sink,
                    color: false,
                    manifest: None,
                };
                render_findings(&mut ctx, *format, root, &drift, None, None)?;
            }
            if problems == 0 && drift.is_empty() {
                if *format == FindingFormat::Human {
                    writeln!(
                        out,
                        "{} migration(s) verified against {}{}",
                        status.len(),
                        target.redacted(),
                        if *live {
                            "; the live schema equals the schema replayed from them"
                        } else {
                            ""
                        }
                    )?;
                }
                Ok(EXIT_CLEAN)
            } else {
                Ok(EXIT_FAILED)
            }
        }
        MigrateCommand::Baseline { up_to } => {
            let done = db.baseline(&migrations, up_to.as_deref(), &applied_by())?;
            writeln!(
                out,
                "recorded {} migration(s) as applied without running them",
                done.len()
            )?;
            Ok(EXIT_CLEAN)
        }
        MigrateCommand::Resolve {
            version,
            ran,
            not_ran: _,
        } => {
            let done = db.resolve(version, *ran)?;
            writeln!(
                out,
                "{version}: statement {} counted as {}; `accord migrate apply` goes on from statement {}",
                if *ran { done } else { done + 1 },
                if *ran { "done" } else { "not done" },
                done + 1
            )?;
            Ok(EXIT_CLEAN)
        }
        MigrateCommand::Lint { .. } => unreachable!("handled above"),
    }
}

fn describe_progress(p: &accord_sql::apply::Progress) -> String {
    match p.in_flight {
        Some(i) => format!(
            "  {} of {} statements done, statement {i} was running when it stopped",
            p.statements_done, p.statements
        ),
        None => format!(
            "  {} of {} statements done",
            p.statements_done, p.statements
        ),
    }
}

/// Lints `files` (the migrations directory when empty). With a manifest, the registry's
/// database contracts are checked too, and given files are linted on top of the
/// migrations directory so each statement sees the schema the earlier migrations built.
fn run_lint(
    root: &Path,
    manifest: Option<&Manifest>,
    config: &DatabaseConfig,
    files: &[PathBuf],
    dialect: Option<&str>,
    format: FindingFormat,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let mut config = config.clone();
    if let Some(d) = dialect.and_then(Dialect::parse) {
        config.dialect = d;
    }
    // Read one file at a time (see `lint_streaming`): memory does not grow with history.
    let pending = Pending::new(root, &config, files.is_empty() || manifest.is_some(), files)?;
    let only = (!files.is_empty()).then(|| pending.given());
    let contracts = match manifest {
        Some(m) => accord_contract::load_registry(root, m)?.contracts,
        None => Vec::new(),
    };
    let texts = accord_sql::contract_texts(root, &contracts);
    let findings = lint_streaming(
        &pending,
        &LintOptions {
            config: &config,
            manifest,
            contracts: &contracts,
            contract_texts: &texts,
            only: only.as_ref(),
            baseline: &[],
            project_rules: manifest.is_some() && files.is_empty(),
        },
    )?;
    let mut sink = std::io::sink();
    let mut ctx = Ctx {
        out,
        err: &mut sink,
        color: false,
        manifest: None,
    };
    render_findings(&mut ctx, format, root, &findings, None, None)?;
    Ok(if findings.iter().any(|f| f.class == Class::Breaking) {
        EXIT_FAILED
    } else {
        EXIT_CLEAN
    })
}
