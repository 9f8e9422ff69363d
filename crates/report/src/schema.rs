//! The JSON Schema of the JSON report. The committed copy at
//! `docs/schemas/report.schema.json` is compared with this function by a test.

use serde_json::{Value, json};

/// The `$id` of the report schema.
pub const REPORT_SCHEMA_ID: &str = "https://example.invalid/accord/schemas/report.schema.json";

/// The JSON Schema (draft 2020-12) of the JSON report, version 1.
///
/// Objects owned by the report are closed (`additionalProperties: false`) so that a renamed
/// or added field cannot slip out without this schema, and so its version, changing; only
/// `details` is free-form.
pub fn report_schema() -> Value {
    let mut schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": REPORT_SCHEMA_ID,
        "title": "Accord report",
        "description": "The output of `accord ... --format json`. Field names are a public interface; `version` changes when one does.",
        "type": "object",
        "additionalProperties": false,
        "required": ["version", "findings", "summary"],
        "properties": {
            "version": { "const": 1, "description": "Layout version of this report." },
            "findings": {
                "type": "array",
                "description": "Findings sorted by path, line, column and rule.",
                "items": { "$ref": "#/$defs/finding" }
            },
            "summary": { "$ref": "#/$defs/summary" },
            "decision": { "$ref": "#/$defs/decision" },
            "details": {
                "type": "object",
                "description": "Command-specific details (matched slugs, epic classification, ...); not covered by the stability promise."
            }
        },
        "$defs": {
            "summary": {
                "type": "object",
                "additionalProperties": false,
                "required": ["findings", "by_class", "required_bump"],
                "properties": {
                    "findings": { "type": "integer", "minimum": 0 },
                    "by_class": {
                        "type": "object",
                        "additionalProperties": false,
                        "required": ["SAFE", "RISKY", "BREAKING"],
                        "properties": {
                            "SAFE": { "type": "integer", "minimum": 0 },
                            "RISKY": { "type": "integer", "minimum": 0 },
                            "BREAKING": { "type": "integer", "minimum": 0 }
                        }
                    },
                    "required_bump": { "$ref": "#/$defs/bump" }
                }
            }
        }
    });
    // Findings and decisions are the model's types: their definitions are shared with the
    // decision record's schema.
    if let Some(defs) = schema.get_mut("$defs").and_then(Value::as_object_mut) {
        defs.extend(accord_model::schema::model_defs());
    }
    schema
}
