//! Hostile or broken source never stops extraction and never panics.

use accord_surface::{Options, extract_tree, extract_tree_with};
use std::fs;

fn rust_pkg(lib: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Cargo.toml"), "[package]\nname = \"p\"\n").unwrap();
    fs::create_dir(dir.path().join("src")).unwrap();
    fs::write(dir.path().join("src/lib.rs"), lib).unwrap();
    dir
}

#[test]
fn rust_syntax_error_in_one_module_keeps_the_rest() {
    let dir = rust_pkg(b"pub mod bad;\npub fn good() {}\n");
    fs::write(dir.path().join("src/bad.rs"), "pub fn broken( {\n").unwrap();
    let (s, f) = extract_tree(dir.path(), None).unwrap();
    assert!(s.get("p::good").is_some());
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].rule, "surface-syntax-error");
    assert_eq!(
        (f[0].location.path.as_str(), f[0].location.line),
        ("src/bad.rs", 1)
    );
}

#[test]
fn ten_thousand_deep_nesting_is_refused_not_overflowed() {
    let deep = format!(
        "pub fn f() {{ {}{} }}\n",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    let dir = rust_pkg(deep.as_bytes());
    let (_, f) = extract_tree(dir.path(), None).unwrap();
    assert_eq!(f[0].rule, "surface-syntax-error");
    assert!(f[0].message.contains("nests brackets deeper"));
}

#[test]
fn non_utf8_and_oversized_files_are_skipped_with_a_note() {
    let dir = rust_pkg(b"pub fn f() {}\n// \xff\xfe\n");
    let (_, f) = extract_tree(dir.path(), None).unwrap();
    assert_eq!(f[0].rule, "surface-file-unreadable");
    assert_eq!(f[0].location.line, 2);

    let dir = rust_pkg(b"pub fn f() {}\n");
    let options = Options {
        max_file_bytes: 4,
        ..Options::default()
    };
    let (_, f) = extract_tree_with(dir.path(), None, &options).unwrap();
    assert_eq!(f[0].rule, "surface-file-too-large");
}

#[test]
fn python_and_typescript_syntax_errors_are_findings_with_spans() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("pyproject.toml"),
        "[project]\nname = \"q\"\n",
    )
    .unwrap();
    fs::create_dir(dir.path().join("q")).unwrap();
    fs::write(
        dir.path().join("q/__init__.py"),
        "def ok(a): ...\ndef bad(:\n    pass\n",
    )
    .unwrap();
    let (s, f) = extract_tree(dir.path(), None).unwrap();
    assert!(s.get("q.ok").is_some());
    assert_eq!(
        (f[0].rule.as_str(), f[0].location.line),
        ("surface-syntax-error", 2)
    );

    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("package.json"),
        r#"{"name":"t","types":"index.ts","exports":{"./x":7}}"#,
    )
    .unwrap();
    fs::write(
        dir.path().join("index.ts"),
        "export function ok(a: number): void {}\n",
    )
    .unwrap();
    let (_, f) = extract_tree(dir.path(), None).unwrap();
    assert_eq!(f[0].rule, "surface-unresolved", "{f:?}");
}

#[test]
fn a_symlink_loop_does_not_hang() {
    let dir = rust_pkg(b"pub fn f() {}\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("src"), dir.path().join("src/loop")).unwrap();
    let (s, _) = extract_tree(dir.path(), None).unwrap();
    assert!(s.get("p::f").is_some());
}

#[test]
fn python_operator_chains_deeper_than_cpython_compiles_are_refused_not_overflowed() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("pyproject.toml"),
        "[project]\nname = \"q\"\n",
    )
    .unwrap();
    fs::create_dir(dir.path().join("q")).unwrap();
    fs::write(dir.path().join("q/__init__.py"), "def ok(a): ...\n").unwrap();
    // No brackets, so the bracket guard lets them through: each parses to a tree as deep
    // as the file is long, which a recursive drop or walk would overflow.
    let chains = [
        format!("x = {}1\n", "-".repeat(200_000)),
        format!("x = a{}\n", ".b".repeat(100_000)),
        format!("X = {}\n", vec!["A"; 100_000].join(" | ")),
        format!("x = {}1\n", "lambda: ".repeat(50_000)),
    ];
    for (i, chain) in chains.iter().enumerate() {
        fs::write(dir.path().join(format!("q/deep{i}.py")), chain).unwrap();
    }
    let classes: String = (0..2_000)
        .map(|i| format!("{}class C:\n", "\t".repeat(i)))
        .collect();
    fs::write(dir.path().join("q/classes.py"), classes + "\tpass\n").unwrap();
    let (s, f) = extract_tree(dir.path(), None).unwrap();
    assert!(s.get("q.ok").is_some());
    let refused = f
        .iter()
        .filter(|f| f.message.contains("deeper than CPython compiles"))
        .count();
    assert_eq!(refused, chains.len(), "{f:?}");
}
