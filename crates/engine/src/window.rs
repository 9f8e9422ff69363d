//! Deprecation windows counted in releases: each public symbol a change removes from a pack's
//! committed code surface is looked up in the surfaces committed at the release tags, each
//! contract the change removes from the registry or retires in the contract files committed
//! there, and `accord_gate::window` judges whether its window is over. Opt-in by history:
//! without a release tag (`[changelog].tag_prefix`, default `v`, plus a version) there are no
//! releases to count, and nothing is reported. A file that cannot be read at a tag is a
//! `deprecation-history-unreadable` note, never a silent gap.

use crate::compare::Comparison;
use crate::{EngineError, Workspace};
use accord_contract::ManifestError;
use accord_gate::changelog::{ChangelogConfig, declared_version};
use accord_gate::window::{
    Ending, Shipped, Subject, check_end, check_removal, history_unreadable, removal_version_unknown,
};
use accord_model::contract::{Contract, Status};
use accord_model::surface::Surface;
use accord_model::{Finding, Location};
use accord_surface::snapshot::{code_entry, snapshot_rel_paths};
use accord_vcs::{Repo, Tree};
use semver::Version;

fn parse_surface(bytes: &[u8]) -> Option<Surface> {
    serde_json::from_slice(bytes).ok()
}

/// A release tag: its name, the version its name spells, and its commit.
struct Release {
    tag: String,
    version: Version,
    commit: String,
}

/// The head's `[changelog]` section and its release tags, oldest first.
fn releases(
    head: &Workspace,
    repo: &Repo,
) -> Result<(Option<ChangelogConfig>, Vec<Release>), EngineError> {
    let config = accord_gate::changelog::parse_changelog_config(
        head.manifest.sections.get("changelog"),
        &head.manifest.path,
        &head.manifest_text,
    )?;
    let tag_prefix = config.as_ref().map_or("v", |c| c.tag_prefix.as_str());
    let mut releases: Vec<Release> = repo
        .tags()?
        .into_iter()
        .filter_map(|(tag, commit)| {
            let version = Version::parse(tag.strip_prefix(tag_prefix)?).ok()?;
            Some(Release {
                tag,
                version,
                commit,
            })
        })
        .collect();
    releases.sort_by(|a, b| a.version.cmp(&b.version).then(a.tag.cmp(&b.tag)));
    Ok((config, releases))
}

/// The note that a shallow clone shows no release tag: every count below then silently
/// finds nothing to count, which CI's default one-commit checkout must not pass for a pass.
pub(crate) fn shallow_without_releases(
    head: &Workspace,
    repo: &Repo,
) -> Result<Option<Finding>, EngineError> {
    if !repo.is_shallow() || !releases(head, repo)?.1.is_empty() {
        return Ok(None);
    }
    Ok(Some(accord_gate::window::releases_not_fetched(
        Location::file(&head.manifest.path),
    )))
}

/// The version the head releases (`[changelog]` version file, or `[project].version`), or
/// why it is unknown, and the file it is read from.
fn head_version(
    head: &Workspace,
    config: Option<&ChangelogConfig>,
) -> Result<(Result<Version, String>, String), EngineError> {
    let (declared, from) = match config {
        Some(c) => crate::release::version(head, c)?,
        None => (
            head.manifest.project.version.clone(),
            head.manifest.path.clone(),
        ),
    };
    let version = match declared.as_deref().map(|v| Version::parse(v.trim())) {
        Some(Ok(v)) => Ok(v),
        Some(Err(e)) => Err(format!("not a semantic version: {e}")),
        None => Err("no version declared".to_string()),
    };
    Ok((version, from))
}

