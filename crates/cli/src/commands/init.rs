//! `accord init [DIR]`: write a manifest from the repository's own workspace files (with code
//! tables, real test globs and code contracts for the pack graph), never over an existing
//! one without `--force`; `--check` reports what changed since it was written.

use crate::cli::Ctx;
use crate::{EXIT_CLEAN, EXIT_ERROR, EXIT_FAILED};
use accord_engine::init::{CONTRACTS_DIR, InitPlan};
use anyhow::{Context, anyhow};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Repository directory (default: the current directory).
    dir: Option<PathBuf>,
    /// Print the manifest instead of writing anything.
    #[arg(long, conflicts_with = "check")]
    stdout: bool,
    /// Replace an existing accord.toml (contracts and templates already there are kept).
    #[arg(long, conflicts_with = "check")]
    force: bool,
    /// Report packages added or packs gone since accord.toml was written; exit 1 when any.
    #[arg(long)]
    check: bool,
}

/// Where GitHub looks for a pull request template; an existing one is never replaced.
const PR_TEMPLATES: &[&str] = &[
    ".github/pull_request_template.md",
    ".github/PULL_REQUEST_TEMPLATE.md",
    ".github/PULL_REQUEST_TEMPLATE",
    "pull_request_template.md",
    "PULL_REQUEST_TEMPLATE.md",
    "docs/pull_request_template.md",
    "docs/PULL_REQUEST_TEMPLATE.md",
];

/// The pull request template: the Contract Impact declaration of seed 003 §6.1, in the form
/// `accord_policy::pr::parse_pr_declaration` reads (a heading, then one ticked box).
pub const PR_TEMPLATE: &str = "\
## Summary

<!-- What changes, and why. -->

## Contract Impact

<!-- Tick exactly one. Accord compares it with the change it finds (`accord check --base`). -->
- [ ] None
- [ ] SAFE
- [ ] RISKY
- [ ] BREAKING

## If RISKY or BREAKING

<!-- Attach or update the policy decision (`accord check --base origin/main --record`),
     add or update tests, and name the consumers you coordinated with. -->
- Decision record:
- Tests:
- Consumers informed:
";

pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let dir = match args.dir {
        Some(dir) => dir,
        None => std::env::current_dir().context("cannot read the current directory")?,
    };
    if !dir.is_dir() {
        return Err(anyhow!("{} is not a directory", dir.display()));
    }
    let root = accord_fs::Root::open(&dir)?;
    if args.check {
        return check(&dir, &root, ctx);
    }
    let name = std::fs::canonicalize(&dir)
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "project".to_string());
    let plan = accord_engine::init::plan(&dir, &name)?;
    if plan.packs.is_empty() {
        writeln!(
            ctx.err,
            "error: nothing to govern in {}: no Cargo, pnpm, npm/yarn or Python workspace, no package manifest, and no package folder (packages/*, services/*, …) holding more than documentation",
            dir.display()
        )?;
        for s in &plan.skipped {
            writeln!(ctx.err, "  skipped {}: {}", s.dir, s.reason)?;
        }
        writeln!(
            ctx.err,
            "  no accord.toml was written; declare packs by hand if this repository has modules Accord cannot see"
        )?;
        return Ok(EXIT_ERROR);
    }
    if args.stdout {
        write!(ctx.out, "{}", plan.manifest)?;
        return Ok(EXIT_CLEAN);
    }
    if root.is_file("accord.toml") && !args.force {
        return Err(anyhow!(
            "{} already exists; accord init never overwrites it without --force (use --stdout to see what it would write, --check to see what changed)",
            dir.join("accord.toml").display()
        ));
    }
    report_plan(&plan, ctx)?;
    let written = write_plan(&dir, &root, &plan, args.force)?;
    writeln!(ctx.out)?;
    for line in written {
        writeln!(ctx.out, "{line}")?;
    }
    writeln!(
        ctx.out,
        "next: review accord.toml (maintainers are empty), run `accord check`, then commit accord.toml, {CONTRACTS_DIR}/ and the template"
    )?;
    Ok(EXIT_CLEAN)
}

fn report_plan(plan: &InitPlan, ctx: &mut Ctx) -> anyhow::Result<()> {
    use std::fmt::Write as _;
    // Names, folders and notes come from the repository: each line is made one harmless
    // line before it reaches the terminal.
    let mut text = String::new();
    writeln!(
        text,
        "detected {} pack{}:",
        plan.packs.len(),
        if plan.packs.len() == 1 { "" } else { "s" }
    )?;
    for pack in &plan.packs {
        let package = pack
            .package
            .as_ref()
            .map(|p| format!(", package `{p}`"))
            .unwrap_or_default();
        writeln!(
            text,
            "  {} ({}, {}{package})",
            pack.name,
            pack.dir,
            pack.source.describe()
        )?;
        if let Some(code) = &pack.code {
            writeln!(
                text,
                "    code: {} from {}: {}{}",
                code.language,
                code.source,
                code.resolved.join(", "),
                if code.entry.is_empty() {
                    ""
                } else {
                    " (written as `entry`)"
                }
            )?;
        }
        if pack.tests.is_empty() {
            writeln!(text, "    tests: none found")?;
        } else {
            writeln!(text, "    tests: {}", pack.tests.join(", "))?;
        }
        if let Some(consumers) = plan.consumers.get(&pack.name) {
            writeln!(text, "    consumers: {}", consumers.join(", "))?;
        }
        for note in &pack.notes {
            writeln!(text, "    note: {note}")?;
        }
    }
    if !plan.skipped.is_empty() {
        writeln!(text, "skipped:")?;
        for s in &plan.skipped {
            writeln!(text, "  {}: {}", s.dir, s.reason)?;
        }
    }
    for note in &plan.notes {
        writeln!(text, "note: {note}")?;
    }
    for line in text.lines() {
        writeln!(ctx.out, "{}", accord_model::display::one_line(line))?;
    }
    Ok(())
}

