//! Rust verdicts as a Rust expert would give them (issue 10): each family of false BREAKING
//! findings seen on real crates has a fixture pair (`fixtures/no_breaking/<family>`) that must
//! yield no BREAKING finding, and the extraction must show the mechanism that makes it so.
//! Also: one finding per changed item, removals located in the base revision (issue 8 §4).

mod common;

use accord_diff::code::diff_surfaces;
use accord_model::surface::Surface;
use accord_model::{Class, Finding};
use accord_surface::extract_tree;
use common::{family, no_breaking};
use std::path::Path;

fn extract(dir: &Path) -> (Surface, Vec<Finding>) {
    extract_tree(dir, None).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

fn attrs<'s>(s: &'s Surface, path: &str) -> &'s [String] {
    &s.get(path)
        .unwrap_or_else(|| panic!("no symbol {path}"))
        .attributes
}

#[test]
fn items_added_to_sealed_traits_break_no_implementer() {
    let (_, new, found) = no_breaking("sealed-trait");
    for t in ["fixture::Codec", "fixture::Other", "fixture::Third"] {
        assert!(
            attrs(&new, t).iter().any(|a| a == "sealed"),
            "{t} is sealed"
        );
    }
    // Reported, but as what they are: additions.
    assert!(found.iter().any(|f| f.rule == "symbol-added"), "{found:#?}");
}

#[test]
fn self_lifetime_renames_and_elision_are_the_same_signature() {
    let (_, _, found) = no_breaking("self-and-lifetimes");
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn a_type_through_a_use_import_equals_its_full_path() {
    let (_, _, found) = no_breaking("import-vs-full-path");
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn a_bound_through_a_visible_reexport_is_the_same_bound() {
    let (_, _, found) = no_breaking("reexport-path");
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn a_path_change_accord_cannot_follow_is_risky_not_breaking() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../diff/tests/fixtures/code/type-path-changed/rust");
    let (old, _) = extract(&dir.join("old"));
    let (new, _) = extract(&dir.join("new"));
    let found = diff_surfaces(&old, &new);
    assert!(!found.is_empty());
    for f in &found {
        assert_eq!(f.rule, "type-path-changed", "{found:#?}");
        assert_eq!(f.class, Class::Risky);
        assert!(f.message.contains("re-export"), "{}", f.message);
    }
}

#[test]
fn hidden_private_and_test_only_items_are_not_api() {
    let (old, _, found) = no_breaking("doc-hidden-and-private");
    assert!(found.is_empty(), "{found:#?}");
    assert!(
        old.get("fixture::only_in_tests").is_none(),
        "cfg(test) items are dropped"
    );
}

#[test]
fn features_compare_as_closures_through_dependency_declarations() {
    let (old, new, found) = no_breaking("feature-closure");
    assert!(found.is_empty(), "{found:#?}");
    let serde = old.features.get("serde").cloned().unwrap_or_default();
    assert!(serde.contains(&"dep:serde".to_string()), "{serde:?}");
    assert!(new.features["serde"].contains(&"serde/derive".to_string()));
    assert!(new.always_enabled.contains(&"log/std".to_string()));
    assert!(old.features["default"].contains(&"alloc".to_string()));
}

#[test]
fn a_proc_macro_crate_exports_its_macro_names_only() {
    let (old, _, found) = no_breaking("proc-macro");
    assert!(found.is_empty(), "{found:#?}");
    let paths: Vec<&str> = old.symbols.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "fixture::attribute(route)",
            "fixture::derive(Builder)",
            "fixture::sql!"
        ]
    );
}

#[test]
fn items_of_local_macro_rules_are_expanded() {
    let (old, _, found) = no_breaking("local-macro");
    assert!(found.is_empty(), "{found:#?}");
    assert!(old.get("fixture::A").is_some() && old.get("fixture::B::0").is_some());
}

/// A throwaway crate with `lib` as its src/lib.rs.
fn krate(lib: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Cargo.toml"),
        "[package]\nname = \"ops\"\nversion = \"1.0.0\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/lib.rs"), lib).unwrap();
    for (path, text) in files {
        std::fs::write(dir.path().join(path), text).unwrap();
    }
    dir
}

#[test]
fn an_unexpandable_local_macro_invocation_is_reported() {
    let dir = krate(
        "macro_rules! make { (struct $n:ident) => { pub struct $n; }; }\nmake!(enum E);\n",
        &[],
    );
    let (_, findings) = extract(dir.path());
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].rule, "surface-unresolved");
    assert!(
        findings[0].message.contains("`make!`"),
        "{}",
        findings[0].message
    );
    assert_eq!(findings[0].location.line, 2);
}

/// `munch!` emits one `fn` per name by calling itself with the rest, as tt-munchers do.
const MUNCHER: &str = "macro_rules! munch {
    (($($done:tt)*) $name:ident $($rest:tt)*) => { munch! { ($($done)* pub fn $name() {}) $($rest)* } };
    (($($done:tt)*)) => { $($done)* };
}
";

#[test]
fn a_tt_munchers_items_are_placed_at_its_invocation_with_its_feature() {
    let dir = krate(
        &format!("{MUNCHER}\n#[cfg(feature = \"extra\")]\nmunch! {{ () a b c }}\n"),
        &[],
    );
    let (surface, findings) = extract(dir.path());
    assert!(findings.is_empty(), "{findings:#?}");
    for name in ["a", "b", "c"] {
        let f = surface.get(&format!("ops::{name}")).expect(name);
        assert_eq!(f.span.line, 7, "{f:#?}");
        assert_eq!(f.feature.as_deref(), Some("feature = \"extra\""), "{f:#?}");
    }
}