/// The findings for symbols removed between `base` and the head workspace `head`.
pub(crate) fn window_findings(
    head: &Workspace,
    repo: &Repo,
    prefix: &str,
    base: &str,
) -> Result<Vec<Finding>, EngineError> {
    let (_, releases) = releases(head, repo)?;
    if releases.is_empty() {
        return Ok(Vec::new());
    }
    let base_commit = repo.resolve(base)?;
    let fs = head.fs()?;
    let mut out = Vec::new();
    for pack in &head.manifest.packs {
        let Some(entry) = code_entry(pack, &head.manifest.path, &head.manifest_text)? else {
            continue;
        };
        let (json, _) = snapshot_rel_paths(&head.manifest.contracts.dir, &pack.name);
        let Some(old) = repo
            .read_file(base, &format!("{prefix}{json}"))?
            .and_then(|b| parse_surface(&b))
        else {
            continue;
        };
        let Some(new) = fs.read_optional(&json)?.and_then(|b| parse_surface(&b)) else {
            continue;
        };
        let Some(removal) = new.version.as_deref().and_then(|v| Version::parse(v).ok()) else {
            continue;
        };
        let present = |s: &Surface, path: &str| s.symbols.iter().any(|x| x.path == path);
        let removed: Vec<&accord_model::surface::Symbol> = old
            .symbols
            .iter()
            .filter(|s| !s.path.contains('#') && !present(&new, &s.path))
            .collect();
        // A removed module or type carries its members: the outermost removal is reported.
        let outermost: Vec<_> = removed
            .iter()
            .filter(|s| {
                !removed.iter().any(|p| {
                    p.path != s.path
                        && (s.path.starts_with(&format!("{}::", p.path))
                            || s.path.starts_with(&format!("{}.", p.path)))
                })
            })
            .collect();
        if outermost.is_empty() {
            continue;
        }
        // The pack's surface at every earlier release, read once.
        let mut shipped: Vec<(Version, Surface)> = Vec::new();
        // A release of the head's own version (not bumped since the tag) shipped the symbol
        // too; `check_removal` counts only the minor lines before the removal's.
        for r in releases.iter().filter(|r| r.version <= removal) {
            let Some(bytes) = repo.read_file(&r.commit, &format!("{prefix}{json}"))? else {
                continue;
            };
            match serde_json::from_slice::<Surface>(&bytes) {
                Ok(s) => shipped.push((r.version.clone(), s)),
                Err(e) => {
                    let mut at = Location::file(&json);
                    at.revision = Some(r.commit.clone());
                    out.push(history_unreadable(
                        &json,
                        &r.tag,
                        &e.to_string(),
                        &format!(
                            "release {} is not counted for the symbols of pack `{}`",
                            r.version, pack.name
                        ),
                        at,
                    ));
                }
            }
        }
        for symbol in outermost {
            let history: Vec<Shipped> = shipped
                .iter()
                .filter_map(|(v, s)| {
                    s.symbols
                        .iter()
                        .find(|x| x.path == symbol.path)
                        .map(|x| Shipped {
                            version: v.clone(),
                            deprecated: x.stability.deprecated.is_some(),
                        })
                })
                .collect();
            let mut at = Location::new(symbol.span.path.clone(), symbol.span.line, symbol.span.col);
            at.revision = Some(base_commit.clone());
            if let Some(f) = check_removal(&symbol.path, &history, &removal, at) {
                // A violation to fix (restore the symbol), not a change to condition: no
                // contract, so policy asks to resolve it.
                out.push(crate::tree::under_root(f, &entry.root));
            }
        }
    }
    Ok(out)
}

/// `line:col: message` of the first diagnostic of a manifest that does not parse.
fn manifest_problem(e: &ManifestError) -> String {
    e.diagnostics
        .first()
        .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
        .unwrap_or_else(|| "invalid manifest".to_string())
}

/// A contract that ends in the change: its base version (what the releases shipped), how it
/// ends, and where the finding points.
struct Ended<'a> {
    contract: &'a Contract,
    ending: Ending,
    at: Location,
    history: Vec<Shipped>,
}

/// The contracts the change removes from the registry or retires, paired the way the
/// comparison pairs them (files that did not change, or do not parse at either side, are
/// left out there too).
fn ended_contracts(comparison: &Comparison) -> Vec<Ended<'_>> {
    let (base, head) = (&comparison.base, &comparison.head);
    let unchanged =
        |p: &str| base.inputs.contains_key(p) && base.inputs.get(p) == head.inputs.get(p);
    let olds = base
        .contracts
        .iter()
        .filter(|c| !head.unparsable.contains(&c.path));
    let news = head
        .contracts
        .iter()
        .filter(|c| !base.unparsable.contains(&c.path) && !unchanged(&c.path));
    let text = |side: &crate::compare::Side, path: &str| {
        side.inputs
            .get(path)
            .and_then(|b| std::str::from_utf8(b).ok())
            .map(str::to_string)
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for pair in accord_diff::pair_contracts(olds, news) {
        match pair {
            // Removing a retired contract is the last step of its lifecycle.
            accord_diff::Pair::Removed(old) if old.status != Some(Status::Retired) => {
                let mut at = Location::from_span(
                    &old.path,
                    &text(base, &old.path),
                    old.span_of("/contract/status"),
                );
                at.revision = base.commit.clone();
                out.push(Ended {
                    contract: old,
                    ending: Ending::Removed,
                    at,
                    history: Vec::new(),
                });
            }
            accord_diff::Pair::Changed { old, new }
                if new.status == Some(Status::Retired) && old.status != Some(Status::Retired) =>
            {
                let at = Location::from_span(
                    &new.path,
                    &text(head, &new.path),
                    new.span_of("/contract/status"),
                );
                out.push(Ended {
                    contract: old,
                    ending: Ending::Retired,
                    at,
                    history: Vec::new(),
                });
            }
            _ => {}
        }
    }
    out
}

