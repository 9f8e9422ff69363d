//! The per-file parse cache: a cold run parses every file, a warm run none, an edit re-parses
//! exactly the edited file, and the result is always the one an uncached run gives, for the
//! three languages (the OpsHelm example's packs and the real-world-shaped fixtures). The
//! change under review cannot forge it: forged entries and indexes are ignored, a directory
//! inside the repository is refused, symlinks never redirect writes, and an unchanged file
//! costs a stat (the stat index) unless it is racily clean.

use accord_model::surface::Language;
use accord_surface::snapshot::{CodeEntry, extract_pack_with, to_json};
use accord_surface::{Extraction, Options, extract, render_text};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

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

/// Every entry file under the cache directory (not the key, not the stat indexes).
fn entries(cache: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for sub in std::fs::read_dir(cache).unwrap().flatten() {
        if sub.file_name().len() != 2 {
            continue;
        }
        for e in std::fs::read_dir(sub.path()).unwrap().flatten() {
            out.push(e.path());
        }
    }
    out.sort();
    out
}

/// The whole-package entries under the cache directory.
fn package_entries(cache: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(cache.join("package"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn package_entry_serves_an_unchanged_package_only() {
    let (tmp, dir, cache) = pm_core();
    age(&dir);
    let plain = run(&dir, Language::Rust, None);
    let n = plain.stats.files;
    let cold = run(&dir, Language::Rust, Some(&cache));
    assert_eq!(cold.stats.whole_packages, 0);
    let warm = run(&dir, Language::Rust, Some(&cache));
    assert_eq!(
        (
            warm.stats.whole_packages,
            warm.stats.parsed,
            warm.stats.stat_clean
        ),
        (1, 0, n),
        "nothing loaded but the package entry"
    );
    assert_eq!(result(&warm), result(&plain));
    let [entry] = package_entries(&cache).try_into().unwrap();

    // One byte changed: never served, recomputed from the files' entries, and rewritten.
    let mut bytes = std::fs::read(&entry).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&entry, &bytes).unwrap();
    let x = run(&dir, Language::Rust, Some(&cache));
    assert_eq!(
        (
            x.stats.untrusted,
            x.stats.whole_packages,
            x.stats.from_cache
        ),
        (1, 0, n)
    );
    assert_eq!(result(&x), result(&plain));
    assert_eq!(
        run(&dir, Language::Rust, Some(&cache)).stats.whole_packages,
        1
    );

    // Another package's genuine entry copied under this package's name.
    let other = tmp.path().join("other");
    copy_tree(
        &workspace().join("crates/surface/tests/fixtures/extract/rust-semverish"),
        &other,
    );
    age(&other);
    let _ = run(&other, Language::Rust, Some(&cache));
    let theirs: Vec<PathBuf> = package_entries(&cache)
        .into_iter()
        .filter(|p| *p != entry)
        .collect();
    assert_eq!(theirs.len(), 1, "one entry per package");
    std::fs::copy(&theirs[0], &entry).unwrap();
    let x = run(&dir, Language::Rust, Some(&cache));
    assert_eq!((x.stats.untrusted, x.stats.whole_packages), (1, 0));
    assert_eq!(result(&x), result(&plain));

    // The manifest is an input: a new version is seen although no source file changed.
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let bumped = text.replacen("version = \"", "version = \"9", 1);
    assert_ne!(bumped, text);
    std::fs::write(&manifest, bumped).unwrap();
    let x = run(&dir, Language::Rust, Some(&cache));
    assert_eq!(x.stats.whole_packages, 0);
    assert_eq!(result(&x), result(&run(&dir, Language::Rust, None)));
    assert!(
        x.surface
            .version
            .as_deref()
            .is_some_and(|v| v.starts_with('9'))
    );

    // An edited file is a miss too; the entry is replaced, not added to.
    let lib = dir.join("src/lib.rs");
    let text = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(&lib, format!("{text}\npub fn cache_probe() {{}}\n")).unwrap();
    age(&dir);
    let edited = run(&dir, Language::Rust, Some(&cache));
    assert_eq!((edited.stats.whole_packages, edited.stats.parsed), (0, 1));
    let fresh = run(&dir, Language::Rust, None);
    assert_eq!(result(&edited), result(&fresh));
    let again = run(&dir, Language::Rust, Some(&cache));
    assert_eq!(again.stats.whole_packages, 1);
    assert!(render_text(&again.surface).contains("cache_probe"));
    assert_eq!(result(&again), result(&fresh));
    assert_eq!(package_entries(&cache).len(), 2, "still one per package");
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
            .all(|p| p.extension().is_some_and(|e| e == "entry")),
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
}

/// Sets every file under `dir` to an mtime an hour ago, as in a checkout that is not fresh:
/// the stat index then vouches for them (a file modified within the last seconds is racily
/// clean and read again).
fn age(dir: &Path) {
    let old = SystemTime::now() - Duration::from_secs(3600);
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        if entry.file_type().unwrap().is_dir() {
            age(&entry.path());
        } else {
            let f = std::fs::File::options()
                .write(true)
                .open(entry.path())
                .unwrap();
            f.set_modified(old).unwrap();
        }
    }
}

/// Sets one file's mtime to an hour ago, as for an edit saved well before the check.
fn age_file(path: &Path) {
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
}

/// The OpsHelm Rust package copied into a temporary directory: (tempdir, package, cache).
fn pm_core() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pkg");
    copy_tree(&workspace().join("examples/opshelm/crates/pm-core"), &dir);
    let cache = tmp.path().join("cache");
    (tmp, dir, cache)
}

