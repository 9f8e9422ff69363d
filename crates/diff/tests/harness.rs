//! Every rule on every fixture pair (cargo-semver-checks style): one snapshot per rule,
//! and the invariants that hold for all of them.

use accord_diff::schema::{Compatibility, ContentModel, schema_compat_transitive};
use accord_diff::{DiffContext, check_project_version, diff_pair, pair_contracts, rules};
use accord_model::Finding;
use accord_model::contract::Contract;
use accord_model::manifest::{Manifest, Pack, Project};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Fixture folders at the top level (E's `code/` folder holds its own layout).
fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(fixtures_dir())
        .expect("fixtures dir")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "code")
        .collect();
    names.sort();
    names
}

fn read(dir: &Path, file: &str) -> Option<String> {
    fs::read_to_string(dir.join(file)).ok()
}

fn config(dir: &Path) -> Value {
    read(dir, "config.json")
        .map(|t| serde_json::from_str(&t).expect("config.json parses"))
        .unwrap_or(Value::Null)
}

fn manifest(cfg: &Value, project_version: Option<&str>) -> Manifest {
    let mut m = Manifest {
        path: "accord.toml".into(),
        ..Manifest::default()
    };
    for name in cfg["packs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        let display = cfg["aliases"][name].as_str().unwrap_or(name);
        m.packs.push(Pack {
            name: name.into(),
            display_name: display.into(),
            ..Pack::default()
        });
    }
    if let Some(p) = cfg["pipelines"].as_object() {
        for (k, stages) in p {
            let stages = stages.as_array().into_iter().flatten();
            m.pipelines.insert(
                k.clone(),
                stages
                    .filter_map(|s| s.as_str().map(String::from))
                    .collect(),
            );
        }
    }
    m.project = Project {
        name: "fixture".into(),
        version: project_version.map(String::from),
        version_follows_contracts: cfg["project"]["follows"].as_bool().unwrap_or(false),
    };
    m
}

fn parse(dir: &Path, file: &str) -> Option<(Contract, String)> {
    let text = read(dir, file)?;
    let rel = format!("fixtures/{}/{file}", dir.file_name()?.to_string_lossy());
    let c = accord_contract::parse_contract(&rel, &text).unwrap_or_else(|e| panic!("{rel}: {e}"));
    Some((c, text))
}

/// Runs everything this crate has on one fixture pair.
fn run_contracts(dir: &Path, old_file: Option<&str>, new_file: Option<&str>) -> Vec<Finding> {
    let cfg = config(dir);
    let old = old_file.and_then(|f| parse(dir, f));
    let new = new_file.and_then(|f| parse(dir, f));
    let old_list: Vec<Contract> = old.iter().map(|(c, _)| c.clone()).collect();
    let new_list: Vec<Contract> = new.iter().map(|(c, _)| c.clone()).collect();
    let new_manifest = manifest(&cfg, cfg["project"]["new"].as_str());
    let old_manifest = manifest(&cfg, cfg["project"]["old"].as_str());
    let mut out = Vec::new();
    for pair in pair_contracts(&old_list, &new_list) {
        let ctx = DiffContext {
            manifest: Some(&new_manifest),
            today: cfg["today"].as_str().map(String::from),
            old_text: old.as_ref().map(|(_, t)| t.as_str()),
            new_text: new.as_ref().map(|(_, t)| t.as_str()),
            ..DiffContext::default()
        };
        out.extend(diff_pair(&pair, &ctx));
    }
    let project = check_project_version(&old_manifest, &new_manifest, &out);
    out.extend(project);
    out
}

fn run_schemas(dir: &Path, old_file: &str, new_file: &str) -> Vec<Finding> {
    let cfg = config(dir);
    let load = |f: &str| -> Value {
        serde_json::from_str(&read(dir, f).expect("schema file")).expect("schema parses")
    };
    let mode = cfg["compatibility"]
        .as_str()
        .and_then(Compatibility::parse)
        .unwrap_or_default();
    let model = cfg["content_model"]
        .as_str()
        .and_then(ContentModel::parse)
        .unwrap_or_default();
    let verdict = schema_compat_transitive(&[load(old_file)], &load(new_file), mode, model);
    let has_breaking = verdict
        .findings
        .iter()
        .any(|f| f.class == accord_model::Class::Breaking);
    assert_eq!(
        verdict.compatible,
        !has_breaking,
        "{}: verdict must follow the findings",
        dir.display()
    );
    verdict
        .located(&format!(
            "fixtures/{}/{new_file}",
            dir.file_name().unwrap_or_default().to_string_lossy()
        ))
        .findings
}