/// A release's version: the project version committed at its tag (`[changelog].version_file`
/// when the head names one, else `[project] version`), else the version its tag spells; and the
/// contracts directory committed there. What cannot be read there is a note in `notes`.
fn release_version(
    tree: &dyn Tree,
    prefix: &str,
    head: &Workspace,
    config: Option<&ChangelogConfig>,
    r: &Release,
    notes: &mut Vec<Finding>,
) -> Result<(Version, String), EngineError> {
    let head_dir = head
        .manifest
        .contracts
        .dir
        .trim_end_matches('/')
        .to_string();
    let fallback = |notes: &mut Vec<Finding>, file: &str, reason: String, dir: &str| {
        let mut at = Location::file(file);
        at.revision = Some(r.commit.clone());
        notes.push(history_unreadable(
            file,
            &r.tag,
            &reason,
            &format!(
                "the release's version is taken from the tag ({}), its contracts from `{dir}/`",
                r.version
            ),
            at,
        ));
        r.version.clone()
    };
    let manifest_file = &head.manifest.path;
    let Some(bytes) = tree.read(&format!("{prefix}{manifest_file}"))? else {
        // Not governed by Accord yet: the tag is all there is.
        return Ok((r.version.clone(), head_dir));
    };
    let manifest = match String::from_utf8(bytes) {
        Err(e) => {
            let reason = format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to());
            return Ok((fallback(notes, manifest_file, reason, &head_dir), head_dir));
        }
        Ok(text) => match accord_contract::parse_manifest(manifest_file, &text) {
            Ok(m) => m,
            Err(e) => {
                let reason = manifest_problem(&e);
                return Ok((fallback(notes, manifest_file, reason, &head_dir), head_dir));
            }
        },
    };
    let dir = manifest.contracts.dir.trim_end_matches('/').to_string();
    let (declared, file) = match config.and_then(|c| c.version_file.as_deref()) {
        Some(file) => {
            let declared = tree
                .read(&format!("{prefix}{file}"))?
                .map(|b| {
                    String::from_utf8(b)
                        .map_err(|e| format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to()))
                        .and_then(|t| declared_version(file, &t))
                })
                .transpose();
            match declared {
                Ok(v) => (v.flatten(), file.to_string()),
                Err(reason) => return Ok((fallback(notes, file, reason, &dir), dir)),
            }
        }
        None => (manifest.project.version.clone(), manifest_file.clone()),
    };
    let version = match declared {
        None => r.version.clone(),
        Some(text) => match Version::parse(text.trim()) {
            Ok(v) => v,
            Err(e) => {
                let reason = format!("version `{}` is not a semantic version: {e}", text.trim());
                fallback(notes, &file, reason, &dir)
            }
        },
    };
    Ok((version, dir))
}

