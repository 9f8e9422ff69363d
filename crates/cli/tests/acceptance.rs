//! Acceptance checks of the foundation issue (and the schema-diff check of the change-engine
//! issue), run against the real `accord` binary.

mod common;

use std::collections::BTreeSet;
use std::fs;

use common::*;
use serde_json::Value;

#[test]
fn the_example_passes_check() {
    let out = accord()
        .arg("check")
        .arg(example("expansion-packs"))
        .output()
        .expect("runs");
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("No contract findings."),
        "{}",
        stdout(&out)
    );
}

#[test]
fn the_example_json_report_is_clean_and_valid() {
    let out = accord()
        .arg("check")
        .arg(example("expansion-packs"))
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert_code(&out, 0);
    let report = json(&out);
    assert_eq!(report["findings"].as_array().map(Vec::len), Some(0));
    assert_eq!(report["summary"]["findings"], 0);
    validate_report(&report);
}

fn broken_json() -> Value {
    let out = accord()
        .arg("check")
        .arg(example("expansion-packs-broken"))
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert_code(&out, 1);
    json(&out)
}

#[test]
fn every_registry_and_conformance_rule_fires_on_the_broken_variant() {
    let expected: BTreeSet<String> = catalogue()
        .iter()
        .filter(|r| r["group"] == "registry" || r["group"] == "conformance")
        .map(|r| r["id"].as_str().expect("rule id").to_string())
        .collect();
    // The catalogue must really contain both groups, or this test would pass vacuously.
    assert!(expected.iter().any(|id| id.starts_with("registry-")));
    assert!(expected.iter().any(|id| id.starts_with("conformance-")));
    assert!(
        expected.len() >= 20,
        "only {} rules: {expected:?}",
        expected.len()
    );

    let report = broken_json();
    let fired: BTreeSet<String> = rules_of(&report).into_iter().collect();
    let missing: Vec<&String> = expected.difference(&fired).collect();
    assert!(missing.is_empty(), "rules that never fired: {missing:?}");
}

#[test]
fn broken_json_report_validates_against_the_published_schema() {
    let report = broken_json();
    validate_report(&report);

    // The summary must agree with the findings it summarises.
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(report["summary"]["findings"], findings.len());
    for class in ["SAFE", "RISKY", "BREAKING"] {
        let n = findings.iter().filter(|f| f["class"] == class).count();
        assert_eq!(report["summary"]["by_class"][class], n, "by_class.{class}");
    }
    // Every finding carries the public fields of the issue.
    for f in findings {
        for key in [
            "rule",
            "class",
            "required_bump",
            "message",
            "location",
            "related",
            "contract",
            "fingerprint",
            "help",
        ] {
            assert!(f.get(key).is_some(), "finding lacks `{key}`: {f}");
        }
        assert!(f["location"]["path"].is_string(), "{f}");
    }
}

fn validate_report(report: &Value) {
    let schema_text = fs::read_to_string(repo_root().join("docs/schemas/report.schema.json"))
        .expect("report schema is published");
    let schema: Value = serde_json::from_str(&schema_text).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "report violates schema: {errors:#?}");
}

#[test]
fn the_published_schema_rejects_a_malformed_report() {
    // Proves `validate_report` can fail: a report missing its summary must be rejected.
    let schema: Value = serde_json::from_str(
        &fs::read_to_string(repo_root().join("docs/schemas/report.schema.json")).expect("schema"),
    )
    .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let mut report = broken_json();
    assert!(validator.is_valid(&report));
    report.as_object_mut().expect("object").remove("summary");
    assert!(!validator.is_valid(&report));
}

