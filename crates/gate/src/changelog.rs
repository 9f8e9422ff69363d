//! CHANGELOG duties (seed 002: breaking changes "documented in CHANGELOG.md before release";
//! tags `vX.Y.Z`, "source of truth: Cargo.toml").
//!
//! `[changelog]` in `accord.toml` switches them on:
//!
//! ```toml
//! [changelog]
//! path = "CHANGELOG.md"        # Keep a Changelog
//! version_file = "Cargo.toml"  # or package.json, pyproject.toml; default: [project].version
//! tag_prefix = "v"
//! ```
//!
//! A BREAKING change, a removal or a deprecation in the change set must be named (its symbol
//! or contract) under `## [Unreleased]` or the section of the version being released; a tag
//! of the release prefix on the commit must spell the manifest's version.

use crate::config::{GateConfigError, GateConfigErrors};
use crate::rules::{CHANGELOG_ENTRY_MISSING, RELEASE_TAG_MISMATCH};
use accord_model::manifest::RawSection;
use accord_model::{Class, Finding, Location, Span};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;

/// `[changelog]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangelogConfig {
    /// The Keep a Changelog file, relative to the repository root.
    pub path: String,
    /// Where the released version is read (`Cargo.toml`, `package.json`, `pyproject.toml`);
    /// `None`: `[project].version` of `accord.toml`.
    pub version_file: Option<String>,
    /// Prefix of release tags (`v` in `v1.2.0`).
    pub tag_prefix: String,
}

