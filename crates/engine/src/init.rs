//! What `accord init` writes, decided from the repository itself: the packs found by
//! `accord_contract::init`, each pack's code table as the surface extractor resolves it
//! (the package is extracted, so a table is written only when `accord surface snapshot` will
//! succeed on it), test globs built from the test files that exist, and code contracts whose
//! consumers are the pack graph `accord check` builds (`crate::arch`), so the fresh manifest
//! passes its own boundary rules. Nothing is written here: the CLI writes the plan.

use crate::EngineError;
use accord_contract::init::{DetectedPack, Detection, InitCode, Skipped};
use accord_model::arch::EdgeKind;
use accord_model::manifest::Manifest;
use accord_model::ownership::PackMap;
use accord_model::surface::{Language, Surface};
use accord_surface::snapshot::{CodeEntry, extract_pack_with};
use accord_vcs::{Tree, WorkingTree};
use std::collections::BTreeMap;
use std::path::Path;

/// Where `accord init` puts contracts and surface snapshots.
pub const CONTRACTS_DIR: &str = "contracts";

/// The CODEOWNERS file `accord check` compares with its own rendering by default.
const CODEOWNERS: &str = ".github/CODEOWNERS";

/// Everything `accord init` writes, as data.
#[derive(Debug, Clone)]
pub struct InitPlan {
    /// The packs, with code tables, test globs and notes filled in.
    pub packs: Vec<DetectedPack>,
    /// Candidates that are not packs, with the reason.
    pub skipped: Vec<Skipped>,
    /// The `accord.toml` text.
    pub manifest: String,
    /// Provider pack → the packs whose code depends on it (package dependencies and imports).
    pub consumers: BTreeMap<String, Vec<String>>,
    /// Code contracts to write: repository-relative path → YAML text.
    pub contracts: Vec<(String, String)>,
    /// Surface snapshots to write: pack → surface.
    pub snapshots: Vec<(String, Surface)>,
    /// Remarks about the whole repository (cycles between packs, …).
    pub notes: Vec<String>,
}

/// Plans the manifest of the repository at `root`; `project` names it.
pub fn plan(root: &Path, project: &str) -> Result<InitPlan, EngineError> {
    let Detection { mut packs, skipped } = accord_contract::init::detect(root);
    let tree = WorkingTree::new(root);
    let options = accord_surface::Options {
        cache_dir: accord_surface::cache::default_dir(root).ok(),
        ..Default::default()
    };
    let mut snapshots = Vec::new();
    let mut versions: BTreeMap<String, String> = BTreeMap::new();
    for pack in &mut packs {
        let files = pack_files(&tree, &pack.dir)?;
        let (tests, notes) = test_globs(&tree, &pack.dir, &files);
        pack.tests = tests;
        pack.notes.extend(notes);
        match resolve_code(root, pack, &options) {
            Ok((code, surface, note)) => {
                pack.code = Some(code);
                pack.notes.extend(note);
                if let Some(v) = surface.version.clone() {
                    versions.insert(pack.name.clone(), v);
                }
                snapshots.push((pack.name.clone(), surface));
            }
            Err(why) => pack.notes.push(format!("No [code] table: {why}")),
        }
    }
    let mut manifest = accord_contract::render_init_manifest(project, &packs);
    // `accord check` compares a committed CODEOWNERS with the one it generates; a
    // hand-written file would fail the first check, so it is left alone until asked for.
    if accord_fs::Root::open(root).is_ok_and(|fs| fs.is_file(CODEOWNERS)) {
        manifest.push_str(&format!(
            "\n[governance]\n# {CODEOWNERS} exists and is kept as written. To generate it from this\n# manifest instead, set codeowners = \"{CODEOWNERS}\" and run `accord codeowners`.\ncodeowners = \"\"\n"
        ));
    }
    let parsed = accord_contract::parse_manifest("accord.toml", &manifest).map_err(|e| {
        EngineError::NoManifest(format!(
            "accord init rendered a manifest that does not parse: {e}"
        ))
    })?;
    let report = crate::arch::analyze(root, &parsed, &manifest, &[])?;
    let mut consumers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for edge in &report.graph.edges {
        if matches!(edge.kind, EdgeKind::Import | EdgeKind::Dependency) && !edge.allowed {
            let list = consumers.entry(edge.provider.clone()).or_default();
            if !list.contains(&edge.consumer) {
                list.push(edge.consumer.clone());
            }
        }
    }
    let mut notes = Vec::new();
    for cycle in &report.graph.cycles {
        notes.push(format!(
            "packs {} depend on each other in a cycle; `accord check` reports it (pack-cycle) until it is broken",
            cycle.join(" → ")
        ));
    }
    let today = accord_model::date::format_date(time::OffsetDateTime::now_utc().date());
    let contracts = consumers
        .iter()
        .map(|(provider, list)| {
            let pack = packs.iter().find(|p| &p.name == provider);
            code_contract(provider, list, pack, versions.get(provider), &today)
        })
        .collect();
    Ok(InitPlan {
        packs,
        skipped,
        manifest,
        consumers,
        contracts,
        snapshots,
        notes,
    })
}

