//! Compiling a contract's JSON Schema, once per contract.

use crate::doc;
use accord_model::contract::{Contract, SchemaSpec};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

/// Why a schema could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SchemaProblem {
    /// A schema file outside the repository; it was not read.
    Escapes(String),
    /// Missing, unreadable, not JSON/YAML, or not a valid JSON Schema.
    Unusable(String),
}

/// The compiled schema of `contract`, `None` when it has none that is enforced (an
/// `example` is documentation only).
pub(crate) fn compile(
    root: &Path,
    contract: &Contract,
    max_file_size: u64,
) -> Result<Option<jsonschema::Validator>, SchemaProblem> {
    let contract_dir = Path::new(&contract.path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    match &contract.interface.schema {
        None | Some(SchemaSpec::Example(_)) => Ok(None),
        Some(SchemaSpec::Inline(schema)) => {
            let base = file_uri(&root.join(&contract_dir).join("inline-schema.json"));
            build(schema, &base).map(Some)
        }
        Some(SchemaSpec::File(rel)) => {
            let path = locate(root, &contract_dir, rel)?;
            let schema = load(&path, rel, max_file_size)?;
            build(&schema, &file_uri(&path)).map(Some)
        }
    }
}

/// Resolves a schema path relative to the contract's directory, refusing anything that
/// leaves the repository before it is opened.
fn locate(root: &Path, contract_dir: &Path, rel: &str) -> Result<PathBuf, SchemaProblem> {
    if Path::new(rel).is_absolute() || rel.starts_with('/') || rel.starts_with('\\') {
        return Err(SchemaProblem::Escapes(format!(
            "schema file `{rel}` is an absolute path; it must be relative to the contract file"
        )));
    }
    let joined = root.join(contract_dir).join(rel);
    let canonical = fs::canonicalize(&joined).map_err(|e| {
        SchemaProblem::Unusable(format!(
            "schema file `{rel}` (resolved to `{}`) cannot be opened: {e}",
            joined.display()
        ))
    })?;
    if !canonical.starts_with(root) {
        return Err(SchemaProblem::Escapes(format!(
            "schema file `{rel}` resolves to `{}`, outside the repository; it was not read",
            canonical.display()
        )));
    }
    Ok(canonical)
}

fn load(path: &Path, rel: &str, max_file_size: u64) -> Result<Value, SchemaProblem> {
    let unusable = |why: String| SchemaProblem::Unusable(format!("schema file `{rel}` {why}"));
    let bytes = accord_fs::read_user_file(path, max_file_size).map_err(|e| match e {
        accord_fs::FsError::TooLarge { .. } => {
            unusable(format!("is larger than the {max_file_size}-byte limit"))
        }
        accord_fs::FsError::NotRegular { kind, .. } => {
            unusable(format!("is {kind}, not a regular file"))
        }
        other => unusable(format!("cannot be read: {other}")),
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        unusable(format!(
            "is not valid UTF-8 (byte {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    let is_yaml = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    );
    let parsed = if is_yaml {
        doc::parse_yaml(&text)
    } else {
        doc::parse_json(&text)
    };
    parsed
        .map(|d| d.value)
        .map_err(|e| unusable(format!("does not parse at {e}")))
}

fn build(schema: &Value, base_uri: &str) -> Result<jsonschema::Validator, SchemaProblem> {
    jsonschema::options()
        .with_base_uri(base_uri)
        .build(schema)
        .map_err(|e| SchemaProblem::Unusable(format!("is not a valid JSON Schema: {e}")))
}

/// A `file://` URI, so relative `$ref`s in the schema resolve next to it.
fn file_uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut out = String::from("file://");
    if !text.starts_with('/') {
        out.push('/');
    }
    for c in text.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            '%' => out.push_str("%25"),
            _ => out.push(c),
        }
    }
    out
}
