//! `accord init`: find the packs of a repository and render a commented `accord.toml`.
//!
//! Packs come from every package manager's own workspace declaration, together: Cargo
//! `[workspace] members`/`exclude` and the path dependencies of members, `pnpm-workspace.yaml`,
//! `package.json` `workspaces` (npm/yarn, array or object form, `!` exclusions), and
//! `pyproject.toml` (uv `[tool.uv.workspace]`, path sources of uv, poetry and hatch). Only when
//! none declares a package do Python packages and conventional folders (`packages/*`,
//! `services/*`, …) count, and then only folders holding more than documentation.
//! Documentation, test, benchmark and example folders are never packs. Pack names come from the
//! package names, sanitised to the manifest's rules.
//!
//! What each pack's code and tests are is decided by the caller (`accord_engine::init`),
//! which can run the surface extractor; this module only finds and renders.

use accord_model::display::one_line;
use globset::{Glob, GlobSetBuilder};
use std::fmt::Write as _;
use std::path::Path;

/// Where a detected pack came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum PackSource {
    /// A `[workspace] members` entry of `Cargo.toml`.
    Cargo,
    /// A crate reached through a `path` dependency of a workspace member.
    CargoPath,
    /// A `packages` entry of `pnpm-workspace.yaml`.
    Pnpm,
    /// A `workspaces` entry of `package.json`.
    Npm,
    /// A member of a Python workspace (uv, or a path dependency of poetry, hatch or uv).
    PythonWorkspace,
    /// A Python package (a folder with `__init__.py`, or a `pyproject.toml`).
    Python,
    /// The single package at the repository root.
    RootPackage,
    /// A sub-folder of a conventional folder such as `packages/`.
    #[default]
    Folder,
}

impl PackSource {
    /// How the source reads in `accord init`'s output and the manifest's comments.
    pub fn describe(self) -> &'static str {
        match self {
            PackSource::Cargo => "Cargo workspace member",
            PackSource::CargoPath => "Cargo path dependency",
            PackSource::Pnpm => "pnpm-workspace.yaml package",
            PackSource::Npm => "package.json workspace",
            PackSource::PythonWorkspace => "Python workspace member",
            PackSource::Python => "Python package",
            PackSource::RootPackage => "package at the repository root",
            PackSource::Folder => "folder",
        }
    }
}

/// The `[packs.NAME.code]` table `accord init` writes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InitCode {
    /// `rust`, `typescript`, `javascript` or `python`.
    pub language: String,
    /// Package root relative to the repository.
    pub root: String,
    /// Entry files written as `entry` (relative to `root`); empty when the package manifest
    /// alone gives the same surface.
    pub entry: Vec<String>,
    /// The entries the extractor resolved, shown as a comment.
    pub resolved: Vec<String>,
    /// Where they were resolved from.
    pub source: String,
}

/// A pack found in the repository layout.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DetectedPack {
    /// Pack key for `[packs.NAME]` (kebab-case, unique).
    pub name: String,
    /// Repository-relative directory with `/` separators (`.` for the root).
    pub dir: String,
    /// What revealed it.
    pub source: PackSource,
    /// The package name its manifest declares, when it has one.
    pub package: Option<String>,
    /// Its code table, when the caller resolved one.
    pub code: Option<InitCode>,
    /// Test globs that match the pack's real test files (never a glob matching nothing).
    pub tests: Vec<String>,
    /// Remarks written as comments above the table (why no code table, …).
    pub notes: Vec<String>,
}

/// A folder that looked like a pack but is not one, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Repository-relative directory.
    pub dir: String,
    /// Why it is not a pack.
    pub reason: String,
}

/// What [`detect`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Detection {
    /// The packs, sorted by directory.
    pub packs: Vec<DetectedPack>,
    /// Candidates left out, with the reason.
    pub skipped: Vec<Skipped>,
}

/// Conventional folders whose sub-folders are packs.
const PACK_FOLDERS: &[&str] = &[
    "expansion-packs",
    "packages",
    "services",
    "apps",
    "libs",
    "modules",
    "plugins",
    "crates",
];

/// Folder names that hold documentation, tests, benchmarks or examples: never a pack.
const NOT_PACK: &[&str] = &[
    "doc",
    "docs",
    "documentation",
    "test",
    "tests",
    "testing",
    "__tests__",
    "e2e",
    "fixtures",
    "bench",
    "benches",
    "benchmark",
    "benchmarks",
    "example",
    "examples",
    "sample",
    "samples",
];

/// Largest package manifest read while detecting.
const MANIFEST_LIMIT: u64 = 4 * 1024 * 1024;

/// Guesses the packs of the repository at `root` (see [`detect`]).
pub fn detect_packs(root: &Path) -> Vec<DetectedPack> {
    detect(root).packs
}

