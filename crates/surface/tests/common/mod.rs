//! Helpers shared by the accuracy tests of every language.

use accord_diff::code::diff_surfaces;
use accord_model::surface::Surface;
use accord_model::{Class, Finding};
use accord_surface::extract_tree;
use std::path::{Path, PathBuf};

/// The directory of the false-positive family `name` (`fixtures/no_breaking/<name>`).
pub fn family(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/no_breaking")
        .join(name)
}

/// The two surfaces of a family and the findings between them, checked for: no extraction
/// finding, no BREAKING finding, empty self-diffs.
pub fn no_breaking(name: &str) -> (Surface, Surface, Vec<Finding>) {
    let extract = |side: &str| {
        let dir = family(name).join(side);
        extract_tree(&dir, None).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
    };
    let (old, f1) = extract("old");
    let (new, f2) = extract("new");
    assert!(f1.is_empty() && f2.is_empty(), "{name}: {f1:?} {f2:?}");
    let found = diff_surfaces(&old, &new);
    let breaking: Vec<&Finding> = found
        .iter()
        .filter(|f| f.class == Class::Breaking)
        .collect();
    assert!(breaking.is_empty(), "{name}: false BREAKING {breaking:#?}");
    assert!(
        diff_surfaces(&old, &old).is_empty(),
        "{name}: old self-diff"
    );
    assert!(
        diff_surfaces(&new, &new).is_empty(),
        "{name}: new self-diff"
    );
    (old, new, found)
}
