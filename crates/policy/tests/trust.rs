//! The trust boundary: where the change under review may (not) make Accord write or connect.
//! The ledger's location, `decisions_dir`, and the decision record files.

mod common;

use accord_model::manifest::{Manifest, RawSection};
use accord_policy::ledger::{LEDGER_ENV, LEDGER_TABLE_ENV};
use accord_policy::record::{load_anchors, store};
use accord_policy::{
    Ledger, LedgerConfigError, LedgerSettings, LedgerTarget, Origin, Policy, RecordAnchor,
    RecordError,
};
use serde_json::json;
use std::collections::HashMap;
use std::path::Path;

fn manifest_with(ledger: Option<serde_json::Value>) -> Manifest {
    let mut m = Manifest {
        path: "accord.toml".into(),
        ..Manifest::default()
    };
    if let Some(value) = ledger {
        m.sections.insert(
            "ledger".into(),
            RawSection {
                value,
                ..RawSection::default()
            },
        );
    }
    m
}

fn resolve(
    root: &Path,
    flag: Option<&str>,
    env: &[(&str, &str)],
    require_trusted: bool,
    ledger: Option<serde_json::Value>,
) -> Result<(LedgerTarget, Origin), LedgerConfigError> {
    let env: HashMap<String, String> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let lookup = move |name: &str| env.get(name).cloned();
    let settings = LedgerSettings {
        flag,
        env: &lookup,
        require_trusted,
        cwd: Path::new("/ci/work"),
    };
    LedgerTarget::resolve(&settings, &manifest_with(ledger), "", root)
}

fn repo() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().canonicalize().expect("canonical");
    (dir, root)
}

#[test]
fn the_flag_wins_over_the_environment_which_wins_over_the_manifest() {
    let (_d, root) = repo();
    let pg = "postgres://ci:pw@ledger.internal/audit";
    let manifest = Some(json!({ "path": "audit/ledger.db" }));
    let (t, o) = resolve(
        &root,
        Some("/srv/ledger.db"),
        &[(LEDGER_ENV, pg)],
        true,
        manifest.clone(),
    )
    .expect("flag");
    assert_eq!(
        (t, o),
        (LedgerTarget::Sqlite("/srv/ledger.db".into()), Origin::Flag)
    );
    let (t, o) = resolve(&root, None, &[(LEDGER_ENV, pg)], true, manifest.clone()).expect("env");
    assert_eq!(o, Origin::Environment);
    assert_eq!(
        t,
        LedgerTarget::Postgres {
            url: pg.into(),
            table: "accord_ledger".into()
        }
    );
    let (t, o) = resolve(&root, None, &[], false, manifest).expect("manifest");
    assert_eq!(
        (t, o),
        (
            LedgerTarget::Sqlite(root.join("audit/ledger.db")),
            Origin::Manifest
        )
    );
    let (t, o) = resolve(&root, None, &[], false, None).expect("default");
    assert_eq!(
        (t, o),
        (
            LedgerTarget::Sqlite(root.join(".accord/ledger.db")),
            Origin::Default
        )
    );
}

#[test]
fn recording_in_ci_refuses_a_ledger_the_repository_chose() {
    let (_d, root) = repo();
    for manifest in [None, Some(json!({ "path": "ledger.db" }))] {
        let err = resolve(&root, None, &[], true, manifest).expect_err("untrusted");
        assert_eq!(err, LedgerConfigError::Untrusted);
        assert!(err.to_string().contains(LEDGER_ENV), "{err}");
    }
}

