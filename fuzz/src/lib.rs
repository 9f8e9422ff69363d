//! The fuzz targets of Accord, as plain functions of the input bytes.
//!
//! Each function feeds one parser of a file the change under review controls, then checks
//! what must hold whatever the input: no panic, no unbounded work, and every byte span a
//! parser reports lies inside the text and on character boundaries (a span that does not
//! would make the snippet renderer slice through a character, or point at the wrong place).
//!
//! The same functions run under libFuzzer (`fuzz_targets/*.rs`, `cargo fuzz run NAME`) and
//! in the CI smoke test (`tests/smoke.rs`), which replays the seed corpus and a bounded
//! number of mutations of it without a sanitizer build. See `docs/fuzzing.md`.
//!
//! Inputs that hold several files separate them with a NUL byte (no text format here has a
//! use for a raw NUL, so the seeds stay readable).

use accord_contract::conformance::markdown;
use accord_contract::doc::{self, Document};
use accord_contract::{Diagnostic, SourceMap, lint_registry, parse_contract, parse_manifest};
use accord_diff::schema::{Compatibility, ContentModel, schema_compat, schema_compat_transitive};
use accord_model::manifest::Manifest;
use accord_model::surface::Language;
use accord_model::{Class, Span};
use accord_sql::lint::{LintOptions, lint};
use accord_sql::{DatabaseConfig, Dialect, Migration, Schema};
use accord_surface::{Options, extract, render_text};
use serde_json::Value;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

/// A fuzz target: runs on any input, panics only on a bug.
pub type Target = fn(&[u8]);

/// Every target, by the name of its libFuzzer binary and of its corpus directory.
pub const TARGETS: &[(&str, Target)] = &[
    ("manifest", manifest),
    ("contract", contract),
    ("schema_diff", schema_diff),
    ("markdown", markdown),
    ("sql", sql),
    ("surface_rust", surface_rust),
    ("surface_ts", surface_ts),
    ("surface_python", surface_python),
    ("cli_flags", cli_flags),
];

/// Panics unless `span` lies inside `text` on character boundaries.
fn check_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {}..{} outside a text of {} bytes",
        span.start,
        span.end,
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {}..{} splits a character",
        span.start,
        span.end
    );
}

fn check_diagnostics(text: &str, diagnostics: &[Diagnostic]) {
    assert!(!diagnostics.is_empty(), "an error without a diagnostic");
    for d in diagnostics {
        check_span(text, d.span, "diagnostic");
        assert!(
            d.line >= 1 && d.column >= 1,
            "diagnostic at line 0 or column 0"
        );
        let _ = d.to_string();
    }
}

fn check_document(text: &str, doc: &Document) {
    for (pointer, span) in doc.spans.iter().chain(&doc.key_spans) {
        check_span(text, *span, pointer);
    }
}

/// `accord.toml`: [`parse_manifest`].
pub fn manifest(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match parse_manifest("accord.toml", &text) {
        Ok(m) => {
            // The manifest is used as the registry lint's input right after parsing.
            let _ = lint_registry(&m, &[], &SourceMap::new());
        }
        Err(e) => {
            check_diagnostics(&text, &e.diagnostics);
            let _ = e.to_string();
        }
    }
}

/// Contract files: [`doc::parse_yaml`], [`doc::parse_json`] and [`parse_contract`] in both
/// shapes, then the registry lint on what parsed.
pub fn contract(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for parsed in [doc::parse_yaml(&text), doc::parse_json(&text)] {
        match parsed {
            Ok(d) => check_document(&text, &d),
            Err(e) => check_span(&text, e.span(), "document error"),
        }
    }
    for path in ["contracts/fuzz-v1.0.0.yaml", "contracts/fuzz-v1.0.0.json"] {
        match parse_contract(path, &text) {
            Ok(c) => {
                let mut sources = SourceMap::new();
                sources.insert(path, text.as_ref());
                for f in lint_registry(&Manifest::default(), &[c], &sources) {
                    if let Some(span) = f.location.span {
                        check_span(&text, span, &f.rule);
                    }
                }
            }
            Err(e) => {
                check_diagnostics(&text, &e.diagnostics);
                let _ = e.to_string();
            }
        }
    }
}