#[test]
fn sarif_output_is_sarif_2_1_0() {
    let out = accord()
        .arg("check")
        .arg(example("expansion-packs-broken"))
        .args(["--format", "sarif"])
        .output()
        .expect("runs");
    assert_code(&out, 1);
    let sarif = json(&out);
    assert_eq!(sarif["version"], "2.1.0");
    assert!(
        sarif["$schema"]
            .as_str()
            .is_some_and(|s| s.contains("sarif")),
        "missing $schema: {}",
        sarif["$schema"]
    );
    let run = &sarif["runs"][0];
    assert!(run["tool"]["driver"]["name"].is_string());
    let rules = run["tool"]["driver"]["rules"]
        .as_array()
        .expect("driver.rules");
    assert!(!rules.is_empty());
    let ids: Vec<&str> = rules
        .iter()
        .map(|r| r["id"].as_str().expect("rule id"))
        .collect();
    let results = run["results"].as_array().expect("results");
    assert!(!results.is_empty());
    for result in results {
        let id = result["ruleId"].as_str().expect("ruleId");
        assert!(ids.contains(&id), "ruleId {id} not in driver.rules");
        if let Some(index) = result["ruleIndex"].as_u64() {
            let index = usize::try_from(index).expect("index fits");
            assert_eq!(ids.get(index), Some(&id), "ruleIndex of {id}");
        }
        assert!(result["message"]["text"].is_string());
        let level = result["level"].as_str().expect("level");
        assert!(
            ["none", "note", "warning", "error"].contains(&level),
            "level {level}"
        );
    }
}

#[test]
fn broken_variant_human_output_snapshot() {
    let dir = example("expansion-packs-broken");
    let out = accord()
        .arg("check")
        .arg(&dir)
        .args(["--color", "never"])
        .output()
        .expect("runs");
    assert_code(&out, 1);
    let text = stdout(&out)
        .replace(&dir.display().to_string(), "[EXAMPLE]")
        .replace(&repo_root().display().to_string(), "[REPO]");
    assert!(!text.contains('\u{1b}'), "colour codes with --color never");
    insta::assert_snapshot!("broken_human", text);
}

#[test]
fn explain_works_for_every_rule() {
    let rules = catalogue();
    assert!(rules.len() > 50, "catalogue has only {} rules", rules.len());
    for rule in &rules {
        let id = rule["id"].as_str().expect("id");
        let out = accord().args(["explain", id]).output().expect("runs");
        assert_code(&out, 0);
        let text = stdout(&out);
        assert!(text.contains(id), "explain {id} does not name the rule");
        assert!(
            text.contains("## What it does") && text.contains("## How to fix"),
            "explain {id} lacks the documentation sections:\n{text}"
        );
    }
    let out = accord()
        .args(["explain", "no-such-rule"])
        .output()
        .expect("runs");
    assert_code(&out, 2);
    assert!(stderr(&out).contains("no-such-rule"));
}

#[test]
fn contracts_list_markdown_is_the_registry_table() {
    let out = accord()
        .current_dir(example("expansion-packs"))
        .args(["contracts", "list", "--format", "markdown"])
        .output()
        .expect("runs");
    assert_code(&out, 0);
    let text = stdout(&out);
    assert!(
        text.starts_with("| Contract | Version | Status | Provider | Consumer |"),
        "{text}"
    );
    insta::assert_snapshot!("contracts_list_markdown", text);

    // Same table when the manifest is named instead of found.
    let out = accord()
        .current_dir(std::env::temp_dir())
        .args(["contracts", "list", "--format", "markdown", "--manifest"])
        .arg(example("expansion-packs").join("accord.toml"))
        .output()
        .expect("runs");
    assert_code(&out, 0);
    assert_eq!(stdout(&out), text);
}

#[test]
fn init_adds_accord_state_to_an_existing_gitignore_only_when_missing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(root, "packages/a/index.js", "export const a = 1;\n");
    write(root, ".gitignore", "/target");
    let out = accord().arg("init").arg(root).output().expect("runs");
    assert_code(&out, 0);
    let ignore = fs::read_to_string(root.join(".gitignore")).expect("read");
    assert!(ignore.starts_with("/target\n"), "{ignore}");
    assert!(ignore.ends_with("\n.accord/\n"), "{ignore}");

    let other = tempfile::tempdir().expect("tempdir");
    write(other.path(), "packages/a/index.js", "export const a = 1;\n");
    write(other.path(), ".gitignore", "/.accord\n");
    let out = accord()
        .arg("init")
        .arg(other.path())
        .output()
        .expect("runs");
    assert_code(&out, 0);
    assert_eq!(
        fs::read_to_string(other.path().join(".gitignore")).expect("read"),
        "/.accord\n"
    );
}

