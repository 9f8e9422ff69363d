//! TestSmith's rules on small trees, one per language: a stable export no test uses is
//! reported at its declaration, the same tree with the test is clean, a recorded reference
//! the tests stop making is reported, and a test file that does not parse is a note.

use accord_engine::Workspace;
use accord_surface::snapshot::{code_entry, extract_pack, write_snapshot};

const MANIFEST: &str = r#"[project]
name = "t"

[packs.a]
paths = ["a/**"]
tests = ["a/tests/**", "a/test/**"]

[packs.a.code]
language = "LANG"
root = "a"

[contracts]
dir = "contracts"
"#;

struct Tree {
    dir: tempfile::TempDir,
}

impl Tree {
    fn new(language: &str, files: &[(&str, &str)]) -> Tree {
        let dir = tempfile::tempdir().expect("tempdir");
        let tree = Tree { dir };
        tree.write("accord.toml", &MANIFEST.replace("LANG", language));
        for (path, text) in files {
            tree.write(path, text);
        }
        tree
    }

    fn write(&self, path: &str, text: &str) {
        let full = self.dir.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
    }

    fn ws(&self) -> Workspace {
        Workspace::at(&self.dir.path().join("accord.toml")).expect("workspace")
    }

    /// `accord surface snapshot`: the surface with its test references, committed.
    fn snapshot(&self) -> Vec<accord_model::surface::TestRef> {
        let ws = self.ws();
        let pack = &ws.manifest.packs[0];
        let entry = code_entry(pack, "accord.toml", &ws.manifest_text)
            .unwrap()
            .unwrap();
        let (mut surface, _) = extract_pack(&ws.root, &entry).expect("extract");
        let notes = accord_engine::testsmith::record(&ws, pack, &entry, &mut surface).unwrap();
        assert!(notes.is_empty(), "{notes:?}");
        write_snapshot(&ws.fs().unwrap(), "contracts", "a", &surface).expect("write");
        surface.test_refs
    }