/// The files of a pack, without dependencies installed inside it.
fn pack_files(tree: &WorkingTree, dir: &str) -> Result<Vec<String>, EngineError> {
    let prefix = if dir == "." { "" } else { dir };
    Ok(tree
        .list(prefix)?
        .into_iter()
        .filter(|p| !p.split('/').any(|s| s == "node_modules" || s == "target"))
        .collect())
}

/// Test folder names: everything below one is a test file.
const TEST_DIRS: &[&str] = &["tests", "test", "__tests__", "spec", "e2e"];

/// The file-name glob of a test file (`*.test.ts`, `test_*.py`, …), `None` for other files.
fn test_file_glob(name: &str) -> Option<String> {
    const CODE: &[&str] = &["ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs"];
    let (stem, ext) = name.rsplit_once('.')?;
    // `a.test.ts`, `a.spec.tsx`, `a.test-d.ts` (type tests); never `tsconfig.test.json`.
    if CODE.contains(&ext) {
        for marker in [".test", ".spec", ".test-d", ".spec-d"] {
            if stem.ends_with(marker) {
                return Some(format!("*{marker}.{ext}"));
            }
        }
        return None;
    }
    match ext {
        "py" if stem.starts_with("test_") => Some("test_*.py".to_string()),
        "py" if stem.ends_with("_test") => Some("*_test.py".to_string()),
        "rs" if stem == "tests" => Some("tests.rs".to_string()),
        "rs" if stem.ends_with("_test") => Some("*_test.rs".to_string()),
        "rs" if stem.ends_with("_tests") => Some("*_tests.rs".to_string()),
        "go" if stem.ends_with("_test") => Some("*_test.go".to_string()),
        _ => None,
    }
}

/// Globs matching the pack's real test files, and notes on tests no glob can name.
fn test_globs(tree: &WorkingTree, dir: &str, files: &[String]) -> (Vec<String>, Vec<String>) {
    let prefix = if dir == "." {
        String::new()
    } else {
        format!("{dir}/")
    };
    // glob → the files it was made for (to check it matches them).
    let mut globs: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    // file-name pattern → the first folder of every file it names.
    let mut by_name: BTreeMap<String, Vec<(Option<String>, &String)>> = BTreeMap::new();
    let mut inline = 0usize;
    for file in files {
        let Some(rel) = file.strip_prefix(&prefix) else {
            continue;
        };
        let parts: Vec<&str> = rel.split('/').collect();
        let folders = &parts[..parts.len() - 1];
        if let Some(i) = folders.iter().position(|p| TEST_DIRS.contains(p)) {
            let glob = if i == 0 {
                format!("{prefix}{}/**", folders[0])
            } else {
                format!("{prefix}**/{}/**", folders[i])
            };
            globs.entry(glob).or_default().push(file);
            continue;
        }
        let name = parts[parts.len() - 1];
        if let Some(pattern) = test_file_glob(name) {
            let top = folders.first().map(|f| f.to_string());
            by_name.entry(pattern).or_default().push((top, file));
        } else if name.ends_with(".rs")
            && tree
                .read(file)
                .ok()
                .flatten()
                .is_some_and(|b| String::from_utf8_lossy(&b).contains("#[cfg(test)]"))
        {
            inline += 1;
        }
    }
    for (pattern, found) in by_name {
        let tops: Vec<&Option<String>> = found.iter().map(|(t, _)| t).collect();
        let glob = match tops.first() {
            Some(Some(top)) if tops.iter().all(|t| t.as_ref() == Some(top)) => {
                format!("{prefix}{top}/**/{pattern}")
            }
            _ => format!("{prefix}**/{pattern}"),
        };
        globs
            .entry(glob)
            .or_default()
            .extend(found.iter().map(|(_, f)| *f));
    }
    // Checked with the matcher `accord check` uses: a glob that matches none of its files (a
    // folder name globs read as syntax, say) is dropped rather than written.
    let kept = globs
        .into_iter()
        .filter(|(glob, files)| {
            let mut one = Manifest::default();
            one.packs.push(accord_model::manifest::Pack {
                name: "p".into(),
                tests: vec![glob.clone()],
                ..Default::default()
            });
            PackMap::new(&one).is_ok_and(|m| files.iter().any(|f| !m.tests_of(f).is_empty()))
        })
        .map(|(glob, _)| glob)
        .collect();
    let notes = if inline > 0 {
        vec![format!(
            "{inline} Rust file(s) hold inline #[cfg(test)] modules; no glob names those tests apart from the code."
        )]
    } else {
        Vec::new()
    };
    (kept, notes)
}

