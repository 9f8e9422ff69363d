//! The language-neutral API surface of a package (seed 003 §2.1, issue 4 §1).
//!
//! Extractors (`accord-surface`) turn Rust, TypeScript/JavaScript or Python source into a
//! [`Surface`]; the code change rules (`accord-diff`) compare two of them. The JSON form is a
//! public, versioned interface (committed as `<pack>.surface.json`), so the diff engine never
//! depends on a compiler's internal format.
//!
//! Symbols are identified by [`Symbol::path`]: `crate::module::Item::member` for Rust,
//! `module.Class.method` for Python and `entry:Name.member` for TypeScript/JavaScript
//! (`entry` is the package subpath, `.` for the main entry). Overloads carry a `#N` suffix.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Version of the surface JSON format. Bumped on any incompatible change of these types, and
/// when a field starts being recorded whose absence in older snapshots must not read as "none".
pub const SURFACE_SCHEMA_VERSION: u32 = 2;

/// First [`SURFACE_SCHEMA_VERSION`] whose snapshots record [`Symbol::lifetimes`].
pub const LIFETIMES_RECORDED_SINCE: u32 = 2;

/// `Location::revision` of a code finding that points into the *old* surface (a removed
/// item): the engine replaces it with the base commit, whose blob the reporters then show.
pub const BASE_REVISION: &str = "base";

/// The source language of a surface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Rust, read with syn.
    Rust,
    /// TypeScript, including `.d.ts` declaration files.
    TypeScript,
    /// JavaScript (ES modules and CommonJS `export`s).
    JavaScript,
    /// Python 3.
    Python,
}

impl Language {
    /// Every language, in a stable order.
    pub const ALL: [Language; 4] = [
        Language::Rust,
        Language::TypeScript,
        Language::JavaScript,
        Language::Python,
    ];

    /// The lower-case name used in `accord.toml` and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Rust => "rust",
            Language::TypeScript => "typescript",
            Language::JavaScript => "javascript",
            Language::Python => "python",
        }
    }

    /// Parses a language name or a common short form (`rs`, `ts`, `js`, `py`).
    pub fn parse(text: &str) -> Option<Language> {
        match text.trim().to_ascii_lowercase().as_str() {
            "rust" | "rs" => Some(Language::Rust),
            "typescript" | "ts" => Some(Language::TypeScript),
            "javascript" | "js" => Some(Language::JavaScript),
            "python" | "py" => Some(Language::Python),
            _ => None,
        }
    }

    /// True when callers pass arguments by position only, so parameter names are not
    /// part of the contract (Rust, TypeScript, JavaScript).
    pub fn positional_only(self) -> bool {
        !matches!(self, Language::Python)
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The public API of one package at one revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Surface {
    /// [`SURFACE_SCHEMA_VERSION`] at the time of writing.
    pub schema_version: u32,
    /// Source language.
    pub language: Language,
    /// Package name (crate, npm package or Python distribution/top-level package).
    pub package: String,
    /// Package version, when the manifest states one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Cargo features and the features/dependencies each enables (Rust only).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub features: BTreeMap<String, Vec<String>>,
    /// Features of dependencies that are on whatever features users choose (`dep/feature`
    /// listed by a non-optional dependency declaration); a feature that stops listing one of
    /// them still enables it (Rust only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub always_enabled: Vec<String>,
    /// Public modules whose source invokes, in item position, macros the extractor cannot
    /// expand (from other crates): items may exist there that the surface does not list, so a
    /// symbol missing from such a module is not proven removed (Rust only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub opaque_modules: Vec<String>,
    /// Paths of items that exist where a public item could be but are not public
    /// (`pub(crate)`, missing from `__all__`, TS `protected`/`private` members). They are not
    /// part of the API; they let the diff tell "visibility reduced" from "removed".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub restricted: Vec<String>,
    /// Public symbols, sorted by path.
    pub symbols: Vec<Symbol>,
    /// Tests that use each symbol (TestSmith), sorted by symbol, file and line. Recorded by
    /// `accord surface snapshot` from the pack's tests; absent when the pack has none, so a
    /// snapshot of a pack without tests keeps its bytes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub test_refs: Vec<TestRef>,
}

/// A test's use of a symbol: the evidence that the symbol is exercised.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TestRef {
    /// [`Symbol::path`] of the symbol used.
    pub symbol: String,
    /// The test file, relative to the repository root (tests may live outside the package).
    pub file: String,
    /// 1-based line of the first use of the symbol in that file.
    pub line: u32,
}

