//! SecuritySentry's rules on small trees, one per rule and language: each seeded problem is
//! reported at its span, and the same tree without it (or with its declaration) is clean.

use accord_contract::conformance::ConformanceOptions;
use accord_engine::Workspace;

const MANIFEST: &str = r#"[project]
name = "t"

[contracts]
dir = "contracts"

[packs.a]
paths = ["a/**"]
SECURITY_A

[packs.b]
paths = ["b/**"]
"#;

fn workspace(security_a: &str, files: &[(&str, &str)]) -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().expect("tempdir");
    let manifest = MANIFEST.replace("SECURITY_A", security_a);
    std::fs::write(dir.path().join("accord.toml"), manifest).expect("write");
    std::fs::create_dir_all(dir.path().join("contracts")).expect("mkdir");
    for (path, text) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
    }
    let ws = Workspace::at(&dir.path().join("accord.toml")).expect("workspace");
    (dir, ws)
}

/// `(rule, path:line:column)` of every security finding, sorted.
fn run(security_a: &str, files: &[(&str, &str)]) -> Vec<(String, String)> {
    let (_dir, ws) = workspace(security_a, files);
    let checked = accord_engine::check(&ws, &ConformanceOptions::default()).expect("check");
    let mut out: Vec<(String, String)> = checked
        .findings
        .iter()
        .filter(|f| {
            accord_engine::rules::rules()
                .iter()
                .any(|r| r.id == f.rule && r.group == "security")
                || f.rule.starts_with("secret-")
        })
        .map(|f| {
            (
                f.rule.clone(),
                format!(
                    "{}:{}:{}",
                    f.location.path, f.location.line, f.location.column
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

// Assembled at run time so this file holds no scannable secret.
fn token() -> String {
    format!("ghp_{}", "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z")
}

#[test]
fn a_secret_in_a_pack_source_a_contract_or_an_output_is_found_in_the_tree_check() {
    let t = token();
    let files = [
        ("a/src/config.py", format!("TOKEN = \"{t}\"\n")),
        ("b/notes.md", "nothing here\n".to_string()),
        ("outputs/report.yaml", format!("title: x\n\ntoken: {t}\n")),
        ("unowned/other.txt", format!("{t}\n")),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    assert_eq!(
        run("", &files),
        [
            pair("secret-committed", "a/src/config.py:1:10"),
            pair("secret-committed", "outputs/report.yaml:3:8"),
        ]
    );
}

#[test]
fn a_binary_or_oversized_file_is_skipped_without_failing() {
    let t = token();
    let mut binary = vec![0u8, 1, 2];
    binary.extend(t.as_bytes());
    let (dir, ws) = workspace("", &[("a/ok.txt", "fine\n")]);
    std::fs::write(dir.path().join("a/blob.bin"), binary).expect("write");
    std::fs::write(
        dir.path().join("a/huge.txt"),
        format!("{}{t}\n", "x".repeat(33 * 1024 * 1024)),
    )
    .expect("write");
    let checked = accord_engine::check(&ws, &ConformanceOptions::default()).expect("check");
    assert!(
        !checked
            .findings
            .iter()
            .any(|f| f.rule.starts_with("secret-")),
        "{:#?}",
        checked.findings
    );
}

#[test]
fn an_approved_secret_fingerprint_is_allowed_in_the_tree_check() {
    let t = token();
    let text = format!("TOKEN = \"{t}\"\n");
    let (dir, ws) = workspace("", &[("a/src/config.py", &text)]);
    let checked = accord_engine::check(&ws, &ConformanceOptions::default()).expect("check");
    let fp = checked
        .findings
        .iter()
        .find(|f| f.rule == "secret-committed")
        .expect("secret found")
        .fingerprint
        .clone();
    std::fs::write(
        dir.path().join("accord-approvals.toml"),
        format!(
            "[approvals.{fp}]\njustification = \"revoked test token\"\napprover = \"sec\"\nexpires = \"2999-12-31\"\n"
        ),
    )
    .expect("write");
    // `sec` holds no role: the entry is ignored, and the finding says why.
    let checked = accord_engine::check(&ws, &ConformanceOptions::default()).expect("check");
    let kept = checked
        .findings
        .iter()
        .find(|f| f.rule == "secret-committed")
        .expect("an approval by nobody in particular hides nothing");
    assert!(
        kept.help
            .as_deref()
            .is_some_and(|h| h.contains("the approval by sec is ignored: it needs an architect")),
        "{:?}",
        kept.help
    );
    // Once `sec` is an architect (the role a decision would ask for), the secret is allowed.
    let manifest = std::fs::read_to_string(dir.path().join("accord.toml")).expect("read");
    std::fs::write(
        dir.path().join("accord.toml"),
        format!("{manifest}\n[roles]\narchitects = [\"sec\"]\n")
            .replace(
                "paths = [\"a/**\"]",
                "paths = [\"a/**\"]\nmaintainers = [\"sec\"]",
            )
            .replace(
                "paths = [\"b/**\"]",
                "paths = [\"b/**\"]\nmaintainers = [\"sec\"]",
            ),
    )
    .expect("write");
    let ws = Workspace::at(&dir.path().join("accord.toml")).expect("workspace");
    let checked = accord_engine::check(&ws, &ConformanceOptions::default()).expect("check");
    assert!(
        !checked
            .findings
            .iter()
            .any(|f| f.rule.starts_with("secret-")),
        "{:?}",
        checked.findings
    );
}

#[test]
fn undeclared_capabilities_are_found_in_each_language_and_declared_ones_are_not() {
    let files = [
        (
            "a/src/lib.rs",
            "use std::process::Command;\npub fn run() { let _ = Command::new(\"ls\"); let _ = std::env::var(\"K\"); }\n",
        ),
        (
            "a/web/index.ts",
            "import axios from 'axios';\nexport const k = process.env.KEY;\n",
        ),
        (
            "a/py/job.py",
            "import os\n\ndef save(p):\n    with open(p, 'w') as f:\n        f.write(os.getenv('X'))\n",
        ),
        // b has no [packs.b.security] table: it declares nothing.
        ("b/tool.py", "import subprocess\n"),
    ];
    assert_eq!(
        run("[packs.a.security]\ncapabilities = []\n", &files),
        [
            pair("capability-undeclared", "a/py/job.py:4:10"),
            pair("capability-undeclared", "a/py/job.py:5:17"),
            pair("capability-undeclared", "a/src/lib.rs:1:19"),
            pair("capability-undeclared", "a/src/lib.rs:2:52"),
            pair("capability-undeclared", "a/web/index.ts:1:1"),
            pair("capability-undeclared", "a/web/index.ts:2:18"),
            pair("capability-undeclared", "b/tool.py:1:1"),
        ]
    );
    let declared =
        "[packs.a.security]\ncapabilities = [\"exec\", \"env\", \"net\", \"fs-write\"]\n";
    assert_eq!(run(declared, &files[..3]), Vec::<(String, String)>::new());
}

#[test]
fn without_any_security_table_capabilities_are_not_checked() {
    assert!(run("", &[("a/tool.py", "import subprocess\n")]).is_empty());
}

#[test]
fn a_declared_capability_no_code_uses_is_reported_at_its_declaration() {
    assert_eq!(
        run(
            "[packs.a.security]\ncapabilities = [\"net\", \"exec\"]\n",
            &[("a/tool.py", "import subprocess\n")]
        ),
        [pair("capability-unused", "accord.toml:10:18")]
    );
}

#[test]
fn an_unknown_capability_or_key_is_a_manifest_error_with_did_you_mean() {
    let (_dir, ws) = workspace("[packs.a.security]\ncapabilities = [\"fs_write\"]\n", &[]);
    let err = accord_engine::check(&ws, &ConformanceOptions::default()).unwrap_err();
    let accord_engine::EngineError::Manifest(e) = err else {
        panic!("{err:?}")
    };
    let d = &e.diagnostics[0];
    assert_eq!((d.line, d.column), (10, 18));
    assert_eq!(d.help.as_deref(), Some("did you mean `fs-write`?"));
    let (_dir, ws) = workspace("[packs.a.security]\nprompt_sink = [\"ask\"]\n", &[]);
    let err = accord_engine::check(&ws, &ConformanceOptions::default()).unwrap_err();
    assert!(
        err.to_string().contains("unknown key `prompt_sink`"),
        "{err}"
    );
}

#[test]
fn prompt_injection_flows_in_each_language_and_a_sanitized_one_is_clean() {
    let security = "[packs.a.security]\nuntrusted_inputs = [\"read_email\"]\nprompt_sinks = [\"ask_model\"]\nsanitizers = [\"quote\"]\n";
    let files = [
        (
            "a/agent.py",
            "def reply(inbox):\n    body = inbox.read_email()\n    return ask_model(f'Reply: {body}')\n\ndef safe(inbox):\n    return ask_model(quote(inbox.read_email()))\n",
        ),
        (
            "a/agent.ts",
            "export async function reply(m: Mail) {\n  const body = await m.read_email();\n  return llm.ask_model(`Reply: ${body}`);\n}\n",
        ),
        (
            "a/src/agent.rs",
            "pub fn reply(m: &Mail) -> String {\n    let body = m.read_email();\n    ask_model(&format!(\"Reply: {body}\"))\n}\n",
        ),
    ];
    assert_eq!(
        run(security, &files),
        [
            pair("prompt-injection-flow", "a/agent.py:3:12"),
            pair("prompt-injection-flow", "a/agent.ts:3:10"),
            pair("prompt-injection-flow", "a/src/agent.rs:3:5"),
        ]
    );
}

#[test]
fn a_sensitive_field_in_an_output_and_an_email_file_name_are_reported() {
    let contract = "contract:\n  name: profile\n  version: \"1.0.0\"\n  provider: a\n  consumer: b\n  interface:\n    type: file\n    format: JSON\n    location: \"outputs/profiles/{slug}.json\"\n    required_fields:\n      - name: slug\n      - {name: big_five.openness, privacy: SENSITIVE}\n";
    let files = [
        ("contracts/profile-v1.0.0.yaml", contract),
        (
            "outputs/profiles/ada.json",
            "{\n  \"slug\": \"ada\",\n  \"big_five\": {\"openness\": 70}\n}\n",
        ),
        ("outputs/profiles/ok.csv", "slug,score\nada,1\n"),
        ("outputs/leads/ada.lovelace@example.org.json", "{}\n"),
        ("docs/big_five.json", "{\"openness\": 1}\n"),
    ];
    let found = run("", &files);
    assert!(
        found.contains(&pair(
            "sensitive-field-in-output",
            "outputs/profiles/ada.json:3:16"
        )),
        "{found:?}"
    );
    assert!(
        found.contains(&pair("pii-in-file-name", "outputs/leads:0:0")),
        "{found:?}"
    );
    assert_eq!(found.len(), 2, "{found:?}");
}
