//! TestSmith (issue 14 §5, seeds 001 and 003): which tests exercise each stable export of a
//! pack, by use, and what that says about the tree and about a change.
//!
//! A pack's tests are the files its `tests` globs match plus, inside its `paths`, the files
//! its language's convention calls tests: Rust `tests/*.rs` under the package root and
//! `#[test]`/`#[cfg(test)]` items of its sources; TypeScript/JavaScript `*.test.*`,
//! `*.spec.*` and `__tests__/`; Python `test_*.py`, `*_test.py` and `tests/`. Each is read
//! once (`accord_surface::tests_refs`, the import extractors' parse) and a symbol counts as
//! exercised by a file when the file imports it from the pack and mentions it outside the
//! import, or imports the whole pack (`use pkg::*`, `use super::*` in a unit test,
//! `import * as ns`, `import pkg`) and mentions its name. The pack is named as its ecosystem
//! imports it: the crate name, the npm package name (or a relative path into the package),
//! the Python top-level package (or a relative import inside the package).
//!
//! Best effort, by name: two exports with one name are covered together, and a local item of
//! the same name in a file that imports the whole pack counts as a use. Members (methods,
//! fields, variants), modules, type aliases and interfaces are not required to have tests:
//! they are exercised through their parent or carry no behaviour.
//!
//! Every file is listed and read through `accord_vcs::WorkingTree` (confined to the root,
//! bounded reads); a test file that does not parse is skipped with a `test-file-unparsed`
//! note naming its position.

use crate::rules::{
    PROVIDER_TESTS_UNTOUCHED, TEST_FILE_UNPARSED, TEST_REFERENCE_MISSING, TEST_REFERENCE_STALE,
};
use crate::{EngineError, Workspace};
use accord_model::manifest::{Manifest, Pack};
use accord_model::ownership::literal_prefix;
use accord_model::surface::{Language, Surface, Symbol, SymbolKind, TestRef};
use accord_model::{Class, Finding, Location};
use accord_policy::ChangeEvidence;
use accord_surface::imports::SourceKind;
use accord_surface::snapshot::{CodeEntry, code_entry, read_snapshot, snapshot_rel_paths};
use accord_surface::tests_refs::scan_tests;
use accord_vcs::{Tree, WorkingTree};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// The test references of one pack, with the files that could not be read.
#[derive(Debug, Clone, Default)]
pub struct TestRefs {
    /// Symbol → test file:line, sorted, one per (symbol, file): the first use.
    pub refs: Vec<TestRef>,
    /// Test files read.
    pub files: usize,
    /// `test-file-unparsed` notes.
    pub notes: Vec<Finding>,
}

/// True for a symbol TestSmith requires a test of: stable (not deprecated, not marked
/// experimental/beta/alpha/internal, not `#[doc(hidden)]`) and a top-level item with
/// behaviour (function, struct, class, enum, trait, macro).
pub fn requires_test(symbol: &Symbol) -> bool {
    let stable = symbol.stability.deprecated.is_none()
        && symbol.stability.marker.is_none()
        && !symbol.stability.doc_hidden;
    stable
        && matches!(
            symbol.kind,
            SymbolKind::Function
                | SymbolKind::Struct
                | SymbolKind::Class
                | SymbolKind::Enum
                | SymbolKind::Trait
                | SymbolKind::Macro
        )
}

/// Whether `path` is a test file by its language's convention, relative to the package root.
fn conventional_test(path: &str, root: &str) -> bool {
    let rel = match root.trim_matches('/') {
        "" | "." => path,
        r => path
            .strip_prefix(r)
            .and_then(|p| p.strip_prefix('/'))
            .unwrap_or(path),
    };
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let dirs: Vec<&str> = rel.split('/').rev().skip(1).collect();
    match SourceKind::of(path) {
        Some(SourceKind::Rust) => rel.starts_with("tests/"),
        Some(SourceKind::Python) => {
            name.starts_with("test_")
                || name.ends_with("_test.py")
                || dirs.iter().any(|d| *d == "tests" || *d == "test")
        }
        Some(_) => {
            name.contains(".test.") || name.contains(".spec.") || dirs.contains(&"__tests__")
        }
        None => false,
    }
}