/// `removal-before-deprecation-window` for each contract the change removes or retires before
/// its window is over, counted in the releases that shipped it `deprecated`.
pub(crate) fn contract_window_findings(
    head: &Workspace,
    comparison: &Comparison,
    repo: &Repo,
    prefix: &str,
) -> Result<Vec<Finding>, EngineError> {
    let mut ended = ended_contracts(comparison);
    if ended.is_empty() {
        return Ok(Vec::new());
    }
    let (config, releases) = releases(head, repo)?;
    if releases.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let (removal, from) = head_version(head, config.as_ref())?;
    let removal = match removal {
        Ok(v) => v,
        Err(reason) => {
            for e in &ended {
                out.push(removal_version_unknown(
                    &format!("contract `{}`", e.contract.name.trim()),
                    &from,
                    &reason,
                    e.at.clone(),
                ));
            }
            return Ok(out);
        }
    };
    for r in &releases {
        let tree = repo.at(&r.commit)?;
        let mut notes = Vec::new();
        let (version, dir) = release_version(&tree, prefix, head, config.as_ref(), r, &mut notes)?;
        // A release of the head's own version (not bumped since the tag) shipped the contract
        // too; `check_end` counts only the minor lines before the removal's. A later release
        // is not counted, so what could not be read there does not matter.
        if version > removal {
            continue;
        }
        out.extend(notes);
        let mut shipped: Vec<Contract> = Vec::new();
        for full in tree.list(&format!("{prefix}{dir}/"))? {
            let Some(path) = full.strip_prefix(prefix) else {
                continue;
            };
            if !accord_contract::is_contract_file(path) {
                continue;
            }
            let Some(bytes) = tree.read(&full)? else {
                continue;
            };
            // Only files that can hold an ended contract are parsed: a registry has many, and
            // a contract's file spells its name (a name written with YAML escapes is missed).
            let names: Vec<&str> = ended
                .iter()
                .map(|e| e.contract.name.trim())
                .filter(|n| !n.is_empty() && bytes.windows(n.len()).any(|w| w == n.as_bytes()))
                .collect();
            if names.is_empty() {
                continue;
            }
            let parsed = match std::str::from_utf8(&bytes) {
                Err(e) => Err((
                    Location::file(path),
                    format!("not UTF-8 (byte {})", e.valid_up_to()),
                )),
                Ok(text) => accord_contract::parse_contract(path, text).map_err(|e| {
                    match e.diagnostics.first() {
                        Some(d) => (
                            Location::from_span(path, text, d.span),
                            format!("{}:{}: {}", d.line, d.column, d.message),
                        ),
                        None => (Location::file(path), "cannot be parsed".to_string()),
                    }
                }),
            };
            match parsed {
                Ok(c) => shipped.push(c),
                Err((mut at, reason)) => {
                    at.revision = Some(r.commit.clone());
                    let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                    out.push(history_unreadable(
                        path,
                        &r.tag,
                        &reason,
                        &format!(
                            "release {version} is not counted for contract {}",
                            names.join(", ")
                        ),
                        at,
                    ));
                }
            }
        }
        let pairs = accord_diff::pair_contracts(&shipped, ended.iter().map(|e| e.contract));
        for pair in pairs {
            if let accord_diff::Pair::Changed { old, new } = pair
                && let Some(e) = ended.iter_mut().find(|e| std::ptr::eq(e.contract, new))
            {
                e.history.push(Shipped {
                    version: version.clone(),
                    deprecated: old.status == Some(Status::Deprecated),
                });
            }
        }
    }
    for e in ended {
        let subject = Subject {
            name: e.contract.name.trim(),
            kind: Some("contract"),
            ending: e.ending,
        };
        // A violation to fix (restore the contract), not a change to condition: like the
        // code-surface finding it names no contract, so policy asks to resolve it rather than
        // folding it into the contract change's conditions.
        out.extend(check_end(subject, &e.history, &removal, e.at));
    }
    Ok(out)
}

/// The flags of one pack's CLI sources at one side: what parsed, and the files that did not.
struct CliSide {
    flags: Vec<accord_surface::cli_flags::CliFlag>,
    /// `(file, line, column, reason)` of each source that could not be read or parsed.
    unreadable: Vec<(String, u32, u32, String)>,
}

/// Reads and parses `files` through `read` (bounded reads of the working tree or of git
/// objects); a file that is absent is skipped, one too large or refused is unreadable.
fn cli_side(
    program: &str,
    files: &[String],
    mut read: impl FnMut(&str) -> Result<Option<Vec<u8>>, String>,
) -> CliSide {
    let mut unreadable = Vec::new();
    let mut texts: Vec<(String, String)> = Vec::new();
    for file in files {
        match read(file) {
            Ok(None) => {}
            Ok(Some(bytes)) => match String::from_utf8(bytes) {
                Ok(text) => texts.push((file.clone(), text)),
                Err(e) => unreadable.push((
                    file.clone(),
                    0,
                    0,
                    format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to()),
                )),
            },
            Err(reason) => unreadable.push((file.clone(), 0, 0, reason)),
        }
    }
    let sources: Vec<(&str, &str)> = texts
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let (flags, problems) = accord_surface::cli_flags::cli_flags(program, &sources);
    unreadable.extend(
        problems
            .into_iter()
            .map(|p| (p.path, p.line, p.column, p.message)),
    );
    CliSide { flags, unreadable }
}