/// Writes the plan through the guarded file layer; returns what was done, one line each.
fn write_plan(
    dir: &Path,
    root: &accord_fs::Root,
    plan: &InitPlan,
    force: bool,
) -> anyhow::Result<Vec<String>> {
    let mut done = Vec::new();
    root.write_atomic("accord.toml", plan.manifest.as_bytes())?;
    done.push(format!(
        "wrote {}{}",
        dir.join("accord.toml").display(),
        if force { " (replaced)" } else { "" }
    ));
    // A missing contracts directory is an error by design, so it comes with the manifest.
    root.create_dir_all(CONTRACTS_DIR)?;
    for (path, text) in &plan.contracts {
        if root.is_file(path) {
            done.push(format!("kept {path} (already there)"));
            continue;
        }
        root.write_atomic(path, text.as_bytes())?;
        done.push(format!("wrote {path}"));
    }
    for (pack, surface) in &plan.snapshots {
        let paths = accord_surface::snapshot::write_snapshot(root, CONTRACTS_DIR, pack, surface)?;
        done.push(format!(
            "wrote {} ({} public symbols)",
            paths.join(" and "),
            surface.symbols.len()
        ));
    }
    if ignore_local_state(dir, root)? {
        done.push("added `.accord/` (local database and ledger) to .gitignore".to_string());
    }
    // Git ignores what a directory's own .gitignore says, even when the top one is edited
    // away or the folder is copied elsewhere.
    if !root.is_file(".accord/.gitignore") {
        root.create_dir_all(".accord")?;
        root.write_atomic(
            ".accord/.gitignore",
            b"# Accord's local state (database, ledger); never committed.\n*\n",
        )?;
        done.push("wrote .accord/.gitignore".to_string());
    }
    match PR_TEMPLATES.iter().find(|t| root.is_file(t)) {
        Some(existing) => done.push(format!(
            "kept the pull request template {existing}; add a `## Contract Impact` section with one ticked box of None / SAFE / RISKY / BREAKING if it has none"
        )),
        None => {
            root.create_dir_all(".github")?;
            root.write_atomic(PR_TEMPLATES[0], PR_TEMPLATE.as_bytes())?;
            done.push(format!(
                "wrote {} (Contract Impact section)",
                PR_TEMPLATES[0]
            ));
        }
    }
    Ok(done)
}

fn check(dir: &Path, root: &accord_fs::Root, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let Some(bytes) = root.read_optional("accord.toml")? else {
        return Err(anyhow!(
            "{} has no accord.toml; run `accord init` first",
            dir.display()
        ));
    };
    let text = String::from_utf8(bytes).map_err(|_| anyhow!("accord.toml: not UTF-8"))?;
    let manifest = accord_contract::parse_manifest("accord.toml", &text)
        .map_err(|e| anyhow!("accord.toml: {e}"))?;
    let drift = accord_engine::init::drift(dir, &manifest);
    if drift.is_empty() {
        writeln!(
            ctx.out,
            "accord.toml is up to date: every package detected belongs to a pack and every pack's folder exists"
        )?;
        return Ok(EXIT_CLEAN);
    }
    for pack in &drift.new_packages {
        let package = pack
            .package
            .as_ref()
            .map(|p| format!(" (package `{p}`)"))
            .unwrap_or_default();
        writeln!(
            ctx.out,
            "new package not in accord.toml: {}{package}, a {}; declare [packs.{}] with paths = [\"{}/**\"]",
            pack.dir,
            pack.source.describe(),
            pack.name,
            pack.dir
        )?;
    }
    for (pack, place) in &drift.vanished {
        writeln!(
            ctx.out,
            "pack `{pack}`: `{place}` no longer exists; remove the pack or fix its paths"
        )?;
    }
    Ok(EXIT_FAILED)
}

/// Makes git ignore `.accord/`, where the local SQLite database and ledger live, unless the
/// repository's top `.gitignore` already does: committed by a `git add -A`, they break the
/// next checkout. Read and rewritten through the guarded file layer (a `.gitignore` that is a
/// symlink out of the repository is refused). True when the line was added.
fn ignore_local_state(dir: &Path, root: &accord_fs::Root) -> anyhow::Result<bool> {
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

#[cfg(test)]
mod tests {
    use super::PR_TEMPLATE;
    use accord_policy::PrDeclaration;

    #[test]
    fn the_pr_template_reads_as_the_box_ticked_and_as_missing_when_none_is() {
        let ticked = PR_TEMPLATE.replace("- [ ] RISKY", "- [x] RISKY");
        match accord_policy::parse_pr_declaration("pr.md", &ticked) {
            PrDeclaration::Declared { impact, .. } => {
                assert_eq!(impact, Some(accord_model::Class::Risky))
            }
            other => panic!("{other:?}"),
        }
        let none = PR_TEMPLATE.replace("- [ ] None", "- [x] None");
        assert!(matches!(
            accord_policy::parse_pr_declaration("pr.md", &none),
            PrDeclaration::Declared { impact: None, .. }
        ));
        assert!(!matches!(
            accord_policy::parse_pr_declaration("pr.md", PR_TEMPLATE),
            PrDeclaration::Declared { .. }
        ));
    }
}
