//! `accord init` on generated monorepos (issue 15): a pnpm TypeScript workspace, a uv
//! workspace with a namespace package and a `src/` layout, and a Cargo workspace. The
//! manifest it writes must be accepted as is: `accord check` exits 0 and `accord surface
//! snapshot` succeeds, with code tables, test globs that match real files and the consumers
//! the dependency graph says.

mod common;

use common::{accord, assert_code, stdout, write};
use std::path::Path;

/// Runs accord in `dir` with a parse cache of its own, outside the repository.
fn run(dir: &Path, cache: &Path, args: &[&str]) -> std::process::Output {
    accord()
        .current_dir(dir)
        .env("ACCORD_CACHE_DIR", cache)
        .args(args)
        .output()
        .expect("accord runs")
}

fn manifest(dir: &Path) -> accord_model::manifest::Manifest {
    let text = std::fs::read_to_string(dir.join("accord.toml")).expect("accord.toml written");
    accord_contract::parse_manifest("accord.toml", &text).expect("accord.toml parses")
}

/// Every file under `dir`, repository-relative.
fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(
                    p.strip_prefix(dir)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    out
}

/// Each pack's test globs match at least one real test file of that pack, with the matcher
/// `accord check` uses.
fn assert_test_globs_match(dir: &Path, m: &accord_model::manifest::Manifest) {
    let all = files(dir);
    for pack in &m.packs {
        for glob in &pack.tests {
            let mut one = accord_model::manifest::Manifest::default();
            one.packs.push(accord_model::manifest::Pack {
                name: pack.name.clone(),
                tests: vec![glob.clone()],
                ..Default::default()
            });
            let map = accord_model::ownership::PackMap::new(&one).expect("glob compiles");
            assert!(
                all.iter().any(|f| !map.tests_of(f).is_empty()),
                "pack {}: test glob {glob} matches no file",
                pack.name
            );
        }
    }
}

fn code_of(m: &accord_model::manifest::Manifest, pack: &str) -> serde_json::Value {
    m.packs
        .iter()
        .find(|p| p.name == pack)
        .unwrap_or_else(|| {
            panic!(
                "pack {pack} in {:?}",
                m.packs.iter().map(|p| &p.name).collect::<Vec<_>>()
            )
        })
        .sections
        .get("code")
        .map(|s| s.value.clone())
        .unwrap_or(serde_json::Value::Null)
}

fn tests_of(m: &accord_model::manifest::Manifest, pack: &str) -> Vec<String> {
    m.packs
        .iter()
        .find(|p| p.name == pack)
        .map(|p| p.tests.clone())
        .unwrap_or_default()
}

/// The consumers of `provider` in the contracts `init` wrote.
fn consumers(dir: &Path, provider: &str) -> Vec<String> {
    let m = manifest(dir);
    let registry = accord_contract::load_registry(dir, &m).expect("registry loads");
    let mut out: Vec<String> = registry
        .contracts
        .iter()
        .filter(|c| c.provider == provider)
        .flat_map(|c| c.consumers.clone())
        .collect();
    out.sort();
    out
}

/// init, then check and surface snapshot, each accepted without edits.
fn init_check_snapshot(dir: &Path) -> String {
    let cache = tempfile::tempdir().unwrap();
    let out = run(dir, cache.path(), &["init"]);
    assert_code(&out, 0);
    let text = stdout(&out);
    let out = run(dir, cache.path(), &["check"]);
    assert_code(&out, 0);
    let out = run(dir, cache.path(), &["surface", "snapshot"]);
    assert_code(&out, 0);
    // The snapshot init wrote is the one `surface snapshot` writes: still no drift.
    let out = run(dir, cache.path(), &["check"]);
    assert_code(&out, 0);
    let out = run(dir, cache.path(), &["init", "--check"]);
    assert_code(&out, 0);
    text
}