impl Surface {
    /// Whether this surface records lifetime parameters: a snapshot written before they were
    /// recorded has none listed even on types that have some, which says nothing about them.
    pub fn records_lifetimes(&self) -> bool {
        self.schema_version >= LIFETIMES_RECORDED_SINCE
    }

    /// An empty surface of `package`.
    pub fn new(language: Language, package: impl Into<String>) -> Surface {
        Surface {
            schema_version: SURFACE_SCHEMA_VERSION,
            language,
            package: package.into(),
            version: None,
            features: BTreeMap::new(),
            always_enabled: Vec::new(),
            opaque_modules: Vec::new(),
            restricted: Vec::new(),
            symbols: Vec::new(),
            test_refs: Vec::new(),
        }
    }

    /// The symbol with this path, if any. Symbols must be sorted (see [`Surface::sort`]).
    pub fn get(&self, path: &str) -> Option<&Symbol> {
        self.symbols
            .binary_search_by(|s| s.path.as_str().cmp(path))
            .ok()
            .and_then(|i| self.symbols.get(i))
    }

    /// Sorts symbols by path and drops exact duplicate paths (first wins), so the JSON is
    /// stable whatever order files were parsed in.
    pub fn sort(&mut self) {
        self.sort_reporting_duplicates();
    }

    /// [`Surface::sort`], returning the paths that had several symbols (one was kept): an
    /// incremental update must not remove such a path's winner, since another would show.
    pub fn sort_reporting_duplicates(&mut self) -> Vec<String> {
        let mut duplicates = Vec::new();
        // A symbol is a few hundred bytes and its path lives elsewhere on the heap: a stable
        // sort moving symbols and chasing two path pointers per comparison took 0.4–0.8 s on
        // 336 000 symbols (a loaded 2-core machine). Sorting (16 path bytes after the common prefix, index) pairs
        // settles most comparisons in registers; ties fall back to the whole path, and the
        // index tie-break gives the order of a stable sort.
        let symbols = &self.symbols;
        if !symbols.is_sorted_by(|a, b| a.path < b.path) {
            let common =
                symbols
                    .iter()
                    .skip(1)
                    .fold(symbols.first().map_or(0, |s| s.path.len()), |n, s| {
                        let first = symbols[0].path.as_bytes();
                        n.min(
                            first
                                .iter()
                                .zip(s.path.as_bytes())
                                .take_while(|(x, y)| x == y)
                                .count(),
                        )
                    });
            let key = |s: &Symbol| {
                let mut k = [0u8; 16];
                let rest = s.path.as_bytes().get(common..).unwrap_or_default();
                let n = rest.len().min(16);
                k[..n].copy_from_slice(&rest[..n]);
                u128::from_be_bytes(k)
            };
            let mut order: Vec<(u128, usize)> = symbols
                .iter()
                .enumerate()
                .map(|(i, s)| (key(s), i))
                .collect();
            order.sort_unstable_by(|&(ka, a), &(kb, b)| {
                ka.cmp(&kb)
                    .then_with(|| symbols[a].path.cmp(&symbols[b].path))
                    .then(a.cmp(&b))
            });
            // Permuted in place, each swap putting one symbol where it belongs: a second
            // vector of symbols would cost as much in fresh pages as the sort saves.
            let mut dest = vec![0usize; order.len()];
            for (k, &(_, i)) in order.iter().enumerate() {
                dest[i] = k;
            }
            for i in 0..dest.len() {
                while dest[i] != i {
                    let j = dest[i];
                    self.symbols.swap(i, j);
                    dest.swap(i, j);
                }
            }
            self.symbols.dedup_by(|a, b| {
                let same = a.path == b.path;
                if same && duplicates.last() != Some(&b.path) {
                    duplicates.push(b.path.clone());
                }
                same
            });
        }
        self.restricted.sort();
        self.restricted.dedup();
        duplicates
    }
}

