//! The published JSON Schema of a surface snapshot (`<pack>.surface.json`), committed as
//! `docs/schemas/surface.schema.json`.
//!
//! Written by hand next to the model rather than derived, so the published document carries
//! descriptions for reviewers; the enums are built from the model's own serde names, and tests
//! check that a symbol with every field set validates and that the committed copy is current.

use accord_model::surface::{Language, ParamKind, SURFACE_SCHEMA_VERSION, SymbolKind, Visibility};
use serde_json::{Value, json};

/// Every [`SymbolKind`], in declaration order. The exhaustive match in [`kind_is_listed`]
/// stops the build when a kind is added to the model but not here.
const KINDS: [SymbolKind; 15] = [
    SymbolKind::Module,
    SymbolKind::Function,
    SymbolKind::Method,
    SymbolKind::Struct,
    SymbolKind::Class,
    SymbolKind::Enum,
    SymbolKind::Variant,
    SymbolKind::Field,
    SymbolKind::Trait,
    SymbolKind::Interface,
    SymbolKind::TypeAlias,
    SymbolKind::AssocType,
    SymbolKind::Constant,
    SymbolKind::Macro,
    SymbolKind::ReExport,
];

const PARAM_KINDS: [ParamKind; 6] = [
    ParamKind::Receiver,
    ParamKind::Positional,
    ParamKind::PositionalOrKeyword,
    ParamKind::Keyword,
    ParamKind::Variadic,
    ParamKind::VariadicKeyword,
];

const VISIBILITIES: [Visibility; 2] = [Visibility::Protected, Visibility::Public];

// Never called for its value: the exhaustive matches are the point.
#[allow(dead_code)]
fn kind_is_listed(k: SymbolKind, p: ParamKind, v: Visibility) {
    match k {
        SymbolKind::Module
        | SymbolKind::Function
        | SymbolKind::Method
        | SymbolKind::Struct
        | SymbolKind::Class
        | SymbolKind::Enum
        | SymbolKind::Variant
        | SymbolKind::Field
        | SymbolKind::Trait
        | SymbolKind::Interface
        | SymbolKind::TypeAlias
        | SymbolKind::AssocType
        | SymbolKind::Constant
        | SymbolKind::Macro
        | SymbolKind::ReExport => {}
    }
    match p {
        ParamKind::Receiver
        | ParamKind::Positional
        | ParamKind::PositionalOrKeyword
        | ParamKind::Keyword
        | ParamKind::Variadic
        | ParamKind::VariadicKeyword => {}
    }
    match v {
        Visibility::Protected | Visibility::Public => {}
    }
}

/// The serde names of `values`, as a JSON Schema string enum.
fn names<T: serde::Serialize>(values: &[T]) -> Value {
    let names: Vec<Value> = values
        .iter()
        .filter_map(|v| serde_json::to_value(v).ok())
        .collect();
    json!({ "type": "string", "enum": names })
}

