//! Messages of issue 15: every mistake in a file Accord reads is shown with a snippet of
//! that file, and names that look like typos get a "did you mean".

mod common;

use common::*;

fn repo(manifest: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "accord.toml", manifest);
    tmp
}

fn check_err(root: &std::path::Path) -> String {
    let out = accord()
        .arg("check")
        .arg(root)
        .args(["--color", "never"])
        .output()
        .expect("runs");
    assert_code(&out, 2);
    stderr(&out)
}

/// A bad enum value in a section another crate parses used to read `accord.toml:0:76` (the
/// byte offset in the column, no line) with no snippet.
#[test]
fn bad_enum_value_in_a_code_table_is_shown_with_its_line_and_snippet() {
    let repo = repo(
        "[project]\nname = \"x\"\n\n[packs.a]\npaths = [\"a/**\"]\n[packs.a.code]\nlanguage = \"rustt\"\n",
    );
    let err = check_err(repo.path());
    assert!(err.contains("accord.toml:7:13"), "{err}");
    assert!(!err.contains(":0:"), "{err}");
    assert!(err.contains("7 | language = \"rustt\""), "{err}");
    assert!(err.contains("^^^^^"), "{err}");
}

#[test]
fn bad_enum_values_in_policy_and_database_are_shown_with_snippets() {
    for (section, line) in [
        (
            "[policy]\nreview = \"sometimes\"\n",
            "review = \"sometimes\"",
        ),
        (
            "[policy.levels]\nBREAKING = \"fatal\"\n",
            "BREAKING = \"fatal\"",
        ),
        ("[database]\ndialect = \"oracle\"\n", "dialect = \"oracle\""),
    ] {
        let repo = repo(&format!("[project]\nname = \"x\"\n\n{section}"));
        let err = check_err(repo.path());
        assert!(err.contains(&format!("5 | {line}")), "{section}: {err}");
        assert!(err.contains('^'), "{err}");
    }
}
