//! The published surface schema: current, and every snapshot Accord writes validates.

use accord_model::surface::{
    Generic, Language, Param, ParamKind, SourceSpan, Stability, Surface, Symbol, SymbolKind,
    Visibility,
};
use accord_surface::snapshot::{CodeEntry, extract_pack, to_json};
use accord_surface::surface_schema;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&surface_schema()).expect("schema compiles")
}

fn errors(value: &Value) -> Vec<String> {
    validator()
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// A symbol with every field set, written as a struct literal so a field added to the model
/// fails to compile here until the schema learns it.
fn full_symbol() -> Symbol {
    Symbol {
        path: "ops::Runner::run".into(),
        kind: SymbolKind::Method,
        visibility: Visibility::Protected,
        params: vec![
            Param {
                name: "self".into(),
                kind: ParamKind::Receiver,
                ty: Some("&self".into()),
                default: None,
                required: true,
            },
            Param {
                name: "n".into(),
                kind: ParamKind::Keyword,
                ty: Some("u32".into()),
                default: Some("3".into()),
                required: false,
            },
        ],
        returns: Some("bool".into()),
        ty: Some("fn".into()),
        value: Some("42".into()),
        generics: vec![Generic {
            name: "T".into(),
            bounds: vec!["Clone".into()],
            default: Some("String".into()),
        }],
        lifetimes: vec!["'a".into()],
        is_async: true,
        optional: true,
        private_fields: true,
        attributes: vec!["derive(Clone)".into()],
        stability: Stability {
            deprecated: Some("use walk".into()),
            marker: Some("beta".into()),
            non_exhaustive: true,
            must_use: true,
            doc_hidden: true,
            overload: true,
        },
        errors: Some("IoError".into()),
        side_effects: Some("writes the ledger".into()),
        doc_hash: Some("abc".into()),
        feature: Some("json".into()),
        span: SourceSpan {
            path: "src/lib.rs".into(),
            line: 3,
            col: 1,
        },
    }
}

#[test]
fn a_surface_with_every_field_set_validates() {
    let mut surface = Surface::new(Language::Rust, "ops");
    surface.version = Some("1.0.0".into());
    surface
        .features
        .insert("default".into(), vec!["json".into()]);
    surface.restricted.push("ops::hidden".into());
    surface.symbols.push(full_symbol());
    let value = serde_json::to_value(&surface).expect("json");
    assert_eq!(errors(&value), Vec::<String>::new());
    // Every property the model writes is declared (additionalProperties is false, so this
    // also holds by validation; the explicit check names the missing key).
    let declared = &surface_schema()["$defs"]["symbol"]["properties"];
    for key in value["symbols"][0].as_object().expect("object").keys() {
        assert!(declared.get(key).is_some(), "schema lacks symbol.{key}");
    }
}

#[test]
fn bad_surfaces_are_rejected() {
    let mut surface = Surface::new(Language::Python, "ops");
    surface.symbols.push(full_symbol());
    let good = serde_json::to_value(&surface).expect("json");
    assert!(errors(&good).is_empty());
    for (pointer, bad) in [
        ("/language", json!("cobol")),
        ("/symbols/0/kind", json!("lambda")),
        ("/symbols/0/params/0/kind", json!("splat")),
        ("/symbols/0/params/0/required", json!("yes")),
        ("/symbols/0/span/line", json!(-1)),
        ("/schema_version", json!(99)),
    ] {
        let mut v = good.clone();
        *v.pointer_mut(pointer).expect("pointer") = bad;
        assert!(!errors(&v).is_empty(), "{pointer} accepted");
    }
    let mut extra = good.clone();
    extra["symbols"][0]["surprise"] = json!(1);
    assert!(!errors(&extra).is_empty());
    let mut missing = good;
    missing["symbols"][0]
        .as_object_mut()
        .expect("object")
        .remove("span");
    assert!(!errors(&missing).is_empty());
}

/// The committed snapshots of the OpsHelm example, and freshly extracted ones, validate.
#[test]
fn real_snapshots_validate() {
    let example = repo_root().join("examples/opshelm");
    let mut seen = 0;
    for entry in std::fs::read_dir(example.join("contracts")).expect("contracts dir") {
        let path = entry.expect("entry").path();
        if !path.to_string_lossy().ends_with(".surface.json") {
            continue;
        }
        let value: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        assert_eq!(errors(&value), Vec::<String>::new(), "{}", path.display());
        seen += 1;
    }
    assert_eq!(seen, 3, "one committed surface per OpsHelm pack");
    for (root, language) in [
        ("crates/pm-core", Language::Rust),
        ("packages/agents", Language::Python),
        ("packages/web-sdk", Language::TypeScript),
    ] {
        let entry = CodeEntry {
            pack: root.into(),
            language: Some(language),
            root: root.into(),
            entry: Vec::new(),
        };
        let (surface, findings) = extract_pack(&example, &entry).expect("extracts");
        assert!(findings.is_empty(), "{findings:?}");
        assert!(surface.symbols.len() > 10, "{root}");
        let value: Value = serde_json::from_str(&to_json(&surface)).expect("json");
        assert_eq!(errors(&value), Vec::<String>::new(), "{root}");
    }
}
