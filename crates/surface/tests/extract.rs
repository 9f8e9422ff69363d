//! Extraction snapshots of real-world-shaped packages: the OpsHelm example's three packs and
//! fixtures shaped like well-known packages (`semver`, `ky`, `httpx`). Each snapshot holds the
//! reviewer text rendering, the extraction findings, and the restricted paths, so any change
//! in what the extractors see shows up as a snapshot diff.

use accord_model::surface::Language;
use accord_surface::{extract_tree, render_text};
use std::fmt::Write;
use std::path::{Path, PathBuf};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn listing(dir: &Path, lang: Option<Language>) -> String {
    let (surface, findings) = extract_tree(dir, lang).expect("extracts");
    let mut out = format!(
        "package: {} {} ({})\n\n",
        surface.package,
        surface.version.as_deref().unwrap_or("-"),
        surface.language
    );
    out.push_str(&render_text(&surface));
    if !surface.restricted.is_empty() {
        out.push_str("\nrestricted:\n");
        for r in &surface.restricted {
            let _ = writeln!(out, "  {r}");
        }
    }
    if !findings.is_empty() {
        out.push_str("\nfindings:\n");
        for f in &findings {
            let _ = writeln!(
                out,
                "  {}:{}:{} {} {}",
                f.location.path, f.location.line, f.location.column, f.rule, f.message
            );
        }
    }
    out
}

fn check(name: &str, dir: PathBuf, lang: Option<Language>) {
    let text = listing(&dir, lang);
    insta::assert_snapshot!(name, text);
}

#[test]
fn opshelm_pm_core_rust() {
    check(
        "opshelm_pm_core",
        manifest_dir().join("../../examples/opshelm/crates/pm-core"),
        None,
    );
}

#[test]
fn opshelm_agents_python() {
    check(
        "opshelm_agents",
        manifest_dir().join("../../examples/opshelm/packages/agents"),
        None,
    );
}

#[test]
fn opshelm_web_sdk_typescript() {
    check(
        "opshelm_web_sdk",
        manifest_dir().join("../../examples/opshelm/packages/web-sdk"),
        None,
    );
}

#[test]
fn semver_shaped_rust_crate() {
    check(
        "rust_semverish",
        manifest_dir().join("tests/fixtures/extract/rust-semverish"),
        None,
    );
}

#[test]
fn ky_shaped_typescript_declarations() {
    check(
        "ts_fetchish",
        manifest_dir().join("tests/fixtures/extract/ts-fetchish"),
        Some(Language::TypeScript),
    );
}

#[test]
fn httpx_shaped_python_package() {
    check(
        "py_httpish",
        manifest_dir().join("tests/fixtures/extract/py-httpish"),
        None,
    );
}

/// Facts the snapshots hold, asserted directly so they survive a careless `cargo insta accept`.
#[test]
fn key_facts_of_the_real_world_shapes() {
    let root = manifest_dir().join("tests/fixtures/extract");
    let rust = listing(&root.join("rust-semverish"), None);
    for needle in [
        "macro semverish::version!\n",
        "fn semverish::version<S: ?Sized + AsRef<str>>(text: &S) -> Result<Version, Error>\n",
        "#[doc(hidden)] method semverish::Version::__internal_bump(&mut self)\n",
        "#[cfg(feature = \"serde\")] fn semverish::to_string_serde",
        "method semverish::Pre::new(text: &str) -> Result<Self, Error>\n",
        "feature serde = [dep:serde, std]\n",
        "  semverish::internal_helper\n",
    ] {
        assert!(rust.contains(needle), "missing {needle:?} in\n{rust}");
    }
    let ts = listing(&root.join("ts-fetchish"), Some(Language::TypeScript));
    for needle in [
        "field .:Hooks.beforeRequest?: ((request: Request, options: Options) => Request | void)[]\n",
        "fn .:request#2(input: Input, method: Method, options?: Options) -> ResponsePromise\n",
        "fn ./retry:backoff(attempt: number, options?: RetryOptions) -> number\n",
        "const .:default: Client\n",
        "method .:AbortedError.constructor(reason: string)\n",
        "fn .:isFetchishError(error: unknown) -> error is AbortedError | HTTPError | TimeoutError\n",
    ] {
        assert!(ts.contains(needle), "missing {needle:?} in\n{ts}");
    }
    assert!(!ts.contains("findings:"), "{ts}");
    let py = listing(&root.join("py-httpish"), None);
    for needle in [
        "fn httpish.request(method: str, url: str, kw:params: Mapping[str, str] | None = None",
        "method httpish.Client.get#2(self, url: str, kw:stream: Literal[True]) -> Iterator[bytes]\n",
        "async method httpish.AsyncClient.request(self, method: str, url: str, *args, **kwargs) -> Response\n",
        // Through `from ._exceptions import *` and that module's `__all__`.
        "method httpish.HTTPStatusError.__init__(self, message: str, kw:request: object, kw:response: object) -> None\n",
        "class httpish.TimeoutException: HTTPError\n",
    ] {
        assert!(py.contains(needle), "missing {needle:?} in\n{py}");
    }
    assert!(!py.contains("_send"), "private method leaked:\n{py}");
    assert!(
        !py.contains("__version__"),
        "name outside __all__ leaked:\n{py}"
    );
}

/// `from .x import *` without `__all__` anywhere binds x's public names, transitively.
#[test]
fn star_imports_without_all_export_public_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pkg = dir.path().join("pkg");
    std::fs::create_dir(&pkg).expect("mkdir");
    std::fs::write(
        dir.path().join("pyproject.toml"),
        "[project]\nname = \"pkg\"\n",
    )
    .expect("write");
    std::fs::write(pkg.join("__init__.py"), "from ._a import *\n").expect("write");
    std::fs::write(
        pkg.join("_a.py"),
        "from ._b import *\n\ndef f(x: int) -> int:\n    return x\n\ndef _g() -> None:\n    pass\n",
    )
    .expect("write");
    std::fs::write(pkg.join("_b.py"), "class B:\n    pass\n").expect("write");
    let text = listing(dir.path(), None);
    assert!(text.contains("fn pkg.f(x: int) -> int\n"), "{text}");
    assert!(text.contains("class pkg.B\n"), "{text}");
    assert!(!text.contains("_g"), "{text}");
}
