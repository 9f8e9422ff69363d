//! `accord new`: each of the five kinds, on a copy of the Expansion Packs example, writes a
//! file that fails `accord check` on its `TODO:` placeholders, and passes once they are
//! filled in (for a contract, after regenerating the documents and CODEOWNERS it changes,
//! as the duties ask). A second `accord new` never overwrites.

mod common;

use common::{accord, assert_code, copy_tree, example, findings_of, json, stderr, stdout};
use std::path::Path;

fn new(root: &Path, args: &[&str]) -> String {
    let out = accord()
        .arg("new")
        .args(args)
        .arg("--dir")
        .arg(root)
        .output()
        .unwrap();
    assert_code(&out, 0);
    let text = stdout(&out);
    text.lines()
        .find_map(|l| l.strip_prefix("wrote "))
        .unwrap_or_else(|| panic!("no `wrote` line in {text}"))
        .to_string()
}

fn check(root: &Path) -> serde_json::Value {
    let out = accord()
        .args(["check", "--format", "json"])
        .arg(root)
        .output()
        .unwrap();
    json(&out)
}

fn fill(kind: &str, text: &str) -> String {
    match kind {
        "adr" => text
            .replace("TODO: names or roles", "System Architect")
            .replace("TODO: ", "Written: "),
        "proposal" => text
            .replace(
                "- TODO: Pack: changes needed",
                "- MMOS: caches the voice prompt",
            )
            .replace("TODO: the packs affected, comma-separated", "MMOS")
            .replace("TODO: ", "Written: "),
        "story" => text
            .replace(
                "TODO: two or more packs, comma-separated",
                "MMOS, CreatorOS",
            )
            .replace(
                "TODO: EPIC-NNN-name of the epic or proposal",
                "EPIC-005-voice-fidelity-boost",
            )
            .replace("TODO: ", "Written: "),
        "contract" => text
            .replace(
                "TODO: the data format (YAML, JSON, Markdown file, directory)",
                "Markdown file",
            )
            .replace(
                "TODO: where the provider writes it, e.g. outputs/{slug}/file.yaml",
                "outputs/courses/{slug}/COURSE-BRIEF.md",
            )
            .replace(
                "TODO: what the consumer may rely on",
                "The brief stays where it is",
            ),
        "migration" => {
            let header: String = text
                .lines()
                .filter(|l| !l.starts_with("-- TODO:"))
                .map(|l| {
                    if l.starts_with("-- Epic:") {
                        "-- Epic: EPIC-005-voice-fidelity-boost".to_string()
                    } else if l.starts_with("-- Packs affected:") {
                        "-- Packs affected: MMOS".to_string()
                    } else {
                        l.to_string()
                    }
                })
                .map(|l| l + "\n")
                .collect();
            header + "\nALTER TABLE minds ADD COLUMN voice_cache TEXT;\n"
        }
        other => panic!("{other}"),
    }
}

#[test]
fn each_kind_fails_check_until_its_placeholders_are_filled_in() {
    for (kind, args) in [
        ("adr", &["adr", "Cache voice prompts"][..]),
        ("proposal", &["proposal", "Voice", "cache"]),
        ("story", &["story", "Cached voice"]),
        (
            "contract",
            &[
                "contract",
                "Course Briefs",
                "--provider",
                "etl",
                "--consumer",
                "creator-os",
            ],
        ),
        ("migration", &["migration", "add voice cache"]),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        copy_tree(&example("expansion-packs"), root);
        let path = new(root, args);
        let report = check(root);
        let placeholders = findings_of(&report, "governance-doc-placeholder");
        assert!(
            !placeholders.is_empty()
                && placeholders
                    .iter()
                    .all(|f| f["location"]["path"] == path.as_str()),
            "{kind}: {placeholders:#?}"
        );
        assert!(
            placeholders
                .iter()
                .all(|f| f["location"]["line"].as_u64() > Some(0))
        );

        let file = root.join(&path);
        let filled = fill(kind, &std::fs::read_to_string(&file).unwrap());
        assert!(!filled.contains("TODO"), "{kind}: {filled}");
        std::fs::write(&file, filled).unwrap();
        if kind == "contract" {
            for cmd in ["docs", "codeowners"] {
                let out = accord().arg(cmd).arg(root).output().unwrap();
                assert_code(&out, 0);
            }
        }
        let out = accord().arg("check").arg(root).output().unwrap();
        assert_eq!(
            common::code(&out),
            0,
            "{kind}: {path} filled in still fails:\n{}{}",
            stdout(&out),
            stderr(&out)
        );
    }
}

#[test]
fn names_follow_the_conventions_and_nothing_is_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    copy_tree(&example("expansion-packs"), root);
    // The example holds ADR-001 and ADR-002, STORY-001.
    assert_eq!(
        new(root, &["adr", "Cache voice prompts"]),
        "docs/expansion-packs/decisions/ADR-003-cache-voice-prompts.md"
    );
    assert_eq!(
        new(root, &["story", "Cached voice"]),
        "docs/expansion-packs/stories/STORY-002-cached-voice.md"
    );
    let migration = new(root, &["migration", "Add voice cache!"]);
    let name = migration.strip_prefix("db/migrations/").unwrap();
    assert_eq!(
        name.len(),
        "YYYYMMDD-HHMMSS-add-voice-cache.sql".len(),
        "{name}"
    );
    assert!(
        name.ends_with("-add-voice-cache.sql") && name.as_bytes()[8] == b'-',
        "{name}"
    );

    // The example already has mmos → creator-os v1.0.0.
    let existing = root.join("docs/expansion-packs/contracts/mmos-creator-os-v1.0.0.yaml");
    let before = std::fs::read(&existing).unwrap();
    let out = accord()
        .args([
            "new",
            "contract",
            "Voice",
            "--provider",
            "MMOS",
            "--consumer",
            "CreatorOS",
            "--dir",
        ])
        .arg(root)
        .output()
        .unwrap();
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("already exists; accord new never overwrites"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&existing).unwrap(), before);

    let out = accord()
        .args([
            "new",
            "contract",
            "Voice",
            "--provider",
            "mmos",
            "--consumer",
            "creater-oss",
            "--dir",
        ])
        .arg(root)
        .output()
        .unwrap();
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("did you mean `creator-os`?"),
        "{}",
        stderr(&out)
    );
}