/// What a symbol is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SymbolKind {
    /// A module, Python module or package subpath entry point.
    Module,
    /// A free function.
    Function,
    /// A function associated with a type (method, static method, constructor).
    Method,
    /// A Rust struct or union.
    Struct,
    /// A class (TS/JS/Python).
    Class,
    /// An enum.
    Enum,
    /// An enum variant or TS enum member.
    Variant,
    /// A struct/class field, interface property or variant field.
    Field,
    /// A Rust trait.
    Trait,
    /// A TypeScript interface or Python `Protocol`.
    Interface,
    /// A type alias.
    TypeAlias,
    /// A trait's associated type.
    AssocType,
    /// A constant, static or exported variable.
    Constant,
    /// A `#[macro_export]` macro.
    Macro,
    /// A re-export whose target could not be resolved within the package.
    ReExport,
}

impl SymbolKind {
    /// The keyword used in the text rendering.
    pub fn as_str(self) -> &'static str {
        match self {
            SymbolKind::Module => "mod",
            SymbolKind::Function => "fn",
            SymbolKind::Method => "method",
            SymbolKind::Struct => "struct",
            SymbolKind::Class => "class",
            SymbolKind::Enum => "enum",
            SymbolKind::Variant => "variant",
            SymbolKind::Field => "field",
            SymbolKind::Trait => "trait",
            SymbolKind::Interface => "interface",
            SymbolKind::TypeAlias => "type",
            SymbolKind::AssocType => "assoc type",
            SymbolKind::Constant => "const",
            SymbolKind::Macro => "macro",
            SymbolKind::ReExport => "reexport",
        }
    }

    /// True for kinds that take parameters.
    pub fn is_callable(self) -> bool {
        matches!(self, SymbolKind::Function | SymbolKind::Method)
    }
}

/// Who may use a symbol. Ordered from least to most visible.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// TS `protected`: visible to subclasses only.
    Protected,
    /// Public.
    #[default]
    Public,
}

/// How an argument is passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamKind {
    /// `self`, `&self`, `&mut self`, Python `self`/`cls`.
    Receiver,
    /// By position only (all Rust/TS parameters, Python parameters before `/`).
    Positional,
    /// Python: by position or by keyword.
    PositionalOrKeyword,
    /// Python: by keyword only (after `*` or `*args`).
    Keyword,
    /// `*args`, TS `...rest`.
    Variadic,
    /// `**kwargs`.
    VariadicKeyword,
}

impl ParamKind {
    /// True when the parameter can be given by position.
    pub fn takes_position(self) -> bool {
        matches!(self, ParamKind::Positional | ParamKind::PositionalOrKeyword)
    }
}

/// One parameter of a callable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Param {
    /// Name as written (`_` or a pattern text for Rust destructuring).
    pub name: String,
    /// How it is passed.
    pub kind: ParamKind,
    /// Normalised type text, when annotated.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
    /// Default value text, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// True when every call must supply it.
    pub required: bool,
}

