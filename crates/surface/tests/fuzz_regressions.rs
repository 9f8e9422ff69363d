//! Inputs found by the fuzz targets in `fuzz/` (see docs/fuzzing.md), each pinned by a test
//! named after the bug.

use accord_model::surface::Language;
use accord_surface::{Options, extract};
use std::time::{Duration, Instant};

/// `surface_python`: a module star-importing itself (or a cycle of modules) several times
/// made the name lookup exponential — 2 KB of Python took a minute. Each module is now
/// searched once per name.
#[test]
fn python_repeated_cyclic_star_imports_stay_linear() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pyproject.toml"),
        "[project]\nname = \"pkg\"\n",
    )
    .unwrap();
    let pkg = dir.path().join("pkg");
    std::fs::create_dir(&pkg).unwrap();
    // `missing` is exported but defined nowhere: every star import is searched for it.
    std::fs::write(
        pkg.join("__init__.py"),
        "from .a import *\n__all__ = [\"missing\", \"f\"]\n",
    )
    .unwrap();
    let stars = "from .a import *\nfrom .b import *\n".repeat(8);
    std::fs::write(pkg.join("a.py"), format!("{stars}def f(): ...\n")).unwrap();
    std::fs::write(pkg.join("b.py"), stars).unwrap();

    let start = Instant::now();
    let x = extract(dir.path(), Some(Language::Python), &Options::default()).unwrap();
    // Before the fix this took far longer than any machine would wait (16^16 branches).
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
    let paths: Vec<&str> = x.surface.symbols.iter().map(|s| s.path.as_str()).collect();
    assert!(paths.contains(&"pkg.f"), "{paths:?}");
    assert!(!paths.iter().any(|p| p.ends_with("missing")), "{paths:?}");
}
