//! TypeScript verdicts as a TypeScript user would give them (issue 11): every family of false
//! BREAKING findings seen on published npm packages has a pair under
//! `fixtures/no_breaking_ts/<family>` that must yield no BREAKING finding; every missed break
//! has a pair under `fixtures/breaking_ts/<family>` whose `expect` file names the rule that must
//! report it; a package whose entry points lead to nothing is an error, never an empty API.

use accord_diff::code::diff_surfaces;
use accord_model::surface::{Surface, SymbolKind};
use accord_model::{Class, Finding};
use accord_surface::{SurfaceError, extract_tree};
use std::path::{Path, PathBuf};

fn fixtures(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no fixture under {}", dir.display());
    out
}

fn pair(dir: &Path) -> (Surface, Surface, Vec<Finding>) {
    let extract = |side: &str| {
        let (s, f) = extract_tree(&dir.join(side), None)
            .unwrap_or_else(|e| panic!("{}/{side}: {e}", dir.display()));
        assert!(
            f.is_empty(),
            "{}/{side}: extraction findings {f:#?}",
            dir.display()
        );
        assert!(
            s.symbols.iter().any(|x| x.kind != SymbolKind::Module),
            "{}/{side}: no symbol",
            dir.display()
        );
        s
    };
    let (old, new) = (extract("old"), extract("new"));
    assert!(
        diff_surfaces(&old, &old).is_empty(),
        "{}: old self-diff",
        dir.display()
    );
    assert!(
        diff_surfaces(&new, &new).is_empty(),
        "{}: new self-diff",
        dir.display()
    );
    let found = diff_surfaces(&old, &new);
    (old, new, found)
}

#[test]
fn false_breaking_families_yield_no_breaking_finding() {
    for dir in fixtures("no_breaking_ts") {
        let (_, _, found) = pair(&dir);
        let breaking: Vec<&Finding> = found
            .iter()
            .filter(|f| f.class == Class::Breaking)
            .collect();
        assert!(
            breaking.is_empty(),
            "{}: false BREAKING {breaking:#?}",
            dir.display()
        );
    }
}

#[test]
fn missed_breaks_are_reported_by_the_right_rule() {
    for dir in fixtures("breaking_ts") {
        let rule = std::fs::read_to_string(dir.join("expect")).expect("expect file");
        let (_, _, found) = pair(&dir);
        assert!(
            found
                .iter()
                .any(|f| f.rule == rule.trim() && f.class == Class::Breaking),
            "{}: expected a BREAKING `{}` finding, got {found:#?}",
            dir.display(),
            rule.trim()
        );
    }
}

#[test]
fn exports_to_built_files_yield_the_declared_surface_and_every_condition() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/no_breaking_ts/exports-to-built-files/old");
    let (s, findings) = extract_tree(&dir, None).expect("extracts");
    // The `.mjs` twin (valid ES2022 the grammar cannot read) is not reached from any entry.
    assert!(findings.is_empty(), "{findings:#?}");
    let root = s.get(".").expect("the `.` subpath");
    assert_eq!(root.attributes, ["condition:import", "condition:require"]);
    let parse = s.get(".:parse").expect("parse from dist/index.d.mts");
    assert_eq!(
        parse.params.len(),
        2,
        "the ESM declarations, not the CJS ones"
    );
    assert!(s.get(".:Options").is_some(), "type-only re-export followed");
}

#[test]
fn a_package_resolving_to_no_symbol_is_an_error_naming_what_was_tried() {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/zero_symbols_ts/dist-not-built");
    match extract_tree(&dir, None) {
        Err(e @ SurfaceError::NoSymbols { .. }) => {
            let text = e.to_string();
            assert!(text.contains("dist/index.d.ts"), "{text}");
            assert!(text.contains("0 public symbols"), "{text}");
        }
        other => panic!("expected NoSymbols, got {other:?}"),
    }
}

#[test]
fn valid_mjs_with_keyword_export_names_is_read_without_a_syntax_error() {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mjs_ts/keyword-export-names");
    let (s, findings) = extract_tree(&dir, None).expect("extracts");
    assert!(findings.is_empty(), "{findings:#?}");
    for name in [
        ".:parse",
        ".:function",
        ".:version",
        ".:default",
        ".:class",
        ".:helper",
    ] {
        assert!(s.get(name).is_some(), "no {name} in {:#?}", s.symbols);
    }
    assert_eq!(s.get(".:function").map(|f| f.params.len()), Some(2));
}
