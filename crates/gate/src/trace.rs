//! The traceability matrix (seed 002: "Traceability matrix guard — all classified tests
//! traced"; "Documentation staleness check").
//!
//! ```toml
//! [traceability]
//! matrix = "docs/traceability_matrix.json"
//! tests = ["tests/**/*.rs"]     # the test files that must trace to a requirement
//!
//! [traceability.suites]          # optional: every test file belongs to a suite
//! unit = ["tests/unit/**"]
//! e2e = ["tests/e2e/**"]
//! ```
//!
//! The matrix maps requirements to tests; a test is a file, or a file and a test name
//! (`tests/load.rs::cold_load_within_budget`):
//!
//! ```json
//! {"requirements": [
//!   {"id": "REQ-LOAD-1", "description": "cold load under 200 ms p95",
//!    "tests": ["tests/load.rs::cold_load_within_budget"]}
//! ]}
//! ```
//!
//! Every requirement has a test, every referenced test exists, every test file traces to a
//! requirement, and a requirement whose tests changed after the entry itself last changed (git
//! commit times; the entry's, not the matrix file's, so editing one entry does not refresh the
//! others) is stale: the entry may no longer say what the tests check.

use crate::changelog::names_word;
use crate::config::{GateConfigError, GateConfigErrors};
use crate::eval::GateError;
use crate::rules::{
    TRACE_ENTRY_STALE, TRACE_HISTORY_UNREADABLE, TRACE_REQUIREMENT_UNTESTED, TRACE_TEST_MISSING,
    TRACE_TEST_UNCLASSIFIED, TRACE_TEST_UNTRACED,
};
use accord_model::manifest::RawSection;
use accord_model::{Finding, Location, Span};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// `[traceability]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TraceConfig {
    /// The matrix, relative to the repository root.
    pub matrix: String,
    /// Globs of the test files that must each trace to a requirement.
    pub tests: Vec<String>,
    /// Test suites (name → globs); when any is declared, every test file must be in one.
    pub suites: BTreeMap<String, Vec<String>>,
}

/// Parses `[traceability]` (`None` when absent). `default_tests`: the packs' `tests` globs,
/// used when the section names none.
pub fn parse_trace_config(
    section: Option<&RawSection>,
    manifest_path: &str,
    source: &str,
    default_tests: &[String],
) -> Result<Option<TraceConfig>, GateConfigErrors> {
    let Some(section) = section else {
        return Ok(None);
    };
    let mut errors = Vec::new();
    let mut error = |ptr: &str, message: String| {
        errors.push(GateConfigError {
            location: if source.is_empty() {
                Location::file(manifest_path)
            } else {
                Location::from_span(manifest_path, source, section.span_of(ptr))
            },
            message,
        });
    };
    let mut config = TraceConfig {
        matrix: "docs/traceability_matrix.json".to_string(),
        tests: default_tests.to_vec(),
        suites: BTreeMap::new(),
    };
    match section.value.as_object() {
        None => error("", "`[traceability]` must be a table".to_string()),
        Some(table) => {
            for (key, value) in table {
                let ptr = format!("/{key}");
                match (key.as_str(), value) {
                    ("matrix", serde_json::Value::String(s)) if accord_fs::is_confined(s) => {
                        config.matrix = s.clone();
                    }
                    ("matrix", _) => error(
                        &ptr,
                        "`traceability.matrix` must be a path relative to the repository root"
                            .to_string(),
                    ),
                    ("tests", serde_json::Value::Array(items)) => {
                        config.tests.clear();
                        for (i, item) in items.iter().enumerate() {
                            match item.as_str() {
                                Some(g) if globset::Glob::new(g).is_ok() => {
                                    config.tests.push(g.to_string())
                                }
                                Some(g) => error(
                                    &format!("{ptr}/{i}"),
                                    format!("`{g}` is not a valid glob"),
                                ),
                                None => error(
                                    &format!("{ptr}/{i}"),
                                    "`traceability.tests` must be a list of globs".to_string(),
                                ),
                            }
                        }
                    }
                    ("tests", _) => error(
                        &ptr,
                        "`traceability.tests` must be a list of globs".to_string(),
                    ),
                    ("suites", serde_json::Value::Object(suites)) => {
                        for (name, globs) in suites {
                            let sp = format!("{ptr}/{name}");
                            let mut list = Vec::new();
                            match globs.as_array() {
                                Some(items) => {
                                    for (i, item) in items.iter().enumerate() {
                                        match item.as_str() {
                                            Some(g) if globset::Glob::new(g).is_ok() => {
                                                list.push(g.to_string())
                                            }
                                            _ => error(
                                                &format!("{sp}/{i}"),
                                                format!(
                                                    "`traceability.suites.{name}` must be a list of valid globs"
                                                ),
                                            ),
                                        }
                                    }
                                }
                                None => error(
                                    &sp,
                                    format!("`traceability.suites.{name}` must be a list of globs"),
                                ),
                            }
                            config.suites.insert(name.clone(), list);
                        }
                    }
                    ("suites", _) => error(
                        &ptr,
                        "`traceability.suites` must be a table of suite name → globs".to_string(),
                    ),
                    (other, _) => error(
                        &ptr,
                        format!(
                            "unknown key `traceability.{other}`; expected one of matrix, tests, suites"
                        ),
                    ),
                }
            }
        }
    }
    if config.tests.is_empty()
        && !section
            .value
            .as_object()
            .is_some_and(|t| t.contains_key("tests"))
    {
        error(
            "",
            "`[traceability]` needs `tests` (globs of the test files), or packs with `tests` globs"
                .to_string(),
        );
    }
    if errors.is_empty() {
        Ok(Some(config))
    } else {
        Err(GateConfigErrors(errors))
    }
}