/// A generic parameter with its bounds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Generic {
    /// `T`, `'a`, `N`.
    pub name: String,
    /// Normalised bounds (`Clone`, `Into<String>`, `'static`), sorted; includes where-clauses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bounds: Vec<String>,
    /// Default type or value, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// Stability and lint markers of a symbol.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stability {
    /// Deprecated; `Some("")` when no note was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<String>,
    /// `experimental`, `beta`, `alpha` or `internal` (TSDoc tags, docs markers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Rust `#[non_exhaustive]`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub non_exhaustive: bool,
    /// Rust `#[must_use]`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub must_use: bool,
    /// Rust `#[doc(hidden)]`: still reachable, but not promised.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub doc_hidden: bool,
    /// One signature of an overloaded function (TS overloads, `typing.overload`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub overload: bool,
}

/// Where a symbol is declared.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceSpan {
    /// Path relative to the package root, `/` separated.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
}

/// One public item of the surface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Symbol {
    /// Public path (see the module docs).
    pub path: String,
    /// What it is.
    pub kind: SymbolKind,
    /// Who may use it.
    #[serde(default)]
    pub visibility: Visibility,
    /// Parameters, receiver first (callables only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<Param>,
    /// Normalised return type text (callables); `None` for `()`/`void`/unannotated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returns: Option<String>,
    /// Normalised type of a field, constant, alias target or property.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
    /// The value a Python module attribute is bound to, whitespace collapsed (long values as
    /// length and hash): code that reads it sees a change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Generic parameters and their bounds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub generics: Vec<Generic>,
    /// Declared lifetime parameters of a Rust type, enum or trait (`'a`), in order. Users
    /// name them positionally (`Parser<'a>`), so their number and order are API.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lifetimes: Vec<String>,
    /// `async fn` / `async def` / TS `async` or `Promise` return.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub is_async: bool,
    /// Optional member (TS `x?:`), trait item with a default body, Python attribute with a value.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
    /// Struct/class with fields the user cannot see (so it cannot be built with a literal).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub private_fields: bool,
    /// Decorators and notable attributes (`property`, `staticmethod`, `derive(Clone)`), sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<String>,
    /// Stability and lint markers.
    #[serde(default)]
    pub stability: Stability,
    /// Declared error behaviour: Rust `# Errors`/`# Panics`, TSDoc `@throws`, Python `Raises:`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<String>,
    /// Declared side effects: a `# Side effects` doc section or `@sideEffects` tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side_effects: Option<String>,
    /// Hash of the normalised doc text, so a doc-only change is visible without storing docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_hash: Option<String>,
    /// Cargo feature that gates it (`#[cfg(feature = "x")]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
    /// Declaration site.
    pub span: SourceSpan,
}

impl Symbol {
    /// A public symbol of `kind` at `path` with nothing else set.
    pub fn new(path: impl Into<String>, kind: SymbolKind, span: SourceSpan) -> Symbol {
        Symbol {
            path: path.into(),
            kind,
            visibility: Visibility::Public,
            params: Vec::new(),
            returns: None,
            ty: None,
            value: None,
            generics: Vec::new(),
            lifetimes: Vec::new(),
            is_async: false,
            optional: false,
            private_fields: false,
            attributes: Vec::new(),
            stability: Stability::default(),
            errors: None,
            side_effects: None,
            doc_hash: None,
            feature: None,
            span,
        }
    }

    /// The path of the enclosing symbol (`a::B::c` → `a::B`), using the separator of `lang`.
    pub fn parent_path(&self, lang: Language) -> Option<&str> {
        parent_path(&self.path, lang)
    }

    /// The last segment of the path, without an overload suffix.
    pub fn name(&self) -> &str {
        let base = self.path.split('#').next().unwrap_or(&self.path);
        base.rsplit([':', '.']).next().unwrap_or(base)
    }

    /// Parameters other than the receiver.
    pub fn args(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| p.kind != ParamKind::Receiver)
    }
}