fn same_family(kind: SourceKind, language: Language) -> bool {
    match kind {
        SourceKind::Rust => language == Language::Rust,
        SourceKind::Python => language == Language::Python,
        _ => matches!(language, Language::TypeScript | Language::JavaScript),
    }
}

fn under(path: &str, dir: &str) -> bool {
    let dir = dir.trim_matches('/');
    dir.is_empty() || dir == "." || path.starts_with(&format!("{dir}/"))
}

/// Finds the tests of `pack` that use the stable exports of `surface`.
pub fn test_refs(
    ws: &Workspace,
    packs: &accord_policy::PackMap,
    pack: &Pack,
    entry: &CodeEntry,
    surface: &Surface,
) -> Result<TestRefs, EngineError> {
    let required: Vec<&Symbol> = surface
        .symbols
        .iter()
        .filter(|s| requires_test(s))
        .collect();
    if required.is_empty() {
        return Ok(TestRefs::default());
    }
    let mut by_name: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for s in &required {
        by_name
            .entry(s.name().to_string())
            .or_default()
            .push(&s.path);
    }
    let crate_ident = surface.package.replace('-', "_");
    let python_tops: BTreeSet<&str> = surface
        .symbols
        .iter()
        .filter_map(|s| s.path.split('.').next())
        .collect();
    // `use pkg::module;` then `module::f()`: importing a module reaches all of its names.
    let modules: BTreeSet<&str> = surface
        .symbols
        .iter()
        .filter(|s| s.kind == SymbolKind::Module)
        .map(|s| s.name())
        .collect();
    let mut names: BTreeSet<String> = by_name.keys().cloned().collect();
    if surface.language == Language::Rust {
        names.insert(crate_ident.clone());
    }

    let tree = WorkingTree::new(&ws.root);
    let mut prefixes: BTreeSet<String> = pack
        .paths
        .iter()
        .chain(&pack.tests)
        .map(|g| literal_prefix(g))
        .collect();
    prefixes.insert(literal_prefix(&entry.root));
    let kept: Vec<&String> = prefixes
        .iter()
        .filter(|p| !prefixes.iter().any(|q| *q != **p && under(p, q)))
        .collect();
    let mut candidates: Vec<(String, SourceKind, bool)> = Vec::new();
    for prefix in kept {
        for path in tree.list(prefix)? {
            let Some(kind) = SourceKind::of(&path) else {
                continue;
            };
            if !same_family(kind, surface.language) {
                continue;
            }
            let in_tests = packs.tests_of(&path).contains(&pack.name);
            let owned = packs.packs_of(&path).contains(&pack.name);
            let whole_file = in_tests || (owned && conventional_test(&path, &entry.root));
            // Rust unit tests live beside the code they test.
            let unit =
                !whole_file && kind == SourceKind::Rust && owned && under(&path, &entry.root);
            if whole_file || unit {
                candidates.push((path, kind, whole_file));
            }
        }
    }
    candidates.sort_by(|a, b| a.0.cmp(&b.0));
    candidates.dedup_by(|a, b| a.0 == b.0);

    let scanned: Vec<(Vec<TestRef>, Option<Finding>, bool)> = candidates
        .par_iter()
        .map(|(path, kind, whole_file)| {
            let Some(text) = tree
                .read(path)
                .ok()
                .flatten()
                .and_then(|b| String::from_utf8(b).ok())
            else {
                return (Vec::new(), None, false);
            };
            if !whole_file && !text.contains("#[test]") && !text.contains("#[cfg(test)]") {
                return (Vec::new(), None, false);
            }
            let scan = match scan_tests(*kind, &text, &names) {
                Ok(scan) => scan,
                Err(e) => return (Vec::new(), Some(unparsed(path, &e)), true),
            };
            let mut whole = !whole_file;
            let mut imported: BTreeSet<&str> = BTreeSet::new();
            for import in &scan.imports {
                let reaches = match kind {
                    SourceKind::Rust => {
                        import.spec.replace('-', "_") == crate_ident
                            || (!whole_file
                                && matches!(import.spec.as_str(), "crate" | "super" | "self"))
                    }
                    SourceKind::Python => {
                        let top = import.spec.split('.').next().unwrap_or("");
                        python_tops.contains(top)
                            || (import.spec.starts_with('.') && under(path, &entry.root))
                    }
                    _ => {
                        import.spec == surface.package
                            || import.spec.starts_with(&format!("{}/", surface.package))
                            || (import.spec.starts_with('.')
                                && crate::arch::resolve_relative(path, &import.spec)
                                    .is_some_and(|p| under(&p, &entry.root)))
                    }
                };
                if !reaches {
                    continue;
                }
                let named: Vec<&str> = import
                    .names
                    .iter()
                    .map(String::as_str)
                    .filter(|n| *n != "*" && *n != "default")
                    .collect();
                if named.is_empty()
                    || import.names.iter().any(|n| n == "*")
                    || named.iter().any(|n| modules.contains(n))
                {
                    whole = true;
                }
                imported.extend(named);
            }
            if kind == &SourceKind::Rust && scan.mentions.iter().any(|m| m.name == crate_ident) {
                whole = true;
            }
            let mut refs: BTreeMap<&str, u32> = BTreeMap::new();
            for m in &scan.mentions {
                let in_test = *whole_file
                    || scan
                        .test_ranges
                        .iter()
                        .any(|(s, e)| m.start >= *s && m.end <= *e);
                if !in_test || !(whole || imported.contains(m.name.as_str())) {
                    continue;
                }
                for symbol in by_name.get(&m.name).into_iter().flatten() {
                    refs.entry(symbol).or_insert(m.line);
                }
            }
            let refs = refs
                .into_iter()
                .map(|(symbol, line)| TestRef {
                    symbol: symbol.to_string(),
                    file: path.clone(),
                    line,
                })
                .collect();
            (refs, None, true)
        })
        .collect();
    let mut out = TestRefs::default();
    for (refs, note, read) in scanned {
        out.refs.extend(refs);
        out.notes.extend(note);
        out.files += usize::from(read);
    }
    out.refs.sort();
    Ok(out)
}