/// One requirement of the matrix.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// Stable id (`REQ-LOAD-1`).
    pub id: String,
    /// What is required.
    #[serde(default)]
    pub description: Option<String>,
    /// Tests: `path` or `path::test_name`.
    #[serde(default)]
    pub tests: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MatrixFile {
    requirements: Vec<Requirement>,
}

/// Parses the matrix; a syntax or shape error names the line and column.
pub fn parse_matrix(path: &str, text: &str) -> Result<Vec<Requirement>, GateError> {
    serde_json::from_str::<MatrixFile>(text)
        .map(|m| m.requirements)
        .map_err(|e| {
            let msg = e.to_string();
            let message = match msg.rfind(" at line ") {
                Some(i) => msg[..i].to_string(),
                None => msg,
            };
            GateError::Report {
                path: path.to_string(),
                line: u32::try_from(e.line()).unwrap_or(u32::MAX),
                column: u32::try_from(e.column()).unwrap_or(u32::MAX),
                message,
            }
        })
}

fn split_ref(test: &str) -> (&str, Option<&str>) {
    match test.split_once("::") {
        Some((file, name)) => (file, Some(name)),
        None => (test, None),
    }
}

/// What the traceability check needs from the repository.
pub struct TraceInputs<'a> {
    /// The matrix path and text.
    pub matrix_path: &'a str,
    /// The matrix text.
    pub matrix_text: &'a str,
    /// Every file of the tree (repository-relative).
    pub files: &'a [String],
    /// The text of a file, `None` when it does not exist or cannot be read.
    pub read: &'a dyn Fn(&str) -> Option<String>,
    /// Last commit time (seconds) of test files; empty outside git.
    pub times: &'a BTreeMap<String, i64>,
    /// Commit time (seconds) of the last change to each requirement (by id) of the matrix;
    /// an entry absent here (outside git, or edited and not yet committed) is not stale.
    pub entry_times: &'a BTreeMap<String, i64>,
    /// Why the history behind `times` and `entry_times` could not be read (a shallow clone,
    /// a failed walk); `None` when it was, or outside git.
    pub history_unreadable: Option<&'a str>,
}