#[test]
fn a_tt_muncher_deeper_than_the_limit_is_reported_at_its_invocation() {
    let names: Vec<String> = (0..40).map(|i| format!("f{i}")).collect();
    let dir = krate(
        &format!("{MUNCHER}\nmunch! {{ () {} }}\n", names.join(" ")),
        &[],
    );
    let (surface, findings) = extract(dir.path());
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert!(
        findings[0].message.contains("nested more than"),
        "{}",
        findings[0].message
    );
    assert_eq!(findings[0].location.line, 6);
    assert!(surface.get("ops::f0").is_none());
}

#[test]
fn an_item_public_under_two_paths_changes_in_one_finding_naming_both() {
    let old = krate(
        "pub mod api { pub fn decide(x: u8) -> u8 { x } }\npub use api::decide;\n",
        &[],
    );
    let new = krate(
        "pub mod api { pub fn decide(x: u8, y: u8) -> u8 { x } }\npub use api::decide;\n",
        &[],
    );
    let (a, _) = extract(old.path());
    let (b, _) = extract(new.path());
    let found = diff_surfaces(&a, &b);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f.rule, "required-param-added");
    assert_eq!(f.logical_path, "ops::decide/y");
    assert!(f.message.contains("`ops::api::decide`"), "{}", f.message);
    assert_eq!(f.related.len(), 1);
    assert_eq!(f.location.revision, None, "a change is located in the head");
}

#[test]
fn a_removed_function_is_located_at_its_line_in_the_base_revision() {
    let old = krate(
        "pub mod api;\npub use api::stop;\n",
        &[("src/api.rs", "pub fn run() {}\n\n\npub fn stop() {}\n")],
    );
    let new = krate("pub mod api;\n", &[("src/api.rs", "pub fn run() {}\n")]);
    let (a, _) = extract(old.path());
    let (b, _) = extract(new.path());
    let found = diff_surfaces(&a, &b);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f.rule, "symbol-removed");
    assert_eq!(f.location.revision.as_deref(), Some("base"));
    assert_eq!(
        (f.location.path.as_str(), f.location.line),
        ("src/api.rs", 4)
    );
    assert!(
        f.message.contains("also public as `ops::api::stop`"),
        "{}",
        f.message
    );
}

/// Old and new `src/lib.rs` of a throwaway crate: the findings between them.
fn diff_libs(old: &str, new: &str) -> Vec<Finding> {
    let (a, f1) = extract(krate(old, &[]).path());
    let (b, f2) = extract(krate(new, &[]).path());
    assert!(f1.is_empty() && f2.is_empty(), "{f1:?} {f2:?}");
    diff_surfaces(&a, &b)
}

#[test]
fn a_bound_on_a_trait_every_type_implements_excludes_nobody() {
    let found = diff_libs(
        "pub trait Pointable {}\nimpl<T> Pointable for T {}\npub fn defer<T>(t: T) {}\n",
        "pub trait Pointable {}\nimpl<T> Pointable for T {}\npub fn defer<T: ?Sized + Pointable>(t: &T) {}\n",
    );
    assert!(
        found.iter().all(|f| f.rule != "generic-added"),
        "{found:#?}"
    );
}

#[test]
fn methods_generated_by_a_local_macro_inside_an_impl_are_kept() {
    let found = diff_libs(
        "pub struct A;\nimpl A { pub const fn null() -> u8 { 0 } }\n",
        "macro_rules! const_fn { ($i:item) => { $i }; }\npub struct A;\nimpl A { const_fn! { pub const fn null() -> u8 { 0 } } }\n",
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn cfg_attr_non_exhaustive_is_what_current_compilers_see() {
    let found = diff_libs(
        "#[cfg_attr(not(no_non_exhaustive), non_exhaustive)]\npub enum Op { A }\n",
        "#[non_exhaustive]\npub enum Op { A }\n",
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn a_symbol_gone_into_another_crates_macro_is_risky_not_removed() {
    let found = diff_libs(
        "pub struct Sha256 { state: [u32; 8] }\n",
        "digest::buffer_fixed! { pub struct Sha256(Core); }\n",
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].rule, "symbol-removed-unverified");
    assert_eq!(found[0].class, Class::Risky);
}

#[test]
fn a_snapshot_older_than_lifetimes_does_not_read_as_lifetimes_changed() {
    // A surface committed before lifetimes were recorded lists none, even on `Parser<'a>`:
    // upgrading Accord must not turn every lifetimed type into a BREAKING change.
    let dir = family("self-and-lifetimes").join("new");
    let (fresh, _) = extract(&dir);
    assert!(
        fresh.symbols.iter().any(|s| !s.lifetimes.is_empty()),
        "the fixture declares lifetimed types"
    );
    let mut committed = fresh.clone();
    committed.schema_version = 1;
    for s in &mut committed.symbols {
        s.lifetimes.clear();
    }
    assert_eq!(diff_surfaces(&committed, &fresh), Vec::<Finding>::new());
    // Once both sides record them, a real change is still reported.
    let mut changed = fresh.clone();
    let s = changed
        .symbols
        .iter_mut()
        .find(|s| !s.lifetimes.is_empty())
        .expect("a lifetimed type");
    s.lifetimes.push("'extra".into());
    assert!(
        diff_surfaces(&fresh, &changed)
            .iter()
            .any(|f| f.rule == "lifetime-params-changed"),
        "a lifetime added is still found between two current snapshots"
    );
}