#[test]
fn the_manifest_cannot_choose_the_table_of_a_trusted_database() {
    let (_d, root) = repo();
    let pg = "postgres://ci@ledger.internal/audit";
    let manifest = Some(json!({ "table": "users" }));
    let (t, _) = resolve(&root, None, &[(LEDGER_ENV, pg)], true, manifest.clone()).expect("env");
    assert!(matches!(t, LedgerTarget::Postgres { ref table, .. } if table == "accord_ledger"));
    let (t, _) = resolve(
        &root,
        None,
        &[(LEDGER_ENV, pg), (LEDGER_TABLE_ENV, "gov_ledger")],
        true,
        manifest,
    )
    .expect("env table");
    assert!(matches!(t, LedgerTarget::Postgres { ref table, .. } if table == "gov_ledger"));
    let err = resolve(
        &root,
        None,
        &[(LEDGER_ENV, pg), (LEDGER_TABLE_ENV, "x; DROP TABLE y")],
        true,
        None,
    )
    .expect_err("bad table");
    assert!(err.to_string().contains("not a plain table name"), "{err}");
}

#[test]
fn a_spec_that_is_not_a_ledger_is_an_error_and_its_password_is_not_echoed() {
    let (_d, root) = repo();
    let err = resolve(
        &root,
        None,
        &[(LEDGER_ENV, "mysql://u:Sup3rSecret@h/db")],
        false,
        None,
    )
    .expect_err("mysql");
    let text = err.to_string();
    assert!(text.starts_with("ACCORD_LEDGER: "), "{text}");
    assert!(text.contains("`mysql:` scheme is not supported"), "{text}");
    assert!(!text.contains("Sup3rSecret"), "{text}");
    // Nothing was created for it either.
    assert_eq!(std::fs::read_dir(&root).expect("ls").count(), 0);
}

#[test]
fn a_url_in_the_manifest_is_refused_and_url_env_names_a_variable() {
    let (_d, root) = repo();
    let err = resolve(
        &root,
        None,
        &[],
        false,
        Some(json!({ "url": "postgres://u:Sup3rSecret@db/x" })),
    )
    .expect_err("url");
    let text = err.to_string();
    assert!(text.contains("`ledger.url` is not accepted"), "{text}");
    assert!(text.contains("url_env"), "{text}");
    assert!(!text.contains("Sup3rSecret"), "{text}");

    let pg = "postgres://gov:pw@db/audit";
    let (t, o) = resolve(
        &root,
        None,
        &[("GOV_LEDGER_URL", pg)],
        false,
        Some(json!({ "url_env": "GOV_LEDGER_URL", "table": "gov_ledger" })),
    )
    .expect("url_env");
    assert_eq!(o, Origin::Manifest);
    assert_eq!(
        t,
        LedgerTarget::Postgres {
            url: pg.into(),
            table: "gov_ledger".into()
        }
    );
    for (var, env, wanted) in [
        ("GOV_LEDGER_URL", vec![], "which is not set"),
        (
            "HOME",
            vec![("HOME", "/root")],
            "does not hold a postgres:// URL",
        ),
        ("A-B", vec![], "must name an environment variable"),
    ] {
        let err = resolve(&root, None, &env, false, Some(json!({ "url_env": var })))
            .expect_err("bad url_env");
        assert!(err.to_string().contains(wanted), "{var}: {err}");
    }
}

#[test]
fn a_manifest_path_must_stay_inside_the_repository() {
    let (_d, root) = repo();
    let outside = tempfile::tempdir().expect("outside");
    std::os::unix::fs::symlink(outside.path(), root.join("escape")).expect("symlink dir");
    std::os::unix::fs::symlink("/etc/passwd", root.join("ledger.db")).expect("symlink file");
    for (path, wanted) in [
        ("../ledger.db", "climbs out with `..`"),
        ("a/../../ledger.db", "climbs out with `..`"),
        ("/tmp/ledger.db", "is absolute"),
        (
            "escape/ledger.db",
            "leads outside the repository through a symlink",
        ),
        (
            "escape/deeper/ledger.db",
            "leads outside the repository through a symlink",
        ),
        (
            "ledger.db",
            "leads outside the repository through a symlink",
        ),
        ("", "is empty"),
    ] {
        let err = resolve(&root, None, &[], false, Some(json!({ "path": path }))).expect_err(path);
        let text = err.to_string();
        assert!(text.contains(wanted), "{path}: {text}");
        assert!(text.contains("ledger.path"), "{path}: {text}");
    }
    // A symlink that stays inside is fine, and resolves to where it points.
    std::fs::create_dir(root.join("real")).expect("mkdir");
    std::os::unix::fs::symlink(root.join("real"), root.join("inside")).expect("symlink in");
    let (t, _) = resolve(
        &root,
        None,
        &[],
        false,
        Some(json!({ "path": "inside/ledger.db" })),
    )
    .expect("inside");
    assert_eq!(t, LedgerTarget::Sqlite(root.join("real/ledger.db")));
}