/// Parses `[changelog]` (`None` when absent: no duties).
pub fn parse_changelog_config(
    section: Option<&RawSection>,
    manifest_path: &str,
    source: &str,
) -> Result<Option<ChangelogConfig>, GateConfigErrors> {
    let Some(section) = section else {
        return Ok(None);
    };
    let mut errors = Vec::new();
    let mut error = |ptr: &str, message: String| {
        let span = section.span_of(ptr);
        errors.push(GateConfigError {
            location: if source.is_empty() {
                Location::file(manifest_path)
            } else {
                Location::from_span(manifest_path, source, span)
            },
            message,
        });
    };
    let mut config = ChangelogConfig {
        path: "CHANGELOG.md".to_string(),
        version_file: None,
        tag_prefix: "v".to_string(),
    };
    match section.value.as_object() {
        None => error("", "`[changelog]` must be a table".to_string()),
        Some(table) => {
            for (key, value) in table {
                let ptr = format!("/{key}");
                let Some(text) = value.as_str() else {
                    error(&ptr, format!("`changelog.{key}` must be a string"));
                    continue;
                };
                match key.as_str() {
                    "path" | "version_file" if !accord_fs::is_confined(text) => error(
                        &ptr,
                        format!(
                            "`changelog.{key}` `{text}` leaves the repository; give a path relative to its root"
                        ),
                    ),
                    "path" => config.path = text.to_string(),
                    "version_file" => config.version_file = Some(text.to_string()),
                    "tag_prefix" => config.tag_prefix = text.to_string(),
                    other => error(
                        &ptr,
                        format!(
                            "unknown key `changelog.{other}`; expected one of path, version_file, tag_prefix"
                        ),
                    ),
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(Some(config))
    } else {
        Err(GateConfigErrors(errors))
    }
}

/// One `## ` section of a Keep a Changelog file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// The heading text (`[Unreleased]`, `[1.2.0] - 2026-11-02`).
    pub title: String,
    /// `Unreleased` or the version (`1.2.0`), brackets and date removed.
    pub name: String,
    /// The section's text, heading included, up to the next `## `.
    pub span: Span,
}

/// The `## ` sections of a changelog. pulldown-cmark decides what a heading is, so a `##`
/// inside a code block is not one.
///
/// ```
/// let text = "# Changelog\n\n## [Unreleased]\n### Removed\n- `summarize`\n\n## [1.2.0] - 2026-11-02\n- first\n";
/// let r = accord_gate::changelog::releases(text);
/// assert_eq!(r.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["Unreleased", "1.2.0"]);
/// assert!(text[r[0].span.start..r[0].span.end].contains("summarize"));
/// ```
pub fn releases(text: &str) -> Vec<Release> {
    let mut heads: Vec<(usize, String)> = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) if level as u8 == 2 => {
                current = Some((range.start, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = current.take() {
                    heads.push(h);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, raw)) = current.as_mut() {
                    raw.push_str(&t);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (i, (start, title)) in heads.iter().enumerate() {
        let end = heads.get(i + 1).map_or(text.len(), |(s, _)| *s);
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        let name = title
            .split(" - ")
            .next()
            .unwrap_or_default()
            .trim()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .trim()
            .trim_start_matches('v')
            .to_string();
        out.push(Release {
            title,
            name,
            span: Span::new(*start, end),
        });
    }
    out
}

/// Whether `finding` is a change the changelog must name: BREAKING, a removal, a deprecation.
pub fn needs_entry(finding: &Finding) -> bool {
    let removal_or_deprecation =
        finding.rule.ends_with("-removed") || finding.rule.contains("deprecat");
    (finding.contract.is_some() && (finding.class == Class::Breaking || removal_or_deprecation))
        // A program's command line is an interface of its own, with no contract.
        || (finding.rule.starts_with("cli-flag-") && removal_or_deprecation)
}

/// What an entry must name for `finding`: the symbol (last segment of its logical path, e.g.
/// `summarize` for `crate::thread::summarize`), and the contract.
pub fn subjects(finding: &Finding) -> Vec<String> {
    let mut out = Vec::new();
    if finding.rule.starts_with("cli-flag-") {
        // `tool check --base-rev`: the entry names the flag (or the subcommand) as typed.
        if let Some(last) = finding.logical_path.split_whitespace().last() {
            out.push(last.to_string());
        }
        return out;
    }
    let symbol = finding.logical_path.split('/').next().unwrap_or_default();
    let last = symbol
        .rsplit(['.', ':'])
        .find(|s| !s.is_empty())
        .unwrap_or_default()
        .split('#')
        .next()
        .unwrap_or_default();
    if !last.is_empty() {
        out.push(last.to_string());
    }
    if let Some(c) = &finding.contract {
        out.push(c.clone());
    }
    out
}

/// The changelog's findings for the `changes` of a change set. `changelog` is the file's text
/// (`None`: the file does not exist); `version` the version being released, if known.
/// `manifest_at` locates the `[changelog]` table for a missing file.
pub fn changelog_duties(
    changes: &[Finding],
    config: &ChangelogConfig,
    changelog: Option<&str>,
    version: Option<&str>,
    manifest_at: Location,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut done: Vec<String> = Vec::new();
    let sections: Vec<Release> = changelog.map(releases).unwrap_or_default();
    let open: Vec<&Release> = sections
        .iter()
        .filter(|r| {
            r.name.eq_ignore_ascii_case("unreleased") || version.is_some_and(|v| r.name == v)
        })
        .collect();
    let where_ = match version {
        Some(v) => format!("[Unreleased] or [{v}]"),
        None => "[Unreleased]".to_string(),
    };
    for f in changes.iter().filter(|f| needs_entry(f)) {
        let subjects = subjects(f);
        let Some(key) = subjects.first().cloned() else {
            continue;
        };
        if done.contains(&key) {
            continue;
        }
        done.push(key.clone());
        let named = changelog.is_some_and(|text| {
            open.iter().any(|r| {
                let body = text[r.span.start..r.span.end].to_lowercase();
                subjects
                    .iter()
                    .any(|s| names_word(&body, &s.to_lowercase()))
            })
        });
        if named {
            continue;
        }
        let what = format!("{} `{}` ({})", f.class, key, f.rule);
        let (location, message) = match changelog {
            None => (
                manifest_at.clone(),
                format!(
                    "{what} needs a CHANGELOG entry, but {} does not exist",
                    config.path
                ),
            ),
            Some(text) => match open.first() {
                Some(r) => (
                    Location::from_span(
                        &config.path,
                        text,
                        Span::new(
                            r.span.start,
                            r.span.start + r.title.len().min(r.span.end - r.span.start),
                        ),
                    ),
                    format!("{what} is not named in {} under {where_}", config.path),
                ),
                None => (
                    Location::file(&config.path),
                    format!(
                        "{what} needs a CHANGELOG entry, but {} has no {where_} section",
                        config.path
                    ),
                ),
            },
        };
        out.push(
            Finding::of(&CHANGELOG_ENTRY_MISSING, message)
                .with_logical_path(format!("changelog/{key}"))
                .at(location)
                .related(f.location.clone(), "the change")
                .with_help(format!(
                    "add a line naming `{key}` under `## [Unreleased]` (### Changed, ### Deprecated or ### Removed)"
                )),
        );
    }
    out
}

/// Whether `word` occurs in `text` on its own: `summarize` is not named by `summarize_all`.
pub(crate) fn names_word(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(ident) && !after.is_some_and(ident)
    })
}

/// The version declared in a package manifest: `Cargo.toml` (`[package]` or
/// `[workspace.package]`), `package.json` or `pyproject.toml` (`[project]`).
pub fn declared_version(file: &str, text: &str) -> Result<Option<String>, String> {
    if file.ends_with(".json") {
        let v: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        return Ok(v
            .get("version")
            .and_then(|v| v.as_str())
            .map(str::to_string));
    }
    let root = toml_span::parse(text).map_err(|e| e.to_string())?;
    let get = |path: &[&str]| -> Option<String> {
        let mut node = &root;
        for key in path {
            let table = node.as_table()?;
            node = table.iter().find(|(k, _)| k.name == *key).map(|(_, v)| v)?;
        }
        node.as_str().map(str::to_string)
    };
    Ok(get(&["package", "version"])
        .or_else(|| get(&["workspace", "package", "version"]))
        .or_else(|| get(&["project", "version"])))
}

/// `release-tag-mismatch` for each tag of the release prefix (`v1.2.0`) on the commit that
/// does not spell `version` (`from` names where the version was read).
pub fn release_tag_findings(
    tags: &[String],
    config: &ChangelogConfig,
    version: Option<&str>,
    from: &str,
    at: Location,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for tag in tags {
        let Some(rest) = tag.strip_prefix(&config.tag_prefix) else {
            continue;
        };
        // Only tags that look like releases: `v1.2.0`, `v2.0.0-rc.1`; not `vendor-x`.
        if semver::Version::parse(rest).is_err() && !rest.starts_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        if version == Some(rest) {
            continue;
        }
        let message = match version {
            Some(v) => format!(
                "release tag `{tag}` does not match the version {v} in {from} (expected `{}{v}`)",
                config.tag_prefix
            ),
            None => format!("release tag `{tag}` but {from} declares no version"),
        };
        out.push(
            Finding::of(&RELEASE_TAG_MISMATCH, message)
                .with_logical_path(format!("tags/{tag}"))
                .at(at.clone())
                .with_help(format!(
                    "bump the version in {from} to {rest}, or move the tag"
                )),
        );
    }
    out
}