#[test]
fn init_in_a_cargo_workspace_writes_a_manifest_that_check_accepts() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write(
        root,
        "Cargo.toml",
        "[workspace]\nmembers = [\"crates/*\"]\nresolver = \"2\"\n",
    );
    for name in ["billing", "web"] {
        write(
            root,
            &format!("crates/{name}/Cargo.toml"),
            format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n"),
        );
        write(root, &format!("crates/{name}/src/lib.rs"), "");
    }

    let out = accord().arg("init").arg(root).output().expect("runs");
    assert_code(&out, 0);
    let manifest = root.join("accord.toml");
    let written = fs::read_to_string(&manifest).expect("accord.toml written");
    assert!(written.contains("[packs.billing]"), "{written}");
    assert!(written.contains("[packs.web]"), "{written}");
    assert!(written.contains('#'), "the manifest is commented");

    let out = accord().arg("check").arg(root).output().expect("runs");
    assert_code(&out, 0);
    assert!(stdout(&out).contains("2 packs"), "{}", stdout(&out));

    // `.accord/` (the local database and ledger) is ignored by git, once.
    let ignore = fs::read_to_string(root.join(".gitignore")).expect(".gitignore written");
    assert_eq!(
        ignore.lines().filter(|l| *l == ".accord/").count(),
        1,
        "{ignore}"
    );

    // A second init refuses and leaves the file alone.
    fs::write(&manifest, format!("{written}\n# edited by hand\n")).expect("edit");
    let before = fs::read(&manifest).expect("read");
    let out = accord().arg("init").arg(root).output().expect("runs");
    assert_code(&out, 2);
    assert!(stderr(&out).contains("accord.toml"), "{}", stderr(&out));
    assert_eq!(fs::read(&manifest).expect("read"), before, "init overwrote");
}

fn schema_pair() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(
        tmp.path(),
        "old.json",
        r#"{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}"#,
    );
    write(
        tmp.path(),
        "new.json",
        r#"{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}},"required":["a"]}"#,
    );
    tmp
}

#[test]
fn diff_of_schemas_adding_a_property_is_incompatible_under_strict() {
    let tmp = schema_pair();
    let out = accord()
        .current_dir(tmp.path())
        .args([
            "diff",
            "old.json",
            "new.json",
            "--compatibility",
            "BACKWARD",
            "--content-model",
            "strict",
            "--color",
            "never",
        ])
        .output()
        .expect("runs");
    assert_code(&out, 1);
    let text = stdout(&out);
    assert!(text.contains("INCOMPATIBLE"), "{text}");
    assert!(text.contains("/properties/b"), "{text}");
}