/// The JSON Schema (draft 2020-12) of a surface snapshot.
pub fn surface_schema() -> Value {
    let string = json!({ "type": "string" });
    let strings = json!({ "type": "array", "items": { "type": "string" } });
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://accord.invalid/schemas/surface.schema.json",
        "title": "Accord API surface",
        "description": "The public API of one package at one revision, extracted from Rust, TypeScript/JavaScript or Python source without compiling (seed 003 §2.1). Written by `accord surface snapshot` as `<contracts dir>/<pack>.surface.json`; compared by the code change rules.",
        "type": "object",
        "additionalProperties": false,
        "required": ["schema_version", "language", "package", "symbols"],
        "properties": {
            "schema_version": {
                "type": "integer",
                "minimum": 1,
                "maximum": SURFACE_SCHEMA_VERSION,
                "description": "Version of this format; readers refuse a newer one."
            },
            "language": names(&Language::ALL),
            "package": { "type": "string", "description": "Crate, npm package or Python distribution name." },
            "version": { "type": "string", "description": "Package version, when the manifest states one." },
            "features": {
                "type": "object",
                "description": "Cargo features and everything each enables, transitively, with dependency features resolved (Rust only).",
                "additionalProperties": strings.clone()
            },
            "opaque_modules": {
                "type": "array",
                "items": string.clone(),
                "description": "Public modules invoking, in item position, macros the extractor cannot expand (from other crates); a symbol missing there is not proven removed (Rust only)."
            },
            "always_enabled": {
                "type": "array",
                "items": string.clone(),
                "description": "`dep/feature` enabled by non-optional dependency declarations, whatever features are chosen (Rust only)."
            },
            "restricted": {
                "type": "array",
                "items": string.clone(),
                "description": "Paths of items that exist but are not public (`pub(crate)`, missing from `__all__`, TS `protected`/`private`), so the diff can tell \"visibility reduced\" from \"removed\"."
            },
            "symbols": {
                "type": "array",
                "items": { "$ref": "#/$defs/symbol" },
                "description": "Public symbols, sorted by path."
            },
            "test_refs": {
                "type": "array",
                "description": "TestSmith: the tests that use each stable export (symbol → test file:line, the first use per file), sorted; absent when the pack has no test using one.",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["symbol", "file", "line"],
                    "properties": {
                        "symbol": { "type": "string", "description": "Path of the symbol used." },
                        "file": { "type": "string", "description": "Test file, relative to the repository root." },
                        "line": { "type": "integer", "minimum": 1, "description": "Line of the first use in that file." }
                    }
                }
            }
        },
        "$defs": {
            "symbol": {
                "type": "object",
                "additionalProperties": false,
                "required": ["path", "kind", "span"],
                "properties": {
                    "path": {
                        "type": "string",
                        "minLength": 1,
                        "description": "Public path: `crate::module::Item::member` (Rust), `module.Class.method` (Python), `entry:Name.member` (TS/JS, entry `.` for the main one); overloads end in `#N`."
                    },
                    "kind": names(&KINDS),
                    "visibility": names(&VISIBILITIES),
                    "params": { "type": "array", "items": { "$ref": "#/$defs/param" }, "description": "Parameters, receiver first (callables only)." },
                    "returns": { "type": "string", "description": "Normalised return type; absent for `()`/`void`/unannotated." },
                    "type": { "type": "string", "description": "Normalised type of a field, constant, alias target or property." },
                    "value": { "type": "string", "description": "Value of a Python module attribute, whitespace collapsed (long values as length and hash)." },
                    "generics": { "type": "array", "items": { "$ref": "#/$defs/generic" } },
                    "lifetimes": { "type": "array", "items": { "type": "string", "pattern": "^'" }, "description": "Declared lifetime parameters of a Rust type or trait (`'a`), in order." },
                    "is_async": { "type": "boolean" },
                    "optional": { "type": "boolean", "description": "TS `x?:`, trait item with a default, Python attribute with a value." },
                    "private_fields": { "type": "boolean", "description": "Has fields users cannot see, so it cannot be built with a literal." },
                    "attributes": { "type": "array", "items": string.clone(), "description": "Decorators and notable attributes, sorted." },
                    "stability": { "$ref": "#/$defs/stability" },
                    "errors": { "type": "string", "description": "Declared error behaviour: Rust `# Errors`/`# Panics`, TSDoc `@throws`, Python `Raises:`." },
                    "side_effects": { "type": "string", "description": "Declared side effects (`# Side effects` section, `@sideEffects`)." },
                    "doc_hash": { "type": "string", "description": "Hash of the normalised doc text." },
                    "feature": { "type": "string", "description": "Cargo feature gating the item." },
                    "span": { "$ref": "#/$defs/span" }
                }
            },
            "param": {
                "type": "object",
                "additionalProperties": false,
                "required": ["name", "kind", "required"],
                "properties": {
                    "name": string.clone(),
                    "kind": names(&PARAM_KINDS),
                    "type": { "type": "string", "description": "Normalised type text, when annotated." },
                    "default": { "type": "string", "description": "Default value as written." },
                    "required": { "type": "boolean", "description": "Every call must supply it." }
                }
            },
            "generic": {
                "type": "object",
                "additionalProperties": false,
                "required": ["name"],
                "properties": {
                    "name": string.clone(),
                    "bounds": { "type": "array", "items": string.clone(), "description": "Normalised bounds including where-clauses, sorted." },
                    "default": string.clone()
                }
            },
            "stability": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "deprecated": { "type": "string", "description": "Deprecation note; empty when none was given." },
                    "marker": { "type": "string", "description": "`experimental`, `beta`, `alpha` or `internal`." },
                    "non_exhaustive": { "type": "boolean" },
                    "must_use": { "type": "boolean" },
                    "doc_hidden": { "type": "boolean" },
                    "overload": { "type": "boolean" }
                }
            },
            "span": {
                "type": "object",
                "additionalProperties": false,
                "required": ["path", "line", "col"],
                "properties": {
                    "path": { "type": "string", "description": "Relative to the package root, `/` separated." },
                    "line": { "type": "integer", "minimum": 0 },
                    "col": { "type": "integer", "minimum": 0 }
                }
            }
        }
    })
}

/// [`surface_schema`] as the committed text: pretty JSON with a trailing newline.
pub fn surface_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&surface_schema()).unwrap_or_default();
    text.push('\n');
    text
}
