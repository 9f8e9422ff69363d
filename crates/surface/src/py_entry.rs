//! Where the importable code of a Python distribution lives, found the way the build
//! backends and the import system find it: `entry` overrides, then what `pyproject.toml`
//! configures (setuptools `packages`/`package-dir`/`packages.find`/`py-modules`, hatch
//! `packages`, poetry `packages`, flit and uv module names, pdm `package-dir`), then the
//! project name in a `src/` or flat layout (regular or PEP 420 namespace package, or a single
//! module), then any regular package. Test, benchmark, documentation and example folders are
//! never picked unless named as an entry.

use std::path::{Path, PathBuf};

/// Folder names that hold no importable API of the distribution (tests, benchmarks, docs,
/// examples, build output), skipped at every depth unless an entry names them.
const NOT_API: &[&str] = &[
    "test",
    "tests",
    "benchmark",
    "benchmarks",
    "bench",
    "benches",
    "doc",
    "docs",
    "example",
    "examples",
    "sample",
    "samples",
    "scripts",
    "tools",
    "build",
    "dist",
    "site-packages",
];

/// Top-level modules of a flat layout that are build or tooling scripts, not API.
const NOT_API_MODULES: &[&str] = &["setup", "conftest", "noxfile", "tasks", "fabfile", "manage"];

/// True when a directory called `name` holds no API (see [`NOT_API`]).
pub fn is_not_api_dir(name: &str) -> bool {
    name.starts_with('.') || NOT_API.contains(&name)
}

/// One importable root: a package directory or a module file, and the directory that is on
/// `sys.path` for it (so `base/a/b/__init__.py` is module `a.b`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PyRoot {
    /// The directory on `sys.path`.
    pub base: PathBuf,
    /// The package directory or module file.
    pub path: PathBuf,
    /// Named explicitly (`entry`): folders otherwise skipped are read.
    pub explicit: bool,
}

impl PyRoot {
    /// The dotted module name of the root (`-stubs` packages name the module they type).
    pub fn module_name(&self) -> String {
        module_name(&self.base, &self.path)
    }
}

/// The dotted module name of `file` (a `.py`/`.pyi` file or a package directory) below
/// `base`: `src/a/b/__init__.py` → `a.b`, `src/a-stubs/c.pyi` → `a.c`.
pub(crate) fn module_name(base: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(base).unwrap_or(file);
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.last_mut() {
        for ext in [".pyi", ".py"] {
            if let Some(stem) = last.strip_suffix(ext) {
                *last = stem.to_string();
                break;
            }
        }
    }
    if parts.last().is_some_and(|l| l == "__init__") {
        parts.pop();
    }
    if let Some(first) = parts.first_mut()
        && let Some(stem) = first.strip_suffix("-stubs")
    {
        *first = stem.to_string();
    }
    parts.join(".")
}