#[test]
fn diff_of_schemas_adding_a_property_is_compatible_under_lenient() {
    let tmp = schema_pair();
    let out = accord()
        .current_dir(tmp.path())
        .args([
            "diff",
            "old.json",
            "new.json",
            "--compatibility",
            "BACKWARD",
            "--content-model",
            "lenient",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert_code(&out, 0);
    let report = json(&out);
    assert_eq!(report["summary"]["by_class"]["BREAKING"], 0);
    assert_eq!(report["summary"]["required_bump"], "minor");
    assert!(
        !findings_of(&report, "schema-property-added").is_empty(),
        "{report}"
    );
}

#[test]
fn diff_of_schemas_changing_a_type_is_incompatible_even_under_lenient() {
    // Lenient is not "anything goes": a property changing type still breaks readers.
    let tmp = schema_pair();
    write(
        tmp.path(),
        "narrow.json",
        r#"{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]}"#,
    );
    let out = accord()
        .current_dir(tmp.path())
        .args([
            "diff",
            "old.json",
            "narrow.json",
            "--content-model",
            "lenient",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert_code(&out, 1);
    assert!(json(&out)["summary"]["by_class"]["BREAKING"].as_u64() >= Some(1));
}

#[test]
fn github_format_emits_one_workflow_command_per_finding() {
    let report = broken_json();
    let findings = report["findings"].as_array().expect("findings");
    let out = accord()
        .arg("check")
        .arg(example("expansion-packs-broken"))
        .args(["--format", "github"])
        .output()
        .expect("runs");
    assert_code(&out, 1);
    let text = stdout(&out);
    let commands: Vec<&str> = text
        .lines()
        .filter(|l| {
            l.starts_with("::error ") || l.starts_with("::warning ") || l.starts_with("::notice ")
        })
        .collect();
    assert_eq!(commands.len(), findings.len(), "{text}");
    for f in findings {
        let path = f["location"]["path"].as_str().expect("path");
        assert!(
            commands.iter().any(|c| c.contains(&format!("file={path}"))
                && c.contains(f["rule"].as_str().expect("rule"))),
            "no workflow command for {f}"
        );
    }
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let run = |color: &str, no_color: bool| {
        let mut cmd = accord();
        cmd.env_remove("NO_COLOR");
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        let out = cmd
            .arg("check")
            .arg(example("expansion-packs-broken"))
            .args(["--color", color])
            .output()
            .expect("runs");
        assert_code(&out, 1);
        stdout(&out).contains('\u{1b}')
    };
    // Standard output is a pipe here, so `auto` must not colour.
    assert!(!run("auto", false));
    assert!(!run("auto", true));
    assert!(!run("never", false));
    assert!(run("always", false));
}

/// v1 had `age: integer`, v2 dropped it, v3 brings it back as a string: compatible with v2
/// alone, but data written under v1 no longer reads — only a transitive mode sees it.
#[test]
fn transitive_compatibility_checks_every_earlier_schema() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let schema = |props: &str| {
        format!(
            r#"{{"type":"object","properties":{{"name":{{"type":"string"}}{props}}},"required":["name"]}}"#
        )
    };
    write(
        tmp.path(),
        "v1.json",
        schema(r#","age":{"type":"integer"}"#),
    );
    write(tmp.path(), "v2.json", schema(""));
    write(tmp.path(), "v3.json", schema(r#","age":{"type":"string"}"#));
    let run = |mode: &str| {
        accord()
            .current_dir(tmp.path())
            .args([
                "diff",
                "v2.json",
                "v3.json",
                "--earlier",
                "v1.json",
                "--compatibility",
                mode,
            ])
            .args(["--format", "json"])
            .output()
            .expect("runs")
    };
    assert_code(&run("BACKWARD"), 0);
    let out = run("BACKWARD_TRANSITIVE");
    assert_code(&out, 1);
    let report = json(&out);
    assert!(
        report["summary"]["by_class"]["BREAKING"].as_u64() >= Some(1),
        "{report:#}"
    );
}

#[test]
fn a_nonsense_contract_example_fails_check_at_the_example_line() {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_tree(&example("expansion-packs"), tmp.path());
    let rel = "docs/expansion-packs/contracts/etl-mmos-v1.0.0.yaml";
    let text = std::fs::read_to_string(tmp.path().join(rel)).expect("contract");
    let good = "    example: |\n      mind:\n";
    assert!(text.contains(good), "the example contract changed shape");
    let broken = text.replace(
        good,
        "    example: |\n      lorem ipsum: [dolor\n      mind:\n",
    );
    write(tmp.path(), rel, &broken);
    let line = broken
        .lines()
        .position(|l| l.contains("lorem ipsum"))
        .expect("line")
        + 1;

    let out = accord()
        .arg("check")
        .arg(tmp.path())
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert_code(&out, 1);
    let report = json(&out);
    let found = findings_of(&report, "conformance-example-invalid");
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["class"], "BREAKING");
    assert_eq!(found[0]["location"]["path"], rel);
    assert!(
        found[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("does not parse")),
        "{}",
        found[0]["message"]
    );
    // The parse error points into the example itself: its first line, not the contract's.
    assert!(
        found[0]["location"]["line"].as_u64() >= Some(line as u64),
        "{} vs example line {line}",
        found[0]["location"]
    );

    // A well-formed example that lacks a required field is named at its own line.
    let missing = text.replace("        slug: naval\n", "");
    write(tmp.path(), rel, &missing);
    let out = accord()
        .arg("check")
        .arg(tmp.path())
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert_code(&out, 1);
    let report = json(&out);
    let found = findings_of(&report, "conformance-example-invalid");
    assert_eq!(found.len(), 1, "{report:#}");
    let name_line = missing
        .lines()
        .position(|l| l.trim() == "name: Naval Ravikant")
        .expect("line")
        + 1;
    assert_eq!(found[0]["location"]["line"], name_line as u64);

    // The unchanged example passes.
    write(tmp.path(), rel, &text);
    let out = accord()
        .arg("check")
        .arg(tmp.path())
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert_code(&out, 0);
}

/// The keyword table of the JSON Schema compatibility tests claims, for every keyword that
/// can break, an instance the looser schema accepts and the tighter rejects. A real
/// validator confirms each claim, so the table (and the rules it pins) are not graded by
/// the code under test alone.
#[test]
fn every_compatibility_witness_separates_its_two_schemas_under_a_real_validator() {
    let table: Vec<Value> =
        serde_json::from_str(include_str!("../../diff/tests/schema_keywords.json"))
            .expect("the table parses");
    let mut wrong = Vec::new();
    let witnesses = table.iter().filter(|c| c.get("witness").is_some()).count();
    assert!(witnesses >= 50, "only {witnesses} witnesses");
    for case in &table {
        let Some(witness) = case.get("witness") else {
            assert!(
                case.get("rule").is_none(),
                "{case}: a breaking case needs a witness"
            );
            continue;
        };
        let valid = |schema: &Value| {
            jsonschema::options()
                .should_validate_formats(true)
                .build(schema)
                .unwrap_or_else(|e| panic!("{}: {e}", case["keyword"]))
                .is_valid(witness)
        };
        if !valid(&case["loose"]) || valid(&case["tight"]) {
            wrong.push(format!(
                "{}: {witness} should pass {} and fail {}",
                case["keyword"], case["loose"], case["tight"]
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Issue 14: the broken variant's seeded cross-pack imports, upstream import and cycle are
/// reported at the import statements; the clean variant's guarded, allowed import is not.
#[test]
fn seeded_architecture_violations_are_reported_at_their_imports() {
    let report = broken_json();
    let findings = report["findings"].as_array().expect("findings");
    let at = |rule: &str| -> Vec<String> {
        let mut v: Vec<String> = findings
            .iter()
            .filter(|f| f["rule"] == rule)
            .map(|f| {
                format!(
                    "{}:{}:{}",
                    f["location"]["path"].as_str().unwrap_or(""),
                    f["location"]["line"],
                    f["location"]["column"]
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        at("pack-boundary-import"),
        [
            "expansion-packs/creator-os/creator_os/course.py:4:1",
            "expansion-packs/mmos/mmos/voice.py:4:1",
        ]
    );
    assert_eq!(
        at("optional-dependency-unguarded"),
        ["expansion-packs/creator-os/creator_os/course.py:4:1"]
    );
    assert!(
        at("pipeline-backwards").contains(&"expansion-packs/mmos/mmos/voice.py:4:1".to_string())
    );
    let cycle = findings
        .iter()
        .find(|f| f["rule"] == "pack-cycle")
        .expect("a cycle");
    assert!(
        cycle["message"]
            .as_str()
            .is_some_and(|m| m.contains("mmos → creator-os → mmos")),
        "{cycle}"
    );
    assert_eq!(
        cycle["location"]["path"],
        "expansion-packs/mmos/mmos/voice.py"
    );
    assert!(cycle["location"]["span"].is_object(), "{cycle}");
}

#[test]
fn graph_of_the_example_in_every_format() {
    let dir = example("expansion-packs");
    let run = |format: &str| {
        let out = accord()
            .arg("graph")
            .arg(&dir)
            .args(["--format", format])
            .output()
            .expect("runs");
        assert_code(&out, 0);
        stdout(&out)
    };
    let mermaid = run("mermaid");
    assert!(
        mermaid.contains("innerlens -.->|\"import ×1 (allowed)\"| creator_os"),
        "{mermaid}"
    );
    assert!(
        mermaid.contains("mmos -->|\"contract\"| creator_os"),
        "{mermaid}"
    );
    let dot = run("dot");
    assert!(dot.starts_with("digraph packs {"), "{dot}");
    assert!(
        dot.contains(
            "\"innerlens\" -> \"creator-os\" [label=\"import ×1 (allowed)\", style=dashed];"
        ),
        "{dot}"
    );
    let json: Value = serde_json::from_str(&run("json")).expect("json");
    assert_eq!(json["cycles"].as_array().map(Vec::len), Some(0));
    let import = json["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .find(|e| e["kind"] == "import")
        .expect("the import edge");
    assert_eq!(import["allowed"], true);
    assert_eq!(
        import["sites"][0]["location"]["path"],
        "expansion-packs/creator-os/creator_os/course.py"
    );
    assert_eq!(import["sites"][0]["guarded"], true);
}
