//! The architecture rules on small trees, one per rule and language: each seeded violation is
//! reported at its span, and the same tree without it (or with its exception) is clean.

use accord_engine::Workspace;
use accord_engine::arch::{ArchReport, analyze};

const PACKS: &str = r#"[project]
name = "t"

[packs.a]
paths = ["a/**"]

[packs.b]
paths = ["b/**"]
EXTRA_B

[packs.c]
paths = ["c/**"]
tier = "optional"

[packs.d]
paths = ["d/**"]
allow_imports = ["a"]

[pipelines]
main = ["a", "b"]
"#;

fn run(extra_b: &str, files: &[(&str, &str)]) -> ArchReport {
    let dir = tempfile::tempdir().expect("tempdir");
    let manifest = PACKS.replace("EXTRA_B", extra_b);
    std::fs::write(dir.path().join("accord.toml"), manifest).expect("write");
    for (path, text) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
    }
    let ws = Workspace::at(&dir.path().join("accord.toml")).expect("workspace");
    let registry = accord_contract::load_registry(&ws.root, &ws.manifest).expect("registry");
    analyze(
        &ws.root,
        &ws.manifest,
        &ws.manifest_text,
        &registry.contracts,
    )
    .expect("analyze")
}

/// `(rule, path:line:column)` of every finding, sorted.
fn found(report: &ArchReport) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = report
        .findings
        .iter()
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

const RUST_A: (&str, &str) = (
    "a/Cargo.toml",
    "[package]\nname = \"a-core\"\nversion = \"1.0.0\"\n",
);
const RUST_A_LIB: (&str, &str) = ("a/src/lib.rs", "pub fn run() {}\n");

#[test]
fn rust_use_and_cargo_dependency_across_packs_are_reported_at_their_spans() {
    let files = [
        RUST_A,
        RUST_A_LIB,
        (
            "b/Cargo.toml",
            "[package]\nname = \"b-app\"\nversion = \"0.1.0\"\n\n[dependencies]\na-core = { path = \"../a\" }\n",
        ),
        (
            "b/src/lib.rs",
            "//! b\nuse a_core::run;\npub fn go() { run() }\n",
        ),
    ];
    let report = run("", &files);
    assert_eq!(
        found(&report),
        [
            pair("pack-boundary-dependency", "b/Cargo.toml:6:1"),
            pair("pack-boundary-import", "b/src/lib.rs:2:1"),
        ]
    );
    let use_site = &report.usages[0].site;
    assert_eq!(use_site.uses[0].location.line, 3, "the call site of `run`");
    // The exception silences both and shows in the graph.
    let allowed = run("allow_imports = [\"a\"]", &files);
    assert_eq!(found(&allowed), []);
    assert!(allowed.graph.edges.iter().all(|e| e.allowed));
}

#[test]
fn typescript_package_and_relative_imports_resolve_into_the_other_pack_but_never_above_the_root() {
    let files = [
        (
            "a/package.json",
            r#"{ "name": "@x/a", "version": "1.0.0" }"#,
        ),
        ("a/src/y.ts", "export const y = 1;\n"),
        (
            "b/src/x.ts",
            "import { run } from \"@x/a/sub\";\nexport { y } from \"../../a/src/y\";\nimport z from \"../../../../etc/passwd\";\nimport { own } from \"./own\";\n",
        ),
    ];
    assert_eq!(
        found(&run("", &files)),
        [
            pair("pack-boundary-import", "b/src/x.ts:1:1"),
            pair("pack-boundary-import", "b/src/x.ts:2:1"),
        ]
    );
}

#[test]
fn python_imports_of_another_packs_package_are_reported_and_relative_ones_are_not() {
    let files = [
        ("a/a_pkg/__init__.py", ""),
        ("a/a_pkg/m.py", "def run():\n    pass\n"),
        (
            "b/b_pkg/m.py",
            "from . import sibling\nimport os\n\nfrom a_pkg.m import run\n",
        ),
    ];
    assert_eq!(
        found(&run("", &files)),
        [pair("pack-boundary-import", "b/b_pkg/m.py:4:1")]
    );
}