fn pnpm_workspace(root: &Path) {
    write(root, "package.json", r#"{"name": "shop", "private": true}"#);
    write(
        root,
        "pnpm-workspace.yaml",
        "packages:\n  - \"packages/*\"\n  - \"!packages/legacy\"\n",
    );
    write(root, "docs/README.md", "# Docs\n");
    write(root, "packages/notes/README.md", "# Only notes\n");
    write(
        root,
        "packages/legacy/package.json",
        r#"{"name": "@shop/legacy", "version": "0.0.1", "types": "index.ts"}"#,
    );
    write(root, "packages/legacy/index.ts", "export const old = 1;\n");
    // Entry fields naming build output that is not in the tree.
    write(
        root,
        "packages/core/package.json",
        r#"{"name": "@shop/core", "version": "1.2.0", "main": "dist/index.js", "types": "dist/index.d.ts"}"#,
    );
    write(root, "packages/core/tsconfig.json", "{}");
    write(
        root,
        "packages/core/src/index.ts",
        "export interface Item { sku: string; price: number }\nexport function total(items: Item[]): number { return items.reduce((s, i) => s + i.price, 0); }\n",
    );
    write(
        root,
        "packages/core/src/index.test.ts",
        "import { total } from './index';\ntest('total', () => expect(total([])).toBe(0));\n",
    );
    write(
        root,
        "packages/ui/package.json",
        r#"{"name": "@shop/ui", "version": "0.4.0", "exports": {".": {"types": "./src/index.ts", "default": "./src/index.ts"}}, "dependencies": {"@shop/core": "workspace:*"}}"#,
    );
    write(root, "packages/ui/tsconfig.json", "{}");
    write(
        root,
        "packages/ui/src/index.ts",
        "import { total, Item } from '@shop/core';\nexport function cart(items: Item[]): string { return `total ${total(items)}`; }\n",
    );
    write(
        root,
        "packages/ui/src/cart.test.ts",
        "import { cart } from './index';\ntest('cart', () => expect(cart([])).toBe('total 0'));\n",
    );
    write(
        root,
        "packages/utils/package.json",
        r#"{"name": "@shop/utils", "version": "2.0.0"}"#,
    );
    write(root, "packages/utils/tsconfig.json", "{}");
    write(
        root,
        "packages/utils/src/index.ts",
        "export function slug(s: string): string { return s.toLowerCase(); }\n",
    );
    write(
        root,
        "packages/utils/src/slug.test.ts",
        "import { slug } from './index';\ntest('slug', () => expect(slug('A')).toBe('a'));\n",
    );
}

#[test]
fn init_on_a_pnpm_workspace_is_accepted_with_code_tables_tests_and_consumers() {
    let dir = tempfile::tempdir().unwrap();
    pnpm_workspace(dir.path());
    let text = init_check_snapshot(dir.path());
    let m = manifest(dir.path());
    let names: Vec<&str> = m.packs.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["core", "ui", "utils"], "{text}");
    for pack in ["core", "ui", "utils"] {
        assert_eq!(code_of(&m, pack)["language"], "typescript", "{pack}");
        assert_eq!(code_of(&m, pack)["root"], format!("packages/{pack}"));
    }
    // core's package.json points at dist/, absent: the source index is the entry.
    assert_eq!(code_of(&m, "core")["entry"][0], "src/index.ts");
    assert_eq!(tests_of(&m, "core"), ["packages/core/src/**/*.test.ts"]);
    assert_eq!(tests_of(&m, "ui"), ["packages/ui/src/**/*.test.ts"]);
    assert_test_globs_match(dir.path(), &m);
    assert_eq!(consumers(dir.path(), "core"), ["ui"]);
    assert!(consumers(dir.path(), "utils").is_empty());
    assert!(
        text.contains("packages/notes"),
        "README-only folder reported: {text}"
    );
    assert!(
        dir.path()
            .join(".github/pull_request_template.md")
            .is_file()
    );
    assert!(dir.path().join(".accord/.gitignore").is_file());
    let ignore = std::fs::read_to_string(dir.path().join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == ".accord/"));
}