/// The code table of a pack, the surface it yields and a remark, or why it has none.
fn resolve_code(
    root: &Path,
    pack: &DetectedPack,
    options: &accord_surface::Options,
) -> Result<(InitCode, Surface, Option<String>), String> {
    let dir = root.join(&pack.dir);
    // Messages name the package by its folder in the repository, not by an absolute path.
    let short = |e: &accord_surface::SurfaceError| {
        e.to_string()
            .replace(&format!("{}: ", dir.display()), "")
            .replace(&format!("{}", dir.display()), &pack.dir)
    };
    let found = accord_surface::entry_points::resolve(&dir, None).map_err(|e| short(&e))?;
    // A package.json without `types` or a tsconfig.json beside it reads as JavaScript, but
    // entries that are TypeScript sources (`dist/` mapped back to `src/index.ts`) are typed.
    let typed = |e: &String| {
        [".ts", ".tsx", ".mts", ".cts"]
            .iter()
            .any(|x| e.ends_with(x))
    };
    let language = match found.language {
        Language::JavaScript if found.entries.iter().any(typed) => Language::TypeScript,
        other => other,
    };
    let entry = |entries: Vec<String>| CodeEntry {
        pack: pack.name.clone(),
        language: Some(language),
        root: pack.dir.clone(),
        entry: entries,
    };
    let mut code = InitCode {
        language: language.as_str().to_string(),
        root: pack.dir.clone(),
        entry: Vec::new(),
        resolved: found.entries.clone(),
        source: found.source.clone(),
    };
    match extract_pack_with(root, &entry(Vec::new()), options) {
        Ok(x) => {
            // Pinning the entries is written only when it reads the very same API; an
            // `exports` map keeps subpaths and conditions that an entry list would lose.
            if !found.entries.is_empty()
                && extract_pack_with(root, &entry(found.entries.clone()), options)
                    .is_ok_and(|pinned| pinned.surface == x.surface)
            {
                code.entry = found.entries.clone();
            }
            Ok((code, x.surface, None))
        }
        Err(first) => {
            // A package.json whose entry fields name build output absent from the tree:
            // its source index is the API until it is built.
            let ts = matches!(language, Language::TypeScript | Language::JavaScript);
            let source = [
                "src/index.ts",
                "index.ts",
                "src/index.tsx",
                "src/index.js",
                "index.js",
            ]
            .into_iter()
            .find(|f| root.join(&pack.dir).join(f).is_file());
            if let (true, Some(source)) = (ts, source)
                && let Ok(x) = extract_pack_with(root, &entry(vec![source.to_string()]), options)
            {
                code.entry = vec![source.to_string()];
                code.resolved = vec![source.to_string()];
                code.source = "the source index".to_string();
                return Ok((
                    code,
                    x.surface,
                    Some(format!(
                        "package.json's entry points lead to no API in the tree (unbuilt output?): {}; so `entry` names the source index.",
                        short(&first)
                    )),
                ));
            }
            Err(short(&first))
        }
    }
}

/// A YAML double-quoted string.
fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