/// JSON Schema compatibility: the input is `MODE OLD \0 NEW` where the first byte picks the
/// mode and content model and each schema is JSON (or YAML, as contracts may embed them).
/// A schema compared with itself must be compatible under every mode.
pub fn schema_diff(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let mode = Compatibility::ALL[usize::from(selector) % Compatibility::ALL.len()];
    let model = if selector & 0x80 == 0 {
        ContentModel::Lenient
    } else {
        ContentModel::Strict
    };
    let mut parts = rest.splitn(2, |&b| b == 0);
    let old = schema_value(parts.next().unwrap_or_default());
    let new = schema_value(parts.next().unwrap_or_default());
    let verdict = schema_compat(&old, &new, mode, model);
    assert_eq!(
        verdict.compatible,
        verdict.findings.iter().all(|f| f.class != Class::Breaking),
        "`compatible` disagrees with the findings"
    );
    let _ = schema_compat_transitive(&[old.clone(), new.clone()], &new, mode, model);
    for schema in [&old, &new] {
        let same = schema_compat(schema, schema, mode, model);
        assert!(
            same.compatible,
            "a schema is incompatible with itself under {mode} {model}: {:?}",
            same.findings
        );
    }
}

fn schema_value(bytes: &[u8]) -> Value {
    let text = String::from_utf8_lossy(bytes);
    doc::parse_json(&text)
        .or_else(|_| doc::parse_yaml(&text))
        .map(|d| d.value)
        .unwrap_or(Value::Null)
}

/// Markdown artifacts: the headings that required sections are matched against.
pub fn markdown(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for h in markdown::headings(&text) {
        check_span(&text, h.span, "heading");
        assert!((1..=6).contains(&h.level), "heading level {}", h.level);
        let _ = markdown::names(&h, &h.text);
    }
    let _ = markdown::normalize(&text);
}

/// Migrations: the splitter and sqlparser in both dialects, the schema replay and every
/// lint rule. Up to four files separated by NUL, applied in order.
pub fn sql(data: &[u8]) {
    let config = DatabaseConfig::default();
    let texts = Default::default();
    for dialect in [Dialect::Sqlite, Dialect::Postgres] {
        let migrations: Vec<Migration> = data
            .splitn(4, |&b| b == 0)
            .enumerate()
            .map(|(i, part)| {
                let path = format!("db/migrations/2025010{i}-000000-fuzz.sql");
                Migration::parse(&path, part, dialect)
            })
            .collect();
        for m in &migrations {
            for s in &m.statements {
                check_span(&m.text, s.span, "statement");
                if let Some((_, span)) = &s.error {
                    check_span(&m.text, *span, "statement error");
                }
                let _ = m.sql(s);
            }
            let _ = m.checksum();
        }
        let _ = Schema::replay(&migrations);
        let findings = lint(
            &migrations,
            &LintOptions {
                config: &config,
                manifest: None,
                contracts: &[],
                contract_texts: &texts,
                only: None,
                baseline: &[],
                project_rules: true,
            },
        );
        for f in findings {
            let Some(m) = migrations.iter().find(|m| m.path == f.location.path) else {
                continue;
            };
            if let Some(span) = f.location.span {
                check_span(&m.text, span, &f.rule);
            }
        }
    }
}

/// A throwaway package on disk: the extractors read directories, so each input is written
/// as an entry file, two modules it may import, and optionally the package manifest.
pub struct Package {
    dir: tempfile::TempDir,
    language: Language,
}

impl Package {
    /// An empty package of `language` in a new temporary directory (`TMPDIR`; a tmpfs such
    /// as `/dev/shm` makes the surface targets several times faster).
    pub fn new(language: Language) -> Package {
        let dir = tempfile::tempdir().expect("a temporary directory for the surface targets");
        let package = Package { dir, language };
        for file in package.layout() {
            if let Some(parent) = Path::new(file).parent() {
                std::fs::create_dir_all(package.dir.path().join(parent))
                    .expect("create the package directories");
            }
        }
        package
    }

    /// Entry, module `a`, module `b`, and the manifest with its default content.
    fn layout(&self) -> [&'static str; 4] {
        match self.language {
            Language::Rust => ["src/lib.rs", "src/a.rs", "src/b.rs", "Cargo.toml"],
            Language::TypeScript | Language::JavaScript => {
                ["index.ts", "a.ts", "b.ts", "package.json"]
            }
            Language::Python => ["pkg/__init__.py", "pkg/a.py", "pkg/b.py", "pyproject.toml"],
        }
    }

