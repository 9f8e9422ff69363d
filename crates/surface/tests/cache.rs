//! The per-file parse cache: a cold run parses every file, a warm run none, an edit re-parses
//! exactly the edited file, and the result is always the one an uncached run gives, for the
//! three languages (the OpsHelm example's packs and the real-world-shaped fixtures).

use accord_model::surface::Language;
use accord_surface::snapshot::{CodeEntry, extract_pack_with, to_json};
use accord_surface::{Extraction, Options, extract, render_text};
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Copies a package into a temporary directory so the test can edit it.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let name = entry.file_name();
        if name == "node_modules" || name == "target" || name == "__pycache__" {
            continue;
        }
        let dest = to.join(&name);
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

fn run(dir: &Path, lang: Language, cache: Option<&Path>) -> Extraction {
    let options = Options {
        cache_dir: cache.map(Path::to_path_buf),
        ..Options::default()
    };
    extract(dir, Some(lang), &options).expect("extracts")
}

/// Surface JSON plus findings, the whole observable result.
fn result(x: &Extraction) -> String {
    format!(
        "{}{}",
        to_json(&x.surface),
        serde_json::to_string_pretty(&x.findings).unwrap()
    )
}

struct Case {
    package: &'static str,
    lang: Language,
    /// A file of the package, edited to add a public item.
    edit: &'static str,
    append: &'static str,
}

fn check(case: &Case) {
    let src = workspace().join(case.package);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pkg");
    copy_tree(&src, &dir);
    let cache = tmp.path().join("cache");
    let name = case.package;

    let plain = run(&dir, case.lang, None);
    assert_eq!(plain.stats.from_cache, 0, "{name}: no cache, no hits");
    let n = plain.stats.files;
    assert!(n >= 2, "{name}: a multi-file package ({n} files)");
    assert_eq!(plain.stats.parsed, n, "{name}: every file parsed");

    let cold = run(&dir, case.lang, Some(&cache));
    assert_eq!(
        (cold.stats.files, cold.stats.parsed, cold.stats.from_cache),
        (n, n, 0),
        "{name}: cold run parses every file"
    );
    assert_eq!(result(&cold), result(&plain), "{name}: cold result");

    let warm = run(&dir, case.lang, Some(&cache));
    assert_eq!(
        (warm.stats.parsed, warm.stats.from_cache, warm.stats.corrupt),
        (0, n, 0),
        "{name}: warm run parses nothing"
    );
    assert_eq!(result(&warm), result(&plain), "{name}: warm result");

    let edited = dir.join(case.edit);
    let mut text = std::fs::read_to_string(&edited).unwrap();
    text.push_str(case.append);
    std::fs::write(&edited, text).unwrap();
    let after = run(&dir, case.lang, Some(&cache));
    assert_eq!(
        (after.stats.parsed, after.stats.from_cache),
        (1, n - 1),
        "{name}: one edited file, one parse"
    );
    let fresh = run(&dir, case.lang, None);
    assert_eq!(result(&after), result(&fresh), "{name}: edited result");
    assert!(
        render_text(&after.surface).contains("cache_probe"),
        "{name}: the edit shows in the surface (no stale summary)"
    );
    assert_ne!(
        result(&after),
        result(&plain),
        "{name}: the edit changed it"
    );
}

#[test]
fn rust_packages() {
    for package in [
        "examples/opshelm/crates/pm-core",
        "crates/surface/tests/fixtures/extract/rust-semverish",
    ] {
        check(&Case {
            package,
            lang: Language::Rust,
            edit: "src/lib.rs",
            append: "\npub fn cache_probe() {}\n",
        });
    }
}

#[test]
fn typescript_packages() {
    check(&Case {
        package: "examples/opshelm/packages/web-sdk",
        lang: Language::TypeScript,
        edit: "src/index.ts",
        append: "\nexport function cache_probe(): void {}\n",
    });
    check(&Case {
        package: "crates/surface/tests/fixtures/extract/ts-fetchish",
        lang: Language::TypeScript,
        edit: "types/index.d.ts",
        append: "\nexport declare function cache_probe(): void;\n",
    });
}

#[test]
fn python_packages() {
    check(&Case {
        package: "examples/opshelm/packages/agents",
        lang: Language::Python,
        edit: "src/opshelm_agents/tools.py",
        append: "\n\ndef cache_probe():\n    pass\n",
    });
    check(&Case {
        package: "crates/surface/tests/fixtures/extract/py-httpish",
        lang: Language::Python,
        edit: "src/httpish/codes.py",
        append: "\n\ndef cache_probe():\n    pass\n",
    });
}

/// Every entry file under the cache directory.
fn entries(cache: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for sub in std::fs::read_dir(cache).unwrap().flatten() {
        for e in std::fs::read_dir(sub.path()).unwrap().flatten() {
            out.push(e.path());
        }
    }
    out.sort();
    out
}

