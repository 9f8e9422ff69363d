//! What a diff needs besides the two contracts. Everything is passed in: the library
//! never reads files, the clock or git.

use accord_model::manifest::Manifest;
use serde_json::Value;

/// Inputs of [`crate::diff_contracts`] beyond the two contracts.
#[derive(Debug, Clone, Default)]
pub struct DiffContext<'a> {
    /// The manifest at the new revision: resolves consumers to packs and pipelines
    /// (indirect impact). Without it, consumers are reported as the contract names them.
    pub manifest: Option<&'a Manifest>,
    /// Today as an ISO date (`YYYY-MM-DD`), for deprecation windows. Without it, windows
    /// are not judged.
    pub today: Option<String>,
    /// The old contract's JSON Schema when it lives in a file (`SchemaSpec::File`), loaded by the caller.
    pub old_schema: Option<Value>,
    /// The new contract's JSON Schema when it lives in a file, loaded by the caller.
    pub new_schema: Option<Value>,
    /// Schemas of versions before the old one, oldest first, for `*_TRANSITIVE` compatibility.
    pub earlier_schemas: Vec<Value>,
    /// Text of the old contract file, to turn spans into line:column.
    pub old_text: Option<&'a str>,
    /// Text of the new contract file, to turn spans into line:column.
    pub new_text: Option<&'a str>,
}

impl<'a> DiffContext<'a> {
    /// A context with a manifest and today's date and nothing else.
    pub fn new(manifest: Option<&'a Manifest>, today: Option<&str>) -> DiffContext<'a> {
        DiffContext {
            manifest,
            today: today.map(str::to_string),
            ..DiffContext::default()
        }
    }
}