#[test]
fn decisions_dir_must_be_a_relative_path_inside_the_repository() {
    for (dir, wanted) in [
        ("../..", "climbs out of the repository"),
        ("decisions/../../x", "climbs out of the repository"),
        ("/var/decisions", "is absolute"),
        ("~/decisions", "is absolute"),
        ("", "is empty"),
    ] {
        let source = format!("[policy]\ndecisions_dir = \"{dir}\"\n");
        let start = source.find('"').expect("quote");
        let section = RawSection {
            value: json!({ "decisions_dir": dir }),
            spans: [(
                "/decisions_dir".to_string(),
                accord_model::Span::new(start, source.len() - 1),
            )]
            .into_iter()
            .collect(),
        };
        let err = Policy::parse(Some(&section), "accord.toml", &source).expect_err(dir);
        let text = err.to_string();
        assert!(text.contains(wanted), "{dir}: {text}");
        assert!(
            text.starts_with("accord.toml:2:17: `policy.decisions_dir`"),
            "the error points at the value: {text}"
        );
    }
    let section = RawSection {
        value: json!({ "decisions_dir": "audit/decisions" }),
        ..RawSection::default()
    };
    let policy = Policy::parse(Some(&section), "accord.toml", "").expect("relative inside");
    assert_eq!(policy.decisions_dir, "audit/decisions");
}

#[test]
fn records_are_stored_inside_the_repository_only() {
    let (_d, root) = repo();
    let outside = tempfile::tempdir().expect("outside");
    std::os::unix::fs::symlink(outside.path(), root.join("decisions")).expect("symlink");
    let record = common::sample_record(1, None);
    let err = store(&root, "decisions", &record).expect_err("symlinked decisions/");
    assert!(matches!(err, RecordError::Location { .. }), "{err:?}");
    assert!(err.to_string().contains("outside the repository"), "{err}");
    assert_eq!(std::fs::read_dir(outside.path()).expect("ls").count(), 0);

    let rel = store(&root, "audit/decisions", &record).expect("store");
    assert_eq!(rel, format!("audit/decisions/{}.json", record.id));
    assert_eq!(
        std::fs::read_to_string(root.join(&rel)).expect("read"),
        record.to_json()
    );
}

#[test]
fn a_symlink_planted_at_the_record_path_is_replaced_not_followed() {
    let (_d, root) = repo();
    let victim = tempfile::NamedTempFile::new().expect("victim");
    std::fs::write(victim.path(), "precious").expect("write victim");
    let record = common::sample_record(1, None);
    std::fs::create_dir(root.join("decisions")).expect("mkdir");
    let planted = root.join(format!("decisions/{}.json", record.id));
    std::os::unix::fs::symlink(victim.path(), &planted).expect("plant");
    store(&root, "decisions", &record).expect("store");
    assert_eq!(
        std::fs::read_to_string(victim.path()).expect("victim"),
        "precious"
    );
    assert!(
        !planted
            .symlink_metadata()
            .expect("meta")
            .file_type()
            .is_symlink(),
        "the link itself was replaced by the record"
    );
}

