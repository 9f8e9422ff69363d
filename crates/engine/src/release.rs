//! `[changelog]`: CHANGELOG duties of a change set, and release tags on the checked commit;
//! `[traceability]`: the requirement → tests matrix against the tree.

use crate::{EngineError, Workspace};
use accord_gate::changelog::{
    ChangelogConfig, changelog_duties, declared_version, parse_changelog_config,
    release_tag_findings,
};
use accord_model::{Finding, Location};

fn config(ws: &Workspace) -> Result<Option<ChangelogConfig>, EngineError> {
    Ok(parse_changelog_config(
        ws.manifest.sections.get("changelog"),
        &ws.manifest.path,
        &ws.manifest_text,
    )?)
}

fn section_at(ws: &Workspace) -> Location {
    match ws.manifest.sections.get("changelog") {
        Some(s) if s.span_of("").end > s.span_of("").start => {
            Location::from_span(&ws.manifest.path, &ws.manifest_text, s.span_of(""))
        }
        _ => Location::file(&ws.manifest.path),
    }
}

/// The version being released and the file it was read from.
pub(crate) fn version(
    ws: &Workspace,
    config: &ChangelogConfig,
) -> Result<(Option<String>, String), EngineError> {
    match &config.version_file {
        None => Ok((
            ws.manifest.project.version.clone(),
            ws.manifest.path.clone(),
        )),
        Some(file) => {
            let text = ws.fs()?.read_to_string(file)?;
            let version = declared_version(file, &text).map_err(|message| EngineError::Input {
                path: file.clone(),
                message,
            })?;
            Ok((version, file.clone()))
        }
    }
}

/// `changelog-entry-missing` for the `changes` (findings of the comparison) of the head `ws`.
/// The section of the head's version counts only when the change set bumps it (read at
/// `base` through `repo`, under `prefix`): an unbumped version's section is an old release.
pub(crate) fn changelog_findings(
    ws: &Workspace,
    changes: &[Finding],
    repo: &accord_vcs::Repo,
    prefix: &str,
    base: &str,
) -> Result<Vec<Finding>, EngineError> {
    let Some(config) = config(ws)? else {
        return Ok(Vec::new());
    };
    let (version, _) = version(ws, &config)?;
    let base_version = match &config.version_file {
        None => repo
            .read_file(base, &format!("{prefix}{}", ws.manifest.path))?
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|t| accord_contract::parse_manifest(&ws.manifest.path, &t).ok())
            .and_then(|m| m.project.version),
        Some(file) => repo
            .read_file(base, &format!("{prefix}{file}"))?
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|t| declared_version(file, &t).ok().flatten()),
    };
    let version = version.filter(|v| base_version.as_deref() != Some(v.as_str()));
    let text = match ws.fs()?.read_optional(&config.path)? {
        Some(bytes) => Some(String::from_utf8(bytes).map_err(|e| EngineError::Input {
            path: config.path.clone(),
            message: format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to()),
        })?),
        None => None,
    };
    Ok(changelog_duties(
        changes,
        &config,
        text.as_deref(),
        version.as_deref(),
        section_at(ws),
    ))
}

/// `release-tag-mismatch` for the tags on the commit checked out at `ws.root` (none outside
/// a git repository, e.g. a head materialized from git objects — its tags are checked when
/// that commit is checked out).
pub(crate) fn release_tag(ws: &Workspace) -> Result<Vec<Finding>, EngineError> {
    let Some(config) = config(ws)? else {
        return Ok(Vec::new());
    };
    let Ok(repo) = accord_vcs::Repo::open(&ws.root) else {
        return Ok(Vec::new());
    };
    let tags = match repo.tags_at("HEAD") {
        Ok(tags) => tags,
        // An unborn branch has no commit to be tagged.
        Err(accord_vcs::VcsError::UnknownRevision { .. }) => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    if tags.is_empty() {
        return Ok(Vec::new());
    }
    let (version, from) = version(ws, &config)?;
    Ok(release_tag_findings(
        &tags,
        &config,
        version.as_deref(),
        &from,
        Location::file(&from),
    ))
}

/// How many committed versions of the matrix are read to date its entries: an entry unchanged
/// for longer is dated by the oldest version read, which only makes it look newer than it is.
const MATRIX_VERSIONS: usize = 200;

/// For each requirement of the working matrix `requirements`, the commit time of the last
/// change to its entry: walking the matrix's versions from HEAD back, the time of the oldest
/// version in the unbroken run whose entry equals today's. An entry that differs from HEAD's
/// (edited now) or whose history cannot be read gets no time, so it is never called stale.
fn entry_change_times(
    repo: &accord_vcs::Repo,
    matrix: &str,
    requirements: &[accord_gate::trace::Requirement],
) -> Result<std::collections::BTreeMap<String, i64>, accord_vcs::VcsError> {
    use accord_gate::trace::parse_matrix;
    let mut out = std::collections::BTreeMap::new();
    let history = repo.change_history("HEAD", matrix, MATRIX_VERSIONS)?;
    let mut open: Vec<&accord_gate::trace::Requirement> = requirements.iter().collect();
    for (time, commit) in &history {
        if open.is_empty() {
            break;
        }
        let version = repo
            .read_file(commit, matrix)
            .ok()
            .flatten()
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|text| parse_matrix(matrix, &text).ok())
            .unwrap_or_default();
        open.retain(|req| {
            let same = version.iter().any(|r| r == *req);
            if same {
                out.insert(req.id.clone(), *time);
            }
            same
        });
    }
    Ok(out)
}