fn unparsed(path: &str, error: &str) -> Finding {
    let mut parts = error.splitn(3, ':');
    let line = parts.next().and_then(|l| l.parse().ok()).unwrap_or(0);
    let column = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
    let message = parts.next().unwrap_or(error).trim();
    Finding::of(
        &TEST_FILE_UNPARSED,
        format!("test file {path} does not parse ({message}); its uses are not counted"),
    )
    .at(Location::new(path, line, column))
    .with_logical_path(format!("{path}#unparsed"))
}

/// Records the pack's test references in `surface` (for `accord surface snapshot`); returns
/// the notes about test files that could not be read.
pub fn record(
    ws: &Workspace,
    pack: &Pack,
    entry: &CodeEntry,
    surface: &mut Surface,
) -> Result<Vec<Finding>, EngineError> {
    let packs = accord_policy::PackMap::new(&ws.manifest, &ws.manifest_text)
        .map_err(EngineError::policy)?;
    let found = test_refs(ws, &packs, pack, entry, surface)?;
    surface.test_refs = found.refs;
    Ok(found.notes)
}

/// The tree check: for each pack with code and a committed surface, a stable export no test
/// uses (`test-reference-missing`), a recorded test reference the tests no longer make
/// (`test-reference-stale`) and test files that do not parse (`test-file-unparsed`).
pub fn check_tree(ws: &Workspace) -> Result<Vec<Finding>, EngineError> {
    report(ws, None).map(|(_, findings)| findings)
}

/// What TestSmith found in one pack (`accord tests`).
#[derive(Debug, Clone)]
pub struct PackTests {
    /// The pack.
    pub pack: String,
    /// Declarations TestSmith requires a test of (a re-export counts once).
    pub required: usize,
    /// Those some test uses.
    pub tested: usize,
    /// Test files read.
    pub files: usize,
    /// The references found now, symbol → test file:line.
    pub refs: Vec<TestRef>,
}

