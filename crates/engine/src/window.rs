//! Deprecation windows counted in releases: each public symbol a change removes from a pack's
//! committed code surface is looked up in the surfaces committed at the release tags, and
//! `accord_gate::window` judges whether its window is over. Opt-in by history: without a
//! release tag (`[changelog].tag_prefix`, default `v`, plus a version) there are no releases
//! to count, and nothing is reported.

use crate::{EngineError, Workspace};
use accord_gate::window::{Shipped, check_removal};
use accord_model::surface::Surface;
use accord_model::{Finding, Location};
use accord_surface::snapshot::{code_entry, snapshot_rel_paths};
use accord_vcs::Repo;
use semver::Version;

fn parse_surface(bytes: &[u8]) -> Option<Surface> {
    serde_json::from_slice(bytes).ok()
}

/// The findings for symbols removed between `base` and the head workspace `head`.
pub(crate) fn window_findings(
    head: &Workspace,
    repo: &Repo,
    prefix: &str,
    base: &str,
) -> Result<Vec<Finding>, EngineError> {
    let tag_prefix = accord_gate::changelog::parse_changelog_config(
        head.manifest.sections.get("changelog"),
        &head.manifest.path,
        &head.manifest_text,
    )?
    .map_or_else(|| "v".to_string(), |c| c.tag_prefix);
    let mut releases: Vec<(Version, String)> = repo
        .tags()?
        .into_iter()
        .filter_map(|(name, commit)| {
            let v = Version::parse(name.strip_prefix(&tag_prefix)?).ok()?;
            Some((v, commit))
        })
        .collect();
    if releases.is_empty() {
        return Ok(Vec::new());
    }
    releases.sort();
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
        for (version, commit) in releases.iter().filter(|(v, _)| *v < removal) {
            if let Some(s) = repo
                .read_file(commit, &format!("{prefix}{json}"))?
                .and_then(|b| parse_surface(&b))
            {
                shipped.push((version.clone(), s));
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
