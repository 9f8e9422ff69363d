//! Helpers shared by the gate tests: a repository directory → its findings.
//!
//! A fixture is a directory with `accord.toml` and the files it names. Changelog fixtures
//! also hold `changes.json` (the change set's findings, as the diff engine would give them)
//! and `tags.txt` (the tags on the checked commit, one a line), so no git history is needed;
//! traceability fixtures `times.json` (test file → commit time) and `entry_times.json`
//! (requirement id → commit time of its entry's last change), and `history_unreadable.txt`
//! (why that history could not be read) when it could not.

#![allow(dead_code)]

use accord_gate::{Evaluation, Gate};
use accord_model::{Finding, Location};
use std::collections::BTreeMap;
use std::path::Path;

/// Parses `dir/accord.toml` the way the CLI does, evaluates every gate and, with
/// `[changelog]`, the changelog duties and release tags.
pub fn run(dir: &Path) -> (Vec<Gate>, Vec<Evaluation>, Vec<Finding>) {
    let text = std::fs::read_to_string(dir.join("accord.toml")).expect("accord.toml");
    let manifest = accord_contract::parse_manifest("accord.toml", &text).expect("manifest parses");
    let gates = accord_gate::parse_gates(manifest.sections.get("gates"), "accord.toml", &text)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let root = accord_fs::Root::open(dir).unwrap();
    let evals: Vec<Evaluation> = gates
        .iter()
        .map(|g| accord_gate::evaluate(&root, g))
        .collect();
    let mut findings: Vec<Finding> = gates
        .iter()
        .zip(&evals)
        .flat_map(|(g, e)| e.findings(g, "accord.toml", &text))
        .collect();
    let changelog = accord_gate::changelog::parse_changelog_config(
        manifest.sections.get("changelog"),
        "accord.toml",
        &text,
    )
    .unwrap();
    if let Some(config) = changelog {
        let (version, from) = match &config.version_file {
            Some(file) => (
                accord_gate::changelog::declared_version(file, &root.read_to_string(file).unwrap())
                    .unwrap(),
                file.clone(),
            ),
            None => (manifest.project.version.clone(), "accord.toml".to_string()),
        };
        let changes: Vec<Finding> = root
            .read_optional("changes.json")
            .unwrap()
            .map(|b| serde_json::from_slice(&b).unwrap())
            .unwrap_or_default();
        let log = root
            .read_optional(&config.path)
            .unwrap()
            .map(|b| String::from_utf8(b).unwrap());
        findings.extend(accord_gate::changelog::changelog_duties(
            &changes,
            &config,
            log.as_deref(),
            version.as_deref(),
            Location::file("accord.toml"),
        ));
        let tags: Vec<String> = root
            .read_optional("tags.txt")
            .unwrap()
            .map(|b| {
                String::from_utf8(b)
                    .unwrap()
                    .lines()
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        findings.extend(accord_gate::changelog::release_tag_findings(
            &tags,
            &config,
            version.as_deref(),
            &from,
            Location::new(&from, 3, 1),
        ));
    }
    let trace = accord_gate::trace::parse_trace_config(
        manifest.sections.get("traceability"),
        "accord.toml",
        &text,
        &[],
    )
    .unwrap();
    if let Some(config) = trace {
        let matrix_text = root.read_to_string(&config.matrix).unwrap();
        let requirements = accord_gate::trace::parse_matrix(&config.matrix, &matrix_text).unwrap();
        let files = list(dir, dir);
        let times: BTreeMap<String, i64> = root
            .read_optional("times.json")
            .unwrap()
            .map(|b| serde_json::from_slice(&b).unwrap())
            .unwrap_or_default();
        let entry_times: BTreeMap<String, i64> = root
            .read_optional("entry_times.json")
            .unwrap()
            .map(|b| serde_json::from_slice(&b).unwrap())
            .unwrap_or_default();
        let history_unreadable = root
            .read_optional("history_unreadable.txt")
            .unwrap()
            .map(|b| String::from_utf8(b).unwrap().trim().to_string());
        let read = |p: &str| root.read_to_string(p).ok();
        findings.extend(accord_gate::trace::trace_findings(
            &config,
            &requirements,
            &accord_gate::trace::TraceInputs {
                matrix_path: &config.matrix,
                matrix_text: &matrix_text,
                files: &files,
                read: &read,
                times: &times,
                entry_times: &entry_times,
                history_unreadable: history_unreadable.as_deref(),
            },
        ));
    }
    if let Some(bytes) = root.read_optional("removals.json").unwrap() {
        #[derive(serde::Deserialize)]
        struct Removal {
            symbol: String,
            removal: semver::Version,
            at: String,
            history: Vec<accord_gate::window::Shipped>,
            /// "contract" for a contract; absent for a code symbol.
            #[serde(default)]
            kind: Option<String>,
            /// Retired rather than removed.
            #[serde(default)]
            retired: bool,
        }
        let removals: Vec<Removal> = serde_json::from_slice(&bytes).unwrap();
        for r in removals {
            let (path, line) = r.at.split_once(':').unwrap();
            let at = Location::new(path, line.parse().unwrap(), 1);
            let subject = accord_gate::window::Subject {
                name: &r.symbol,
                kind: r.kind.as_deref(),
                ending: if r.retired {
                    accord_gate::window::Ending::Retired
                } else {
                    accord_gate::window::Ending::Removed
                },
            };
            findings.extend(accord_gate::window::check_end(
                subject, &r.history, &r.removal, at,
            ));
        }
    }
    if let Some(bytes) = root.read_optional("flag_removals.json").unwrap() {
        #[derive(serde::Deserialize)]
        struct FlagRemoval {
            flag: String,
            #[serde(default)]
            command: bool,
            removal: semver::Version,
            at: String,
            history: Vec<accord_gate::window::Shipped>,
        }
        let removals: Vec<FlagRemoval> = serde_json::from_slice(&bytes).unwrap();
        for r in removals {
            let (path, line) = r.at.split_once(':').unwrap();
            let at = Location::new(path, line.parse().unwrap(), 1);
            findings.extend(accord_gate::window::check_flag_removal(
                &r.flag, r.command, &r.history, &r.removal, at,
            ));
        }
    }
    if let Some(bytes) = root.read_optional("unreadable.json").unwrap() {
        #[derive(serde::Deserialize)]
        struct Unreadable {
            what: String,
            tag: String,
            reason: String,
            consequence: String,
            at: String,
        }
        let notes: Vec<Unreadable> = serde_json::from_slice(&bytes).unwrap();
        for n in notes {
            findings.push(accord_gate::window::history_unreadable(
                &n.what,
                &n.tag,
                &n.reason,
                &n.consequence,
                Location::file(&n.at),
            ));
        }
    }
    (gates, evals, findings)
}

fn list(root: &Path, dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(list(root, &path));
        } else {
            out.push(
                path.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
    out.sort();
    out
}

/// The `[gates]` errors of a manifest text.
pub fn config_errors(text: &str) -> Vec<String> {
    let manifest = accord_contract::parse_manifest("accord.toml", text).expect("manifest parses");
    accord_gate::parse_gates(manifest.sections.get("gates"), "accord.toml", text)
        .expect_err("the gates should be refused")
        .0
        .iter()
        .map(ToString::to_string)
        .collect()
}