fn uv_workspace(root: &Path) {
    write(
        root,
        "pyproject.toml",
        "[project]\nname = \"acme\"\nversion = \"0.1.0\"\n\n[tool.uv.workspace]\nmembers = [\"packages/*\"]\nexclude = [\"packages/scratch\"]\n",
    );
    write(root, "README.md", "# Acme\n");
    write(
        root,
        "packages/scratch/pyproject.toml",
        "[project]\nname = \"scratch\"\n",
    );
    // A PEP 420 namespace package: no __init__.py anywhere above the modules.
    write(
        root,
        "packages/acme-core/pyproject.toml",
        "[project]\nname = \"acme-core\"\nversion = \"0.3.0\"\n",
    );
    write(
        root,
        "packages/acme-core/src/acme/core/models.py",
        "class Order:\n    def __init__(self, total: int) -> None:\n        self.total = total\n\n\ndef make(total: int) -> Order:\n    return Order(total)\n",
    );
    write(
        root,
        "packages/acme-core/tests/test_models.py",
        "from acme.core.models import make\n\n\ndef test_make():\n    assert make(1).total == 1\n",
    );
    // A src/ layout depending on its sibling through the workspace.
    write(
        root,
        "packages/acme-api/pyproject.toml",
        "[project]\nname = \"acme-api\"\nversion = \"1.0.0\"\ndependencies = [\"acme-core>=0.3\"]\n\n[tool.uv.sources]\nacme-core = { workspace = true }\n",
    );
    write(
        root,
        "packages/acme-api/src/acme_api/__init__.py",
        "from acme.core.models import make\n\n\ndef order(total: int) -> int:\n    return make(total).total\n",
    );
    write(
        root,
        "packages/acme-api/tests/test_api.py",
        "from acme_api import order\n\n\ndef test_order():\n    assert order(2) == 2\n",
    );
    write(root, "docs/conf.py", "project = 'acme'\n");
}

#[test]
fn init_on_a_uv_workspace_with_a_namespace_package_and_a_src_layout_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    uv_workspace(dir.path());
    let text = init_check_snapshot(dir.path());
    let m = manifest(dir.path());
    let names: Vec<&str> = m.packs.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["acme-api", "acme-core"], "{text}");
    assert_eq!(code_of(&m, "acme-core")["language"], "python");
    assert_eq!(
        code_of(&m, "acme-core")["entry"][0],
        "src/acme/core",
        "{text}"
    );
    assert_eq!(
        code_of(&m, "acme-api")["entry"][0],
        "src/acme_api",
        "{text}"
    );
    assert_eq!(tests_of(&m, "acme-core"), ["packages/acme-core/tests/**"]);
    assert_eq!(tests_of(&m, "acme-api"), ["packages/acme-api/tests/**"]);
    assert_test_globs_match(dir.path(), &m);
    assert_eq!(consumers(dir.path(), "acme-core"), ["acme-api"]);
}