#[test]
fn unchanged_files_cost_a_stat_and_edits_are_seen() {
    let (_tmp, dir, cache) = pm_core();
    age(&dir);
    let plain = run(&dir, Language::Rust, None);
    let n = plain.stats.files;
    let cold = run(&dir, Language::Rust, Some(&cache));
    assert_eq!((cold.stats.parsed, cold.stats.stat_clean), (n, 0));
    let warm = run(&dir, Language::Rust, Some(&cache));
    assert_eq!(
        (
            warm.stats.parsed,
            warm.stats.from_cache,
            warm.stats.stat_clean
        ),
        (0, n, n),
        "every file judged unchanged from its stat"
    );
    assert_eq!(result(&warm), result(&plain));

    // An edit is seen, and only that file loses its stat-clean status.
    let lib = dir.join("src/lib.rs");
    let text = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(&lib, format!("{text}\npub fn cache_probe() {{}}\n")).unwrap();
    let edited = run(&dir, Language::Rust, Some(&cache));
    assert_eq!((edited.stats.parsed, edited.stats.stat_clean), (1, n - 1));
    assert!(render_text(&edited.surface).contains("cache_probe"));
    assert_eq!(result(&edited), result(&run(&dir, Language::Rust, None)));
}

#[test]
fn racily_clean_files_are_read_again() {
    let (_tmp, dir, cache) = pm_core();
    // Just written: mtimes are not older than the run, so no stat is trusted yet.
    let _ = run(&dir, Language::Rust, Some(&cache));
    let warm = run(&dir, Language::Rust, Some(&cache));
    assert_eq!(warm.stats.stat_clean, 0, "racily clean: read and hashed");
    assert_eq!(warm.stats.from_cache, warm.stats.files);
    assert!(
        package_entries(&cache).is_empty(),
        "no package entry while a file's hash is not recorded"
    );
    age(&dir);
    let _ = run(&dir, Language::Rust, Some(&cache));
    let later = run(&dir, Language::Rust, Some(&cache));
    assert_eq!(later.stats.stat_clean, later.stats.files);
    assert_eq!(later.stats.whole_packages, 1);
}

#[test]
fn same_size_edit_with_mtime_put_back_is_seen() {
    let (_tmp, dir, cache) = pm_core();
    age(&dir);
    let before = run(&dir, Language::Rust, Some(&cache));
    let lib = dir.join("src/registry.rs");
    let text = std::fs::read_to_string(&lib).unwrap();
    let mtime = std::fs::metadata(&lib).unwrap().modified().unwrap();
    // Same length, different public item, mtime restored (`touch -d`): ctime still moves.
    let swapped = text.replacen("pub fn ", "pub fn z", 1);
    let swapped = swapped.replacen("\n\n", "\n", 1);
    assert_eq!(swapped.len(), text.len());
    std::fs::write(&lib, &swapped).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&lib)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    let after = run(&dir, Language::Rust, Some(&cache));
    assert_eq!(after.stats.parsed, 1);
    assert_eq!(result(&after), result(&run(&dir, Language::Rust, None)));
    assert_ne!(result(&after), result(&before), "the renamed item shows");
}