/// The roots of the distribution at `root`, and a description of every place looked at
/// (for the error when nothing is found).
pub(crate) fn resolve(root: &Path, entries: &[String]) -> (Vec<PyRoot>, Vec<String>) {
    let mut tried = Vec::new();
    let config = read_pyproject(root);
    let bases: Vec<PathBuf> = config
        .bases
        .iter()
        .map(|b| root.join(b))
        .chain([root.join("src"), root.to_path_buf()])
        .collect();
    if !entries.is_empty() {
        let roots: Vec<PyRoot> = entries
            .iter()
            .filter_map(|e| entry_root(root, &bases, e))
            .collect();
        tried.push(format!("entry {}", entries.join(", ")));
        return (roots, tried);
    }
    // 1. What the build backend is told.
    let mut roots = Vec::new();
    for (base, rel) in &config.packages {
        let base = root.join(base);
        let path = base.join(rel);
        tried.push(format!("pyproject.toml package {}", shown(root, &path)));
        if path.is_dir() || path.is_file() {
            roots.push(PyRoot {
                base,
                path,
                explicit: false,
            });
        } else {
            for ext in [".pyi", ".py"] {
                let file = base.join(format!("{rel}{ext}"));
                if file.is_file() {
                    roots.push(PyRoot {
                        base: base.clone(),
                        path: file,
                        explicit: false,
                    });
                    break;
                }
            }
        }
    }
    for (r#where, include, exclude) in &config.finds {
        let base = root.join(r#where);
        tried.push(format!(
            "pyproject.toml packages.find in {}",
            shown(root, &base)
        ));
        for dir in child_dirs(&base) {
            let name = file_name(&dir);
            let matches = |globs: &[String]| globs.iter().any(|g| glob_match(g, &name));
            if (include.is_empty() || matches(include))
                && !matches(exclude)
                && !is_not_api_dir(&name)
                && holds_python(&dir)
            {
                roots.push(PyRoot {
                    base: base.clone(),
                    path: dir,
                    explicit: false,
                });
            }
        }
    }
    if !roots.is_empty() {
        return (dedup(roots), tried);
    }
    // 2. The project name, in a src/ or flat layout; a namespace package has no __init__.py.
    if let Some(name) = &config.name {
        for base in &bases {
            for candidate in name_candidates(name) {
                let dir = base.join(&candidate);
                tried.push(format!("{}/", shown(root, &dir)));
                if dir.is_dir() && holds_python(&dir) {
                    return (
                        vec![PyRoot {
                            base: base.clone(),
                            path: dir,
                            explicit: false,
                        }],
                        tried,
                    );
                }
                for ext in [".pyi", ".py"] {
                    let file = base.join(format!("{candidate}{ext}"));
                    if file.is_file() {
                        return (
                            vec![PyRoot {
                                base: base.clone(),
                                path: file,
                                explicit: false,
                            }],
                            tried,
                        );
                    }
                }
            }
        }
    }
    // 3. Every regular package (or stub package) at the top of src/, else of the root; a
    //    layout with none and a single module is that module.
    for base in &bases {
        tried.push(format!(
            "packages with __init__.py in {}/",
            shown(root, base)
        ));
        let found: Vec<PyRoot> = child_dirs(base)
            .into_iter()
            .filter(|d| {
                let n = file_name(d);
                !is_not_api_dir(&n)
                    && !n.starts_with('_')
                    && (is_regular_package(d) || (n.ends_with("-stubs") && holds_python(d)))
            })
            .map(|path| PyRoot {
                base: base.clone(),
                path,
                explicit: false,
            })
            .collect();
        if !found.is_empty() {
            return (found, tried);
        }
        let modules: Vec<PathBuf> = std::fs::read_dir(base)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                let n = file_name(p);
                p.is_file()
                    && (n.ends_with(".py") || n.ends_with(".pyi"))
                    && !n.starts_with('_')
                    && !NOT_API_MODULES.contains(&n.split('.').next().unwrap_or(""))
                    && !is_not_api_dir(n.split('.').next().unwrap_or(""))
            })
            .collect();
        if !modules.is_empty() {
            let mut modules = modules;
            modules.sort();
            return (
                modules
                    .into_iter()
                    .map(|path| PyRoot {
                        base: base.clone(),
                        path,
                        explicit: false,
                    })
                    .collect(),
                tried,
            );
        }
    }
    (Vec::new(), tried)
}

fn shown(root: &Path, p: &Path) -> String {
    let r = crate::rel_path(root, p);
    if r.is_empty() { ".".into() } else { r }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn dedup(mut roots: Vec<PyRoot>) -> Vec<PyRoot> {
    roots.sort_by(|a, b| a.path.cmp(&b.path));
    roots.dedup_by(|a, b| a.path == b.path);
    // A package listed with its subpackages (`packages = ["a", "a.b"]`) is one root.
    let paths: Vec<PathBuf> = roots.iter().map(|r| r.path.clone()).collect();
    roots.retain(|r| !paths.iter().any(|p| p != &r.path && r.path.starts_with(p)));
    roots
}

/// An `entry` given by the user: a package directory (regular or namespace), its
/// `__init__.py`, or a module file.
fn entry_root(root: &Path, bases: &[PathBuf], entry: &str) -> Option<PyRoot> {
    let p = root.join(entry);
    let n = file_name(&p);
    let path = if n == "__init__.py" || n == "__init__.pyi" {
        p.parent()?.to_path_buf()
    } else {
        p
    };
    if !path.exists() {
        return None;
    }
    // The base is the nearest configured base (or `src/`) above it; otherwise the first
    // directory above it that is not itself a package.
    let base = bases
        .iter()
        .filter(|b| path.starts_with(b) && path != **b && *b != root)
        .max_by_key(|b| b.components().count())
        .cloned()
        .unwrap_or_else(|| {
            let mut b = path.parent().unwrap_or(root).to_path_buf();
            while is_regular_package(&b) && b != root {
                b = b.parent().unwrap_or(root).to_path_buf();
            }
            b
        });
    Some(PyRoot {
        base,
        path,
        explicit: true,
    })
}

fn is_regular_package(dir: &Path) -> bool {
    dir.join("__init__.py").is_file() || dir.join("__init__.pyi").is_file()
}

fn child_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}