fn cargo_workspace(root: &Path) {
    write(
        root,
        "Cargo.toml",
        "[workspace]\nmembers = [\"crates/*\"]\nexclude = [\"crates/scratch\"]\nresolver = \"2\"\n",
    );
    write(
        root,
        "crates/scratch/Cargo.toml",
        "[package]\nname = \"scratch\"\n",
    );
    write(root, "crates/scratch/src/lib.rs", "pub fn s() {}\n");
    write(
        root,
        "crates/util/Cargo.toml",
        "[package]\nname = \"shop-util\"\nversion = \"0.2.0\"\nedition = \"2021\"\n",
    );
    write(
        root,
        "crates/util/src/lib.rs",
        "pub fn clamp(x: i64) -> i64 { x.max(0) }\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn clamps() { assert_eq!(super::clamp(-1), 0); }\n}\n",
    );
    write(
        root,
        "crates/core/Cargo.toml",
        "[package]\nname = \"shop-core\"\nversion = \"1.0.0\"\nedition = \"2021\"\n\n[dependencies]\nshop-util = { path = \"../util\" }\n",
    );
    write(
        root,
        "crates/core/src/lib.rs",
        "pub struct Order { pub total: i64 }\npub fn order(total: i64) -> Order { Order { total: shop_util::clamp(total) } }\n",
    );
    write(
        root,
        "crates/core/tests/order.rs",
        "#[test]\nfn orders() { assert_eq!(shop_core::order(3).total, 3); }\n",
    );
    // A binary: no library API, so no code table, but a consumer of core.
    write(
        root,
        "crates/cli/Cargo.toml",
        "[package]\nname = \"shop-cli\"\nversion = \"1.0.0\"\nedition = \"2021\"\n\n[dependencies]\nshop-core = { path = \"../core\" }\n",
    );
    write(
        root,
        "crates/cli/src/main.rs",
        "fn main() { println!(\"{}\", shop_core::order(1).total); }\n",
    );
    write(root, "crates/notes/README.md", "# notes\n");
    // A hand-written CODEOWNERS is kept: check must not demand the generated one.
    write(root, ".github/CODEOWNERS", "* @shop/maintainers\n");
    write(
        root,
        "examples/demo/Cargo.toml",
        "[package]\nname = \"demo\"\n",
    );
    write(root, "examples/demo/src/main.rs", "fn main() {}\n");
}

#[test]
fn init_on_a_cargo_workspace_is_accepted_with_path_dependency_consumers() {
    let dir = tempfile::tempdir().unwrap();
    cargo_workspace(dir.path());
    let text = init_check_snapshot(dir.path());
    let m = manifest(dir.path());
    let names: Vec<&str> = m.packs.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["shop-cli", "shop-core", "shop-util"], "{text}");
    assert_eq!(code_of(&m, "shop-core")["entry"][0], "src/lib.rs");
    assert_eq!(code_of(&m, "shop-util")["language"], "rust");
    assert!(code_of(&m, "shop-cli").is_null(), "a binary has no API");
    assert_eq!(tests_of(&m, "shop-core"), ["crates/core/tests/**"]);
    assert_test_globs_match(dir.path(), &m);
    assert_eq!(consumers(dir.path(), "shop-core"), ["shop-cli"]);
    assert_eq!(consumers(dir.path(), "shop-util"), ["shop-core"]);
    assert!(
        text.contains("crates/notes"),
        "README-only folder reported: {text}"
    );
}

#[test]
fn init_with_nothing_to_govern_exits_2_and_writes_nothing() {
    let cache = tempfile::tempdir().unwrap();
    let empty = tempfile::tempdir().unwrap();
    let out = run(empty.path(), cache.path(), &["init"]);
    assert_code(&out, 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to govern"));
    assert!(!empty.path().join("accord.toml").exists());

    let readme = tempfile::tempdir().unwrap();
    write(readme.path(), "README.md", "# just words\n");
    write(readme.path(), "packages/idea/README.md", "# an idea\n");
    let out = run(readme.path(), cache.path(), &["init"]);
    assert_code(&out, 2);
    assert!(!readme.path().join("accord.toml").exists());
}

#[test]
fn init_check_reports_new_packages_and_vanished_packs_and_never_overwrites() {
    let cache = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    pnpm_workspace(dir.path());
    assert_code(&run(dir.path(), cache.path(), &["init"]), 0);
    let before = std::fs::read_to_string(dir.path().join("accord.toml")).unwrap();
    let again = run(dir.path(), cache.path(), &["init"]);
    assert_code(&again, 2);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("accord.toml")).unwrap(),
        before
    );

    write(
        dir.path(),
        "packages/search/package.json",
        r#"{"name": "@shop/search"}"#,
    );
    write(
        dir.path(),
        "packages/search/index.ts",
        "export const q = 1;\n",
    );
    std::fs::remove_dir_all(dir.path().join("packages/utils")).unwrap();
    let out = run(dir.path(), cache.path(), &["init", "--check"]);
    assert_code(&out, 1);
    let text = stdout(&out);
    assert!(text.contains("packages/search"), "{text}");
    assert!(
        text.contains("`utils`") && text.contains("packages/utils"),
        "{text}"
    );

    let out = run(dir.path(), cache.path(), &["init", "--force"]);
    assert_code(&out, 0);
    let out = run(dir.path(), cache.path(), &["init", "--check"]);
    assert_code(&out, 0);
}

