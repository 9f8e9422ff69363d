//! `[governance]` in the pipeline: the generated files (CODEOWNERS, registry table,
//! dependency graph) rendered fresh and compared with the committed copies.

use crate::{ConfigError, EngineError, Workspace};
use accord_contract::governance::{Generated, GovernanceConfig, generated_files};
use accord_model::contract::Contract;

/// `[governance]` of the workspace's manifest; a mistake in it is a manifest error.
pub fn governance_config(ws: &Workspace) -> Result<GovernanceConfig, EngineError> {
    GovernanceConfig::parse(&ws.manifest, &ws.manifest_text).map_err(|e| {
        EngineError::Manifest(ConfigError {
            display_path: ws.manifest.path.clone(),
            text: ws.manifest_text.clone(),
            diagnostics: e.diagnostics,
        })
    })
}

/// Every file Accord generates for this workspace, rendered from its manifest and `contracts`.
pub fn generated(ws: &Workspace, contracts: &[Contract]) -> Result<Vec<Generated>, EngineError> {
    Ok(generated_files(
        &governance_config(ws)?,
        &ws.manifest,
        contracts,
    ))
}

/// Findings for generated files that are stale or missing.
pub fn check_generated(
    ws: &Workspace,
    contracts: &[Contract],
) -> Result<Vec<accord_model::Finding>, EngineError> {
    let files = generated(ws, contracts)?;
    Ok(accord_contract::governance::check_generated(
        &ws.root, &files,
    )?)
}

/// Seed 000's document contracts: every ADR, epic proposal and cross-pack story the
/// `[governance]` directories hold is validated against its template, and the `TODO:`
/// placeholders `accord new` leaves in contracts and migration headers are findings. All
/// documents, not only a change's: this is part of the tree check, which `check --base` runs
/// on the head, like the generated files. Nothing without a `[governance]` section.
pub fn check_documents(
    ws: &Workspace,
    contracts: &[Contract],
    sources: &accord_contract::SourceMap,
) -> Result<Vec<accord_model::Finding>, EngineError> {
    use accord_contract::governance::documents::{
        DocKind, Document, check_documents, file_placeholders, is_document_name,
    };
    let config = governance_config(ws)?;
    if !config.enabled {
        return Ok(Vec::new());
    }
    let fs = ws.fs()?;
    let mut documents = Vec::new();
    for (kind, dir) in [
        (DocKind::Adr, &config.adrs_dir),
        (DocKind::Proposal, &config.proposals_dir),
        (DocKind::Story, &config.stories_dir),
    ] {
        if dir.is_empty() {
            continue;
        }
        for path in documents_in(ws, dir)? {
            if !is_document_name(path.rsplit('/').next().unwrap_or(&path)) {
                continue;
            }
            let text = fs.read_to_string(&path)?;
            documents.push(Document { kind, path, text });
        }
    }
    let mut epics = documents_in(ws, &config.epics_dir)?;
    epics.extend(documents_in(ws, &config.proposals_dir)?);
    let dirs = [config.epics_dir.clone(), config.proposals_dir.clone()];
    let mut findings = check_documents(&ws.manifest, &documents, &epics, &dirs);

    for contract in contracts {
        if let Some(text) = sources.get(&contract.path) {
            findings.extend(file_placeholders(&contract.path, text, false));
        }
    }
    let database = database_config(ws)?;
    for path in files_in(ws, &database.migrations, ".sql")? {
        let text = fs.read_to_string(&path)?;
        findings.extend(file_placeholders(&path, &text, true));
    }
    Ok(findings)
}

/// `[database]` of the workspace's manifest (defaults when absent).
pub fn database_config(ws: &Workspace) -> Result<accord_sql::config::DatabaseConfig, EngineError> {
    Ok(match ws.manifest.sections.get("database") {
        Some(section) => accord_sql::config::DatabaseConfig::from_section(
            section,
            &ws.manifest.path,
            &ws.manifest_text,
        )?,
        None => accord_sql::config::DatabaseConfig::default(),
    })
}