#[test]
fn a_cycle_and_an_upstream_import_are_named() {
    let files = [
        ("a/a_pkg/__init__.py", "from b_pkg import x\n"),
        ("b/b_pkg/__init__.py", "from a_pkg import y\n"),
    ];
    let report = run("", &files);
    let rules: Vec<String> = found(&report).into_iter().map(|(r, _)| r).collect();
    assert!(rules.contains(&"pack-cycle".to_string()), "{rules:?}");
    assert!(
        rules.contains(&"pipeline-backwards".to_string()),
        "{rules:?}"
    );
    let cycle = report
        .findings
        .iter()
        .find(|f| f.rule == "pack-cycle")
        .expect("cycle");
    assert!(cycle.message.contains("a → b → a"), "{}", cycle.message);
    assert_eq!(cycle.related.len(), 2, "one note per edge");
    let backwards = report
        .findings
        .iter()
        .find(|f| f.rule == "pipeline-backwards")
        .expect("backwards");
    assert_eq!(backwards.location.path, "a/a_pkg/__init__.py");
    assert_eq!(report.graph.cycles, [vec!["a", "b", "a"]]);
}

#[test]
fn an_optional_pack_reached_without_a_guard_is_risky_in_each_language() {
    let c = [
        ("c/c_pkg/__init__.py", ""),
        ("c/package.json", r#"{ "name": "c-js" }"#),
        ("c/Cargo.toml", "[package]\nname = \"c-rs\"\n"),
    ];
    let unguarded = [
        ("d/d_pkg/m.py", "import c_pkg\n"),
        ("d/src/m.ts", "import { f } from \"c-js\";\n"),
        ("d/src/lib.rs", "use c_rs::f;\n"),
    ];
    let report = run("", &[&c[..], &unguarded[..]].concat());
    let optional: Vec<(String, String)> = found(&report)
        .into_iter()
        .filter(|(r, _)| r == "optional-dependency-unguarded")
        .collect();
    assert_eq!(optional.len(), 3, "{optional:?}");
    let guarded = [
        (
            "d/d_pkg/m.py",
            "try:\n    import c_pkg\nexcept ImportError:\n    c_pkg = None\n",
        ),
        (
            "d/src/m.ts",
            "async function f() { try { return await import(\"c-js\"); } catch { return null; } }\n",
        ),
        ("d/src/lib.rs", "#[cfg(feature = \"c\")]\nuse c_rs::f;\n"),
    ];
    let report = run("", &[&c[..], &guarded[..]].concat());
    assert!(
        found(&report)
            .iter()
            .all(|(r, _)| r != "optional-dependency-unguarded"),
        "{:?}",
        found(&report)
    );
}

const CODE_CONTRACT: &str = r#"contract:
  name: "A API"
  version: "1.0.0"
  status: "stable"
  provider: a
  consumers: [b]
  interface:
    type: "code"
    format: "rust"
    location: "a/src/lib.rs"
  breaking_changes_history:
    - version: "1.0.0"
      date: "2025-11-01"
      change: "Initial contract"
"#;

#[test]
fn declared_consumers_without_use_and_undeclared_users_are_findings() {
    let files = [
        RUST_A,
        RUST_A_LIB,
        ("contracts/a-b-v1.0.0.yaml", CODE_CONTRACT),
        // b writes Rust and never imports a: a stale consumer.
        ("b/src/lib.rs", "pub fn go() {}\n"),
        // d may import a (allow_imports) but is not a consumer of its code contract.
        ("d/src/lib.rs", "use a_core::run;\n"),
    ];
    assert_eq!(
        found(&run("", &files)),
        [
            pair("consumer-declared-unused", "contracts/a-b-v1.0.0.yaml:0:0"),
            pair("consumer-undeclared-use", "d/src/lib.rs:1:1"),
        ]
    );
    // With the consumer's use, the contract permits the import: clean.
    let used = [
        RUST_A,
        RUST_A_LIB,
        ("contracts/a-b-v1.0.0.yaml", CODE_CONTRACT),
        ("b/src/lib.rs", "pub fn go() { a_core::run() }\n"),
    ];
    assert_eq!(found(&run("", &used)), []);
}

#[test]
fn packs_that_keep_to_themselves_are_clean() {
    let files = [
        RUST_A,
        ("a/src/lib.rs", "use a_core::run as _r;\npub fn run() {}\n"),
        ("b/b_pkg/__init__.py", "from b_pkg import m\n"),
        ("b/src/x.ts", "import { own } from \"./own\";\n"),
        ("b/notes.txt", "use a_core::run; from a_pkg import x\n"),
    ];
    let report = run("", &files);
    assert_eq!(found(&report), []);
    assert!(report.graph.edges.is_empty());
}

mod usage {
    use accord_engine::arch::{ArchReport, attach_usages};
    use accord_model::arch::{Reference, Site, Usage};
    use accord_model::{Bump, Class, Finding, Location};
    use accord_policy::{ChangeEvidence, ContractEvidence};

    fn report(with_use: bool) -> ArchReport {
        let mut report = ArchReport::default();
        for pack in ["core", "cli", "app"] {
            report
                .languages
                .insert(pack.to_string(), ["rust"].into_iter().collect());
        }
        if with_use {
            report.usages.push(Usage {
                provider: "core".into(),
                consumer: "cli".into(),
                site: Site {
                    location: Location::new("cli/src/main.rs", 1, 1),
                    detail: "core".into(),
                    names: vec!["decide".into(), "Other".into()],
                    guarded: false,
                    uses: vec![
                        Reference {
                            name: "decide".into(),
                            location: Location::new("cli/src/main.rs", 9, 5),
                        },
                        Reference {
                            name: "Other".into(),
                            location: Location::new("cli/src/main.rs", 12, 5),
                        },
                    ],
                },
            });
        }
        report
    }

    fn breaking() -> (Vec<Finding>, ChangeEvidence) {
        let finding = Finding::new(
            "required-param-added",
            Class::Breaking,
            Bump::Major,
            "`core::decide` gained required parameter `strict`",
        )
        .with_contract("Core API")
        .with_logical_path("core::decide/strict")
        .with_impacted(["app"]);
        let mut evidence = ChangeEvidence::default();
        evidence.contracts.push(ContractEvidence {
            name: "Core API".into(),
            provider: "core".into(),
            consumers: vec!["cli".into(), "app".into()],
            ..ContractEvidence::default()
        });
        (vec![finding], evidence)
    }

    #[test]
    fn a_breaking_change_lists_the_call_sites_of_its_symbol_in_other_packs() {
        let (mut findings, mut evidence) = breaking();
        attach_usages(&report(true), &mut findings, &mut evidence, true);
        let f = &findings[0];
        assert_eq!(f.class, Class::Breaking, "used: never downgraded");
        assert_eq!(
            f.impacted,
            ["app", "cli"],
            "declared consumers are kept, users added"
        );
        let notes: Vec<(u32, &str)> = f
            .related
            .iter()
            .map(|r| (r.location.line, r.message.as_str()))
            .collect();
        assert_eq!(notes, [(9, "`decide` used by pack `cli`")]);
        let uses = &evidence.contracts[0].usages;
        assert_eq!(uses.len(), 1);
        assert_eq!(
            uses[0].site.uses.len(),
            1,
            "only references to the changed symbol"
        );
    }

    #[test]
    fn an_unused_breaking_change_says_so_and_consider_usage_makes_it_risky() {
        let (mut findings, mut evidence) = breaking();
        attach_usages(&report(false), &mut findings, &mut evidence, false);
        assert_eq!(findings[0].class, Class::Breaking);
        assert!(
            findings[0]
                .help
                .as_deref()
                .is_some_and(|h| h.contains("no pack other than `core` imports `decide`")),
            "{:?}",
            findings[0].help
        );
        let (mut findings, mut evidence) = breaking();
        attach_usages(&report(false), &mut findings, &mut evidence, true);
        assert_eq!(findings[0].class, Class::Risky);
        // A consumer whose language cannot be seen keeps the change BREAKING.
        let (mut findings, mut evidence) = breaking();
        let mut blind = report(false);
        blind
            .languages
            .insert("app".into(), ["python"].into_iter().collect());
        attach_usages(&blind, &mut findings, &mut evidence, true);
        assert_eq!(findings[0].class, Class::Breaking);
    }
}