/// [`check_tree`] with a summary per pack; `only` restricts to one pack.
pub fn report(
    ws: &Workspace,
    only: Option<&str>,
) -> Result<(Vec<PackTests>, Vec<Finding>), EngineError> {
    let packs = accord_policy::PackMap::new(&ws.manifest, &ws.manifest_text)
        .map_err(EngineError::policy)?;
    let fs = ws.fs()?;
    let mut findings = Vec::new();
    let mut summary = Vec::new();
    for pack in &ws.manifest.packs {
        if only.is_some_and(|p| !pack.answers_to(p)) {
            continue;
        }
        let Some(entry) = code_entry(pack, &ws.manifest.path, &ws.manifest_text)? else {
            continue;
        };
        let (json, _) = snapshot_rel_paths(&ws.manifest.contracts.dir, &pack.name);
        // A missing or unreadable snapshot is reported by the surface check.
        let Ok(Some(committed)) = read_snapshot(&fs, &json) else {
            continue;
        };
        let current = test_refs(ws, &packs, pack, &entry, &committed)?;
        findings.extend(current.notes);
        let used: BTreeSet<&str> = current.refs.iter().map(|r| r.symbol.as_str()).collect();
        // A re-export is the same declaration under another path: one finding per
        // declaration, tested when any of its paths is used.
        let mut declarations: BTreeMap<(&str, u32, u32), Vec<&Symbol>> = BTreeMap::new();
        for symbol in committed.symbols.iter().filter(|s| requires_test(s)) {
            declarations
                .entry((symbol.span.path.as_str(), symbol.span.line, symbol.span.col))
                .or_default()
                .push(symbol);
        }
        let untested: Vec<&Vec<&Symbol>> = declarations
            .values()
            .filter(|paths| !paths.iter().any(|s| used.contains(s.path.as_str())))
            .collect();
        let globs = if pack.tests.is_empty() {
            "its language's test conventions".to_string()
        } else {
            pack.tests.join(", ")
        };
        for paths in &untested {
            // The shortest path is the one users import.
            let Some(symbol) = paths.iter().min_by_key(|s| (s.path.len(), &s.path)) else {
                continue;
            };
            let location = crate::tree::under_root(
                Finding::of(&TEST_REFERENCE_MISSING, String::new()).at(Location::new(
                    &symbol.span.path,
                    symbol.span.line,
                    symbol.span.col,
                )),
                &entry.root,
            )
            .location;
            findings.push(
                Finding::of(
                    &TEST_REFERENCE_MISSING,
                    format!(
                        "stable export `{}` of pack `{}` has no test that uses it ({} of {} stable exports of `{}` untested)",
                        symbol.path,
                        pack.name,
                        untested.len(),
                        declarations.len(),
                        pack.name
                    ),
                )
                .at(location)
                .with_logical_path(format!("{}:{}", pack.name, symbol.path))
                .with_help(format!(
                    "add a test that imports and calls `{}` under {globs}, then run `accord surface snapshot {}` to record it; or mark it experimental/deprecated",
                    symbol.name(),
                    pack.name
                )),
            );
        }
        summary.push(PackTests {
            pack: pack.name.clone(),
            required: declarations.len(),
            tested: declarations.len() - untested.len(),
            files: current.files,
            refs: current.refs.clone(),
        });
        let now: BTreeSet<(&str, &str)> = current
            .refs
            .iter()
            .map(|r| (r.symbol.as_str(), r.file.as_str()))
            .collect();
        for old in &committed.test_refs {
            if now.contains(&(old.symbol.as_str(), old.file.as_str())) {
                continue;
            }
            let gone = fs.read_optional(&old.file).ok().flatten().is_none();
            let location = if gone {
                Location::file(&json)
            } else {
                Location::new(&old.file, old.line, 1)
            };
            let what = if gone {
                "was removed or renamed"
            } else {
                "no longer uses it"
            };
            findings.push(
                Finding::of(
                    &TEST_REFERENCE_STALE,
                    format!(
                        "test {}:{} recorded as exercising `{}` of pack `{}` {what}",
                        old.file, old.line, old.symbol, pack.name
                    ),
                )
                .at(location)
                .related(Location::file(&json), "test reference recorded here")
                .with_logical_path(format!("{}:{}@{}", pack.name, old.symbol, old.file))
                .with_help(format!(
                    "restore the test, or run `accord surface snapshot {}` to record the tests as they are",
                    pack.name
                )),
            );
        }
    }
    Ok((summary, findings))
}

