//! `accord init`: guess the packs of a repository and render a commented `accord.toml`.
//!
//! Packs come from the first layout that yields any: Cargo workspace members,
//! `package.json` workspaces, Python packages, then conventional folders
//! (`expansion-packs/*`, `packages/*`, `services/*`, …).

use globset::Glob;
use std::fmt::Write as _;
use std::path::Path;

/// Where a detected pack came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PackSource {
    /// A `[workspace] members` entry of `Cargo.toml`.
    Cargo,
    /// A `workspaces` entry of `package.json`.
    Npm,
    /// A Python package (a folder with `__init__.py`, or a `pyproject.toml`).
    Python,
    /// A sub-folder of a conventional folder such as `packages/`.
    Folder,
}

impl PackSource {
    fn describe(self) -> &'static str {
        match self {
            PackSource::Cargo => "Cargo workspace member",
            PackSource::Npm => "package.json workspace",
            PackSource::Python => "Python package",
            PackSource::Folder => "folder",
        }
    }
}

/// A pack guessed from the repository layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetectedPack {
    /// Pack key for `[packs.NAME]` (kebab-case, unique).
    pub name: String,
    /// Repository-relative directory with `/` separators (`.` for the root).
    pub dir: String,
    /// What revealed it.
    pub source: PackSource,
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

/// Guesses the packs of the repository at `root`. Never fails: unreadable or malformed
/// files just yield no packs from that source.
pub fn detect_packs(root: &Path) -> Vec<DetectedPack> {
    let mut found = cargo_members(root);
    if found.is_empty() {
        found = npm_workspaces(root);
    }
    if found.is_empty() {
        found = python_packages(root);
    }
    if found.is_empty() {
        found = folders(root);
    }
    found.sort();
    dedupe(found)
}

fn dedupe(found: Vec<(String, PackSource)>) -> Vec<DetectedPack> {
    let mut out: Vec<DetectedPack> = Vec::new();
    for (dir, source) in found {
        if out.iter().any(|p| p.dir == dir) {
            continue;
        }
        let base = dir.rsplit('/').next().unwrap_or(&dir);
        let mut name = crate::rules::kebab(base);
        if name.is_empty() {
            name = "root".to_string();
        }
        let norm = |n: &str| accord_model::manifest::normalize_pack_name(n);
        let mut candidate = name.clone();
        let mut i = 2;
        while out.iter().any(|p| norm(&p.name) == norm(&candidate)) {
            candidate = format!("{name}-{i}");
            i += 1;
        }
        out.push(DetectedPack {
            name: candidate,
            dir,
            source,
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

fn cargo_members(root: &Path) -> Vec<(String, PackSource)> {
    let Ok(text) = std::fs::read_to_string(root.join("Cargo.toml")) else {
        return Vec::new();
    };
    let Ok(value) = toml_span::parse(&text) else {
        return Vec::new();
    };
    let list = |ptr: &str| -> Vec<String> {
        value
            .pointer(ptr)
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let exclude = list("/workspace/exclude");
    let mut out = Vec::new();
    for member in list("/workspace/members") {
        for dir in expand(root, &member, Some("Cargo.toml")) {
            if !exclude.iter().any(|e| e.trim_end_matches('/') == dir) {
                out.push((dir, PackSource::Cargo));
            }
        }
    }
    out
}

fn npm_workspaces(root: &Path) -> Vec<(String, PackSource)> {
    let Ok(text) = std::fs::read_to_string(root.join("package.json")) else {
        return Vec::new();
    };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Vec::new();
    };
    let patterns = match json.get("workspaces") {
        Some(serde_json::Value::Array(a)) => a.clone(),
        Some(serde_json::Value::Object(o)) => match o.get("packages") {
            Some(serde_json::Value::Array(a)) => a.clone(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    patterns
        .iter()
        .filter_map(|p| p.as_str())
        .flat_map(|p| expand(root, p, Some("package.json")))
        .map(|d| (d, PackSource::Npm))
        .collect()
}

fn python_packages(root: &Path) -> Vec<(String, PackSource)> {
    let mut out: Vec<(String, PackSource)> = Vec::new();
    for pattern in ["*", "src/*"] {
        for dir in expand(root, pattern, Some("__init__.py")) {
            out.push((dir, PackSource::Python));
        }
    }
    for dir in expand(root, "*", Some("pyproject.toml")) {
        out.push((dir, PackSource::Python));
    }
    if out.is_empty() && root.join("pyproject.toml").is_file() {
        out.push((".".to_string(), PackSource::Python));
    }
    out.retain(|(d, _)| d != "src" && d != "tests");
    out
}

fn folders(root: &Path) -> Vec<(String, PackSource)> {
    PACK_FOLDERS
        .iter()
        .flat_map(|f| expand(root, &format!("{f}/*"), None))
        .map(|d| (d, PackSource::Folder))
        .collect()
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
/// let packs = [DetectedPack { name: "api".into(), dir: "services/api".into(), source: PackSource::Folder }];
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
        let _ = writeln!(
            s,
            "# Detected from: {} `{}`.",
            pack.source.describe(),
            pack.dir
        );
        let _ = writeln!(s, "paths = [{}]", toml_str(&format!("{prefix}**")));
        let _ = writeln!(s, "tests = [{}]", toml_str(&format!("{prefix}tests/**")));
        let _ = writeln!(s, "maintainers = []");
        let _ = writeln!(s, "# display_name = {}", toml_str(&pack.name));
        let _ = writeln!(s, "# tier = \"core\"");
        let _ = writeln!(s, "# owns_tables = []");
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
        for p in ["mmos", "creator-os"] {
            touch(d.path(), &format!("expansion-packs/{p}/README.md"), "");
        }
        touch(d.path(), "expansion-packs/.hidden/x", "");
        assert_eq!(
            names(&detect_packs(d.path())),
            [
                ("creator-os", "expansion-packs/creator-os"),
                ("mmos", "expansion-packs/mmos")
            ]
        );
    }

    #[test]
    fn rendered_manifest_parses_with_its_packs() {
        let packs = [
            DetectedPack {
                name: "a".into(),
                dir: "x/a".into(),
                source: PackSource::Cargo,
            },
            DetectedPack {
                name: "root".into(),
                dir: ".".into(),
                source: PackSource::Python,
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
    fn init_on_the_example_finds_the_five_packs() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/expansion-packs");
        let packs = detect_packs(&root);
        let mut got: Vec<&str> = packs.iter().map(|p| p.name.as_str()).collect();
        got.sort();
        assert_eq!(
            got,
            ["creator-os", "etl", "innerlens", "mmos", "super-agentes"]
        );
        crate::parse_manifest(
            "accord.toml",
            &render_init_manifest("Mente Lendária", &packs),
        )
        .unwrap();
    }
}