#[test]
fn concurrent_recorders_never_share_a_temporary_file() {
    let (_d, root) = repo();
    let root = std::sync::Arc::new(root);
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let root = root.clone();
            std::thread::spawn(move || {
                // Every thread stores the same record many times: the same final name, so
                // only distinct temporary names keep them from clobbering each other.
                let record = common::sample_record(1, None);
                for _ in 0..25 {
                    store(&root, "decisions", &record)
                        .unwrap_or_else(|e| panic!("thread {t}: {e}"));
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("thread");
    }
    let names: Vec<String> = std::fs::read_dir(root.join("decisions"))
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "no temporary file left behind: {names:?}");
    let record = common::sample_record(1, None);
    assert_eq!(
        std::fs::read_to_string(root.join("decisions").join(&names[0])).expect("read"),
        record.to_json()
    );
}

#[test]
fn anchors_are_loaded_from_committed_records_and_bad_files_are_named() {
    let (_d, root) = repo();
    let mut ledger =
        Ledger::open(&LedgerTarget::Sqlite(root.join(".accord/ledger.db"))).expect("open ledger");
    let mut anchors: Vec<RecordAnchor> = Vec::new();
    for n in 1..=2 {
        let mut record = common::sample_record(n, None);
        ledger.append_record(&mut record, &anchors).expect("append");
        let rel = store(&root, "decisions", &record).expect("store");
        anchors.push(RecordAnchor::of(&record, rel).expect("anchored"));
    }
    // A record written before anchors existed is not an anchor, and not an error.
    let legacy = common::sample_record(3, None);
    store(&root, "decisions", &legacy).expect("legacy");
    std::fs::write(root.join("decisions/broken.json"), "{ not json").expect("broken");
    std::os::unix::fs::symlink("/etc/passwd", root.join("decisions/link.json")).expect("link");
    let loaded = load_anchors(&root, "decisions").expect("load");
    let mut got = loaded.anchors.clone();
    got.sort_by_key(|a| a.anchor.seq);
    assert_eq!(got, anchors);
    let bad: Vec<&str> = loaded.unreadable.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(bad, vec!["decisions/broken.json", "decisions/link.json"]);
    assert!(
        loaded.unreadable[1].1.contains("not a regular file"),
        "{:?}",
        loaded.unreadable
    );
    assert_eq!(
        load_anchors(&root, "missing").expect("no dir"),
        Default::default()
    );
}

#[test]
fn recording_and_verifying_a_repository_in_one_call_each() {
    use accord_policy::ledger::{record_decision, verify_repository};
    let (_d, root) = repo();
    let target = LedgerTarget::Sqlite(root.join(".accord/ledger.db"));
    for n in 1..=2 {
        let mut record = common::sample_record(n, None);
        let (path, entry) =
            record_decision(&target, &root, "decisions", &mut record).expect("record");
        assert_eq!(entry.seq, n as i64);
        let written = std::fs::read_to_string(root.join(&path)).expect("record file");
        assert!(written.contains("\"ledger\""), "{written}");
    }
    let v = verify_repository(&target, &root, "decisions").expect("verify");
    assert_eq!((v.entries, v.problems.len()), (2, 0), "{:?}", v.problems);

    // The ledger file is deleted: the committed records notice, and recording is refused.
    std::fs::remove_file(root.join(".accord/ledger.db")).expect("rm");
    let v = verify_repository(&target, &root, "decisions").expect("verify");
    assert_eq!(
        v.problems.iter().map(|p| p.kind).collect::<Vec<_>>(),
        vec![accord_policy::ProblemKind::StoreMissing]
    );
    let mut next = common::sample_record(3, None);
    let err = record_decision(&target, &root, "decisions", &mut next).expect_err("refused");
    assert!(err.to_string().contains("fails verification"), "{err}");
    assert!(
        !root.join(format!("decisions/{}.json", next.id)).exists(),
        "no record file for a refused append"
    );

    // A planted, unreadable record is reported by name.
    std::fs::write(root.join("decisions/planted.json"), "[]").expect("plant");
    let v = verify_repository(&target, &root, "decisions").expect("verify");
    assert!(
        v.problems
            .iter()
            .any(|p| p.kind == accord_policy::ProblemKind::UnreadableRecord
                && p.message.starts_with("decisions/planted.json")),
        "{:?}",
        v.problems
    );
}