/// Finds the packs of the repository at `root`. Never fails: unreadable or malformed files
/// yield no packs from that source (a malformed workspace file is listed as skipped).
pub fn detect(root: &Path) -> Detection {
    let Ok(fs) = accord_fs::Root::open(root) else {
        return Detection::default();
    };
    let mut d = Detector {
        root,
        fs: &fs,
        found: Vec::new(),
        skipped: Vec::new(),
    };
    d.cargo();
    d.pnpm();
    d.npm();
    d.python_workspaces();
    if d.found.is_empty() {
        d.root_package();
    }
    if d.found.is_empty() {
        d.python_packages();
    }
    if d.found.is_empty() {
        d.folders();
    }
    let Detector {
        found, mut skipped, ..
    } = d;
    let mut kept: Vec<(String, PackSource, Option<String>)> = Vec::new();
    for (dir, source, package) in found {
        if let Some(part) = dir.split('/').find(|p| NOT_PACK.contains(p)) {
            let part = part.to_string();
            skipped.push(Skipped {
                dir,
                reason: format!(
                    "a `{part}` folder (documentation, tests, benchmarks or examples) is not a pack"
                ),
            });
            continue;
        }
        if !kept.iter().any(|(d, _, _)| *d == dir) {
            kept.push((dir, source, package));
        }
    }
    kept.sort();
    skipped.sort_by(|a, b| a.dir.cmp(&b.dir));
    skipped.dedup_by(|a, b| a.dir == b.dir);
    Detection {
        packs: name_packs(kept),
        skipped,
    }
}

/// Pack keys from package names (`@acme/ui` → `ui`, then `acme-ui` if `ui` is taken), else
/// the folder name; unique under the manifest's name comparison.
fn name_packs(found: Vec<(String, PackSource, Option<String>)>) -> Vec<DetectedPack> {
    let norm = accord_model::manifest::normalize_pack_name;
    let mut out: Vec<DetectedPack> = Vec::new();
    for (dir, source, package) in found {
        let base = dir.rsplit('/').next().unwrap_or(&dir);
        let base = if base == "." { "" } else { base };
        let mut candidates: Vec<String> = Vec::new();
        if let Some(p) = &package {
            let unscoped = p.rsplit('/').next().unwrap_or(p);
            candidates.push(crate::rules::kebab(unscoped));
            candidates.push(crate::rules::kebab(p.trim_start_matches('@')));
        }
        candidates.push(crate::rules::kebab(base));
        candidates.retain(|c| !c.is_empty());
        if candidates.is_empty() {
            candidates.push("root".to_string());
        }
        let taken = |c: &str| out.iter().any(|p: &DetectedPack| norm(&p.name) == norm(c));
        let name = match candidates.iter().find(|c| !taken(c)) {
            Some(free) => free.clone(),
            None => {
                let first = &candidates[0];
                (2..)
                    .map(|i| format!("{first}-{i}"))
                    .find(|c| !taken(c))
                    .unwrap_or_else(|| first.clone())
            }
        };
        out.push(DetectedPack {
            name,
            dir,
            source,
            package,
            ..DetectedPack::default()
        });
    }
    out
}

fn skip(name: &str) -> bool {
    name.starts_with('.')
        || matches!(
            name,
            "target" | "node_modules" | "__pycache__" | "venv" | "dist" | "build"
        )
}

/// `a/b/../c` → `a/c`; `None` when it climbs above the root.
fn normalize_rel(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    })
}

fn join_rel(dir: &str, rel: &str) -> Option<String> {
    if rel.starts_with('/') {
        return None;
    }
    if dir == "." {
        normalize_rel(rel)
    } else {
        normalize_rel(&format!("{dir}/{rel}"))
    }
}

fn in_dir(dir: &str, file: &str) -> String {
    if dir == "." {
        file.to_string()
    } else {
        format!("{dir}/{file}")
    }
}

struct Detector<'a> {
    root: &'a Path,
    fs: &'a accord_fs::Root,
    found: Vec<(String, PackSource, Option<String>)>,
    skipped: Vec<Skipped>,
}