#[test]
fn init_on_a_poetry_monorepo_reads_path_dependencies_as_packs_and_consumers() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "pyproject.toml",
        "[tool.poetry]\nname = \"suite\"\nversion = \"0.1.0\"\n\n[tool.poetry.dependencies]\npython = \"^3.11\"\nbilling = { path = \"libs/billing\", develop = true }\nreports = { path = \"libs/reports\", develop = true }\n",
    );
    write(
        root,
        "libs/billing/pyproject.toml",
        "[tool.poetry]\nname = \"billing\"\nversion = \"2.1.0\"\npackages = [{ include = \"billing\" }]\n",
    );
    write(
        root,
        "libs/billing/billing/__init__.py",
        "def charge(cents: int) -> int:\n    return cents\n",
    );
    write(
        root,
        "libs/billing/billing/test_charge.py",
        "from billing import charge\n\n\ndef test_charge():\n    assert charge(1) == 1\n",
    );
    write(
        root,
        "libs/reports/pyproject.toml",
        "[tool.poetry]\nname = \"reports\"\nversion = \"0.2.0\"\npackages = [{ include = \"reports\" }]\n\n[tool.poetry.dependencies]\npython = \"^3.11\"\nbilling = { path = \"../billing\" }\n",
    );
    write(
        root,
        "libs/reports/reports/__init__.py",
        // No import: the consumer is known from the poetry path dependency alone.
        "def monthly(cents: int) -> str:\n    return str(cents)\n",
    );
    init_check_snapshot(root);
    let m = manifest(root);
    let names: Vec<&str> = m.packs.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["billing", "reports"]);
    assert_eq!(
        tests_of(&m, "billing"),
        ["libs/billing/billing/**/test_*.py"]
    );
    assert!(tests_of(&m, "reports").is_empty(), "no test file, no glob");
    assert_test_globs_match(root, &m);
    assert_eq!(consumers(root, "billing"), ["reports"]);
}

#[test]
fn a_package_name_cannot_write_tables_into_the_manifest_or_escapes_to_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "package.json",
        r#"{"name": "shop", "private": true, "workspaces": ["packages/*"]}"#,
    );
    // JSON escapes: the name holds real newlines and an ESC once parsed.
    write(
        root,
        "packages/core/package.json",
        r#"{"name": "x\n[policy]\nreview = \"off\"\n[packs.y]\n#\u001b[2J", "version": "1.0.0", "types": "index.ts"}"#,
    );
    write(root, "packages/core/tsconfig.json", "{}");
    write(root, "packages/core/index.ts", "export const one = 1;\n");
    let out = run(root, cache.path(), &["init"]);
    assert_code(&out, 0);
    assert!(!stdout(&out).contains('\u{1b}'), "{}", stdout(&out));
    let text = std::fs::read_to_string(root.join("accord.toml")).unwrap();
    assert!(
        !text.lines().any(|l| l == "[policy]" || l == "[packs.y]"),
        "{text}"
    );
    let m = manifest(root);
    assert!(!m.sections.contains_key("policy"), "{text}");
    assert_eq!(m.packs.len(), 1, "{text}");
}