/// The parent of a symbol path, using the separator of `lang` (`::` for Rust, `.` otherwise;
/// TS/JS paths stop at the `entry:` prefix).
pub fn parent_path(path: &str, lang: Language) -> Option<&str> {
    let base = path.split('#').next().unwrap_or(path);
    match lang {
        Language::Rust => base.rfind("::").map(|i| &base[..i]),
        Language::Python => base.rfind('.').map(|i| &base[..i]),
        Language::TypeScript | Language::JavaScript => {
            // `./sub:Class.member` → `./sub:Class` → `./sub` (the entry point's module symbol).
            let colon = base.find(':')?;
            // A computed member name (`Store.[Symbol.observable]`) is one segment.
            let tail = &base[colon..];
            let search = match tail.strip_suffix(']').and_then(|t| t.rfind(".[")) {
                Some(open) => &tail[..open + 1],
                None => tail,
            };
            match search.rfind('.') {
                Some(i) => Some(&base[..colon + i]),
                None => Some(&base[..colon]),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_computed_member_name_is_one_path_segment() {
        assert_eq!(
            parent_path(".:Store.[Symbol.observable]", Language::TypeScript),
            Some(".:Store")
        );
        assert_eq!(
            parent_path("./a:Store.get", Language::TypeScript),
            Some("./a:Store")
        );
        assert_eq!(parent_path("./a:Store", Language::TypeScript), Some("./a"));
    }

    #[test]
    fn sort_is_a_stable_sort_by_path_keeping_the_first_duplicate() {
        let span = SourceSpan {
            path: String::new(),
            line: 0,
            col: 0,
        };
        let kinds = [SymbolKind::Function, SymbolKind::Struct, SymbolKind::Trait];
        // Pseudo-random paths with many duplicates, each duplicate of another kind.
        let mut x = 7u64;
        let mut s = Surface::new(Language::Rust, "p");
        for i in 0..500 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            // Shared prefixes, prefixes of one another, and ties past the 16 compared bytes.
            let n = (x >> 33) % 97;
            let path = match n % 3 {
                0 => format!("p::m{n}"),
                1 => format!("p::m{n}::a_rather_long_common_part::x{}", n % 5),
                _ => format!("p::m{}", n / 10),
            };
            s.symbols
                .push(Symbol::new(path, kinds[i % 3], span.clone()));
        }
        let mut want = s.symbols.clone();
        want.sort_by(|a, b| a.path.cmp(&b.path));
        want.dedup_by(|a, b| a.path == b.path);
        s.sort();
        assert_eq!(s.symbols, want);
        let sorted = s.symbols.clone();
        s.sort();
        assert_eq!(
            s.symbols, sorted,
            "sorting a sorted surface changes nothing"
        );
    }

    #[test]
    fn parent_paths_follow_each_language_separator() {
        assert_eq!(parent_path("c::m::S::f", Language::Rust), Some("c::m::S"));
        assert_eq!(parent_path("c", Language::Rust), None);
        assert_eq!(
            parent_path("pkg.mod.C.f", Language::Python),
            Some("pkg.mod.C")
        );
        assert_eq!(parent_path(".:C.f#1", Language::TypeScript), Some(".:C"));
        assert_eq!(parent_path("./sub:f", Language::TypeScript), Some("./sub"));
        assert_eq!(parent_path("./sub", Language::TypeScript), None);
    }

    #[test]
    fn surface_json_round_trips_and_omits_empty_fields() {
        let mut s = Surface::new(Language::Python, "ops");
        let mut f = Symbol::new("ops.run", SymbolKind::Function, SourceSpan::default());
        f.params.push(Param {
            name: "x".into(),
            kind: ParamKind::PositionalOrKeyword,
            ty: Some("int".into()),
            default: None,
            required: true,
        });
        s.symbols.push(f);
        let json = serde_json::to_string(&s).unwrap();
        assert!(!json.contains("doc_hidden"), "{json}");
        let back: Surface = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
        assert_eq!(back.get("ops.run").map(Symbol::name), Some("run"));
    }
}