/// The HMAC line and JSON of an entry file.
fn split(path: &Path) -> (Vec<u8>, Vec<u8>) {
    let bytes = std::fs::read(path).unwrap();
    let nl = bytes.iter().position(|&b| b == b'\n').unwrap();
    (bytes[..nl].to_vec(), bytes[nl + 1..].to_vec())
}

#[test]
fn forged_entries_are_ignored_and_recomputed() {
    let (_tmp, dir, cache) = pm_core();
    age(&dir);
    let plain = run(&dir, Language::Rust, None);
    let n = plain.stats.files;
    let _ = run(&dir, Language::Rust, Some(&cache));
    // The package entry would serve the unchanged package without reading any per-file
    // entry (its own forgeries: `package_entry_serves_an_unchanged_package_only`).
    std::fs::remove_dir_all(cache.join("package")).unwrap();
    let all = entries(&cache);
    assert_eq!(all.len(), n);
    // The attack of the hardening issue: valid JSON of the right shape under the right name.
    // 1. Another file's genuine entry (its HMAC included) copied under this name.
    std::fs::copy(&all[1], &all[0]).unwrap();
    // 2. An empty module summary with a checksum header as the previous format had.
    let empty =
        br#"{"Ok":{"decls":[],"restricted":[],"uses":[],"mods":[],"impls":[],"macros":[]}}"#;
    let sum: String = sha2_hex(empty);
    std::fs::write(&all[1], [sum.as_bytes(), b"\n", empty].concat()).unwrap();
    // 3. A genuine HMAC line kept, the JSON replaced.
    let (mac, _) = split(&all[2]);
    std::fs::write(&all[2], [&mac[..], b"\n", empty].concat()).unwrap();
    let x = run(&dir, Language::Rust, Some(&cache));
    assert_eq!(
        (x.stats.untrusted, x.stats.parsed, x.stats.from_cache),
        (3, 3, n - 3),
        "forged entries are never served"
    );
    assert_eq!(result(&x), result(&plain));
    let again = run(&dir, Language::Rust, Some(&cache));
    assert_eq!(
        (again.stats.untrusted, again.stats.parsed),
        (0, 0),
        "rewritten"
    );
    assert_eq!(result(&again), result(&plain));
}

fn sha2_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn forged_stat_index_is_ignored() {
    let (_tmp, dir, cache) = pm_core();
    age(&dir);
    let _ = run(&dir, Language::Rust, Some(&cache));
    let index = std::fs::read_dir(cache.join("index"))
        .unwrap()
        .flatten()
        .next()
        .unwrap()
        .path();
    // Claim lib.rs has the content hash of another file: its stale summary would be served.
    let (mac, json) = split(&index);
    let mut rows: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&json).unwrap();
    let other = rows["src/decision.rs"]["sha256"].clone();
    rows.get_mut("src/lib.rs").unwrap()["sha256"] = other;
    let forged = serde_json::to_vec(&rows).unwrap();
    std::fs::write(&index, [&mac[..], b"\n", &forged].concat()).unwrap();
    let x = run(&dir, Language::Rust, Some(&cache));
    assert_eq!((x.stats.untrusted, x.stats.stat_clean), (1, 0));
    assert_eq!(result(&x), result(&run(&dir, Language::Rust, None)));
}