/// Markdown files directly in `dir` under `ws.root` (names only; the directory is resolved
/// through `accord-fs`, so a symlink out of the repository is refused). Absent: none.
pub fn documents_in(ws: &Workspace, dir: &str) -> Result<Vec<String>, EngineError> {
    files_in(ws, dir, ".md")
}

/// Files directly in `dir` whose names end with `suffix`, as repository paths.
fn files_in(ws: &Workspace, dir: &str, suffix: &str) -> Result<Vec<String>, EngineError> {
    let fs = ws.fs()?;
    let resolved = match fs.resolve(dir) {
        Ok(p) => p,
        Err(e) if e.is_not_found() => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let Ok(entries) = std::fs::read_dir(&resolved) else {
        return Ok(Vec::new());
    };
    let mut out: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| name.ends_with(suffix))
        .map(|name| format!("{dir}/{name}"))
        .collect();
    out.sort();
    Ok(out)
}

/// What only a change can break: the documentation and test duties of `[governance]`, and
/// the `-- Epic:` of every migration the change adds or edits. Nothing unless the head's
/// manifest has a `[governance]` section.
pub fn check_change(
    head: &Workspace,
    evidence: &accord_policy::ChangeEvidence,
    head_migrations: &[(String, String)],
    base_manifest: &accord_model::manifest::Manifest,
    today: time::Date,
) -> Result<Vec<accord_model::Finding>, EngineError> {
    // Removing a pack early breaks its consumers whether or not the project configured
    // [governance]: the deprecation lives in the pack's own table.
    let removals = accord_contract::governance::lifecycle::check_removals(
        base_manifest,
        &head.manifest,
        today,
    );
    use accord_contract::governance::duties::{
        ChangeFacts, ContractChange, check_duties, epic_exists, epic_unknown,
    };
    use accord_vcs::FileStatus;
    let config = governance_config(head)?;
    if !config.enabled {
        return Ok(removals);
    }
    let migration_changed = |path: &str| {
        evidence
            .changed_files
            .iter()
            .any(|f| f.path == path && f.status != FileStatus::Deleted)
    };
    let facts = ChangeFacts {
        changed: evidence
            .changed_files
            .iter()
            .map(|f| f.path.clone())
            .collect(),
        contracts: evidence
            .contracts
            .iter()
            .map(|c| ContractChange {
                name: c.name.clone(),
                path: c.path.clone(),
                provider: c.provider.clone(),
                consumers: c.consumers.clone(),
                added: c.added,
                database: c.is_database()
                    || c.consumers
                        .iter()
                        .any(|p| accord_model::manifest::is_database(p)),
            })
            .collect(),
        packs_touched: evidence.packs_touched.iter().cloned().collect(),
        migration: head_migrations
            .iter()
            .map(|(p, _)| p)
            .find(|p| migration_changed(p))
            .cloned(),
        packs_added: head
            .manifest
            .packs
            .iter()
            .filter(|p| base_manifest.pack(&p.name).is_none())
            .map(|p| p.name.clone())
            .collect(),
    };
    let mut findings = removals;
    findings.extend(check_duties(&config.duties, &head.manifest, &facts));

    let dirs = [config.epics_dir.clone(), config.proposals_dir.clone()];
    let mut documents = documents_in(head, &config.epics_dir)?;
    documents.extend(documents_in(head, &config.proposals_dir)?);
    let database = database_config(head)?;
    for (path, text) in head_migrations.iter().filter(|(p, _)| migration_changed(p)) {
        let migration =
            accord_sql::migration::Migration::parse(path, text.as_bytes(), database.dialect);
        let Some(reference) = migration.header.epic.as_deref() else {
            continue;
        };
        if epic_exists(reference, &documents) {
            continue;
        }
        // The header line, for the snippet.
        let at = text
            .find(reference)
            .map(|i| {
                let start = text[..i].rfind('\n').map_or(0, |n| n + 1);
                let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
                accord_model::Location::from_span(path, text, accord_model::Span::new(start, end))
            })
            .unwrap_or_else(|| accord_model::Location::file(path.clone()));
        findings.push(epic_unknown(at, reference, &dirs));
    }
    Ok(findings)
}
