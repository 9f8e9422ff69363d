//! Issue 14 item 6 (SecuritySentry) on the examples: the broken variant's seeded secret,
//! undeclared capability, PII file name, SENSITIVE output field and prompt-injection flow are
//! each reported at their spans, the secret is never printed in any format, the clean
//! examples stay clean, and a secret already in the base is not reported again by
//! `check --base` while the tree check (no base) reports it.

mod common;

use common::*;
use serde_json::Value;

const SECURITY_RULES: [&str; 7] = [
    "secret-committed",
    "secret-suspected",
    "capability-undeclared",
    "capability-unused",
    "pii-in-file-name",
    "sensitive-field-in-output",
    "prompt-injection-flow",
];

fn check_json(dir: &std::path::Path) -> (Value, std::process::Output) {
    let out = accord()
        .arg("check")
        .arg(dir)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    (json(&out), out)
}

/// `(rule, path:line:column)` of every SecuritySentry finding, sorted.
fn security_findings(report: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| SECURITY_RULES.contains(&f["rule"].as_str().unwrap_or("")))
        .map(|f| {
            let l = &f["location"];
            (
                f["rule"].as_str().unwrap_or("").to_string(),
                format!(
                    "{}:{}:{}",
                    l["path"].as_str().unwrap_or(""),
                    l["line"],
                    l["column"]
                ),
            )
        })
        .collect();
    out.sort();
    out
}

fn pair(rule: &str, at: &str) -> (String, String) {
    (rule.to_string(), at.to_string())
}

/// The seeded key's private part, assembled so that this file holds no scannable secret.
fn seeded_key_body() -> String {
    ["QX7T", "3MZ4", "R8LW", "2NVB"].concat()
}

#[test]
fn every_seeded_security_problem_of_the_broken_example_is_reported_at_its_span() {
    let (report, out) = check_json(&example("expansion-packs-broken"));
    assert_code(&out, 1);
    assert_eq!(
        security_findings(&report),
        [
            pair(
                "capability-undeclared",
                "expansion-packs/mmos/mmos/interview.py:5:1"
            ),
            pair("pii-in-file-name", "expansion-packs/etl/exports:0:0"),
            pair(
                "prompt-injection-flow",
                "expansion-packs/mmos/mmos/interview.py:33:14"
            ),
            pair("secret-committed", "expansion-packs/etl/deploy.env:3:19"),
            pair(
                "sensitive-field-in-output",
                "outputs/minds/ada-lovelace/analysis/psychometric-profile.yaml:5:86"
            ),
        ]
    );
    let flow = findings_of(&report, "prompt-injection-flow")[0];
    assert_eq!(flow["related"][0]["location"]["line"], 31, "{flow:#}");
    let sensitive = findings_of(&report, "sensitive-field-in-output")[0];
    assert_eq!(
        sensitive["related"][0]["location"]["path"],
        "docs/expansion-packs/contracts/innerlens-mmos-v1.0.0.yaml"
    );
}

#[test]
fn the_seeded_secret_is_never_printed_in_any_format() {
    let body = seeded_key_body();
    for format in [
        "human", "json", "sarif", "github", "markdown", "junit", "html",
    ] {
        let out = accord()
            .arg("check")
            .arg(example("expansion-packs-broken"))
            .args(["--format", format])
            .output()
            .expect("runs");
        assert!(!stdout(&out).contains(&body), "{format} prints the key");
        assert!(!stderr(&out).contains(&body), "{format} prints the key");
    }
}

#[test]
fn a_quoted_password_is_masked_in_every_format_html_included() {
    // HTML escapes the quotes around the value (`&quot;`); the mask must run on the source
    // before that, or the assignment is no longer recognisable.
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_tree(&example("expansion-packs"), tmp.path());
    let password = "Kq7vW2xR9tLm4pZs";
    write(
        tmp.path(),
        "expansion-packs/etl/deploy.yaml",
        format!("region: eu-west-1\npassword: \"{password}\"\n"),
    );
    let (report, _) = check_json(tmp.path());
    assert!(
        security_findings(&report)
            .iter()
            .any(|(_, at)| at.starts_with("expansion-packs/etl/deploy.yaml:2:")),
        "{report:#}"
    );
    for format in [
        "human", "json", "sarif", "github", "markdown", "junit", "html",
    ] {
        let out = accord()
            .arg("check")
            .arg(tmp.path())
            .args(["--format", format])
            .output()
            .expect("runs");
        assert!(
            !stdout(&out).contains(password),
            "{format} prints the password"
        );
        assert!(
            !stderr(&out).contains(password),
            "{format} prints the password"
        );
    }
}

#[test]
fn the_clean_examples_declare_what_their_code_does_and_stay_clean() {
    for name in ["expansion-packs", "opshelm"] {
        let (report, out) = check_json(&example(name));
        assert_eq!(security_findings(&report), [], "{name}: {report:#}");
        assert_code(&out, 0);
    }
}

#[test]
fn a_secret_in_the_base_is_reported_by_the_tree_check_but_not_again_by_check_base() {
    let repo = example_repo();
    let root = repo.path();
    let token = format!("ghp_{}", "Zq8Xw7Vu6Ts5Rq4Po3Nm2Lk1Ji0Hg9Fe8Dc");
    write(
        root,
        "expansion-packs/etl/deploy.env",
        format!("REGION=eu-west-1\nGITHUB_TOKEN={token}\n"),
    );
    commit_all(root, "deploy settings");
    write(
        root,
        "expansion-packs/etl/deploy.env",
        format!("REGION=eu-west-2\nGITHUB_TOKEN={token}\n"),
    );
    commit_all(root, "move region");

    let (tree, _) = check_json(root);
    assert_eq!(
        security_findings(&tree),
        [pair(
            "secret-committed",
            "expansion-packs/etl/deploy.env:2:14"
        )]
    );
    let out = accord()
        .current_dir(root)
        .args([
            "check", "--base", "HEAD~1", "--head", "HEAD", "--format", "json",
        ])
        .output()
        .expect("runs");
    let judged = json(&out);
    assert_eq!(security_findings(&judged), [], "{judged:#}");
    // The change that added it is still judged.
    let out = accord()
        .current_dir(root)
        .args([
            "check", "--base", "HEAD~2", "--head", "HEAD", "--format", "json",
        ])
        .output()
        .expect("runs");
    assert_eq!(
        security_findings(&json(&out)),
        [pair(
            "secret-committed",
            "expansion-packs/etl/deploy.env:2:14"
        )]
    );
}

#[test]
fn an_unknown_capability_is_a_tool_error_pointing_into_the_manifest() {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_tree(&example("expansion-packs"), tmp.path());
    let manifest = tmp.path().join("accord.toml");
    let text = std::fs::read_to_string(&manifest).expect("read");
    std::fs::write(
        &manifest,
        text.replace(
            "capabilities = [\"net\"]",
            "capabilities = [\"network\", \"exex\"]",
        ),
    )
    .expect("write");
    let out = accord()
        .arg("check")
        .arg(tmp.path())
        .output()
        .expect("runs");
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("unknown capability `network`"), "{err}");
    assert!(err.contains("did you mean `exec`?"), "{err}");
}
