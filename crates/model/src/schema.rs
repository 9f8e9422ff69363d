//! JSON Schema definitions of the model's types, shared by every published schema that
//! embeds them (the report, the decision record), so the shape of a finding is written once.

use serde_json::{Map, Value, json};

/// `$defs` entries for `class`, `bump`, `level`, `span`, `location`, `related`, `finding`,
/// `required_action` and `decision`, referring to each other as `#/$defs/NAME`.
///
/// Objects are closed (`additionalProperties: false`) so a renamed or added field fails
/// the schema tests instead of slipping into a public format unnoticed.
pub fn model_defs() -> Map<String, Value> {
    let strings = json!({ "type": "array", "items": { "type": "string" } });
    let defs = json!({
        "class": { "enum": ["SAFE", "RISKY", "BREAKING"] },
        "bump": { "enum": ["major", "minor", "patch", "none"] },
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
                "span": { "$ref": "#/$defs/span" },
                "revision": { "type": "string", "description": "The commit whose copy of `path` is meant (e.g. the base, for something removed); absent for the revision under review." }
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
        "required_action": {
            "type": "object",
            "additionalProperties": false,
            "required": ["condition", "action", "findings", "blocking"],
            "properties": {
                "condition": {
                    "type": "string",
                    "description": "migration_plan, consumers_updated, tests_updated, registry_bumped, deprecation_plan, review_notes, resolve_finding, approval_condition, document_justification, dependency_audited, traceability_reviewed or review_required."
                },
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
                "epic_reason": { "type": "string" },
                "required_reviewers": { "type": "array", "items": { "$ref": "#/$defs/required_reviewer" } }
            }
        },
        "required_reviewer": {
            "type": "object",
            "additionalProperties": false,
            "required": ["role", "reason", "candidates"],
            "properties": {
                "role": { "type": "string", "description": "architect, database owner, integration owner of …, maintainer of pack …" },
                "reason": { "type": "string" },
                "candidates": { "type": "array", "items": { "type": "string" } },
                "reviewed_by": { "type": "string" },
                "evidence": { "enum": ["approval", "pr_body"], "description": "approval: in the approvals file; pr_body: a Reviewed-by line the PR author wrote (a declaration, not proof)" }
            }
        }
    });
    match defs {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}
