//! `--format html` from `check`, `check --base` and `diff`, through the real binary. That the
//! page renders and filters in a browser is `scripts/html-test.sh`.

mod common;

use common::*;

fn page_of(out: &std::process::Output) -> String {
    let html = stdout(out);
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.trim_end().ends_with("</html>"), "{html}");
    assert_eq!(html.matches("<script").count(), 1, "only the page's own");
    html
}

#[test]
fn check_of_the_example_draws_its_packs_and_contracts() {
    let out = accord()
        .arg("check")
        .arg(example("expansion-packs"))
        .args(["--format", "html"])
        .output()
        .expect("runs");
    assert_code(&out, 0);
    let html = page_of(&out);
    assert!(
        html.contains("<h1>Accord — Mente Lendária v2.0.0</h1>"),
        "{html}"
    );
    assert!(html.contains("id=\"no-findings\""));
    assert!(
        !html.contains("id=\"decision\""),
        "no decision without --base"
    );
    for pack in ["mmos", "creator-os", "innerlens", "etl", "super-agentes"] {
        assert!(
            html.contains(&format!("<g class=\"pack\" data-pack=\"{pack}\">")),
            "{pack} not drawn"
        );
    }
    assert!(html.contains("MMOS → CreatorOS Voice Integration"));
    assert!(html.contains("<table id=\"contracts\">"));
}

#[test]
fn check_base_shows_the_decision_and_the_findings_with_snippets() {
    let repo = example_repo();
    let contract = "docs/expansion-packs/contracts/mmos-creator-os-v1.0.0.yaml";
    let path = repo.path().join(contract);
    let text = std::fs::read_to_string(&path).expect("contract");
    std::fs::write(
        &path,
        text.replacen("version: \"1.0.0\"", "version: \"2.0.0\"", 1),
    )
    .expect("write");
    let out = accord()
        .current_dir(repo.path())
        .args(["check", "--base", "HEAD", "--format", "html"])
        .output()
        .expect("runs");
    let html = page_of(&out);
    assert!(html.contains("id=\"decision\" data-outcome=\""), "{html}");
    assert!(html.contains("<th>base</th><td>HEAD ("), "{html}");
    assert!(html.contains("<article class=\"finding\""), "{html}");
    assert!(html.contains("<pre class=\"snippet\">"), "{html}");
    assert!(html.contains("data-contract=\"MMOS → CreatorOS Voice Integration\""));
}

#[test]
fn diff_of_two_contracts_names_both_sides() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = example("expansion-packs")
        .join("docs/expansion-packs/contracts/mmos-creator-os-v1.0.0.yaml");
    let old = std::fs::read_to_string(source).expect("contract");
    let new = old
        .replacen("version: \"1.0.0\"", "version: \"1.1.0\"", 1)
        .replacen(
            "      - name: \"Communication Style\"",
            "      - name: \"Communication Styles\"",
            1,
        );
    write(dir.path(), "old.yaml", &old);
    write(dir.path(), "new.yaml", &new);
    let out = accord()
        .current_dir(dir.path())
        .args(["diff", "old.yaml", "new.yaml", "--format", "html"])
        .output()
        .expect("runs");
    assert_code(&out, 1);
    let html = page_of(&out);
    assert!(
        html.contains("<h1>Accord — diff old.yaml → new.yaml</h1>"),
        "{html}"
    );
    assert!(
        html.contains("<th>contract</th><td>MMOS → CreatorOS Voice Integration 1.0.0 → 1.1.0</td>"),
        "{html}"
    );
    assert!(html.contains("data-class=\"BREAKING\""), "{html}");
    assert!(!html.contains("id=\"pack-graph\""), "no repository to draw");
}
