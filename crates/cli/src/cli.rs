//! Argument parsing and dispatch.

use crate::commands;
use crate::output::ColorChoice;
use crate::{EXIT_CLEAN, EXIT_ERROR};
use clap::{Parser, Subcommand};
use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

/// Governs the contracts between the modules of a codebase.
#[derive(Debug, Parser)]
#[command(name = "accord", version, about, max_term_width = 100)]
struct Cli {
    /// Path to `accord.toml` (default: found by walking up from the current directory).
    #[arg(long, global = true, value_name = "PATH")]
    manifest: Option<PathBuf>,
    /// When to colour human output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check the repository: registry, conformance of artifacts and, with --base, changes.
    Check(commands::check::Args),
    /// Evaluate the metric gates of accord.toml (`[gates.NAME]`) against their reports.
    Gate(commands::gate::Args),
    /// Approve a finding: write a reviewed exception into the approvals file.
    Approve(commands::approve::Args),
    /// Check named artifacts against one contract.
    Validate(commands::validate::Args),
    /// Work with the contract registry.
    #[command(subcommand)]
    Contracts(commands::contracts::Command),
    /// List every rule with its default class and bump.
    Rules(commands::rules::Args),
    /// Print the documentation of a rule.
    Explain(commands::explain::Args),
    /// Write a commented `accord.toml` for this repository.
    Init(commands::init::Args),
    /// Classify the change between two contract files, JSON Schemas or package trees.
    Diff(commands::diff::Args),
    /// Recorded decisions.
    #[command(subcommand)]
    Decision(commands::decision::DecisionCommand),
    /// The tamper-evident ledger of decisions.
    #[command(subcommand)]
    Ledger(commands::decision::LedgerCommand),
    /// Code API surfaces of packs: snapshot them, check the code against them.
    #[command(subcommand)]
    Surface(commands::surface::Command),
    /// Lint, apply and verify database migrations.
    Migrate(commands::migrate::MigrateArgs),
    /// Print the schema replayed from the migrations (no database needed).
    Schema(commands::schema::SchemaArgs),
    /// Database administration: per-pack roles that enforce table ownership.
    Db(commands::db::DbArgs),
    /// Vet the extensions of the inclusion list: license, provenance, patches, conformance,
    /// review and capabilities against their tier.
    Vet(commands::vet::Args),
    /// The pack graph from contracts, imports and package dependencies (DOT, Mermaid, JSON).
    Graph(commands::graph::Args),
    /// TestSmith: which tests use each pack's stable exports, and the exports none uses.
    Tests(commands::tests::Args),
    /// Write CODEOWNERS from the roles and packs of accord.toml (`--check`: only compare).
    Codeowners(commands::generate::CodeownersArgs),
    /// Write the generated documents: registry table, dependency graph (`--check`: only compare).
    Docs(commands::generate::DocsArgs),
    /// Write a new ADR, epic proposal, story, contract or migration from its template.
    New(commands::new::Args),
}

/// Everything a command needs from the outside world.
pub struct Ctx<'a> {
    /// Standard output.
    pub out: &'a mut dyn Write,
    /// Standard error.
    pub err: &'a mut dyn Write,
    /// Whether human output may use colour.
    pub color: bool,
    /// `--manifest`, when given.
    pub manifest: Option<PathBuf>,
}

pub fn accepts<I, T>(args: I) -> Result<(), String>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    Cli::try_parse_from(args)
        .map(drop)
        .map_err(|e| e.render().to_string())
}

pub fn run<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            };
            let rendered = e.render();
            let _ = if e.use_stderr() {
                write!(err, "{}", rendered.ansi())
            } else {
                write!(out, "{rendered}")
            };
            return code;
        }
    };
    let color = cli.color.enabled();
    let mut ctx = Ctx {
        out,
        err,
        color,
        manifest: cli.manifest,
    };
    let result = match cli.command {
        Command::Check(args) => commands::check::run(args, &mut ctx),
        Command::Vet(args) => commands::vet::run(args, &mut ctx),
        Command::Approve(args) => commands::approve::run(args, &mut ctx),
        Command::Validate(args) => commands::validate::run(args, &mut ctx),
        Command::Gate(args) => commands::gate::run(args, &mut ctx),
        Command::Contracts(cmd) => commands::contracts::run(cmd, &mut ctx),
        Command::Rules(args) => commands::rules::run(args, &mut ctx),
        Command::Explain(args) => commands::explain::run(args, &mut ctx),
        Command::Graph(args) => commands::graph::run(args, &mut ctx),
        Command::Tests(args) => commands::tests::run(args, &mut ctx),
        Command::Init(args) => commands::init::run(args, &mut ctx),
        Command::Diff(args) => commands::diff::run(args, &mut ctx),
        Command::Surface(cmd) => commands::surface::run(cmd, &mut ctx),
        Command::Decision(cmd) => commands::decision::run_decision(cmd, &mut ctx),
        Command::Ledger(cmd) => commands::decision::run_ledger(cmd, &mut ctx),
        Command::Migrate(args) => with_optional_workspace(&ctx).and_then(|(root, manifest)| {
            commands::migrate::run(&args, &root, manifest.as_ref(), ctx.out)
        }),
        Command::Schema(args) => with_optional_workspace(&ctx).and_then(|(root, manifest)| {
            commands::schema::run(&args, &root, manifest.as_ref(), ctx.out)
        }),
        Command::Codeowners(args) => commands::generate::run_codeowners(args, &mut ctx),
        Command::Docs(args) => commands::generate::run_docs(args, &mut ctx),
        Command::New(args) => commands::new::run(args, &mut ctx),
        Command::Db(args) => crate::workspace::load(ctx.manifest.as_deref(), None)
            .map_err(anyhow::Error::from)
            .and_then(|ws| commands::db::run(&args, &ws.root, &ws.manifest, ctx.out)),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            crate::output::report_error(&error, ctx.manifest.as_deref(), ctx.err, color);
            EXIT_ERROR
        }
    }
}

/// The repository and manifest when one is found; `migrate lint FILE…` also works without.
fn with_optional_workspace(
    ctx: &Ctx,
) -> anyhow::Result<(PathBuf, Option<accord_model::manifest::Manifest>)> {
    match crate::workspace::load(ctx.manifest.as_deref(), None).map_err(anyhow::Error::from) {
        Ok(ws) => Ok((ws.root, Some(ws.manifest))),
        Err(e) if ctx.manifest.is_none() && crate::workspace::config_error(&e).is_none() => {
            Ok((std::env::current_dir()?, None))
        }
        Err(e) => Err(e),
    }
}