    fn default_manifest(&self) -> &'static str {
        match self.language {
            Language::Rust => {
                "[package]\nname = \"pkg\"\nversion = \"1.0.0\"\n\n[features]\ndefault = [\"std\"]\nstd = []\n"
            }
            Language::TypeScript | Language::JavaScript => {
                "{\"name\": \"pkg\", \"version\": \"1.0.0\", \"types\": \"./index.ts\"}\n"
            }
            Language::Python => "[project]\nname = \"pkg\"\nversion = \"1.0.0\"\n",
        }
    }

    /// Writes `data` as the package (`ENTRY \0 A \0 B \0 MANIFEST`), extracts its surface
    /// and returns the names of its symbols (none when the package was refused).
    pub fn run(&self, data: &[u8]) -> Vec<String> {
        let mut parts = data.splitn(4, |&b| b == 0);
        let layout = self.layout();
        for (i, file) in layout.iter().enumerate() {
            let part = parts.next();
            let bytes = match (i, part) {
                (3, None) => self.default_manifest().as_bytes(),
                (_, part) => part.unwrap_or_default(),
            };
            std::fs::write(self.dir.path().join(file), bytes).expect("write a package file");
        }
        let options = Options {
            max_file_bytes: 1 << 20,
            ..Options::default()
        };
        match extract(self.dir.path(), Some(self.language), &options) {
            Ok(x) => {
                let _ = render_text(&x.surface);
                x.surface.symbols.into_iter().map(|s| s.path).collect()
            }
            Err(e) => {
                let _ = e.to_string();
                Vec::new()
            }
        }
    }
}

/// One package per language per process, reused by every run of the target.
fn run_in_package(cell: &'static OnceLock<Mutex<Package>>, language: Language, data: &[u8]) {
    let package = cell.get_or_init(|| Mutex::new(Package::new(language)));
    // A panic in an earlier run poisons the lock; the package is rewritten anyway.
    let package = package.lock().unwrap_or_else(|e| e.into_inner());
    let _ = package.run(data);
}

/// The Rust extractor (syn): `src/lib.rs \0 src/a.rs \0 src/b.rs \0 Cargo.toml`.
pub fn surface_rust(data: &[u8]) {
    static CELL: OnceLock<Mutex<Package>> = OnceLock::new();
    // Function bodies are found twice, in the text and in the tokens: the two must agree, or
    // the text pass could drop an item the tokens hold.
    for file in data.split(|&b| b == 0) {
        if let Ok(text) = std::str::from_utf8(file) {
            assert!(
                accord_surface::fn_body_scans_agree(text),
                "function bodies found in the text differ from those in its tokens"
            );
        }
    }
    run_in_package(&CELL, Language::Rust, data);
}

/// The TypeScript extractor (tree-sitter): `index.ts \0 a.ts \0 b.ts \0 package.json`.
pub fn surface_ts(data: &[u8]) {
    static CELL: OnceLock<Mutex<Package>> = OnceLock::new();
    run_in_package(&CELL, Language::TypeScript, data);
}

/// The Python extractor (tree-sitter): `pkg/__init__.py \0 pkg/a.py \0 pkg/b.py \0
/// pyproject.toml`.
pub fn surface_python(data: &[u8]) {
    static CELL: OnceLock<Mutex<Package>> = OnceLock::new();
    run_in_package(&CELL, Language::Python, data);
}

/// The CLI flag readers (`accord_surface::cli_flags`): the first byte picks the language
/// (Rust, Python, TypeScript, JavaScript), the rest is files separated by NUL bytes, read
/// together (clap types resolve across files). Every flag must come from one of the files,
/// and every problem must name one of them at a line inside it.
pub fn cli_flags(data: &[u8]) {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let ext = ["rs", "py", "ts", "js"][usize::from(*first) % 4];
    let texts: Vec<(String, String)> = rest
        .split(|b| *b == 0)
        .take(4)
        .enumerate()
        .map(|(i, b)| {
            (
                format!("f{i}.{ext}"),
                String::from_utf8_lossy(b).into_owned(),
            )
        })
        .collect();
    let sources: Vec<(&str, &str)> = texts
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let (flags, problems) = accord_surface::cli_flags::cli_flags("t", &sources);
    let lines = |path: &str| {
        texts
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, t)| t.split('\n').count() as u32)
    };
    for f in &flags {
        let n = lines(&f.path).expect("a flag from a file that was not given");
        assert!(f.line <= n, "{}: line {} of {n}", f.id, f.line);
    }
    for p in &problems {
        let n = lines(&p.path).expect("a problem in a file that was not given");
        assert!(p.line <= n, "{}: line {} of {n}", p.path, p.line);
    }
}
