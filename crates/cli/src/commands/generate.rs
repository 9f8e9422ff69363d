//! `accord codeowners` and `accord docs`: write the files `[governance]` generates from the
//! manifest and the registry, or with `--check` only say which are stale.

use crate::cli::Ctx;
use crate::workspace::Workspace;
use crate::{EXIT_CLEAN, EXIT_FAILED};
use accord_contract::governance::{CodeownersFormat, Generated, GeneratedKind};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct CodeownersArgs {
    /// Repository directory (default: the one holding the nearest accord.toml).
    dir: Option<PathBuf>,
    /// Dialect, overriding `[governance] codeowners_format`.
    #[arg(long, value_enum)]
    format: Option<Dialect>,
    /// Write here instead of `[governance] codeowners` (repository-relative).
    #[arg(long, value_name = "PATH")]
    output: Option<String>,
    /// Write nothing; exit 1 when the committed file is stale or missing.
    #[arg(long)]
    check: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Dialect {
    Github,
    Gitlab,
}

#[derive(Debug, clap::Args)]
pub struct DocsArgs {
    /// Repository directory (default: the one holding the nearest accord.toml).
    dir: Option<PathBuf>,
    /// Write nothing; exit 1 when a generated document is stale or missing.
    #[arg(long)]
    check: bool,
}

pub fn run_codeowners(args: CodeownersArgs, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let ws = crate::workspace::load(ctx.manifest.as_deref(), args.dir.as_deref())?;
    let mut config = accord_engine::governance::governance_config(&ws)?;
    if let Some(format) = args.format {
        config.codeowners_format = match format {
            Dialect::Github => CodeownersFormat::Github,
            Dialect::Gitlab => CodeownersFormat::Gitlab,
        };
    }
    if let Some(output) = args.output {
        config.codeowners = Some(output);
        config.codeowners_explicit = true;
    }
    if config.codeowners.is_none() {
        anyhow::bail!("`[governance] codeowners` is empty: CODEOWNERS generation is turned off");
    }
    let registry = accord_contract::load_registry(&ws.root, &ws.manifest)?;
    let files: Vec<Generated> =
        accord_contract::governance::generated_files(&config, &ws.manifest, &registry.contracts)
            .into_iter()
            .filter(|g| g.kind == GeneratedKind::Codeowners)
            .collect();
    write_or_check(&ws, &files, args.check, ctx)
}

pub fn run_docs(args: DocsArgs, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let ws = crate::workspace::load(ctx.manifest.as_deref(), args.dir.as_deref())?;
    let registry = accord_contract::load_registry(&ws.root, &ws.manifest)?;
    let files: Vec<Generated> = accord_engine::governance::generated(&ws, &registry.contracts)?
        .into_iter()
        .filter(|g| g.kind != GeneratedKind::Codeowners)
        .collect();
    if files.is_empty() {
        writeln!(
            ctx.err,
            "nothing to generate: name `registry_table` or `dependency_graph` in [governance]"
        )?;
    }
    write_or_check(&ws, &files, args.check, ctx)
}

fn write_or_check(
    ws: &Workspace,
    files: &[Generated],
    check: bool,
    ctx: &mut Ctx,
) -> anyhow::Result<u8> {
    if check {
        let stale = accord_contract::governance::check_generated(&ws.root, files)?;
        for f in &stale {
            writeln!(ctx.out, "{}", f.message)?;
        }
        return Ok(if stale.is_empty() {
            EXIT_CLEAN
        } else {
            EXIT_FAILED
        });
    }
    let fs = accord_fs::Root::open(&ws.root)?;
    for g in files {
        if fs.read_optional(&g.path)?.as_deref() == Some(g.text.as_bytes()) {
            writeln!(ctx.out, "unchanged: {}", g.path)?;
            continue;
        }
        if let Some((parent, _)) = g.path.rsplit_once('/') {
            fs.create_dir_all(parent)?;
        }
        fs.write_atomic(&g.path, g.text.as_bytes())?;
        writeln!(ctx.out, "written: {}", g.path)?;
    }
    Ok(EXIT_CLEAN)
}