impl Detector<'_> {
    fn read(&self, rel: &str) -> Option<String> {
        let bytes = self
            .fs
            .clone()
            .with_limit(MANIFEST_LIMIT)
            .read_optional(rel)
            .ok()??;
        String::from_utf8(bytes).ok()
    }

    /// A TOML file as JSON (the manifest parser's conversion), `None` when absent or invalid.
    fn toml(&mut self, rel: &str) -> Option<serde_json::Value> {
        let text = self.read(rel)?;
        match toml_span::parse(&text) {
            Ok(v) => Some(crate::manifest::raw_section(&v).value),
            Err(e) => {
                self.skipped.push(Skipped {
                    dir: rel.to_string(),
                    reason: format!("not valid TOML: {e}"),
                });
                None
            }
        }
    }

    fn push(&mut self, dir: String, source: PackSource, package: Option<String>) {
        self.found.push((dir, source, package));
    }

    /// Directories matching the workspace `patterns` (`!` excludes) that hold `marker`.
    fn expand_all(
        &mut self,
        patterns: &[String],
        excludes: &[String],
        marker: &str,
    ) -> Vec<String> {
        let mut out = Vec::new();
        let mut negated: Vec<String> = excludes.to_vec();
        for p in patterns {
            if let Some(n) = p.trim().strip_prefix('!') {
                negated.push(n.to_string());
            }
        }
        let mut excluded = GlobSetBuilder::new();
        for n in &negated {
            let n = n.trim().trim_start_matches("./").trim_end_matches('/');
            if let Ok(g) = Glob::new(n) {
                excluded.add(g);
            }
        }
        let excluded = excluded.build().ok();
        for p in patterns.iter().filter(|p| !p.trim().starts_with('!')) {
            for dir in expand(self.root, p, None) {
                if excluded.as_ref().is_some_and(|e| e.is_match(&dir)) {
                    continue;
                }
                if self.fs.is_file(&in_dir(&dir, marker)) {
                    out.push(dir);
                } else if !NOT_PACK.iter().any(|n| dir.split('/').any(|p| p == *n)) {
                    self.skipped.push(Skipped {
                        dir,
                        reason: format!("matches a workspace pattern but has no {marker}"),
                    });
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    fn cargo(&mut self) {
        let Some(value) = self.toml("Cargo.toml") else {
            return;
        };
        let members = strings(value.pointer("/workspace/members"));
        let exclude = strings(value.pointer("/workspace/exclude"));
        let mut dirs = self.expand_all(&members, &exclude, "Cargo.toml");
        if value.pointer("/package/name").is_some() && !members.is_empty() {
            self.skipped.push(Skipped {
                dir: ".".to_string(),
                reason: "the root package's folder holds every other pack; declare its paths by hand if it needs governing".to_string(),
            });
        }
        // Path dependencies of the members (and of the workspace table) inside the repository.
        let mut todo: Vec<(String, serde_json::Value)> = Vec::new();
        todo.push((".".to_string(), value));
        for dir in &dirs {
            if let Some(v) = self.toml(&in_dir(dir, "Cargo.toml")) {
                todo.push((dir.clone(), v));
            }
        }
        let mut extra = Vec::new();
        while let Some((dir, v)) = todo.pop() {
            for path in cargo_path_deps(&v) {
                let Some(target) = join_rel(&dir, &path) else {
                    continue;
                };
                if target == "." || dirs.contains(&target) || extra.contains(&target) {
                    continue;
                }
                if exclude.iter().any(|e| e.trim_end_matches('/') == target) {
                    continue;
                }
                if let Some(dep) = self.toml(&in_dir(&target, "Cargo.toml")) {
                    extra.push(target.clone());
                    todo.push((target, dep));
                }
            }
        }
        dirs.sort();
        for dir in dirs {
            let name = self.cargo_name(&dir);
            self.push(dir, PackSource::Cargo, name);
        }
        for dir in extra {
            let name = self.cargo_name(&dir);
            self.push(dir, PackSource::CargoPath, name);
        }
    }

    fn cargo_name(&mut self, dir: &str) -> Option<String> {
        let v = self.toml(&in_dir(dir, "Cargo.toml"))?;
        v.pointer("/package/name")
            .and_then(|n| n.as_str())
            .map(str::to_string)
    }

    fn npm_name(&self, dir: &str) -> Option<String> {
        let text = self.read(&in_dir(dir, "package.json"))?;
        let v: serde_json::Value = serde_json::from_str(&text).ok()?;
        v.get("name")?.as_str().map(str::to_string)
    }

    fn pnpm(&mut self) {
        let Some(text) = self.read("pnpm-workspace.yaml") else {
            return;
        };
        let doc = match crate::doc::parse_yaml(&text) {
            Ok(doc) => doc,
            Err(e) => {
                self.skipped.push(Skipped {
                    dir: "pnpm-workspace.yaml".to_string(),
                    reason: format!("not valid YAML: {e}"),
                });
                return;
            }
        };
        let patterns: Vec<String> = doc
            .value
            .get("packages")
            .and_then(|p| p.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        for dir in self.expand_all(&patterns, &[], "package.json") {
            let name = self.npm_name(&dir);
            self.push(dir, PackSource::Pnpm, name);
        }
    }

    fn npm(&mut self) {
        let Some(text) = self.read("package.json") else {
            return;
        };
        let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
            self.skipped.push(Skipped {
                dir: "package.json".to_string(),
                reason: "not valid JSON".to_string(),
            });
            return;
        };
        let list = match json.get("workspaces") {
            Some(serde_json::Value::Array(a)) => a.clone(),
            Some(serde_json::Value::Object(o)) => match o.get("packages") {
                Some(serde_json::Value::Array(a)) => a.clone(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        let patterns: Vec<String> = list
            .iter()
            .filter_map(|p| p.as_str().map(str::to_string))
            .collect();
        for dir in self.expand_all(&patterns, &[], "package.json") {
            let name = self.npm_name(&dir);
            self.push(dir, PackSource::Npm, name);
        }
    }

    fn python_name(&mut self, dir: &str) -> Option<String> {
        let v = self.toml(&in_dir(dir, "pyproject.toml"))?;
        v.pointer("/project/name")
            .or_else(|| v.pointer("/tool/poetry/name"))
            .and_then(|n| n.as_str())
            .map(str::to_string)
    }

    fn python_workspaces(&mut self) {
        let Some(value) = self.toml("pyproject.toml") else {
            return;
        };
        let mut members = strings(value.pointer("/tool/uv/workspace/members"));
        let exclude = strings(value.pointer("/tool/uv/workspace/exclude"));
        // Hatch workspaces: `[tool.hatch.envs.NAME] workspace.members`, paths or `{path = …}`.
        if let Some(envs) = value
            .pointer("/tool/hatch/envs")
            .and_then(|e| e.as_object())
        {
            for env in envs.values() {
                for m in env
                    .pointer("/workspace/members")
                    .and_then(|m| m.as_array())
                    .into_iter()
                    .flatten()
                {
                    if let Some(path) = m
                        .as_str()
                        .or_else(|| m.pointer("/path").and_then(|p| p.as_str()))
                    {
                        members.push(path.to_string());
                    }
                }
            }
        }
        let mut dirs = self.expand_all(&members, &exclude, "pyproject.toml");
        // Path dependencies naming sibling projects: uv sources, poetry and hatch.
        let mut todo = vec![(".".to_string(), value)];
        let mut seen: Vec<String> = dirs.clone();
        for dir in &dirs {
            if let Some(v) = self.toml(&in_dir(dir, "pyproject.toml")) {
                todo.push((dir.clone(), v));
            }
        }
        while let Some((dir, v)) = todo.pop() {
            for path in python_path_deps(&v) {
                let Some(target) = join_rel(&dir, &path) else {
                    continue;
                };
                if target == "." || seen.contains(&target) {
                    continue;
                }
                if let Some(dep) = self.toml(&in_dir(&target, "pyproject.toml")) {
                    seen.push(target.clone());
                    dirs.push(target.clone());
                    todo.push((target, dep));
                }
            }
        }
        dirs.sort();
        dirs.dedup();
        for dir in dirs {
            let name = self.python_name(&dir);
            self.push(dir, PackSource::PythonWorkspace, name);
        }
    }

    /// A repository that is one package: the root is the pack.
    fn root_package(&mut self) {
        if let Some(name) = self.toml("Cargo.toml").and_then(|v| {
            v.pointer("/package/name")
                .and_then(|n| n.as_str())
                .map(str::to_string)
        }) {
            self.push(".".to_string(), PackSource::RootPackage, Some(name));
            return;
        }
        let py = self.python_name(".");
        if py.is_some() {
            self.push(".".to_string(), PackSource::RootPackage, py);
            return;
        }
        if self.fs.is_file("package.json") && self.fs.is_file("tsconfig.json") || {
            let name = self.npm_name(".");
            name.is_some()
                && (self.fs.is_file("index.ts")
                    || self.fs.is_file("src/index.ts")
                    || self.fs.is_file("index.js")
                    || self.fs.is_file("src/index.js"))
        } {
            let name = self.npm_name(".");
            self.push(".".to_string(), PackSource::RootPackage, name);
        }
    }

    fn python_packages(&mut self) {
        for pattern in ["*", "src/*"] {
            for dir in expand(self.root, pattern, Some("__init__.py")) {
                self.push(dir, PackSource::Python, None);
            }
        }
        for dir in expand(self.root, "*", Some("pyproject.toml")) {
            let name = self.python_name(&dir);
            self.push(dir, PackSource::Python, name);
        }
        self.found.retain(|(d, _, _)| d != "src");
    }

    fn folders(&mut self) {
        for folder in PACK_FOLDERS {
            for dir in expand(self.root, &format!("{folder}/*"), None) {
                if holds_more_than_docs(&self.root.join(&dir), 3) {
                    let name = self
                        .cargo_name(&dir)
                        .or_else(|| self.npm_name(&dir))
                        .or_else(|| self.python_name(&dir));
                    self.push(dir, PackSource::Folder, name);
                } else {
                    self.skipped.push(Skipped {
                        dir,
                        reason: "holds only documentation (README and the like)".to_string(),
                    });
                }
            }
        }
    }
}

/// True when `dir` holds, within `depth` levels, a file that is not documentation.
fn holds_more_than_docs(dir: &Path, depth: usize) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    for entry in entries.filter_map(Result::ok) {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let name = entry.file_name().to_string_lossy().to_ascii_lowercase();
        if kind.is_file() {
            let doc = [".md", ".markdown", ".txt", ".rst", ".adoc"]
                .iter()
                .any(|e| name.ends_with(e))
                || name.starts_with("license")
                || name.starts_with("readme")
                || name.starts_with('.');
            if !doc {
                return true;
            }
        } else if kind.is_dir()
            && depth > 1
            && !skip(&name)
            && holds_more_than_docs(&entry.path(), depth - 1)
        {
            return true;
        }
    }
    false
}

fn strings(value: Option<&serde_json::Value>) -> Vec<String> {
    value
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// `path = "…"` of every dependency table of a `Cargo.toml` (targets and the workspace's too).
fn cargo_path_deps(value: &serde_json::Value) -> Vec<String> {
    let mut tables: Vec<&serde_json::Value> = Vec::new();
    for section in ["dependencies", "dev-dependencies", "build-dependencies"] {
        if let Some(t) = value.pointer(&format!("/{section}")) {
            tables.push(t);
        }
        if let Some(t) = value.pointer(&format!("/workspace/{section}")) {
            tables.push(t);
        }
        if let Some(targets) = value.pointer("/target").and_then(|t| t.as_object()) {
            for target in targets.values() {
                if let Some(t) = target.get(section) {
                    tables.push(t);
                }
            }
        }
    }
    tables
        .iter()
        .filter_map(|t| t.as_object())
        .flat_map(|t| t.values())
        .filter_map(|spec| spec.pointer("/path").and_then(|p| p.as_str()))
        .map(str::to_string)
        .collect()
}

/// Local path dependencies of a `pyproject.toml`: `[tool.uv.sources]`, poetry's dependency
/// tables and hatch's `[tool.hatch.metadata]`-enabled direct references (`name @ file:///…`
/// is an absolute path and ignored; relative `{root:uri}/../x` forms are read).
fn python_path_deps(value: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut tables: Vec<&serde_json::Value> = Vec::new();
    for ptr in [
        "/tool/uv/sources",
        "/tool/poetry/dependencies",
        "/tool/poetry/dev-dependencies",
    ] {
        if let Some(t) = value.pointer(ptr) {
            tables.push(t);
        }
    }
    if let Some(groups) = value
        .pointer("/tool/poetry/group")
        .and_then(|g| g.as_object())
    {
        for g in groups.values() {
            if let Some(t) = g.pointer("/dependencies") {
                tables.push(t);
            }
        }
    }
    for t in tables.iter().filter_map(|t| t.as_object()) {
        for spec in t.values() {
            if let Some(p) = spec.pointer("/path").and_then(|p| p.as_str()) {
                out.push(p.to_string());
            }
        }
    }
    let mut reqs: Vec<&str> = Vec::new();
    for ptr in ["/project/dependencies"] {
        if let Some(a) = value.pointer(ptr).and_then(|a| a.as_array()) {
            reqs.extend(a.iter().filter_map(|v| v.as_str()));
        }
    }
    for req in reqs {
        if let Some((_, url)) = req.split_once('@')
            && let Some(rest) = url.trim().strip_prefix("{root:uri}/")
        {
            out.push(rest.trim().to_string());
        }
    }
    out
}

/// Repository-relative directories (up to `depth` levels) matching `pattern` that contain
/// `marker` (when given).
fn expand(root: &Path, pattern: &str, marker: Option<&str>) -> Vec<String> {
    let pattern = pattern
        .trim()
        .trim_start_matches("./")
        .trim_end_matches('/');
    if pattern.is_empty() || pattern.split('/').any(|p| p == "..") || pattern.starts_with('/') {
        return Vec::new();
    }
    if pattern == "." {
        return vec![".".to_string()];
    }
    let Ok(glob) = Glob::new(pattern) else {
        return Vec::new();
    };
    let matcher = glob.compile_matcher();
    let depth = if pattern.contains("**") {
        4
    } else {
        pattern.split('/').count()
    };
    let mut out = Vec::new();
    let mut todo = vec![(String::new(), 0usize)];
    while let Some((rel, level)) = todo.pop() {
        if level >= depth {
            continue;
        }
        let Ok(entries) = std::fs::read_dir(root.join(&rel)) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            // Symlinked folders are not followed: they may leave the repository or loop.
            if !entry.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            if skip(&name) {
                continue;
            }
            let child = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            if matcher.is_match(&child)
                && marker.is_none_or(|m| root.join(&child).join(m).is_file())
            {
                out.push(child.clone());
            }
            todo.push((child, level + 1));
        }
    }
    out.sort();
    out
}

/// A TOML basic string.
fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_key(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        s.to_string()
    } else {
        toml_str(s)
    }
}

/// Renders a commented `accord.toml` declaring `packs`. The result always parses with
/// [`crate::parse_manifest`].
///
/// ```
/// use accord_contract::init::{render_init_manifest, DetectedPack, PackSource};
/// let packs = [DetectedPack { name: "api".into(), dir: "services/api".into(), source: PackSource::Folder, ..DetectedPack::default() }];
/// let text = render_init_manifest("demo", &packs);
/// let manifest = accord_contract::parse_manifest("accord.toml", &text).unwrap();
/// assert_eq!(manifest.packs[0].paths, ["services/api/**"]);
/// ```
pub fn render_init_manifest(project_name: &str, packs: &[DetectedPack]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Accord manifest: the packs of this repository and the contracts between them."
    );
    let _ = writeln!(
        s,
        "# Generated by `accord init`; edit freely. Unknown keys are errors, so typos are caught."
    );
    let _ = writeln!(s);
    let _ = writeln!(s, "[project]");
    let _ = writeln!(s, "name = {}", toml_str(project_name));
    let _ = writeln!(s, "# The single version number of the whole system.");
    let _ = writeln!(s, "version = \"0.1.0\"");
    let _ = writeln!(
        s,
        "# When true, a MAJOR/MINOR bump of a contract requires the same bump of `version`."
    );
    let _ = writeln!(s, "version_follows_contracts = false");
    let _ = writeln!(s);
    if packs.is_empty() {
        let _ = writeln!(
            s,
            "# No packs were detected. Declare one table per module, for example:"
        );
        let _ = writeln!(s, "# [packs.billing]");
        let _ = writeln!(s, "# paths = [\"services/billing/**\"]");
        let _ = writeln!(s, "# tests = [\"services/billing/tests/**\"]");
        let _ = writeln!(s, "# maintainers = [\"you@example.com\"]");
        let _ = writeln!(s);
    } else {
        let _ = writeln!(
            s,
            "# One table per pack. Contracts name packs by key, `display_name` or `aliases`"
        );
        let _ = writeln!(s, "# (compared ignoring case and punctuation).");
    }
    for pack in packs {
        let prefix = if pack.dir == "." {
            String::new()
        } else {
            format!("{}/", pack.dir)
        };
        let _ = writeln!(s, "[packs.{}]", toml_key(&pack.name));
        // Names, folders and notes come from the repository: in a comment they must stay
        // on its line, or a package named "x\n[policy]…" would write real tables.
        let from = match &pack.package {
            Some(p) => format!(" (package `{}`)", one_line(p)),
            None => String::new(),
        };
        let _ = writeln!(
            s,
            "# Detected from: {} `{}`{from}.",
            pack.source.describe(),
            one_line(&pack.dir)
        );
        for note in &pack.notes {
            let _ = writeln!(s, "# {}", one_line(note));
        }
        let _ = writeln!(s, "paths = [{}]", toml_str(&format!("{prefix}**")));
        if pack.tests.is_empty() {
            let _ = writeln!(
                s,
                "# No test files found; list their globs here when there are some."
            );
            let _ = writeln!(s, "tests = []");
        } else {
            let globs: Vec<String> = pack.tests.iter().map(|t| toml_str(t)).collect();
            let _ = writeln!(s, "tests = [{}]", globs.join(", "));
        }
        let _ = writeln!(s, "maintainers = []");
        let _ = writeln!(s, "# display_name = {}", toml_str(&pack.name));
        let _ = writeln!(s, "# tier = \"core\"");
        let _ = writeln!(s, "# owns_tables = []");
        if let Some(code) = &pack.code {
            let _ = writeln!(s);
            let _ = writeln!(s, "[packs.{}.code]", toml_key(&pack.name));
            let _ = writeln!(s, "language = {}", toml_str(&code.language));
            let _ = writeln!(s, "root = {}", toml_str(&code.root));
            if code.entry.is_empty() {
                let _ = writeln!(
                    s,
                    "# Entry points read from {}: {}",
                    one_line(&code.source),
                    one_line(&code.resolved.join(", "))
                );
            } else {
                let _ = writeln!(s, "# Resolved from {}.", one_line(&code.source));
                let entries: Vec<String> = code.entry.iter().map(|e| toml_str(e)).collect();
                let _ = writeln!(s, "entry = [{}]", entries.join(", "));
            }
        }
        let _ = writeln!(s);
    }
    let _ = writeln!(s, "[roles]");
    let _ = writeln!(s, "# May approve cross-pack (system-level) changes.");
    let _ = writeln!(s, "architects = []");
    let _ = writeln!(s, "# May approve database schema changes.");
    let _ = writeln!(s, "database_owners = []");
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "# Integration owners per contract (name, or `provider-consumer`):"
    );
    let _ = writeln!(s, "# [roles.integration_owners]");
    let _ = writeln!(s, "# \"billing-web\" = [\"you@example.com\"]");
    let _ = writeln!(s);
    let _ = writeln!(s, "[contracts]");
    let _ = writeln!(
        s,
        "# Contract files, named {{provider}}-{{consumer}}-v{{version}}.yaml."
    );
    let _ = writeln!(s, "dir = \"contracts\"");
    let _ = writeln!(s);
    let _ = writeln!(s, "[limits]");
    let _ = writeln!(s, "# Artifacts larger than this are reported, not read.");
    let _ = writeln!(s, "max_file_size = \"64MiB\"");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn touch(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    fn names(packs: &[DetectedPack]) -> Vec<(&str, &str)> {
        packs
            .iter()
            .map(|p| (p.name.as_str(), p.dir.as_str()))
            .collect()
    }

    #[test]
    fn cargo_workspace_members() {
        let d = tempfile::tempdir().unwrap();
        touch(
            d.path(),
            "Cargo.toml",
            "[workspace]\nmembers = [\"crates/*\", \"xtask\"]\nexclude = [\"crates/old\"]\n",
        );
        for c in ["crates/core", "crates/cli", "crates/old", "xtask"] {
            touch(d.path(), &format!("{c}/Cargo.toml"), "[package]\n");
        }
        touch(d.path(), "crates/notes/README.md", "");
        touch(d.path(), "packages/web/package.json", "{}");
        let packs = detect_packs(d.path());
        assert_eq!(
            names(&packs),
            [
                ("cli", "crates/cli"),
                ("core", "crates/core"),
                ("xtask", "xtask")
            ]
        );
        assert!(packs.iter().all(|p| p.source == PackSource::Cargo));
    }

    #[test]
    fn npm_workspaces_both_shapes() {
        let d = tempfile::tempdir().unwrap();
        touch(
            d.path(),
            "package.json",
            "{\"workspaces\": {\"packages\": [\"packages/*\"]}}",
        );
        touch(d.path(), "packages/web/package.json", "{}");
        touch(d.path(), "packages/Api Server/package.json", "{}");
        assert_eq!(
            names(&detect_packs(d.path())),
            [
                ("api-server", "packages/Api Server"),
                ("web", "packages/web")
            ]
        );
    }

    #[test]
    fn python_packages_and_fallback_folders() {
        let d = tempfile::tempdir().unwrap();
        touch(d.path(), "pyproject.toml", "");
        touch(d.path(), "src/ops_helm/__init__.py", "");
        touch(d.path(), "tools/__init__.py", "");
        assert_eq!(
            names(&detect_packs(d.path())),
            [("ops-helm", "src/ops_helm"), ("tools", "tools")]
        );

        let d = tempfile::tempdir().unwrap();
        for p in ["mmos", "creator-os", "ideas"] {
            touch(d.path(), &format!("expansion-packs/{p}/README.md"), "");
        }
        touch(d.path(), "expansion-packs/mmos/tests/test_x.py", "");
        touch(d.path(), "expansion-packs/creator-os/agents.yaml", "");
        touch(d.path(), "expansion-packs/.hidden/x", "");
        let found = detect(d.path());
        assert_eq!(
            names(&found.packs),
            [
                ("creator-os", "expansion-packs/creator-os"),
                ("mmos", "expansion-packs/mmos")
            ]
        );
        assert_eq!(found.skipped[0].dir, "expansion-packs/ideas");
    }

    #[test]
    fn readme_only_folders_are_skipped_with_the_reason() {
        let d = tempfile::tempdir().unwrap();
        touch(d.path(), "packages/ideas/README.md", "");
        touch(d.path(), "packages/web/index.js", "");
        let found = detect(d.path());
        assert_eq!(names(&found.packs), [("web", "packages/web")]);
        assert_eq!(found.skipped[0].dir, "packages/ideas");
        assert!(found.skipped[0].reason.contains("documentation"));
    }

    #[test]
    fn every_workspace_declaration_counts_together_and_names_come_from_packages() {
        let d = tempfile::tempdir().unwrap();
        touch(
            d.path(),
            "Cargo.toml",
            "[workspace]\nmembers = [\"crates/app\"]\n",
        );
        touch(
            d.path(),
            "crates/app/Cargo.toml",
            "[package]\nname = \"my_app\"\n[dependencies]\nkernel = { path = \"../../vendor/kernel\" }\noutside = { path = \"../../../x\" }\n",
        );
        touch(
            d.path(),
            "vendor/kernel/Cargo.toml",
            "[package]\nname = \"kernel\"\n",
        );
        touch(
            d.path(),
            "pnpm-workspace.yaml",
            "packages:\n  - 'web/*'\n  - '!web/old'\n  - 'docs/*'\n",
        );
        touch(d.path(), "web/ui/package.json", r#"{"name": "@acme/ui"}"#);
        touch(
            d.path(),
            "web/kernel/package.json",
            r#"{"name": "@acme/kernel"}"#,
        );
        touch(d.path(), "web/old/package.json", r#"{"name": "old"}"#);
        touch(d.path(), "docs/site/package.json", r#"{"name": "site"}"#);
        touch(
            d.path(),
            "pyproject.toml",
            "[tool.uv.workspace]\nmembers = [\"py/*\"]\nexclude = [\"py/skip\"]\n",
        );
        touch(
            d.path(),
            "py/core/pyproject.toml",
            "[project]\nname = \"Acme.Core\"\n",
        );
        touch(
            d.path(),
            "py/skip/pyproject.toml",
            "[project]\nname = \"skip\"\n",
        );
        let found = detect(d.path());
        assert_eq!(
            names(&found.packs),
            [
                ("my-app", "crates/app"),
                ("acme-core", "py/core"),
                ("kernel", "vendor/kernel"),
                ("acme-kernel", "web/kernel"),
                ("ui", "web/ui"),
            ]
        );
        let source = |dir: &str| found.packs.iter().find(|p| p.dir == dir).unwrap().source;
        assert_eq!(source("vendor/kernel"), PackSource::CargoPath);
        assert_eq!(source("web/ui"), PackSource::Pnpm);
        assert_eq!(source("py/core"), PackSource::PythonWorkspace);
        assert!(found.skipped.iter().any(|s| s.dir == "docs/site"));
    }

    #[test]
    fn poetry_path_dependencies_and_hatch_workspaces_are_python_packs() {
        let d = tempfile::tempdir().unwrap();
        touch(
            d.path(),
            "pyproject.toml",
            "[tool.poetry]\nname = \"app\"\n[tool.poetry.dependencies]\nlib-a = { path = \"libs/a\", develop = true }\n[tool.hatch.envs.default]\nworkspace.members = [\"plugins/*\", { path = \"tools/b\" }]\n",
        );
        touch(
            d.path(),
            "libs/a/pyproject.toml",
            "[tool.poetry]\nname = \"lib-a\"\n",
        );
        touch(
            d.path(),
            "plugins/p1/pyproject.toml",
            "[project]\nname = \"p1\"\n",
        );
        touch(
            d.path(),
            "tools/b/pyproject.toml",
            "[project]\nname = \"b\"\n",
        );
        assert_eq!(
            names(&detect_packs(d.path())),
            [("lib-a", "libs/a"), ("p1", "plugins/p1"), ("b", "tools/b")]
        );
    }

    #[cfg(unix)]
    #[test]
    fn workspace_patterns_and_path_dependencies_never_leave_the_root() {
        let outside = tempfile::tempdir().unwrap();
        touch(outside.path(), "pkg/package.json", r#"{"name": "evil"}"#);
        touch(
            outside.path(),
            "pkg/Cargo.toml",
            "[package]\nname = \"evil\"\n",
        );
        let d = tempfile::tempdir().unwrap();
        touch(
            d.path(),
            "package.json",
            r#"{"workspaces": ["../*", "/etc", "packages/*"]}"#,
        );
        fs::create_dir_all(d.path().join("packages")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("pkg"), d.path().join("packages/link"))
            .unwrap();
        let rel = format!(
            "../{}/pkg",
            outside.path().file_name().unwrap().to_string_lossy()
        );
        touch(
            d.path(),
            "Cargo.toml",
            &format!(
                "[workspace]\nmembers = []\n[workspace.dependencies]\nevil = {{ path = \"{rel}\" }}\n"
            ),
        );
        assert!(detect_packs(d.path()).is_empty());
    }

    #[test]
    fn rendered_manifest_parses_with_its_packs() {
        let packs = [
            DetectedPack {
                name: "a".into(),
                dir: "x/a".into(),
                source: PackSource::Cargo,
                ..DetectedPack::default()
            },
            DetectedPack {
                name: "root".into(),
                dir: ".".into(),
                source: PackSource::Python,
                ..DetectedPack::default()
            },
        ];
        let text = render_init_manifest("Quote \"me\" \\ é", &packs);
        let m = crate::parse_manifest("accord.toml", &text).unwrap();
        assert_eq!(m.project.name, "Quote \"me\" \\ é");
        assert_eq!(m.packs.len(), 2);
        assert_eq!(m.packs[1].paths, ["**"]);
        assert!(
            text.lines().filter(|l| l.starts_with('#')).count() > 5,
            "commented"
        );
        let empty = render_init_manifest("x", &[]);
        assert!(
            crate::parse_manifest("accord.toml", &empty)
                .unwrap()
                .packs
                .is_empty()
        );
    }

    #[test]
    fn init_on_the_example_finds_the_packs_with_code_and_skips_the_readme_only_ones() {
        // Two of the seed's five packs are a README and a tests/README only (issue 15:
        // such a folder is no pack); the three with Python code are found.
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/expansion-packs");
        let found = detect(&root);
        let packs = found.packs;
        let mut got: Vec<&str> = packs.iter().map(|p| p.name.as_str()).collect();
        got.sort();
        assert_eq!(got, ["creator-os", "innerlens", "mmos"]);
        let skipped: Vec<&str> = found.skipped.iter().map(|s| s.dir.as_str()).collect();
        assert_eq!(
            skipped,
            ["expansion-packs/etl", "expansion-packs/super-agentes"]
        );
        crate::parse_manifest(
            "accord.toml",
            &render_init_manifest("Mente Lendária", &packs),
        )
        .unwrap();
    }
}