#[test]
fn cache_inside_the_repository_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    let dir = repo.join("crates/pm-core");
    copy_tree(&workspace().join("examples/opshelm/crates/pm-core"), &dir);
    let plain = run(&dir, Language::Rust, None);
    // Inside the package, inside the repository beside it, and through a symlink from outside.
    let link = tmp.path().join("outside-link");
    std::os::unix::fs::symlink(repo.join(".accord"), &link).unwrap();
    for cache in [
        dir.join(".accord/cache"),
        repo.join(".accord/cache/surface"),
        link.join("surface"),
    ] {
        for _ in 0..2 {
            let x = run(&dir, Language::Rust, Some(&cache));
            assert!(x.stats.cache_refused, "{}", cache.display());
            assert_eq!((x.stats.parsed, x.stats.from_cache), (x.stats.files, 0));
            assert_eq!(result(&x), result(&plain));
        }
        assert!(!cache.exists(), "nothing created at {}", cache.display());
    }
    // The location `accord` computes is refused too.
    let r = accord_surface::cache::dir_from_env(&repo, |v| {
        (v == "ACCORD_CACHE_DIR").then(|| repo.join(".accord").into_os_string())
    });
    assert!(r.is_err(), "{r:?}");
}

#[test]
fn symlinks_in_the_cache_never_redirect_writes() {
    let (tmp, dir, cache) = pm_core();
    age(&dir);
    let plain = run(&dir, Language::Rust, None);
    let n = plain.stats.files;
    let outside = tmp.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    let victim = outside.join("victim");
    std::fs::write(&victim, "precious").unwrap();

    // Every entry sub-directory is a symlink to a directory elsewhere.
    std::fs::create_dir(&cache).unwrap();
    for i in 0..=255u8 {
        std::os::unix::fs::symlink(&outside, cache.join(format!("{i:02x}"))).unwrap();
    }
    std::os::unix::fs::symlink(&outside, cache.join("index")).unwrap();
    let x = run(&dir, Language::Rust, Some(&cache));
    assert_eq!(x.stats.parsed, n);
    assert_eq!(x.stats.write_errors, n + 1, "entries and the index refused");
    assert_eq!(result(&x), result(&plain));
    let names: Vec<_> = std::fs::read_dir(&outside).unwrap().flatten().collect();
    assert_eq!(names.len(), 1, "nothing written elsewhere: {names:?}");

    // Real sub-directories, but every entry a symlink to a file elsewhere (with genuine
    // content): not read, and replaced rather than written through.
    std::fs::remove_dir_all(&cache).unwrap();
    let _ = run(&dir, Language::Rust, Some(&cache));
    let all: Vec<PathBuf> = entries(&cache)
        .into_iter()
        .chain(package_entries(&cache))
        .collect();
    assert_eq!(all.len(), n + 1, "the files' entries and the package's");
    for e in &all {
        let copy = outside.join(e.file_name().unwrap());
        std::fs::rename(e, &copy).unwrap();
        std::os::unix::fs::symlink(&copy, e).unwrap();
    }
    let x = run(&dir, Language::Rust, Some(&cache));
    assert_eq!((x.stats.untrusted, x.stats.parsed), (n + 1, n));
    assert_eq!(result(&x), result(&plain));
    for e in &all {
        assert!(e.symlink_metadata().unwrap().file_type().is_file());
    }
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");

    // A symlinked key is refused: no cache at all rather than a key someone else chose.
    std::fs::remove_dir_all(&cache).unwrap();
    std::fs::create_dir(&cache).unwrap();
    std::fs::write(outside.join("key"), [7u8; 32]).unwrap();
    std::os::unix::fs::symlink(outside.join("key"), cache.join("key")).unwrap();
    let x = run(&dir, Language::Rust, Some(&cache));
    assert!(x.stats.cache_refused);
    assert_eq!(x.stats.parsed, n);
}