/// True when a `.py`/`.pyi` file lies somewhere below `dir` (outside non-API folders): a
/// namespace package is a directory of Python code without `__init__.py`.
fn holds_python(dir: &Path) -> bool {
    let mut stack = vec![dir.to_path_buf()];
    let mut budget = 10_000usize;
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            budget = budget.saturating_sub(1);
            if budget == 0 {
                return false;
            }
            let Ok(t) = e.file_type() else { continue };
            let n = e.file_name().to_string_lossy().into_owned();
            if t.is_dir() && !is_not_api_dir(&n) && n != "__pycache__" {
                stack.push(e.path());
            } else if t.is_file() && (n.ends_with(".py") || n.ends_with(".pyi")) {
                return true;
            }
        }
    }
    false
}

/// Directory spellings of a distribution name: `Foo-Bar` → `foo_bar`, and for namespace
/// distributions (`jaraco.functools`, `sphinxcontrib-applehelp`) the nested path.
fn name_candidates(name: &str) -> Vec<String> {
    let lower = name.to_ascii_lowercase();
    let mut out = vec![lower.replace(['-', '.'], "_")];
    if lower.contains(['.', '-']) {
        out.push(lower.replace(['-', '.'], "/"));
    }
    if name != lower {
        out.push(name.replace(['-', '.'], "_"));
    }
    for prefix in ["python-", "py-", "py"] {
        if let Some(rest) = lower.strip_prefix(prefix).filter(|r| !r.is_empty()) {
            out.push(rest.replace(['-', '.'], "_"));
        }
    }
    out.dedup();
    out
}

/// `*` and `?` globs, as setuptools' `include`/`exclude` use them.
fn glob_match(glob: &str, name: &str) -> bool {
    globset::Glob::new(glob)
        .map(|g| g.compile_matcher().is_match(name))
        .unwrap_or(false)
}

/// What `pyproject.toml` (or `setup.cfg`) says about where the code is.
#[derive(Debug, Default)]
pub(crate) struct PyConfig {
    /// `[project] name` (or poetry's, or setup.cfg's `[metadata] name`).
    pub name: Option<String>,
    /// `[project] version`.
    pub version: Option<String>,
    /// Directories (relative to the root) that are on `sys.path`, most specific first.
    pub bases: Vec<String>,
    /// Packages or modules named outright: (base, path below it).
    pub packages: Vec<(String, String)>,
    /// setuptools `packages.find`: (where, include, exclude).
    pub finds: Vec<(String, Vec<String>, Vec<String>)>,
}

/// The distribution's name and version as its metadata states them.
pub(crate) fn read_pyproject(root: &Path) -> PyConfig {
    let mut c = PyConfig::default();
    if let Ok(text) = crate::read_package_manifest(&root.join("pyproject.toml"))
        && let Ok(doc) = toml_span::parse(&text)
    {
        read_toml(&doc, &mut c);
    }
    if c.name.is_none()
        && let Ok(text) = crate::read_package_manifest(&root.join("setup.cfg"))
    {
        read_setup_cfg(&text, &mut c);
    }
    if c.name.is_none()
        && let Ok(text) = crate::read_package_manifest(&root.join("setup.py"))
    {
        c.name = setup_py_name(&text);
    }
    c
}

