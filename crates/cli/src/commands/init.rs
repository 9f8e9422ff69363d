//! `accord init [DIR]`: write a commented manifest, never over an existing one.

use crate::EXIT_CLEAN;
use crate::cli::Ctx;
use anyhow::{Context, anyhow};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Repository directory (default: the current directory).
    dir: Option<PathBuf>,
    /// Print the manifest instead of writing it.
    #[arg(long)]
    stdout: bool,
}

pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let dir = match args.dir {
        Some(dir) => dir,
        None => std::env::current_dir().context("cannot read the current directory")?,
    };
    if !dir.is_dir() {
        return Err(anyhow!("{} is not a directory", dir.display()));
    }
    let packs = accord_contract::detect_packs(&dir);
    let name = std::fs::canonicalize(&dir)
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "project".to_string());
    let text = accord_contract::render_init_manifest(&name, &packs);
    if args.stdout {
        write!(ctx.out, "{text}")?;
        return Ok(EXIT_CLEAN);
    }
    let path = dir.join("accord.toml");
    // create_new refuses to follow through an existing file, so a race cannot clobber one either.
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(anyhow!(
                "{} already exists; accord init never overwrites it (use --stdout to see what it would write)",
                path.display()
            ));
        }
        Err(e) => return Err(e).with_context(|| format!("cannot create {}", path.display())),
    };
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    // The manifest points at `contracts/`; a missing contracts dir is an error by design,
    // so the fresh manifest must come with one to be accepted by `accord check`.
    let contracts = dir.join("contracts");
    std::fs::create_dir_all(&contracts)
        .with_context(|| format!("cannot create {}", contracts.display()))?;
    let ignored = ignore_local_state(&dir)?;
    writeln!(
        ctx.out,
        "wrote {} with {} pack{}: {}",
        path.display(),
        packs.len(),
        if packs.len() == 1 { "" } else { "s" },
        packs
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )?;
    if ignored {
        writeln!(
            ctx.out,
            "added `.accord/` (local database and ledger) to {}",
            dir.join(".gitignore").display()
        )?;
    }
    writeln!(ctx.out, "next: review it, then run `accord check`")?;
    Ok(EXIT_CLEAN)
}

/// Makes git ignore `.accord/`, where the local SQLite database and ledger live, unless the
/// repository's top `.gitignore` already does: committed by a `git add -A`, they break the
/// next checkout. Read and rewritten through the guarded file layer (a `.gitignore` that is a
/// symlink out of the repository is refused). True when the line was added.
fn ignore_local_state(dir: &std::path::Path) -> anyhow::Result<bool> {
    let root = accord_fs::Root::open(dir)?;
    let existing = match root.read_optional(".gitignore")? {
        Some(bytes) => String::from_utf8(bytes)
            .map_err(|_| anyhow!("{}: not UTF-8", dir.join(".gitignore").display()))?,
        None => String::new(),
    };
    let covered = existing.lines().map(str::trim).any(|line| {
        matches!(
            line.trim_start_matches('/').trim_end_matches('/'),
            ".accord" | ".accord/*" | ".accord/**"
        )
    });
    if covered {
        return Ok(false);
    }
    let separator = if existing.is_empty() || existing.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    let text = format!(
        "{existing}{separator}# Accord's local database and ledger (accord init)\n.accord/\n"
    );
    root.write_atomic(".gitignore", text.as_bytes())?;
    Ok(true)
}
