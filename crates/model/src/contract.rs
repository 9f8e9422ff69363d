//! Contract files (seed 000 "Contract Versioning", seed 001 "Contract Structure").

use crate::Span;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// Lifecycle states, in the only order a contract may move through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Proposed, not yet implemented. Conformance is not checked.
    Draft,
    /// Implemented, may change frequently.
    Experimental,
    /// Production-ready, follows semver.
    Stable,
    /// Scheduled for removal; names its replacement and window.
    Deprecated,
    /// No longer supported; must not be consumed.
    Retired,
}

impl Status {
    /// Every state, in lifecycle order.
    pub const ALL: [Status; 5] = [
        Status::Draft,
        Status::Experimental,
        Status::Stable,
        Status::Deprecated,
        Status::Retired,
    ];

    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Experimental => "experimental",
            Status::Stable => "stable",
            Status::Deprecated => "deprecated",
            Status::Retired => "retired",
        }
    }

    /// Parses a status, case-insensitively.
    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `interface.type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InterfaceKind {
    /// One file per `location` match.
    File,
    /// A directory per `location` match, with required entries.
    Directory,
    /// Tables and columns of the shared database.
    Database,
    /// A code API surface.
    Code,
}

impl InterfaceKind {
    /// Parses `file | directory | database | code`, case-insensitively.
    pub fn parse(text: &str) -> Option<InterfaceKind> {
        match text.trim().to_ascii_lowercase().as_str() {
            "file" => Some(InterfaceKind::File),
            "directory" | "dir" => Some(InterfaceKind::Directory),
            "database" | "db" => Some(InterfaceKind::Database),
            "code" => Some(InterfaceKind::Code),
            _ => None,
        }
    }

    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            InterfaceKind::File => "file",
            InterfaceKind::Directory => "directory",
            InterfaceKind::Database => "database",
            InterfaceKind::Code => "code",
        }
    }
}

/// The artifact format named by `interface.format` ("Markdown file", "YAML", …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// YAML documents.
    Yaml,
    /// JSON documents.
    Json,
    /// Markdown text.
    Markdown,
    /// SQL.
    Sql,
}

impl Format {
    /// Reads the format out of free text such as "Markdown file" or "YAML | JSON".
    /// Only the first recognised word counts.
    pub fn detect(text: &str) -> Option<Format> {
        text.split(|c: char| !c.is_ascii_alphanumeric())
            .find_map(|word| match word.to_ascii_lowercase().as_str() {
                "yaml" | "yml" => Some(Format::Yaml),
                "json" => Some(Format::Json),
                "markdown" | "md" => Some(Format::Markdown),
                "sql" | "sqlite" => Some(Format::Sql),
                _ => None,
            })
    }
}

/// A section of a Markdown artifact.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Section {
    /// Heading text.
    pub name: String,
    /// Free-text format, e.g. "Markdown heading level 2".
    pub format: Option<String>,
    /// Heading level parsed out of `format`, if it names one.
    pub level: Option<u8>,
    /// What the section holds.
    pub content: Option<String>,
    /// Contract version that introduced it.
    pub added_in: Option<String>,
    /// Where it is declared.
    pub span: Span,
}

/// A field of a YAML/JSON artifact; `name` may be a dotted path (`mind.slug`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Field {
    /// Dotted path.
    pub name: String,
    /// Free-text description.
    pub description: Option<String>,
    /// Declared type (`string`, `integer`, …), if any.
    pub field_type: Option<String>,
    /// Contract version that introduced it.
    pub added_in: Option<String>,
    /// Privacy class of the field's value (`privacy: SENSITIVE`), when declared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy: Option<Privacy>,
    /// Where it is declared.
    pub span: Span,
}

/// A privacy class (seed 001 "Data Privacy"), for database columns and artifact fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Privacy {
    /// Anyone may read it.
    Public,
    /// Internal to the system.
    Private,
    /// Personal data whose exposure harms the person (psychometrics, contact data).
    Sensitive,
    /// Health data.
    Clinical,
}

impl Privacy {
    /// Every class, least protected first.
    pub const ALL: [Privacy; 4] = [
        Privacy::Public,
        Privacy::Private,
        Privacy::Sensitive,
        Privacy::Clinical,
    ];

    /// The class as written in contracts.
    pub fn name(self) -> &'static str {
        match self {
            Privacy::Public => "PUBLIC",
            Privacy::Private => "PRIVATE",
            Privacy::Sensitive => "SENSITIVE",
            Privacy::Clinical => "CLINICAL",
        }
    }

    /// Parses a class; case and surrounding spaces are ignored, as for column classes.
    pub fn parse(text: &str) -> Option<Privacy> {
        let t = text.trim();
        Privacy::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(t))
    }

    /// SENSITIVE and CLINICAL data must not leave through published outputs.
    pub fn is_protected(self) -> bool {
        matches!(self, Privacy::Sensitive | Privacy::Clinical)
    }
}

/// `interface.schema` (or top-level `schema`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "lowercase")]
pub enum SchemaSpec {
    /// An example document (`schema.example`): documentation, not enforced.
    Example(String),
    /// An inline JSON Schema.
    Inline(serde_json::Value),
    /// A path to a JSON Schema file, relative to the contract file.
    File(String),
}

/// A sample document a contract gives for its artifacts: `schema.example`, the
/// `examples` of an inline JSON Schema, `schema.examples` next to a schema file, or
/// `interface.examples`. Validated like an artifact (required fields, JSON Schema).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// The document.
    pub source: ExampleSource,
    /// JSON pointer of the example in the contract file.
    pub pointer: String,
}

/// Where an example's document is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "lowercase")]
pub enum ExampleSource {
    /// YAML or JSON text written in the contract (`example: |`).
    Text(String),
    /// A document written as YAML structure in the contract.
    Value(serde_json::Value),
    /// A path to a YAML/JSON file, relative to the contract file.
    File(String),
}

/// A table a database contract's consumer reads, with the columns it relies on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TableUse {
    /// Table name.
    pub name: String,
    /// Columns read, with an optional privacy class each.
    pub columns: Vec<ColumnUse>,
    /// Where it is declared.
    pub span: Span,
}

/// A column a database contract's consumer reads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ColumnUse {
    /// Column name.
    pub name: String,
    /// PUBLIC, PRIVATE, SENSITIVE or CLINICAL (seed 001 "Data Privacy").
    pub privacy: Option<String>,
    /// Where it is declared.
    pub span: Span,
}

/// A foreign key a database contract's consumers rely on (`interface.foreign_keys`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ForeignKeyUse {
    /// Constraint name, when the contract pins one.
    pub name: Option<String>,
    /// Referencing table.
    pub table: String,
    /// Referencing columns.
    pub columns: Vec<String>,
    /// Referenced table.
    pub references: String,
    /// Referenced columns; empty means the referenced table's primary key.
    pub referred: Vec<String>,
    /// Where it is declared.
    pub span: Span,
}

/// An index a database contract's consumers rely on (`interface.indexes`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IndexUse {
    /// Index name, when the contract pins one.
    pub name: Option<String>,
    /// Table.
    pub table: String,
    /// Columns (or expressions), in order.
    pub columns: Vec<String>,
    /// The index must be UNIQUE.
    pub unique: bool,
    /// `where`: the predicate of a partial index, when it must be partial.
    pub predicate: Option<String>,
    /// Where it is declared.
    pub span: Span,
}

/// Kinds of table constraint a database contract can promise.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConstraintKind {
    /// `PRIMARY KEY (columns)`.
    PrimaryKey,
    /// `UNIQUE (columns)`, by constraint or unique index.
    #[default]
    Unique,
    /// `CHECK (expression)`.
    Check,
    /// Every listed column is `NOT NULL`.
    NotNull,
}

impl ConstraintKind {
    /// Parses `primary_key | unique | check | not_null` (spaces, dashes and case ignored).
    pub fn parse(text: &str) -> Option<ConstraintKind> {
        match text
            .trim()
            .to_ascii_lowercase()
            .replace([' ', '-'], "_")
            .as_str()
        {
            "primary_key" | "pk" => Some(ConstraintKind::PrimaryKey),
            "unique" => Some(ConstraintKind::Unique),
            "check" => Some(ConstraintKind::Check),
            "not_null" => Some(ConstraintKind::NotNull),
            _ => None,
        }
    }

    /// The SQL spelling, for messages.
    pub fn as_sql(self) -> &'static str {
        match self {
            ConstraintKind::PrimaryKey => "PRIMARY KEY",
            ConstraintKind::Unique => "UNIQUE",
            ConstraintKind::Check => "CHECK",
            ConstraintKind::NotNull => "NOT NULL",
        }
    }
}

/// A constraint a database contract's consumers rely on (`interface.constraints`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ConstraintUse {
    /// Which constraint.
    pub kind: ConstraintKind,
    /// Constraint name, when the contract pins one.
    pub name: Option<String>,
    /// Table.
    pub table: String,
    /// Columns it covers (PRIMARY KEY, UNIQUE, NOT NULL).
    pub columns: Vec<String>,
    /// The condition of a CHECK, when the contract pins it.
    pub expression: Option<String>,
    /// Where it is declared.
    pub span: Span,
}

/// `interface`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Interface {
    /// `interface.type`, if it parsed.
    pub kind: Option<InterfaceKind>,
    /// The raw `interface.format` text.
    pub format_text: Option<String>,
    /// The format detected from it.
    pub format: Option<Format>,
    /// Location pattern with `{placeholder}` segments.
    pub location: Option<String>,
    /// Declared encoding (`UTF-8`).
    pub encoding: Option<String>,
    /// Sections that must exist (Markdown).
    pub required_sections: Vec<Section>,
    /// Sections that may exist.
    pub optional_sections: Vec<Section>,
    /// Fields that must exist (YAML/JSON).
    pub required_fields: Vec<Field>,
    /// Fields that may exist.
    pub optional_fields: Vec<Field>,
    /// Entries that must exist in a `directory` interface.
    pub required_entries: Vec<String>,
    /// Schema, if any.
    pub schema: Option<SchemaSpec>,
    /// Sample documents, in the order written.
    pub examples: Vec<Example>,
    /// Tables read through a `database` interface.
    pub tables: Vec<TableUse>,
    /// Foreign keys consumers of a `database` interface rely on.
    pub foreign_keys: Vec<ForeignKeyUse>,
    /// Indexes consumers of a `database` interface rely on.
    pub indexes: Vec<IndexUse>,
    /// Constraints consumers of a `database` interface rely on.
    pub constraints: Vec<ConstraintUse>,
}

impl Interface {
    /// True when the interface lists any table, key, index or constraint.
    pub fn has_database_terms(&self) -> bool {
        !self.tables.is_empty()
            || !self.foreign_keys.is_empty()
            || !self.indexes.is_empty()
            || !self.constraints.is_empty()
    }
}

/// `backward_compatibility`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BackwardCompatibility {
    /// Promises to consumers.
    pub guarantees: Vec<String>,
    /// How long before breaking changes.
    pub deprecation_policy: Option<String>,
}

/// One entry of `breaking_changes_history` (either placement the seeds show).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    /// Version the entry describes.
    pub version: String,
    /// ISO date.
    pub date: Option<String>,
    /// What changed.
    pub change: Option<String>,
    /// Where it is declared.
    pub span: Span,
}

/// Deprecation details of a deprecated contract.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Deprecation {
    /// Contract (name or file) that replaces this one.
    pub replaced_by: Option<String>,
    /// ISO date after which the contract may be retired.
    pub sunset: Option<String>,
    /// Free-text window ("2 releases", "3 months").
    pub window: Option<String>,
}

/// A parsed contract file.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Contract {
    /// Repository-relative path of the contract file.
    pub path: String,
    /// `contract.name`.
    pub name: String,
    /// `contract.version` as written.
    pub version: String,
    /// `contract.status` as written.
    pub status_text: String,
    /// The status, if it is a lifecycle state.
    pub status: Option<Status>,
    /// `contract.provider`.
    pub provider: String,
    /// `contract.consumer`: one pack or a list.
    pub consumers: Vec<String>,
    /// `contract.interface`.
    pub interface: Interface,
    /// `contract.backward_compatibility`.
    pub backward_compatibility: BackwardCompatibility,
    /// `breaking_changes_history`, wherever it was placed.
    pub history: Vec<HistoryEntry>,
    /// `versioning.current`, when given.
    pub versioning_current: Option<String>,
    /// Deprecation details.
    pub deprecation: Deprecation,
    /// Compatibility mode for schema evolution (BACKWARD, FORWARD, FULL, `*_TRANSITIVE`, NONE).
    pub compatibility: Option<String>,
    /// `strict` or `lenient` content model for schema evolution.
    pub content_model: Option<String>,
    /// A migration plan for consumers, when the change needs one.
    pub migration_plan: Option<String>,
    /// Spans of every node, keyed by JSON pointer (`/contract/interface/location`).
    pub spans: BTreeMap<String, Span>,
    /// The whole document, for rules that compare fields this model does not name.
    pub raw: serde_json::Value,
}

impl Contract {
    /// `name vVERSION`, as used in messages.
    pub fn display(&self) -> String {
        format!("{} v{}", self.name, self.version)
    }

    /// The identity that pairs a contract across revisions: provider, consumers and name.
    pub fn identity(&self) -> String {
        let mut consumers: Vec<String> = self
            .consumers
            .iter()
            .map(|c| crate::manifest::normalize_pack_name(c))
            .collect();
        consumers.sort();
        format!(
            "{}->{}:{}",
            crate::manifest::normalize_pack_name(&self.provider),
            consumers.join(","),
            self.name.trim()
        )
    }

    /// The span of the node at `pointer`, or of its nearest ancestor that has one.
    pub fn span_of(&self, pointer: &str) -> Span {
        let mut p = pointer;
        loop {
            if let Some(span) = self.spans.get(p) {
                return *span;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return Span::default(),
            }
        }
    }
}