fn run(dir: &Path) -> Vec<Finding> {
    if dir.join("old.json").exists() || dir.join("new.json").exists() {
        return run_schemas(dir, "old.json", "new.json");
    }
    let old = dir.join("old.yaml").exists().then_some("old.yaml");
    let new = dir.join("new.yaml").exists().then_some("new.yaml");
    run_contracts(dir, old, new)
}

fn self_diffs(dir: &Path) -> Vec<(String, Vec<Finding>)> {
    let mut out = Vec::new();
    for file in ["old.yaml", "new.yaml"] {
        if dir.join(file).exists() {
            out.push((file.to_string(), run_contracts(dir, Some(file), Some(file))));
        }
    }
    for file in ["old.json", "new.json"] {
        if dir.join(file).exists() {
            out.push((file.to_string(), run_schemas(dir, file, file)));
        }
    }
    out
}

fn render(f: &Finding) -> String {
    let mut s = format!(
        "{} {} {} {}:{}:{} [{}]\n    {}\n",
        f.rule,
        f.class,
        f.required_bump,
        f.location.path,
        f.location.line,
        f.location.column,
        f.logical_path,
        f.message
    );
    if !f.impacted.is_empty() || !f.impacted_indirect.is_empty() {
        s.push_str(&format!(
            "    impacted: {:?} indirect: {:?}\n",
            f.impacted, f.impacted_indirect
        ));
    }
    for r in &f.related {
        s.push_str(&format!(
            "    related: {}:{}:{} {}\n",
            r.location.path, r.location.line, r.location.column, r.message
        ));
    }
    s
}

#[test]
fn every_rule_on_every_fixture() {
    let names = fixture_names();
    let mut by_rule: BTreeMap<String, Vec<(String, Finding)>> = BTreeMap::new();
    for name in &names {
        let dir = fixtures_dir().join(name);
        for (file, findings) in self_diffs(&dir) {
            let shown: Vec<String> = findings.iter().map(render).collect();
            assert!(
                findings.is_empty(),
                "{name}/{file} diffed with itself must yield nothing, got:\n{}",
                shown.join("")
            );
        }
        for f in run(&dir) {
            by_rule
                .entry(f.rule.clone())
                .or_default()
                .push((name.clone(), f));
        }
    }
    for rule in rules() {
        let hits = by_rule.remove(rule.id).unwrap_or_default();
        assert!(
            hits.iter().any(|(fixture, _)| fixture == rule.id),
            "rule {} does not fire on its own fixture tests/fixtures/{}/",
            rule.id,
            rule.id
        );
        let mut snapshot = String::new();
        for (fixture, f) in &hits {
            assert_eq!(
                f.class, rule.class,
                "{}: class differs from the declared one",
                rule.id
            );
            snapshot.push_str(&format!("{fixture}: {}", render(f)));
        }
        insta::assert_snapshot!(rule.id, snapshot);
    }
    assert!(
        by_rule.is_empty(),
        "findings of unregistered rules: {:?}",
        by_rule.keys().collect::<Vec<_>>()
    );
}

#[test]
fn every_rule_has_a_fixture_and_every_fixture_names_a_rule() {
    let names = fixture_names();
    let ids: Vec<&str> = rules().iter().map(|r| r.id).collect();
    for id in &ids {
        assert!(
            names.iter().any(|n| n == id),
            "rule {id} has no fixture folder"
        );
    }
    for n in &names {
        assert!(
            ids.contains(&n.as_str()),
            "fixture folder {n} names no rule"
        );
    }
}

#[test]
fn registry_matches_rule_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    let mut files: Vec<String> = fs::read_dir(&dir)
        .expect("rules dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".rs") && n != "mod.rs")
        .map(|n| n.trim_end_matches(".rs").replace('_', "-"))
        .collect();
    files.sort();
    let mut ids: Vec<String> = rules().iter().map(|r| r.id.to_string()).collect();
    ids.sort();
    let before = ids.len();
    ids.dedup();
    assert_eq!(before, ids.len(), "rule ids must be unique");
    assert_eq!(
        files, ids,
        "every file in src/rules/ is a registered rule named after its file"
    );
    for r in rules() {
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## How to fix",
        ] {
            assert!(r.docs.contains(section), "{} docs lack {section}", r.id);
        }
        assert!(
            ["contract-change", "schema-change"].contains(&r.group),
            "{}: group {}",
            r.id,
            r.group
        );
    }
}

#[test]
fn catalogue_snapshot() {
    let lines: Vec<String> = rules()
        .iter()
        .map(|r| {
            format!(
                "{:<36} {:<16} {:<9} {:<6} {}",
                r.id, r.group, r.class, r.bump, r.summary
            )
        })
        .collect();
    insta::assert_snapshot!("catalogue", lines.join("\n"));
}