#[test]
fn key_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let (_tmp, dir, cache) = pm_core();
    let _ = run(&dir, Language::Rust, Some(&cache));
    let meta = std::fs::symlink_metadata(cache.join("key")).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    let private = std::fs::symlink_metadata(&cache).unwrap();
    assert_eq!(
        private.permissions().mode() & 0o077,
        0,
        "the directory is private too"
    );
    assert_eq!(meta.len(), 32);
    // A key others can read is no secret: refused.
    std::fs::set_permissions(cache.join("key"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let x = run(&dir, Language::Rust, Some(&cache));
    assert!(x.stats.cache_refused);
}

#[test]
fn python_package_entry_covers_stub_siblings_and_the_project_metadata() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pkg");
    copy_tree(
        &workspace().join("crates/surface/tests/fixtures/extract/py-namespace"),
        &dir,
    );
    let cache = tmp.path().join("cache");
    // A second name in the stub that the run-time module does not define: dropped as stale
    // while `core.py` lacks it, kept once it gains it.
    let stub = dir.join("src/acme/widgets/core.pyi");
    let text = std::fs::read_to_string(&stub).unwrap();
    std::fs::write(&stub, format!("{text}def later() -> int: ...\n")).unwrap();
    age(&dir);
    let plain = run(&dir, Language::Python, None);
    assert!(!render_text(&plain.surface).contains("later"));
    let cold = run(&dir, Language::Python, Some(&cache));
    assert_eq!(cold.stats.whole_packages, 0);
    let warm = run(&dir, Language::Python, Some(&cache));
    assert_eq!(
        (warm.stats.whole_packages, warm.stats.parsed),
        (1, 0),
        "nothing loaded but the package entry"
    );
    assert_eq!(result(&warm), result(&plain));

    // The module beside the stub is read though it is not a module file of the surface:
    // editing it must not be answered from the entry.
    let py = dir.join("src/acme/widgets/core.py");
    let text = std::fs::read_to_string(&py).unwrap();
    std::fs::write(&py, format!("{text}\ndef later():\n    return 1\n")).unwrap();
    // Only this file's stamp moves (aging the whole tree would change every stamp).
    std::fs::File::options()
        .write(true)
        .open(&py)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(7200))
        .unwrap();
    let edited = run(&dir, Language::Python, Some(&cache));
    assert_eq!(edited.stats.whole_packages, 0);
    assert_eq!(result(&edited), result(&run(&dir, Language::Python, None)));
    assert!(render_text(&edited.surface).contains("later"));
    assert_eq!(
        run(&dir, Language::Python, Some(&cache))
            .stats
            .whole_packages,
        1
    );

    // The project metadata is an input: a new version is seen although no module changed.
    let manifest = dir.join("pyproject.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, text.replace("2.0.0", "2.1.0")).unwrap();
    let x = run(&dir, Language::Python, Some(&cache));
    assert_eq!(x.stats.whole_packages, 0);
    assert_eq!(x.surface.version.as_deref(), Some("2.1.0"));
}

/// Every source file under `dir` with the given extension, sorted.
fn sources(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let path = e.path();
        if e.file_type().unwrap().is_dir() {
            sources(&path, ext, out);
        } else if path.extension().is_some_and(|x| x == ext) {
            out.push(path);
        }
    }
}

/// An edit of a file's text: `None` when it does not apply to this file.
type Edit = fn(&str) -> Option<String>;

/// Applies each of `edits` to each source file of a real package, one file and one edit at a
/// time, and re-checks with the cache: the result is always the uncached one. Returns how
/// many re-checks were served from the package entry brought up to date (`moved_only`)
/// rather than a full extraction.
fn edit_check(package: &Path, lang: Language, ext: &str, edits: &[Edit]) -> usize {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pkg");
    copy_tree(package, &dir);
    let cache = tmp.path().join("cache");
    age(&dir);
    run(&dir, lang, Some(&cache));
    let warm = run(&dir, lang, Some(&cache));
    assert_eq!(
        warm.stats.whole_packages,
        1,
        "{}: package entry stored",
        package.display()
    );
    let mut files = Vec::new();
    sources(&dir.join("src"), ext, &mut files);
    let mut patched = 0;
    for file in files {
        let original = std::fs::read_to_string(&file).unwrap();
        for (e, edit) in edits.iter().enumerate() {
            let Some(text) = edit(&original) else {
                continue;
            };
            std::fs::write(&file, &text).unwrap();
            age_file(&file);
            let cached = run(&dir, lang, Some(&cache));
            let fresh = run(&dir, lang, None);
            assert_eq!(
                result(&cached),
                result(&fresh),
                "{}: edit {e}",
                file.display()
            );
            if cached.stats.whole_packages == 1 {
                // Not one of the package's files (a test, a script beside it).
                continue;
            }
            // Served again from the same stale entry on a re-run. (The first run also re-read
            // the file restored before, its stat having changed.)
            let again = run(&dir, lang, Some(&cache));
            assert_eq!(result(&again), result(&fresh));
            assert_eq!(again.stats.moved_only > 0, cached.stats.moved_only > 0);
            patched += usize::from(again.stats.moved_only > 0);
        }
        std::fs::write(&file, &original).unwrap();
        age_file(&file);
    }
    patched
}