/// The findings of the matrix against the tree.
pub fn trace_findings(
    config: &TraceConfig,
    requirements: &[Requirement],
    inputs: &TraceInputs<'_>,
) -> Vec<Finding> {
    let text = inputs.matrix_text;
    let at_id = |id: &str| {
        let quoted = format!("\"{id}\"");
        match text.find(&quoted) {
            Some(i) => {
                Location::from_span(inputs.matrix_path, text, Span::new(i, i + quoted.len()))
            }
            None => Location::file(inputs.matrix_path),
        }
    };
    let mut globs = globset::GlobSetBuilder::new();
    for g in &config.tests {
        if let Ok(glob) = globset::Glob::new(g) {
            globs.add(glob);
        }
    }
    let globs = globs.build().unwrap_or_else(|_| globset::GlobSet::empty());
    let mut out = Vec::new();
    let mut referenced: BTreeSet<&str> = BTreeSet::new();
    for req in requirements {
        let here = at_id(&req.id);
        let lp = format!("traceability/{}", req.id);
        if req.tests.is_empty() {
            out.push(
                Finding::of(&TRACE_REQUIREMENT_UNTESTED, format!("requirement `{}` has no test", req.id))
                    .with_logical_path(lp.clone())
                    .at(here.clone())
                    .with_help("name the tests that check it in `tests`, or remove the requirement in a reviewed change"),
            );
        }
        let entry_time = inputs.entry_times.get(&req.id).copied();
        let mut newer: Vec<(String, i64)> = Vec::new();
        for test in &req.tests {
            let (file, name) = split_ref(test);
            referenced.insert(file);
            let problem = match (inputs.read)(file) {
                None => Some(format!(
                    "requirement `{}` references `{test}`, but {file} does not exist",
                    req.id
                )),
                Some(body) => match name {
                    Some(n) if !names_word(&body, n) => Some(format!(
                        "requirement `{}` references `{test}`, but {file} has no test `{n}`",
                        req.id
                    )),
                    _ => None,
                },
            };
            if let Some(message) = problem {
                out.push(
                    Finding::of(&TRACE_TEST_MISSING, message)
                        .with_logical_path(format!("{lp}/{test}"))
                        .at(here.clone())
                        .with_help("fix the reference, or restore the test"),
                );
                continue;
            }
            if let (Some(m), Some(&t)) = (entry_time, inputs.times.get(file))
                && t > m
                && !newer.iter().any(|(f, _)| f == file)
            {
                newer.push((file.to_string(), t - m));
            }
        }
        if !newer.is_empty() {
            let list: Vec<String> = newer
                .iter()
                .map(|(f, d)| format!("{f} ({} day(s) later)", ((d + 43_200) / 86_400).max(1)))
                .collect();
            out.push(
                Finding::of(
                    &TRACE_ENTRY_STALE,
                    format!(
                        "requirement `{}` is older than its tests: {} changed after the entry was last changed in {}",
                        req.id,
                        list.join(", "),
                        inputs.matrix_path
                    ),
                )
                .with_logical_path(lp)
                .at(here)
                .with_help("review the entry against the tests and commit the matrix (even unchanged ids: update the description)"),
            );
        }
    }
    let dated = requirements.iter().filter(|r| !r.tests.is_empty()).count();
    if let Some(why) = inputs.history_unreadable
        && dated > 0
    {
        out.push(
            Finding::of(
                &TRACE_HISTORY_UNREADABLE,
                format!(
                    "staleness of {dated} traceability entr{} not checked: {why}",
                    if dated == 1 { "y" } else { "ies" }
                ),
            )
            .with_logical_path("traceability/history")
            .at(Location::file(inputs.matrix_path))
            .with_help("fetch the whole history (`fetch-depth: 0` for actions/checkout, or `git fetch --unshallow`)"),
        );
    }
    let suites: Vec<(&String, globset::GlobSet)> = config
        .suites
        .iter()
        .map(|(name, globs)| {
            let mut set = globset::GlobSetBuilder::new();
            for g in globs.iter().filter_map(|g| globset::Glob::new(g).ok()) {
                set.add(g);
            }
            (
                name,
                set.build().unwrap_or_else(|_| globset::GlobSet::empty()),
            )
        })
        .collect();
    for file in inputs.files.iter().filter(|f| globs.is_match(f.as_str())) {
        if !suites.is_empty() && !suites.iter().any(|(_, s)| s.is_match(file.as_str())) {
            let names: Vec<&str> = suites.iter().map(|(n, _)| n.as_str()).collect();
            out.push(
                Finding::of(
                    &TRACE_TEST_UNCLASSIFIED,
                    format!(
                        "test file {file} belongs to no test suite ({})",
                        names.join(", ")
                    ),
                )
                .with_logical_path(format!("traceability/unclassified/{file}"))
                .at(Location::file(file))
                .with_help("move it into a suite's directory, or add it to a suite's globs in [traceability.suites]"),
            );
        }
        if !referenced.contains(file.as_str()) {
            out.push(
                Finding::of(
                    &TRACE_TEST_UNTRACED,
                    format!(
                        "test file {file} traces to no requirement in {}",
                        inputs.matrix_path
                    ),
                )
                .with_logical_path(format!("traceability/untraced/{file}"))
                .at(Location::file(file))
                .with_help(format!(
                    "add it to a requirement's `tests` in {}",
                    inputs.matrix_path
                )),
            );
        }
    }
    out
}