/// `name="…"` in a `setup(…)` call, when written as a string literal (nothing is run).
fn setup_py_name(text: &str) -> Option<String> {
    let i = text.find("setup(")?;
    let call = &text[i..];
    let mut rest = call;
    while let Some(j) = rest.find("name") {
        let before = rest[..j].chars().last();
        let after = rest[j + 4..].trim_start();
        rest = &rest[j + 4..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(v) = after.strip_prefix('=') {
            let v = v.trim_start();
            let q = v.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            let end = v[1..].find(q)?;
            return Some(v[1..1 + end].to_string()).filter(|n| !n.is_empty());
        }
    }
    None
}

fn strs(v: Option<&toml_span::Value<'_>>) -> Vec<String> {
    match v {
        Some(v) => match v.as_str() {
            Some(s) => vec![s.to_string()],
            None => v
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
        },
        None => Vec::new(),
    }
}

fn one(doc: &toml_span::Value<'_>, ptr: &str) -> Option<String> {
    doc.pointer(ptr)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

fn trim_dir(d: &str) -> String {
    d.trim_start_matches("./").trim_end_matches('/').to_string()
}

fn read_toml(doc: &toml_span::Value<'_>, c: &mut PyConfig) {
    c.name = one(doc, "/project/name").or_else(|| one(doc, "/tool/poetry/name"));
    c.version = one(doc, "/project/version").or_else(|| one(doc, "/tool/poetry/version"));
    // setuptools: package-dir maps "" (the root package) or a package to a directory.
    let mut pkg_dirs: Vec<(String, String)> = Vec::new();
    if let Some(t) = doc
        .pointer("/tool/setuptools/package-dir")
        .and_then(|v| v.as_table())
    {
        for (k, v) in t {
            if let Some(d) = v.as_str() {
                pkg_dirs.push((k.name.to_string(), trim_dir(d)));
            }
        }
    }
    let root_dir = pkg_dirs
        .iter()
        .find(|(k, _)| k.is_empty())
        .map(|(_, d)| d.clone());
    if let Some(d) = &root_dir {
        c.bases.push(d.clone());
    }
    let st_packages = doc.pointer("/tool/setuptools/packages");
    if let Some(list) = st_packages.and_then(|v| v.as_array()) {
        for p in list.iter().filter_map(|x| x.as_str()) {
            let top = p.split('.').next().unwrap_or(p);
            let (base, rel) = match pkg_dirs.iter().find(|(k, _)| k == p || k == top) {
                // `package-dir = {pkg = "lib/pkg"}`: the package *is* that directory.
                Some((k, d)) => {
                    let d = Path::new(d);
                    let base = d
                        .parent()
                        .map(|b| b.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let mut rel = file_name(d);
                    if k != p {
                        rel = format!("{rel}/{}", p[k.len() + 1..].replace('.', "/"));
                    }
                    (base, rel)
                }
                None => (root_dir.clone().unwrap_or_default(), p.replace('.', "/")),
            };
            c.packages.push((base, rel));
        }
    }
    if let Some(find) = doc.pointer("/tool/setuptools/packages/find") {
        let wheres = strs(find.pointer("/where"));
        let wheres = if wheres.is_empty() {
            vec![root_dir.clone().unwrap_or_else(|| ".".into())]
        } else {
            wheres
        };
        for w in wheres {
            let w = trim_dir(&w);
            let w = if w == "." { String::new() } else { w };
            if !w.is_empty() {
                c.bases.push(w.clone());
            }
            c.finds.push((
                w,
                strs(find.pointer("/include"))
                    .into_iter()
                    .map(|g| g.split('.').next().unwrap_or(&g).to_string())
                    .collect(),
                strs(find.pointer("/exclude")),
            ));
        }
    }
    for m in strs(doc.pointer("/tool/setuptools/py-modules")) {
        c.packages.push((root_dir.clone().unwrap_or_default(), m));
    }
    // hatch: paths of package directories.
    for p in strs(doc.pointer("/tool/hatch/build/targets/wheel/packages"))
        .into_iter()
        .chain(strs(doc.pointer("/tool/hatch/build/packages")))
    {
        let p = trim_dir(&p);
        let path = Path::new(&p);
        let base = path
            .parent()
            .map(|b| b.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !base.is_empty() {
            c.bases.push(base.clone());
        }
        c.packages.push((base, file_name(path)));
    }
    // poetry: [{ include = "pkg", from = "src" }].
    if let Some(list) = doc
        .pointer("/tool/poetry/packages")
        .and_then(|v| v.as_array())
    {
        for item in list {
            let Some(include) = item.pointer("/include").and_then(|v| v.as_str()) else {
                continue;
            };
            let from = item
                .pointer("/from")
                .and_then(|v| v.as_str())
                .map(trim_dir)
                .unwrap_or_default();
            let name = include.split(['/', '*']).next().unwrap_or(include);
            if name.is_empty() {
                continue;
            }
            if !from.is_empty() {
                c.bases.push(from.clone());
            }
            c.packages
                .push((from, name.trim_end_matches(".py").to_string()));
        }
    }
    // flit: the module is named in [tool.flit.module], else after the project.
    if let Some(m) = one(doc, "/tool/flit/module/name") {
        c.packages.push((String::new(), m.replace('.', "/")));
        c.packages.push(("src".into(), m.replace('.', "/")));
    }
    // uv's build backend: module-name (one or several) under module-root (default `src`).
    let uv = doc.pointer("/tool/uv/build-backend");
    if let Some(uv) = uv {
        let module_root = uv
            .pointer("/module-root")
            .and_then(|v| v.as_str())
            .map(trim_dir)
            .unwrap_or_else(|| "src".into());
        if !module_root.is_empty() {
            c.bases.push(module_root.clone());
        }
        for m in strs(uv.pointer("/module-name")) {
            c.packages.push((module_root.clone(), m.replace('.', "/")));
        }
    }
    if let Some(d) = one(doc, "/tool/pdm/build/package-dir") {
        c.bases.push(trim_dir(&d));
    }
    c.bases.retain(|b| !b.is_empty() && b != ".");
    c.bases.dedup();
}

/// The few `setup.cfg` keys that place code: `[metadata] name`, `[options] package_dir`
/// (`=src`) and `[options.packages.find] where`.
fn read_setup_cfg(text: &str, c: &mut PyConfig) {
    let mut section = String::new();
    let mut last_key = String::new();
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            section = t.trim_matches(['[', ']']).to_string();
            continue;
        }
        let (key, value) = match t.split_once('=') {
            Some((k, v)) if !line.starts_with([' ', '\t']) => {
                last_key = k.trim().to_string();
                (last_key.clone(), v.trim().to_string())
            }
            // A continuation line of the previous key (`package_dir =\n    =src`).
            _ => (last_key.clone(), t.to_string()),
        };
        match (section.as_str(), key.as_str()) {
            ("metadata", "name") if !value.is_empty() && c.name.is_none() => c.name = Some(value),
            ("options", "package_dir") => {
                if let Some(d) = value
                    .strip_prefix('=')
                    .map(str::trim)
                    .filter(|d| !d.is_empty())
                {
                    c.bases.push(trim_dir(d));
                }
            }
            ("options.packages.find", "where") if !value.is_empty() => {
                c.bases.push(trim_dir(&value))
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn names(root: &Path) -> Vec<String> {
        resolve(root, &[])
            .0
            .iter()
            .map(PyRoot::module_name)
            .collect()
    }

    #[test]
    fn a_namespace_package_is_found_by_the_project_name_not_the_benchmarks_folder() {
        let d = tempfile::tempdir().unwrap();
        write(
            d.path(),
            "pyproject.toml",
            "[project]\nname = \"acme.tools\"\n",
        );
        write(d.path(), "benchmarks/__init__.py", "");
        write(d.path(), "benchmarks/bench_x.py", "def run(): pass\n");
        write(d.path(), "acme/tools/core.py", "def f(): pass\n");
        assert_eq!(names(d.path()), ["acme.tools"]);
    }

    #[test]
    fn setuptools_package_dir_and_find_place_the_packages() {
        let d = tempfile::tempdir().unwrap();
        write(
            d.path(),
            "pyproject.toml",
            "[project]\nname = \"x\"\n[tool.setuptools.packages.find]\nwhere = [\"lib\"]\nexclude = [\"internal*\"]\n",
        );
        write(d.path(), "lib/alpha/__init__.py", "");
        write(d.path(), "lib/internal_x/__init__.py", "");
        write(d.path(), "lib/tests/__init__.py", "");
        assert_eq!(names(d.path()), ["alpha"]);
        let d = tempfile::tempdir().unwrap();
        write(
            d.path(),
            "pyproject.toml",
            "[tool.setuptools]\npackages = [\"a\", \"a.b\"]\npackage-dir = {\"\" = \"code\"}\n",
        );
        write(d.path(), "code/a/__init__.py", "");
        write(d.path(), "code/a/b/__init__.py", "");
        assert_eq!(names(d.path()), ["a"]);
    }

    #[test]
    fn hatch_poetry_and_uv_configurations_are_read() {
        let d = tempfile::tempdir().unwrap();
        write(
            d.path(),
            "pyproject.toml",
            "[project]\nname = \"dist-name\"\n[tool.hatch.build.targets.wheel]\npackages = [\"src/real\"]\n",
        );
        write(d.path(), "src/real/__init__.py", "");
        assert_eq!(names(d.path()), ["real"]);
        let d = tempfile::tempdir().unwrap();
        write(
            d.path(),
            "pyproject.toml",
            "[tool.poetry]\nname = \"p\"\npackages = [{ include = \"pkg\", from = \"lib\" }]\n",
        );
        write(d.path(), "lib/pkg/__init__.py", "");
        assert_eq!(names(d.path()), ["pkg"]);
        let d = tempfile::tempdir().unwrap();
        write(
            d.path(),
            "pyproject.toml",
            "[project]\nname = \"u\"\n[tool.uv.build-backend]\nmodule-name = \"umod\"\n",
        );
        write(d.path(), "src/umod/__init__.py", "");
        assert_eq!(names(d.path()), ["umod"]);
    }

    #[test]
    fn a_single_module_and_stub_packages_are_roots() {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "setup.py", "");
        write(d.path(), "six.py", "x = 1\n");
        assert_eq!(names(d.path()), ["six"]);
        let d = tempfile::tempdir().unwrap();
        write(
            d.path(),
            "pyproject.toml",
            "[project]\nname = \"types-foo\"\n",
        );
        write(d.path(), "foo-stubs/__init__.pyi", "");
        assert_eq!(names(d.path()), ["foo"]);
    }

    #[test]
    fn entries_override_detection_and_may_name_a_skipped_folder() {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "pyproject.toml", "[project]\nname = \"x\"\n");
        write(d.path(), "x/__init__.py", "");
        write(d.path(), "examples/demo/__init__.py", "");
        let (roots, _) = resolve(d.path(), &["examples/demo".into()]);
        assert_eq!(roots.len(), 1);
        assert!(roots[0].explicit);
        assert_eq!(roots[0].module_name(), "demo");
    }

    #[test]
    fn setup_py_names_the_distribution_and_benchmark_modules_are_not_api() {
        assert_eq!(
            setup_py_name(
                "from setuptools import setup\nsetup(\n    name='tabulate',\n    version=v)\n"
            )
            .as_deref(),
            Some("tabulate")
        );
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "setup.py", "setup(packages=find_packages())\n");
        write(d.path(), "benchmark.py", "x = 1\n");
        write(d.path(), "tabulate.py", "x = 1\n");
        assert_eq!(names(d.path()), ["tabulate"]);
    }

    #[test]
    fn setup_cfg_package_dir_is_a_base() {
        let mut c = PyConfig::default();
        read_setup_cfg(
            "[metadata]\nname = thing\n[options]\npackage_dir =\n    =src\n",
            &mut c,
        );
        assert_eq!(c.name.as_deref(), Some("thing"));
        assert_eq!(c.bases, ["src"]);
    }
}