#[test]
fn corrupt_entries_are_misses_not_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pkg");
    copy_tree(&workspace().join("examples/opshelm/crates/pm-core"), &dir);
    let cache = tmp.path().join("cache");
    let plain = run(&dir, Language::Rust, None);
    let cold = run(&dir, Language::Rust, Some(&cache));
    let all = entries(&cache);
    assert_eq!(all.len(), cold.stats.files, "one entry per file");
    assert!(
        all.iter()
            .all(|p| p.extension().is_some_and(|e| e == "json")),
        "no temporary file left behind: {all:?}"
    );

    // Truncate one, fill one with garbage, empty one: three misses, the rest hits.
    std::fs::write(&all[0], &std::fs::read(&all[0]).unwrap()[..20]).unwrap();
    std::fs::write(&all[1], b"\xff\xfenot json at all").unwrap();
    std::fs::write(&all[2], b"").unwrap();
    let x = run(&dir, Language::Rust, Some(&cache));
    assert_eq!(
        (x.stats.corrupt, x.stats.parsed, x.stats.from_cache),
        (3, 3, cold.stats.files - 3)
    );
    assert_eq!(result(&x), result(&plain));
    // Rewritten: all good again.
    let x = run(&dir, Language::Rust, Some(&cache));
    assert_eq!((x.stats.corrupt, x.stats.parsed), (0, 0));
}

#[test]
fn syntax_errors_are_cached_with_their_findings() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pkg");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("Cargo.toml"), "[package]\nname = \"b\"\n").unwrap();
    std::fs::write(dir.join("src/lib.rs"), "pub mod bad;\npub fn ok() {}\n").unwrap();
    std::fs::write(dir.join("src/bad.rs"), "pub fn broken( {\n").unwrap();
    let cache = tmp.path().join("cache");
    let plain = run(&dir, Language::Rust, None);
    assert!(
        plain
            .findings
            .iter()
            .any(|f| f.rule == "surface-syntax-error")
    );
    let _ = run(&dir, Language::Rust, Some(&cache));
    let warm = run(&dir, Language::Rust, Some(&cache));
    assert_eq!((warm.stats.parsed, warm.stats.from_cache), (0, 2));
    assert_eq!(result(&warm), result(&plain));
}

#[test]
fn skipped_files_are_counted_not_cached() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pkg");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("Cargo.toml"), "[package]\nname = \"s\"\n").unwrap();
    std::fs::write(dir.join("src/lib.rs"), "pub mod big;\n").unwrap();
    std::fs::write(dir.join("src/big.rs"), "pub fn a() {}\n".repeat(10)).unwrap();
    let cache = tmp.path().join("cache");
    let options = Options {
        max_file_bytes: 100,
        cache_dir: Some(cache.clone()),
        ..Options::default()
    };
    let x = extract(&dir, None, &options).unwrap();
    assert_eq!((x.stats.files, x.stats.parsed, x.stats.skipped), (2, 1, 1));
    assert!(
        x.findings
            .iter()
            .any(|f| f.rule == "surface-file-too-large")
    );
    assert_eq!(entries(&cache).len(), 1);
}

#[test]
fn moved_package_hits_and_concurrent_runs_agree() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let a = tmp.path().join("a");
    let b = tmp.path().join("elsewhere/b");
    copy_tree(&workspace().join("examples/opshelm/packages/agents"), &a);
    copy_tree(&workspace().join("examples/opshelm/packages/agents"), &b);
    let plain = run(&a, Language::Python, None);
    // Keys use paths relative to the package root: moving the package keeps every hit.
    let results: Vec<Extraction> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| run(&a, Language::Python, Some(&cache))))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for r in &results {
        assert_eq!(result(r), result(&plain));
        assert_eq!(r.stats.write_errors, 0);
    }
    let moved = run(&b, Language::Python, Some(&cache));
    assert_eq!(moved.stats.parsed, 0);
    assert_eq!(result(&moved), result(&plain));
}

#[test]
fn extract_pack_with_uses_the_cache() {
    let repo = workspace().join("examples/opshelm");
    let tmp = tempfile::tempdir().unwrap();
    let entry = CodeEntry {
        pack: "pm-core".into(),
        language: Some(Language::Rust),
        root: "crates/pm-core".into(),
        entry: Vec::new(),
    };
    let options = Options {
        cache_dir: Some(tmp.path().to_path_buf()),
        ..Options::default()
    };
    let cold = extract_pack_with(&repo, &entry, &options).unwrap();
    let warm = extract_pack_with(&repo, &entry, &options).unwrap();
    assert!(cold.stats.parsed > 0);
    assert_eq!(
        (warm.stats.parsed, warm.stats.from_cache),
        (0, cold.stats.parsed)
    );
    let (plain, _) = accord_surface::snapshot::extract_pack(&repo, &entry).unwrap();
    assert_eq!(warm.surface, plain);
    assert_eq!(
        accord_surface::cache::default_dir(Path::new("/r")),
        Path::new("/r/.accord/cache/surface")
    );
}