/// `check --base`: a RISKY or BREAKING change to a pack's code surface whose change set
/// touches none of the pack's tests gets one `provider-tests-untouched` finding per pack,
/// naming the changed symbols and the tests recorded as using them; policy turns it into a
/// blocking `tests_updated` action.
pub(crate) fn untested_changes(
    head: &crate::Side,
    findings: &[Finding],
    evidence: &ChangeEvidence,
) -> Vec<Finding> {
    let manifest: &Manifest = &head.manifest;
    let head_surface = |pack: &str| -> Option<Surface> {
        let (path, _) = snapshot_rel_paths(&manifest.contracts.dir, pack);
        serde_json::from_slice(&head.read(&path).ok()??).ok()
    };
    // Ownership by the manifest's own glob matching: a literal prefix of `**/*.ts` is the
    // whole repository, which would let any pack's test stand for this one's.
    let owners = accord_model::ownership::PackMap::new(manifest).ok();
    let mut out = Vec::new();
    for item in &evidence.contracts {
        let Some(pack) = manifest.pack(&item.provider) else {
            continue;
        };
        if !pack.sections.contains_key("code") || evidence.tests_touched.contains(&pack.name) {
            continue;
        }
        // Convention tests inside the pack count as its tests too, read from the package
        // root (`crates/pm-core/tests/x.rs` is a Rust test of the package at `crates/pm-core`).
        let code_root = code_entry(pack, &manifest.path, &head.manifest_text)
            .ok()
            .flatten()
            .map(|e| e.root)
            .unwrap_or_default();
        let touched_convention = evidence.changed_files.iter().any(|f| {
            owners
                .as_ref()
                .is_some_and(|o| o.packs_of(&f.path).contains(&pack.name))
                && conventional_test(&f.path, &code_root)
        });
        if touched_convention {
            continue;
        }
        let changed: Vec<&Finding> = findings
            .iter()
            .filter(|f| {
                f.contract.as_deref() == Some(item.name.as_str()) && f.class >= Class::Risky
            })
            .collect();
        let Some(first) = changed.first() else {
            continue;
        };
        let surface = head_surface(&pack.name);
        let symbols: BTreeSet<&str> = changed
            .iter()
            .filter(|f| !f.logical_path.is_empty())
            .map(|f| subject(&f.logical_path, surface.as_ref()))
            .collect();
        let globs = if pack.tests.is_empty() {
            "none declared".to_string()
        } else {
            pack.tests.join(", ")
        };
        let list: Vec<String> = symbols.iter().take(5).map(|s| format!("`{s}`")).collect();
        let more = symbols.len().saturating_sub(5);
        let mut finding = Finding::of(
            &PROVIDER_TESTS_UNTOUCHED,
            format!(
                "pack `{}` makes {} RISKY/BREAKING API change(s) ({}{}) and this change touches none of its tests ({globs})",
                pack.name,
                changed.len(),
                list.join(", "),
                if more > 0 { format!(" and {more} more") } else { String::new() }
            ),
        )
        .at(first.location.clone())
        .with_logical_path(format!("{}#tests", pack.name))
        .with_help(format!(
            "update or add tests of `{}` that exercise the changed symbols in this change",
            pack.name
        ));
        for f in changed.iter().skip(1).take(20) {
            finding = finding.related(f.location.clone(), format!("changed: {}", f.rule));
        }
        if let Some(surface) = surface {
            for r in surface
                .test_refs
                .iter()
                .filter(|r| symbols.iter().any(|s| symbol_matches(s, &r.symbol)))
                .take(20)
            {
                finding = finding.related(
                    Location::new(&r.file, r.line, 1),
                    format!("test that uses `{}`: update it", r.symbol),
                );
            }
        }
        out.push(finding);
    }
    out
}

/// The symbol a code finding is about: the longest prefix of its logical path, ending at a
/// `/` detail separator, that the head surface lists (a removed symbol keeps its whole path).
fn subject<'f>(logical: &'f str, surface: Option<&Surface>) -> &'f str {
    let Some(surface) = surface else {
        return logical;
    };
    if surface.get(logical).is_some() {
        return logical;
    }
    logical
        .rmatch_indices('/')
        .map(|(i, _)| &logical[..i])
        .find(|p| surface.get(p).is_some())
        .unwrap_or(logical)
}

/// A finding's logical path names a symbol or one of its members (`a::B::field`).
fn symbol_matches(logical: &str, symbol: &str) -> bool {
    logical == symbol
        || logical
            .strip_prefix(symbol)
            .is_some_and(|rest| rest.starts_with([':', '.', '/', '#']))
}