/// The code contract of `provider` naming its `consumers`: (path, YAML).
fn code_contract(
    provider: &str,
    consumers: &[String],
    pack: Option<&DetectedPack>,
    version: Option<&String>,
    today: &str,
) -> (String, String) {
    let version = version
        .filter(|v| semver::Version::parse(v).is_ok())
        .cloned()
        .unwrap_or_else(|| "0.1.0".to_string());
    let joined = consumers.join("-");
    // The file-name rule also accepts provider-<one consumer>: long lists stay readable.
    let parties = if consumers.len() > 3 || joined.len() > 60 {
        format!("{provider}-{}", consumers[0])
    } else {
        format!("{provider}-{joined}")
    };
    let path = format!("{CONTRACTS_DIR}/{parties}-v{version}.yaml");
    let code = pack.and_then(|p| p.code.as_ref());
    let mut y = String::new();
    y.push_str(
        "# Written by `accord init`: the packs that depend on this pack's code, read from\n",
    );
    y.push_str(
        "# their package manifests and imports. Its API is the committed surface snapshot.\n",
    );
    y.push_str("contract:\n");
    y.push_str(&format!(
        "  name: {}\n",
        yaml_str(&format!("{provider} code API"))
    ));
    y.push_str(&format!("  version: {}\n", yaml_str(&version)));
    y.push_str("  status: \"stable\"\n");
    y.push_str(&format!("  provider: {provider}\n"));
    y.push_str(&format!(
        "  consumers: [{}]\n",
        consumers
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    y.push('\n');
    y.push_str("  interface:\n");
    y.push_str("    type: \"code\"\n");
    if let Some(code) = code {
        y.push_str(&format!("    format: {}\n", yaml_str(&code.language)));
        if let Some(first) = code.resolved.first() {
            let location = if code.root == "." {
                first.clone()
            } else {
                format!("{}/{first}", code.root)
            };
            y.push_str(&format!("    location: {}\n", yaml_str(&location)));
        }
    }
    y.push('\n');
    y.push_str("  backward_compatibility:\n");
    y.push_str("    guarantees:\n");
    y.push_str(&format!(
        "      - {}\n",
        yaml_str(&format!(
            "The public API in {CONTRACTS_DIR}/{provider}.surface.txt keeps its signatures within a MAJOR version"
        ))
    ));
    y.push('\n');
    y.push_str("  breaking_changes_history:\n");
    y.push_str(&format!("    - version: {}\n", yaml_str(&version)));
    y.push_str(&format!("      date: {}\n", yaml_str(today)));
    y.push_str("      change: \"Initial contract (accord init)\"\n");
    (path, y)
}

/// What changed in the repository since its manifest was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InitDrift {
    /// Packages detected now that no pack covers.
    pub new_packages: Vec<DetectedPack>,
    /// Packs whose folder (a `paths` glob's literal prefix, or the code root) is gone:
    /// (pack, the missing path).
    pub vanished: Vec<(String, String)>,
}

impl InitDrift {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.new_packages.is_empty() && self.vanished.is_empty()
    }
}

/// Compares the packs `accord init` would detect now with `manifest`'s.
pub fn drift(root: &Path, manifest: &Manifest) -> InitDrift {
    let detection = accord_contract::init::detect(root);
    let owners = PackMap::new(manifest).unwrap_or_default();
    let code_roots: Vec<String> = manifest
        .packs
        .iter()
        .filter_map(|p| {
            accord_surface::snapshot::code_entry(p, &manifest.path, "")
                .ok()
                .flatten()
        })
        .map(|c| c.root.trim_matches('/').to_string())
        .collect();
    let mut out = InitDrift::default();
    for pack in detection.packs {
        let markers = [
            "Cargo.toml",
            "package.json",
            "pyproject.toml",
            "__init__.py",
        ];
        let probe = markers
            .iter()
            .map(|m| {
                if pack.dir == "." {
                    m.to_string()
                } else {
                    format!("{}/{m}", pack.dir)
                }
            })
            .find(|p| root.join(p).is_file())
            .unwrap_or_else(|| format!("{}/accord-probe", pack.dir));
        let covered = code_roots.contains(&pack.dir) || !owners.packs_of(&probe).is_empty();
        if !covered {
            out.new_packages.push(pack);
        }
    }
    for pack in &manifest.packs {
        let mut places: Vec<String> = pack
            .paths
            .iter()
            .map(|g| accord_model::ownership::literal_prefix(g))
            .collect();
        if let Ok(Some(code)) = accord_surface::snapshot::code_entry(pack, &manifest.path, "") {
            places.push(code.root.trim_matches('/').to_string());
        }
        for place in places {
            let gone = !place.is_empty()
                && place != "."
                && accord_fs::is_confined(&place)
                && !root.join(&place).exists();
            if gone
                && !out
                    .vanished
                    .iter()
                    .any(|(p, at)| *p == pack.name && *at == place)
            {
                out.vanished.push((pack.name.clone(), place));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::test_file_glob;

    #[test]
    fn test_file_names_are_recognised_by_ecosystem_and_config_files_are_not() {
        let cases = [
            ("cart.test.ts", Some("*.test.ts")),
            ("cart.spec.tsx", Some("*.spec.tsx")),
            ("h.test-d.ts", Some("*.test-d.ts")),
            ("tsconfig.test.json", None),
            ("index.ts", None),
            ("test_api.py", Some("test_*.py")),
            ("api_test.py", Some("*_test.py")),
            ("testing.py", None),
            ("tests.rs", Some("tests.rs")),
            ("parse_tests.rs", Some("*_tests.rs")),
            ("lib.rs", None),
        ];
        for (name, want) in cases {
            assert_eq!(test_file_glob(name).as_deref(), want, "{name}");
        }
    }
}