fn unreadable_at(file: &str, line: u32, column: u32, revision: Option<&str>) -> Location {
    let mut at = if line > 0 {
        Location::new(file, line, column)
    } else {
        Location::file(file)
    };
    at.revision = revision.map(str::to_string);
    at
}

fn position(line: u32, column: u32, reason: &str) -> String {
    if line > 0 {
        format!("{line}:{column}: {reason}")
    } else {
        reason.to_string()
    }
}

/// A git read bounded like every other: an over-limit blob is a reason (the outer `Ok`),
/// a repository that cannot be read an error.
fn git_read(
    tree: &dyn Tree,
    prefix: &str,
    file: &str,
) -> Result<Result<Option<Vec<u8>>, String>, accord_vcs::VcsError> {
    match tree.read(&format!("{prefix}{file}")) {
        Ok(bytes) => Ok(Ok(bytes)),
        Err(e @ accord_vcs::VcsError::TooLarge { .. }) => Ok(Err(e.to_string())),
        Err(e) => Err(e),
    }
}

/// [`cli_side`] of `files` read from a git tree; a repository error stops the count.
fn cli_side_at(
    program: &str,
    files: &[String],
    tree: &dyn Tree,
    prefix: &str,
) -> Result<CliSide, EngineError> {
    let mut io_error = None;
    let side = cli_side(program, files, |f| match git_read(tree, prefix, f) {
        Ok(read) => read,
        Err(e) => {
            io_error.get_or_insert(e);
            Ok(None)
        }
    });
    match io_error {
        Some(e) => Err(e.into()),
        None => Ok(side),
    }
}