    /// `(rule, path:line:column)` of TestSmith's findings, sorted.
    fn check(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = accord_engine::testsmith::check_tree(&self.ws())
            .expect("check")
            .into_iter()
            .map(|f| {
                (
                    f.rule,
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
}

fn pair(rule: &str, at: &str) -> (String, String) {
    (rule.to_string(), at.to_string())
}

#[test]
fn rust_an_untested_export_is_reported_and_a_unit_test_or_integration_test_covers_it() {
    let lib = "pub fn run() -> bool { true }\npub fn idle() {}\n#[deprecated]\npub fn old() {}\n";
    let cargo = "[package]\nname = \"a-core\"\nversion = \"1.0.0\"\n";
    let it = "use a_core::run;\n\n#[test]\nfn runs() {\n    assert!(run());\n}\n";
    let tree = Tree::new(
        "rust",
        &[
            ("a/Cargo.toml", cargo),
            ("a/src/lib.rs", lib),
            ("a/tests/it.rs", it),
        ],
    );
    let refs = tree.snapshot();
    assert_eq!(refs.len(), 1, "{refs:?}");
    assert_eq!((refs[0].file.as_str(), refs[0].line), ("a/tests/it.rs", 5));
    assert_eq!(
        tree.check(),
        [pair("test-reference-missing", "a/src/lib.rs:2:8")],
        "idle is untested; the deprecated `old` is not required"
    );
    tree.write(
        "a/src/lib.rs",
        &format!("{lib}#[cfg(test)]\nmod tests {{\n    use super::*;\n    #[test]\n    fn i() {{ idle() }}\n}}\n"),
    );
    tree.snapshot();
    assert_eq!(tree.check(), []);
}

#[test]
fn rust_a_module_import_reaches_the_functions_called_through_it() {
    let files = [
        (
            "a/Cargo.toml",
            "[package]\nname = \"a-core\"\nversion = \"1.0.0\"\n",
        ),
        ("a/src/lib.rs", "pub mod m;\n"),
        ("a/src/m.rs", "pub fn run() -> bool { true }\n"),
        (
            "a/tests/it.rs",
            "use a_core::m;\n\n#[test]\nfn runs() {\n    assert!(m::run());\n}\n",
        ),
    ];
    let tree = Tree::new("rust", &files);
    tree.snapshot();
    assert_eq!(tree.check(), []);
}

#[test]
fn typescript_relative_and_namespace_imports_of_the_package_count() {
    let files = [
        (
            "a/package.json",
            r#"{ "name": "@x/a", "version": "1.0.0", "types": "src/index.ts" }"#,
        ),
        (
            "a/src/index.ts",
            "export function run(): number { return 1; }\nexport function idle(): void {}\nexport interface Shape { n: number }\n",
        ),
        (
            "a/test/run.test.ts",
            "import { run } from \"../src/index\";\ntest(\"r\", () => run());\n",
        ),
    ];
    let tree = Tree::new("typescript", &files);
    tree.snapshot();
    assert_eq!(
        tree.check(),
        [pair("test-reference-missing", "a/src/index.ts:2:17")]
    );
    tree.write(
        "a/test/idle.test.ts",
        "import * as a from \"@x/a\";\ntest(\"i\", () => a.idle());\n",
    );
    tree.snapshot();
    assert_eq!(tree.check(), []);
}

#[test]
fn python_from_imports_and_module_attributes_count_and_a_removed_test_is_stale() {
    let files = [
        (
            "a/a_pkg/__init__.py",
            "from .m import run, idle\n\n__all__ = [\"run\", \"idle\"]\n",
        ),
        (
            "a/a_pkg/m.py",
            "def run():\n    return 1\n\n\ndef idle():\n    pass\n",
        ),
        (
            "a/tests/test_run.py",
            "from a_pkg import run\n\n\ndef test_run():\n    assert run() == 1\n",
        ),
    ];
    let tree = Tree::new("python", &files);
    tree.snapshot();
    let missing = tree.check();
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert_eq!(missing[0].0, "test-reference-missing");
    assert!(missing[0].1.starts_with("a/a_pkg/m.py:5:"), "{missing:?}");
    tree.write(
        "a/tests/test_idle.py",
        "import a_pkg\n\n\ndef test_idle():\n    a_pkg.idle()\n",
    );
    tree.snapshot();
    assert_eq!(tree.check(), []);
    // The test stops using `idle`, then disappears: each is a stale reference.
    tree.write(
        "a/tests/test_idle.py",
        "import a_pkg\n\n\ndef test_idle():\n    pass\n",
    );
    let stale = tree.check();
    assert!(
        stale.contains(&pair("test-reference-stale", "a/tests/test_idle.py:5:1")),
        "{stale:?}"
    );
    std::fs::remove_file(tree.dir.path().join("a/tests/test_idle.py")).unwrap();
    let gone = tree.check();
    assert!(
        gone.contains(&pair(
            "test-reference-stale",
            "contracts/a.surface.json:0:0"
        )),
        "{gone:?}"
    );
}

#[test]
fn an_unparseable_test_file_is_skipped_with_a_note_never_a_panic() {
    let files = [
        ("a/a_pkg/__init__.py", "def run():\n    return 1\n"),
        (
            "a/tests/test_ok.py",
            "from a_pkg import run\n\ndef test():\n    run()\n",
        ),
        ("a/tests/test_bad.py", "def test(:\n"),
        ("a/tests/test_deep.py", &"(".repeat(5000)),
    ];
    let tree = Tree::new("python", &files);
    let ws = tree.ws();
    let pack = &ws.manifest.packs[0];
    let entry = code_entry(pack, "accord.toml", &ws.manifest_text)
        .unwrap()
        .unwrap();
    let (mut surface, _) = extract_pack(&ws.root, &entry).expect("extract");
    let notes = accord_engine::testsmith::record(&ws, pack, &entry, &mut surface).unwrap();
    let mut at: Vec<String> = notes
        .iter()
        .map(|f| format!("{} {}", f.rule, f.location.path))
        .collect();
    at.sort();
    assert_eq!(
        at,
        [
            "test-file-unparsed a/tests/test_bad.py",
            "test-file-unparsed a/tests/test_deep.py"
        ]
    );
    assert_eq!(surface.test_refs.len(), 1, "the good test still counts");
}

#[cfg(unix)]
#[test]
fn a_test_file_symlinked_outside_the_root_is_never_read() {
    let outside = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        outside.path().join("test_x.py"),
        "from a_pkg import run\n\ndef test():\n    run()\n",
    )
    .expect("write");
    let tree = Tree::new(
        "python",
        &[("a/a_pkg/__init__.py", "def run():\n    return 1\n")],
    );
    std::fs::create_dir_all(tree.dir.path().join("a/tests")).expect("mkdir");
    std::os::unix::fs::symlink(
        outside.path().join("test_x.py"),
        tree.dir.path().join("a/tests/test_evil.py"),
    )
    .expect("symlink");
    assert!(tree.snapshot().is_empty(), "the outside test was read");
    assert_eq!(
        tree.check(),
        [pair("test-reference-missing", "a/a_pkg/__init__.py:1:5")]
    );
}