/// A comment line inserted before the line at `at` (of `lines`) of the text: everything
/// below moves. Inside a string or a docstring it changes the summary instead.
fn insert_line(text: &str, at: impl Fn(usize) -> usize, comment: &str) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let at = at(lines.len()).min(lines.len());
    Some(format!(
        "{}{comment}{}",
        lines[..at].concat(),
        lines[at..].concat()
    ))
}

const RUST_MOVES: &[Edit] = &[
    |t| insert_line(t, |_| 0, "// moved\n"),
    |t| insert_line(t, |n| n / 2, "// moved\n"),
    |t| insert_line(t, |n| n.saturating_sub(1), "// moved\n"),
];

const PYTHON_MOVES: &[Edit] = &[
    |t| insert_line(t, |_| 0, "# moved\n"),
    |t| insert_line(t, |n| n / 2, "# moved\n"),
    |t| insert_line(t, |n| n.saturating_sub(1), "# moved\n"),
];

/// API edits: an item added at the top or the end, a function renamed, a parameter's type
/// changed, a function removed, a struct added, a `pub(crate)` item added, an item made
/// private.
const RUST_API_EDITS: &[Edit] = &[
    |t| Some(format!("{t}\npub fn accord_probe() -> u8 {{ 1 }}\n")),
    |t| Some(format!("/// Probe.\npub const ACCORD_PROBE: u32 = 1;\n{t}")),
    |t| {
        t.contains("pub fn ")
            .then(|| t.replacen("pub fn ", "pub fn renamed_", 1))
    },
    |t| {
        t.contains("pub fn ")
            .then(|| t.replacen("pub fn ", "fn ", 1))
    },
    |t| {
        let i = t.find("pub fn ")?;
        let open = i + t[i..].find('(')?;
        Some(format!(
            "{}(accord_probe: u8, {}",
            &t[..open],
            &t[open + 1..]
        ))
    },
    |t| {
        Some(format!(
            "{t}\npub struct AccordProbe {{ pub x: u8, y: Vec<u8> }}\n"
        ))
    },
    |t| {
        Some(format!(
            "{t}\npub(crate) fn accord_probe_restricted() {{}}\n"
        ))
    },
    |t| {
        Some(format!(
            "{t}\nimpl AccordProbe {{ pub fn new() -> Self {{ todo!() }} }}\n"
        ))
    },
];

/// API edits: a function added at the end or the top, a function renamed, made private,
/// given a parameter, a class added with and without a base class, a constant added.
const PYTHON_API_EDITS: &[Edit] = &[
    |t| {
        Some(format!(
            "{t}\n\ndef accord_probe(x: int) -> int:\n    return x\n"
        ))
    },
    |t| Some(format!("ACCORD_PROBE: int = 1\n{t}")),
    |t| {
        t.contains("\ndef ")
            .then(|| t.replacen("\ndef ", "\ndef renamed_", 1))
    },
    |t| {
        t.contains("\ndef ")
            .then(|| t.replacen("\ndef ", "\ndef _", 1))
    },
    |t| {
        let i = t.find("\ndef ")?;
        let open = i + t[i..].find('(')?;
        Some(format!("{}(accord_probe, {}", &t[..open], &t[open + 1..]))
    },
    |t| {
        Some(format!(
            "{t}\n\nclass AccordProbe:\n    def run(self) -> None:\n        pass\n"
        ))
    },
    |t| {
        Some(format!(
            "{t}\n\nclass AccordProbeError(ValueError):\n    pass\n"
        ))
    },
];

