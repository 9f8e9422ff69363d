//! `accord vet` and the dependency audit of `accord check --base` from the outside: the
//! example passes, and each kind of bad input is an error (exit 2) naming the file, line
//! and column — never a panic, never a silent pass.

mod common;

use common::*;
use std::path::Path;

const LIST: &str = "docs/extension-inclusion-list.json";

fn repo(manifest: &str, list: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "accord.toml", manifest);
    write(tmp.path(), LIST, list);
    tmp
}

fn vet(root: &Path) -> std::process::Output {
    accord()
        .arg("vet")
        .arg(root)
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .expect("runs")
}

const GOOD_ENTRY: &str = r#"{"name": "clock", "tier": "registry", "license": "MIT",
  "provenance": {"npm": "pi-clock", "version": "1.0.0"}, "capabilities": ["ui"]}"#;

#[test]
fn the_example_vets_clean_and_reports_its_tiers() {
    let out = vet(&example("extension-platform"));
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("20 extensions in 5 tiers"), "{text}");
    assert!(text.contains("official           6 of   6 pass"), "{text}");
}

#[test]
fn json_output_lists_findings_as_data() {
    let list = format!(
        "{{\"extensions\": [{}]}}",
        GOOD_ENTRY.replace("\"MIT\"", "\"GPL-2.0-only\"")
    );
    let tmp = repo("[extensions]\n", &list);
    let out = accord()
        .arg("vet")
        .arg(tmp.path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 1);
    let report = json(&out);
    assert_eq!(
        report["findings"][0]["rule"],
        "extension-license-not-allowed"
    );
}

#[test]
fn an_invalid_spdx_identifier_in_the_policy_is_a_manifest_error() {
    let tmp = repo(
        "[extensions]\nlicenses = [\"MIT\", \"Apache2\"]\n",
        "{\"extensions\": []}",
    );
    let out = vet(tmp.path());
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("`Apache2` is not an SPDX license identifier"),
        "{err}"
    );
    assert!(err.contains("accord.toml:2:"), "{err}");
}

#[test]
fn an_invalid_spdx_expression_in_the_list_is_a_finding_with_its_position() {
    let list = format!(
        "{{\"extensions\": [{}]}}",
        GOOD_ENTRY.replace("\"MIT\"", "\"MIT OR OR BSD\"")
    );
    let out = vet(repo("[extensions]\n", &list).path());
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(text.contains("is not a valid SPDX expression"), "{text}");
    assert!(
        text.contains("docs/extension-inclusion-list.json:1:"),
        "{text}"
    );
}

#[test]
fn an_unknown_tier_is_an_error_naming_file_line_and_column() {
    let list = format!(
        "{{\"extensions\": [\n{}]}}",
        GOOD_ENTRY.replace("\"registry\"", "\"comunity\"")
    );
    let out = vet(repo("[extensions]\n", &list).path());
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("docs/extension-inclusion-list.json:2:"),
        "{err}"
    );
    assert!(err.contains("unknown tier `comunity`"), "{err}");
    assert!(err.contains("did you mean `community`?"), "{err}");
}

#[test]
fn malformed_json_is_an_error_with_line_and_column() {
    let out = vet(repo(
        "[extensions]\n",
        "{\"extensions\": [\n  {\"name\": \"x\",\n}]}",
    )
    .path());
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("docs/extension-inclusion-list.json:3:1: invalid JSON"),
        "{err}"
    );
}

#[test]
fn a_missing_inclusion_list_is_an_error_not_a_pass() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "accord.toml",
        "[extensions]\ninclusion_list = \"docs/none.json\"\n",
    );
    let out = vet(tmp.path());
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("docs/none.json"), "{}", stderr(&out));
    // `check` vets too once [extensions] is declared, so it fails the same way.
    let out = accord().arg("check").arg(tmp.path()).output().unwrap();
    assert_eq!(code(&out), 2);
}

#[test]
fn unknown_keys_in_the_extensions_section_get_a_did_you_mean() {
    let out = vet(repo(
        "[extensions]\n[extensions.tiers.gold]\nconformence = 90\n",
        "{\"extensions\": []}",
    )
    .path());
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("did you mean `conformance`?"), "{err}");
}

#[test]
fn a_lockfile_that_does_not_parse_stops_the_audit_naming_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(
        root,
        "accord.toml",
        "[project]\nname = \"x\"\n\n[dependencies]\n",
    );
    write(root, "yarn.lock", "left-pad@^1.3.0:\n  version \"1.3.0\"\n");
    git(root, &["init", "-q"]);
    commit_all(root, "base");
    write(
        root,
        "yarn.lock",
        "left-pad@^1.3.0:\n  version \"1.3.0\"\nthis is not yarn\n",
    );
    let out = accord()
        .arg("check")
        .arg(root)
        .args(["--base", "main"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("yarn.lock:3:1"), "{err}");
}