/// `cli-flag-removal-before-deprecation-window` for each flag (or subcommand) of a
/// `[packs.NAME.cli]` program that the change removes before it was deprecated for one minor
/// release, counted in the releases (tags) whose sources declare it. Sources that cannot be
/// read at the base, the head or a release are `deprecation-history-unreadable` notes.
pub(crate) fn cli_window_findings(
    head: &Workspace,
    repo: &Repo,
    prefix: &str,
    base: &str,
) -> Result<Vec<Finding>, EngineError> {
    let mut entries = Vec::new();
    for pack in &head.manifest.packs {
        if let Some(entry) =
            accord_surface::cli_flags::cli_entry(pack, &head.manifest.path, &head.manifest_text)?
        {
            entries.push(entry);
        }
    }
    if entries.is_empty() {
        return Ok(Vec::new());
    }
    let (config, releases) = releases(head, repo)?;
    let base_commit = repo.resolve(base)?;
    let base_tree = repo.at(base)?;
    let fs = head.fs()?;
    let mut out = Vec::new();
    // What each pack's program loses: (its entry, the outermost removed flags).
    let mut removals = Vec::new();
    for entry in &entries {
        let new = cli_side(&entry.command, &entry.files, |f| {
            fs.read_optional(f).map_err(|e| e.to_string())
        });
        let old = cli_side_at(&entry.command, &entry.files, &base_tree, prefix)?;
        for (side, rev, sides) in [
            ("the head", None, &new),
            ("the base", Some(&base_commit), &old),
        ] {
            for (file, line, column, reason) in &sides.unreadable {
                out.push(accord_gate::window::change_unreadable(
                    file,
                    side,
                    &position(*line, *column, reason),
                    &format!(
                        "the CLI flags it declares for pack `{}` are not compared",
                        entry.pack
                    ),
                    unreadable_at(file, *line, *column, rev.map(String::as_str)),
                ));
            }
        }
        // A file unreadable at either side is left out of the comparison: its flags would
        // all look removed (or all look new). Rust types resolve across files, so one Rust
        // file unreadable leaves every Rust file out.
        let is_rust = |f: &str| f.ends_with(".rs");
        let mut skipped: Vec<&str> = new
            .unreadable
            .iter()
            .chain(&old.unreadable)
            .map(|(f, ..)| f.as_str())
            .collect();
        if skipped.iter().any(|f| is_rust(f)) {
            skipped.extend(
                entry
                    .files
                    .iter()
                    .map(String::as_str)
                    .filter(|f| is_rust(f)),
            );
        }
        let present: std::collections::HashSet<&str> =
            new.flags.iter().map(|f| f.id.as_str()).collect();
        let removed: Vec<accord_surface::cli_flags::CliFlag> = old
            .flags
            .iter()
            .filter(|f| !present.contains(f.id.as_str()) && !skipped.contains(&f.path.as_str()))
            .cloned()
            .collect();
        // A removed subcommand carries its flags: the outermost removal is reported.
        let outermost: Vec<_> = removed
            .iter()
            .filter(|f| {
                !removed
                    .iter()
                    .any(|c| c.command && c.id != f.id && f.id.starts_with(&format!("{} ", c.id)))
            })
            .cloned()
            .collect();
        // The change itself, window or not: what the CHANGELOG must name.
        for f in &outermost {
            let mut at = Location::new(&f.path, f.line, f.column);
            at.revision = Some(base_commit.clone());
            let what = if f.command { "subcommand" } else { "CLI flag" };
            out.push(
                Finding::of(
                    &crate::rules::CLI_FLAG_REMOVED,
                    format!("{what} `{}` is removed", f.id),
                )
                .at(at)
                .with_logical_path(f.id.clone()),
            );
        }
        let was_plain: std::collections::HashSet<&str> = old
            .flags
            .iter()
            .filter(|f| !f.deprecated)
            .map(|f| f.id.as_str())
            .collect();
        for f in new.flags.iter().filter(|f| {
            f.deprecated && was_plain.contains(f.id.as_str()) && !skipped.contains(&f.path.as_str())
        }) {
            let what = if f.command { "subcommand" } else { "CLI flag" };
            out.push(
                Finding::of(
                    &crate::rules::CLI_FLAG_DEPRECATED,
                    format!("{what} `{}` is marked deprecated", f.id),
                )
                .at(Location::new(&f.path, f.line, f.column))
                .with_logical_path(f.id.clone()),
            );
        }
        if !outermost.is_empty() {
            removals.push((entry, outermost));
        }
    }
    if removals.is_empty() || releases.is_empty() {
        return Ok(out);
    }
    let (removal, from) = head_version(head, config.as_ref())?;
    let removal = match removal {
        Ok(v) => v,
        Err(reason) => {
            for (_, flags) in &removals {
                for f in flags {
                    let mut at = Location::new(&f.path, f.line, f.column);
                    at.revision = Some(base_commit.clone());
                    out.push(removal_version_unknown(
                        &format!("CLI flag `{}`", f.id),
                        &from,
                        &reason,
                        at,
                    ));
                }
            }
            return Ok(out);
        }
    };
    // Each release's flags, per pack with removals: (pack, version, flags).
    let mut shipped: Vec<(&str, Version, Vec<accord_surface::cli_flags::CliFlag>)> = Vec::new();
    for r in &releases {
        let tree = repo.at(&r.commit)?;
        let mut notes = Vec::new();
        let (version, _) = release_version(&tree, prefix, head, config.as_ref(), r, &mut notes)?;
        // A later release is not counted, so what could not be read there does not matter.
        if version > removal {
            continue;
        }
        out.extend(notes);
        for (entry, _) in &removals {
            let side = cli_side_at(&entry.command, &entry.files, &tree, prefix)?;
            if side.unreadable.is_empty() {
                shipped.push((&entry.pack, version.clone(), side.flags));
                continue;
            }
            // The release could have carried the deprecation in the file it cannot read.
            for (file, line, column, reason) in &side.unreadable {
                out.push(history_unreadable(
                    file,
                    &r.tag,
                    &position(*line, *column, reason),
                    &format!(
                        "release {version} is not counted for the CLI flags of pack `{}`",
                        entry.pack
                    ),
                    unreadable_at(file, *line, *column, Some(&r.commit)),
                ));
            }
        }
    }
    for (entry, flags) in removals {
        for flag in flags {
            let history: Vec<Shipped> = shipped
                .iter()
                .filter(|(pack, ..)| *pack == entry.pack)
                .filter_map(|(_, version, fs)| {
                    fs.iter().find(|x| x.id == flag.id).map(|x| Shipped {
                        version: version.clone(),
                        deprecated: x.deprecated,
                    })
                })
                .collect();
            // A flag no release shipped (added and removed since the last one) broke no
            // user; a release that could not be read has its note.
            if history.is_empty() {
                continue;
            }
            let mut at = Location::new(&flag.path, flag.line, flag.column);
            at.revision = Some(base_commit.clone());
            out.extend(accord_gate::window::check_flag_removal(
                &flag.id,
                flag.command,
                &history,
                &removal,
                at,
            ));
        }
    }
    Ok(out)
}