#[test]
fn edits_that_only_move_code_update_the_package_entry() {
    let root = workspace();
    let rust = edit_check(&root.join("crates/model"), Language::Rust, "rs", RUST_MOVES)
        + edit_check(
            &root.join("crates/surface/tests/fixtures/extract/rust-semverish"),
            Language::Rust,
            "rs",
            RUST_MOVES,
        );
    assert!(
        rust >= 20,
        "most comment insertions only move code ({rust})"
    );
    let python = edit_check(
        &root.join("examples/opshelm/packages/agents"),
        Language::Python,
        "py",
        PYTHON_MOVES,
    ) + edit_check(
        &root.join("crates/surface/tests/fixtures/extract/py-httpish"),
        Language::Python,
        "py",
        PYTHON_MOVES,
    );
    assert!(
        python >= 6,
        "most comment insertions only move code ({python})"
    );
}

#[test]
fn api_edits_of_one_module_update_the_package_entry_or_take_the_full_way() {
    let root = workspace();
    let mut patched = 0;
    for package in [
        "crates/model",
        "crates/diff",
        "crates/surface/tests/fixtures/extract/rust-semverish",
        "examples/opshelm/crates/pm-core",
    ] {
        patched += edit_check(&root.join(package), Language::Rust, "rs", RUST_API_EDITS);
    }
    // Modules whose items are re-exported elsewhere (most of these crates' lib.rs) take the
    // full way; the others are brought up to date.
    assert!(
        patched >= 20,
        "Rust API edits applied to the package entry: {patched}"
    );
    let mut patched = 0;
    for package in [
        "examples/opshelm/packages/agents",
        "crates/surface/tests/fixtures/extract/py-httpish",
        "crates/surface/tests/fixtures/extract/py-namespace",
    ] {
        patched += edit_check(
            &root.join(package),
            Language::Python,
            "py",
            PYTHON_API_EDITS,
        );
    }
    // Their `__init__.py` imports from most modules, which are then not closed.
    assert!(
        patched >= 4,
        "Python API edits applied to the package entry: {patched}"
    );
}

#[test]
fn an_api_edit_is_never_patched_into_the_package_entry() {
    let (_tmp, dir, cache) = pm_core();
    age(&dir);
    run(&dir, Language::Rust, Some(&cache));
    assert_eq!(
        run(&dir, Language::Rust, Some(&cache)).stats.whole_packages,
        1
    );
    let lib = dir.join("src/lib.rs");
    let text = std::fs::read_to_string(&lib).unwrap();
    // Same length, same lines: only a name changes.
    let renamed = text.replacen("REGISTRY_FORMAT", "REGISTRY_FORMAZ", 1);
    assert_ne!(renamed, text);
    std::fs::write(&lib, renamed).unwrap();
    age_file(&lib);
    let edited = run(&dir, Language::Rust, Some(&cache));
    assert_eq!(edited.stats.moved_only, 0);
    assert_eq!(edited.stats.parsed, 1);
    assert_eq!(result(&edited), result(&run(&dir, Language::Rust, None)));
}

#[test]
fn a_finding_in_the_edited_file_moves_with_its_code() {
    let (_tmp, dir, cache) = pm_core();
    let lib = dir.join("src/lib.rs");
    let text = std::fs::read_to_string(&lib).unwrap();
    // A module without a source file: a finding located in lib.rs, at a line that moves.
    let with_finding = format!("{text}\npub mod generated_by_build_rs;\n");
    std::fs::write(&lib, &with_finding).unwrap();
    age(&dir);
    run(&dir, Language::Rust, Some(&cache));
    let warm = run(&dir, Language::Rust, Some(&cache));
    assert_eq!(warm.stats.whole_packages, 1);
    let line = |x: &Extraction| {
        x.findings
            .iter()
            .find(|f| f.location.path == "src/lib.rs")
            .map(|f| f.location.line)
    };
    let before = line(&warm).expect("a finding in lib.rs");
    std::fs::write(&lib, format!("// moved\n// twice\n{with_finding}")).unwrap();
    age_file(&lib);
    let edited = run(&dir, Language::Rust, Some(&cache));
    assert_eq!(edited.stats.moved_only, 1, "brought up to date");
    assert_eq!(line(&edited), Some(before + 2));
    assert_eq!(result(&edited), result(&run(&dir, Language::Rust, None)));
    // Served again from the same stale entry.
    let again = run(&dir, Language::Rust, Some(&cache));
    assert_eq!(result(&again), result(&edited));
}
