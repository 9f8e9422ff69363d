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
    let class = json!({ "enum": ["SAFE", "RISKY", "BREAKING"] });
    let bump = json!({ "enum": ["major", "minor", "patch", "none"] });
    let strings = json!({ "type": "array", "items": { "type": "string" } });
    json!({
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
            "class": class,
            "bump": bump,
            "level": { "enum": ["note", "warning", "error"] },
            "span": {
                "type": "object",
                "description": "Byte range start..end in the file.",
                "additionalProperties": false,
                "required": ["start", "end"],
                "properties": {
                    "start": { "type": "integer", "minimum": 0 },
                    "end": { "type": "integer", "minimum": 0 }
                }
            },
            "location": {
                "type": "object",
                "additionalProperties": false,
                "required": ["path", "line", "column"],
                "properties": {
                    "path": { "type": "string", "description": "Repository-relative, `/` separators." },
                    "line": { "type": "integer", "minimum": 0, "description": "1-based; 0 means the whole file." },
                    "column": { "type": "integer", "minimum": 0, "description": "1-based, in characters; 0 when unknown." },
                    "span": { "$ref": "#/$defs/span" }
                }
            },
            "related": {
                "type": "object",
                "additionalProperties": false,
                "required": ["location", "message"],
                "properties": {
                    "location": { "$ref": "#/$defs/location" },
                    "message": { "type": "string" }
                }
            },
            "finding": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                    "rule", "class", "required_bump", "level", "message", "location", "related",
                    "contract", "impacted", "impacted_indirect", "fingerprint", "help"
                ],
                "properties": {
                    "rule": { "type": "string", "minLength": 1, "description": "Id of the rule (`accord explain RULE`)." },
                    "class": { "$ref": "#/$defs/class" },
                    "required_bump": { "$ref": "#/$defs/bump" },
                    "level": { "$ref": "#/$defs/level" },
                    "message": { "type": "string" },
                    "location": { "$ref": "#/$defs/location" },
                    "related": { "type": "array", "items": { "$ref": "#/$defs/related" } },
                    "contract": { "type": ["string", "null"], "description": "Contract name, without version." },
                    "impacted": strings.clone(),
                    "impacted_indirect": strings.clone(),
                    "fingerprint": {
                        "type": "string",
                        "pattern": "^[0-9a-f]{16}$",
                        "description": "Stable identity built from rule, contract and logical path; survives line moves."
                    },
                    "help": { "type": ["string", "null"] },
                    "logical_path": { "type": "string" }
                }
            },
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
            },
            "required_action": {
                "type": "object",
                "additionalProperties": false,
                "required": ["condition", "action", "findings", "blocking"],
                "properties": {
                    "condition": { "type": "string" },
                    "action": { "type": "string" },
                    "findings": { "type": "array", "items": { "type": "string" }, "description": "Fingerprints." },
                    "blocking": { "type": "boolean" }
                }
            },
            "decision": {
                "type": "object",
                "additionalProperties": false,
                "required": ["outcome", "reasons", "required_actions", "impacted_consumers", "epic_class", "epic_reason"],
                "properties": {
                    "outcome": { "enum": ["APPROVE", "APPROVE_WITH_CONDITIONS", "DENY"] },
                    "reasons": strings.clone(),
                    "required_actions": { "type": "array", "items": { "$ref": "#/$defs/required_action" } },
                    "impacted_consumers": strings,
                    "epic_class": { "enum": ["none", "pack-level", "integration", "system-level"] },
                    "epic_reason": { "type": "string" }
                }
            }
        }
    })
}