/// The traceability findings of the tree at `ws.root`. Staleness uses the commit times of the
/// repository holding it (none outside git, or for a head materialized from git objects).
pub(crate) fn traceability(ws: &Workspace) -> Result<Vec<Finding>, EngineError> {
    use accord_gate::trace::{TraceInputs, parse_matrix, parse_trace_config, trace_findings};
    use accord_vcs::Tree;
    let default_tests: Vec<String> = ws
        .manifest
        .packs
        .iter()
        .flat_map(|p| p.tests.iter().cloned())
        .collect();
    let Some(config) = parse_trace_config(
        ws.manifest.sections.get("traceability"),
        &ws.manifest.path,
        &ws.manifest_text,
        &default_tests,
    )?
    else {
        return Ok(Vec::new());
    };
    let fs = ws.fs()?;
    let matrix_text = fs.read_to_string(&config.matrix)?;
    let requirements = parse_matrix(&config.matrix, &matrix_text)?;
    let files = accord_vcs::WorkingTree::new(&ws.root).list("")?;
    let mut times = std::collections::BTreeMap::new();
    let mut entry_times = std::collections::BTreeMap::new();
    // Staleness needs history; where it cannot be read the findings say so (a note), since
    // a CI checkout of one commit would otherwise pass every entry in silence.
    let mut history_unreadable: Option<String> = None;
    if let Ok(repo) = accord_vcs::Repo::open(&ws.root)
        && let Ok(prefix) = crate::compare::prefix_of(&repo, &ws.root)
    {
        if repo.is_shallow() {
            history_unreadable = Some(
                "the repository is a shallow clone (`.git/shallow`), so the commits that last \
                 changed the entries and their tests may be missing"
                    .to_string(),
            );
        }
        match entry_change_times(&repo, &format!("{prefix}{}", config.matrix), &requirements) {
            Ok(t) => entry_times = t,
            Err(e) => {
                history_unreadable.get_or_insert_with(|| {
                    format!("the history of {} cannot be read ({e})", config.matrix)
                });
            }
        }
        let mut wanted: Vec<String> = Vec::new();
        for r in &requirements {
            for t in &r.tests {
                wanted.push(t.split("::").next().unwrap_or(t).to_string());
            }
        }
        wanted.sort();
        wanted.dedup();
        let full: Vec<String> = wanted.iter().map(|p| format!("{prefix}{p}")).collect();
        match repo.last_change_times("HEAD", &full) {
            Ok(found) => {
                for (path, time) in found {
                    times.insert(path[prefix.len()..].to_string(), time);
                }
            }
            Err(e) => {
                history_unreadable.get_or_insert_with(|| {
                    format!("the history of the referenced tests cannot be read ({e})")
                });
            }
        }
        if history_unreadable.is_some() {
            // Dates read from part of the history can make an entry look stale (or fresh)
            // when it is not: judge none rather than some wrongly.
            times.clear();
            entry_times.clear();
        }
    }
    let read = |p: &str| fs.read_to_string(p).ok();
    Ok(trace_findings(
        &config,
        &requirements,
        &TraceInputs {
            matrix_path: &config.matrix,
            matrix_text: &matrix_text,
            files: &files,
            read: &read,
            times: &times,
            entry_times: &entry_times,
            history_unreadable: history_unreadable.as_deref(),
        },
    ))
}
