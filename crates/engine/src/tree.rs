//! Everything Accord can say about one tree of files, without a change to judge: registry,
//! conformance, code that drifted from its committed surface, and metric gates.

use crate::{EngineError, Workspace};
use accord_contract::conformance::{ConformanceOptions, ContractMatches};
use accord_model::contract::Contract;
use accord_model::{Finding, Location};
use accord_surface::rules::surface_snapshot_missing::SURFACE_SNAPSHOT_MISSING;
use accord_surface::snapshot::{code_entry, drift, extract_pack_with, read_snapshot};

/// The findings about one tree, with what was looked at.
#[derive(Debug, Default)]
pub struct TreeReport {
    /// Registry, conformance, surface and gate findings, in that order.
    pub findings: Vec<Finding>,
    /// The contracts that parsed.
    pub contracts: Vec<Contract>,
    /// What each contract's location matched.
    pub matches: Vec<ContractMatches>,
    /// The pack graph and the uses of each pack's code by others.
    pub arch: crate::arch::ArchReport,
}

/// Checks the tree under `ws.root`.
pub fn check_tree(ws: &Workspace, options: &ConformanceOptions) -> Result<TreeReport, EngineError> {
    let registry = accord_contract::load_registry(&ws.root, &ws.manifest)?;
    let mut findings = registry.findings;
    findings.extend(accord_contract::lint_registry(
        &ws.manifest,
        &registry.contracts,
        &registry.sources,
    ));
    let conformance = accord_contract::conformance::check_conformance(
        &ws.root,
        &ws.manifest,
        &registry.contracts,
        options,
    )?;
    findings.extend(conformance.findings);
    findings.extend(crate::governance::check_generated(ws, &registry.contracts)?);
    findings.extend(crate::governance::check_documents(
        ws,
        &registry.contracts,
        &registry.sources,
    )?);
    findings.extend(surface_drift(ws, None)?);
    // A mistake in `[packs.NAME.cli]` is reported by every check, not only by the change
    // that would have needed it.
    for pack in &ws.manifest.packs {
        accord_surface::cli_flags::cli_entry(pack, &ws.manifest.path, &ws.manifest_text)?;
    }
    findings.extend(crate::gates::run_gates(ws, &[])?.findings);
    findings.extend(crate::release::release_tag(ws)?);
    findings.extend(crate::release::traceability(ws)?);
    findings.extend(crate::vet::vet_tree(ws)?);
    findings.extend(crate::testsmith::check_tree(ws)?);
    let arch = crate::arch::analyze(
        &ws.root,
        &ws.manifest,
        &ws.manifest_text,
        &registry.contracts,
    )?;
    findings.extend(arch.findings.iter().cloned());
    findings.extend(crate::security::analyze(ws, &registry.contracts)?);
    Ok(TreeReport {
        findings,
        contracts: registry.contracts,
        matches: conformance.matches,
        arch,
    })
}

/// Drift between each pack's code and its committed surface, as findings classified like
/// any API change, plus `surface-snapshot-missing` for a pack whose code has no committed
/// surface (a gate that silently checks nothing is worse than none). `only` restricts to
/// one pack; naming a pack without code is an error.
pub fn surface_drift(ws: &Workspace, only: Option<&str>) -> Result<Vec<Finding>, EngineError> {
    let fs = ws.fs()?;
    let mut any = false;
    let mut all = Vec::new();
    for pack in &ws.manifest.packs {
        if only.is_some_and(|p| !pack.answers_to(p)) {
            continue;
        }
        let Some(entry) = code_entry(pack, &ws.manifest.path, &ws.manifest_text)? else {
            continue;
        };
        any = true;
        let extraction = extract_pack_with(&ws.root, &entry, &surface_options(ws))?;
        all.extend(
            extraction
                .findings
                .into_iter()
                .map(|f| under_root(f, &entry.root)),
        );
        let (json, _) =
            accord_surface::snapshot::snapshot_rel_paths(&ws.manifest.contracts.dir, &pack.name);
        match read_snapshot(&fs, &json)? {
            None => all.push(missing_snapshot(ws, &pack.name, &json)),
            Some(committed) => all.extend(
                drift(
                    &committed,
                    &extraction.surface,
                    &pack.name,
                    &json,
                    accord_diff::code::diff_surfaces,
                )
                .into_iter()
                .map(|f| under_root(f, &entry.root)),
            ),
        }
    }
    if !any && let Some(pack) = only {
        return Err(EngineError::NoManifest(format!(
            "pack `{pack}` has no [packs.{pack}.code] table in accord.toml"
        )));
    }
    Ok(all)
}

fn missing_snapshot(ws: &Workspace, pack: &str, json: &str) -> Finding {
    let span = ws
        .manifest
        .packs
        .iter()
        .find(|p| p.name == pack)
        .and_then(|p| p.sections.get("code"))
        .map(|section| section.span_of(""));
    let location = match span {
        Some(span) if span.end > span.start => {
            Location::from_span(&ws.manifest.path, &ws.manifest_text, span)
        }
        _ => Location::file(&ws.manifest.path),
    };
    Finding::of(
        &SURFACE_SNAPSHOT_MISSING,
        format!("pack `{pack}` declares code but has no committed surface at {json}"),
    )
    .at(location)
    .with_contract(format!("{pack} code surface"))
    .with_help(format!(
        "run `accord surface snapshot {pack}` and commit {json} with its .surface.txt"
    ))
}

/// Extractors report paths relative to the package root; findings speak repository paths.
pub fn under_root(mut finding: Finding, root: &str) -> Finding {
    let root = root.trim_matches('/');
    if !root.is_empty() && root != "." && !finding.location.path.is_empty() {
        finding.location.path = format!("{root}/{}", finding.location.path);
    }
    finding
}

/// Extraction options with the parse cache, which lives outside the repository; when no
/// such place is usable (no home, a location inside the repository) extraction runs
/// uncached rather than trusting a cache the change under review could write.
pub fn surface_options(ws: &Workspace) -> accord_surface::Options {
    accord_surface::Options {
        cache_dir: accord_surface::cache::default_dir(&ws.root).ok(),
        ..Default::default()
    }
}
