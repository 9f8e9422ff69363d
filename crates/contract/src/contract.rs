//! Contract files → [`Contract`], accepting every shape the seeds show.
//!
//! The two seeds disagree on details (where `breaking_changes_history` lives, whether
//! sections and fields are strings or objects, where `schema` sits); the parser accepts
//! all of them so that authors can copy either seed. Keys the model does not name are
//! kept in [`Contract::raw`]. A wrong *type* is an error with line and column; a wrong
//! *value* (unknown status, bad version) is left to the registry lint, which reports it
//! as a finding.

use crate::diagnostic::{Diagnostic, summarize};
use crate::doc::{Document, escape_token, parse_json, parse_yaml};
use accord_model::Span;
use accord_model::contract::{
    BackwardCompatibility, ColumnUse, ConstraintKind, ConstraintUse, Contract, Deprecation,
    Example, ExampleSource, Field, ForeignKeyUse, Format, HistoryEntry, IndexUse, Interface,
    InterfaceKind, SchemaSpec, Section, Status, TableUse,
};
use serde_json::Value;

/// A contract file that could not be read as a contract. Holds every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid contract {path}: {}", summarize(.diagnostics))]
pub struct ContractError {
    /// Repository-relative path of the file.
    pub path: String,
    /// Every problem, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses one contract file. `path` is repository-relative (it may name a git blob rather
/// than a file on disk); `.json` files are read as JSON, everything else as YAML.
///
/// ```
/// let c = accord_contract::parse_contract("contracts/mmos-creator-os-v1.0.0.yaml", r#"
/// contract:
///   name: "MMOS → CreatorOS Voice Integration"
///   version: "1.0.0"
///   status: stable
///   provider: MMOS
///   consumer: CreatorOS
///   interface:
///     format: "Markdown file"
///     location: "outputs/minds/{slug}/system_prompts/generalista.md"
///     required_sections:
///       - name: "Cognitive Patterns"
///         format: "Markdown heading level 2"
///   breaking_changes_history:
///     - version: "1.0.0"
///       date: "2025-10-27"
/// "#).unwrap();
/// assert_eq!(c.interface.required_sections[0].level, Some(2));
/// assert_eq!(c.history[0].version, "1.0.0");
/// assert_eq!(c.consumers, ["CreatorOS"]);
/// ```
pub fn parse_contract(path: &str, text: &str) -> Result<Contract, ContractError> {
    let is_json = path.to_ascii_lowercase().ends_with(".json");
    let parsed = if is_json {
        parse_json(text)
    } else {
        parse_yaml(text)
    };
    let doc = match parsed {
        Ok(doc) => doc,
        Err(e) => {
            let kind = if is_json { "JSON" } else { "YAML" };
            return Err(ContractError {
                path: path.to_string(),
                diagnostics: vec![Diagnostic::new(
                    path,
                    text,
                    e.span(),
                    format!("invalid {kind}: {}", e.message),
                    "here",
                )],
            });
        }
    };
    let mut p = P {
        path,
        text,
        doc: &doc,
        diags: Vec::new(),
    };
    let contract = p.contract();
    if p.diags.is_empty() {
        Ok(contract)
    } else {
        let mut diagnostics = p.diags;
        diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
        Err(ContractError {
            path: path.to_string(),
            diagnostics,
        })
    }
}

/// Extracts the heading level from free text such as "Markdown heading level 2", "h3"
/// or "##".
pub fn heading_level(format: &str) -> Option<u8> {
    let lower = format.to_ascii_lowercase();
    if let Some(i) = lower.find("level") {
        let digits: String = lower[i + 5..]
            .trim_start()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if let Ok(n) = digits.parse::<u8>()
            && (1..=6).contains(&n)
        {
            return Some(n);
        }
    }
    let trimmed = lower.trim_start();
    let hashes = trimmed.chars().take_while(|c| *c == '#').count();
    if (1..=6).contains(&hashes) && !trimmed[hashes..].starts_with('#') {
        return u8::try_from(hashes).ok();
    }
    lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .find_map(|w| match w {
            "h1" => Some(1),
            "h2" => Some(2),
            "h3" => Some(3),
            "h4" => Some(4),
            "h5" => Some(5),
            "h6" => Some(6),
            _ => None,
        })
}

struct P<'a> {
    path: &'a str,
    text: &'a str,
    doc: &'a Document,
    diags: Vec<Diagnostic>,
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

impl P<'_> {
    fn get(&self, ptr: &str) -> Option<&Value> {
        self.doc.value.pointer(ptr).filter(|v| !v.is_null())
    }

    /// The first of `ptrs` that holds a value.
    fn first(&self, ptrs: &[&str]) -> Option<String> {
        ptrs.iter()
            .find(|p| self.get(p).is_some())
            .map(|p| (*p).to_string())
    }

    fn span(&self, ptr: &str) -> Span {
        self.doc.span_of(ptr)
    }

    fn err(&mut self, ptr: &str, message: String, label: &str, help: Option<&str>) {
        let mut d = Diagnostic::new(self.path, self.text, self.span(ptr), message, label);
        d.help = help.map(str::to_string);
        self.diags.push(d);
    }

    fn wrong(&mut self, ptr: &str, expected: &str) {
        let found = self.get(ptr).map_or("nothing", kind_of);
        self.err(
            ptr,
            format!("`{}` must be {expected}, found {found}", logical(ptr)),
            &format!("expected {expected}"),
            None,
        );
    }

    /// A scalar as text: numbers and booleans are accepted (`version: 1.0`), collections are not.
    fn text(&mut self, ptr: &str) -> Option<String> {
        match self.get(ptr)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => {
                self.wrong(ptr, "a string");
                None
            }
        }
    }

    /// A privacy class; an unknown one is an error at its span (a typo must not make a
    /// SENSITIVE field public).
    fn privacy(&mut self, ptr: &str) -> Option<accord_model::contract::Privacy> {
        use accord_model::contract::Privacy;
        let text = self.text(ptr)?;
        let class = Privacy::parse(&text);
        if class.is_none() {
            let names: Vec<&str> = Privacy::ALL.iter().map(|p| p.name()).collect();
            let help = match crate::diagnostic::did_you_mean(&text.to_ascii_uppercase(), &names) {
                Some(guess) => format!("did you mean `{guess}`?"),
                None => format!("privacy classes are {}", names.join(", ")),
            };
            self.err(
                ptr,
                format!("unknown privacy class `{text}`"),
                "not a privacy class",
                Some(&help),
            );
        }
        class
    }

    fn required_text(&mut self, ptr: &str) -> String {
        if self.get(ptr).is_none() {
            let (parent, key) = ptr.rsplit_once('/').unwrap_or(("", ptr));
            let span = self.doc.key_span_of(parent);
            let d = Diagnostic::new(
                self.path,
                self.text,
                span,
                format!("`{}` is missing `{key}`", logical(parent)),
                "declared here",
            )
            .with_help(format!("add `{key}:` under `{}`", logical(parent)));
            self.diags.push(d);
            return String::new();
        }
        self.text(ptr).unwrap_or_default()
    }

    fn items(&mut self, ptr: &str) -> Vec<String> {
        match self.get(ptr) {
            None => Vec::new(),
            Some(Value::Array(a)) => (0..a.len()).map(|i| format!("{ptr}/{i}")).collect(),
            Some(_) => {
                self.wrong(ptr, "a list");
                Vec::new()
            }
        }
    }

    fn strings(&mut self, ptr: &str) -> Vec<String> {
        let items = self.items(ptr);
        items.iter().filter_map(|p| self.text(p)).collect()
    }

    /// `text` that also accepts a list (joined by lines) or a mapping (as JSON).
    fn prose(&mut self, ptr: &str) -> Option<String> {
        match self.get(ptr)? {
            Value::Array(a) => Some(
                a.iter()
                    .map(|v| match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            Value::Object(_) => self.get(ptr).map(Value::to_string),
            _ => self.text(ptr),
        }
    }

    fn is_object(&mut self, ptr: &str, expected: &str) -> bool {
        match self.get(ptr) {
            None => false,
            Some(Value::Object(_)) => true,
            Some(_) => {
                self.wrong(ptr, expected);
                false
            }
        }
    }

    fn contract(&mut self) -> Contract {
        let mut c = Contract {
            path: self.path.to_string(),
            spans: self.doc.spans.clone(),
            raw: self.doc.value.clone(),
            ..Contract::default()
        };
        if !matches!(self.doc.value, Value::Object(_)) {
            self.err(
                "",
                format!(
                    "a contract file must be a mapping with a top-level `contract:` key, found {}",
                    kind_of(&self.doc.value)
                ),
                "not a contract",
                Some("start the file with `contract:` (see seed 001 \"Contract Structure\")"),
            );
            return c;
        }
        if !self.is_object("/contract", "a mapping") {
            if self.get("/contract").is_none() {
                self.err(
                    "",
                    "the file has no top-level `contract:` mapping".to_string(),
                    "not a contract",
                    Some("start the file with `contract:` (see seed 001 \"Contract Structure\")"),
                );
            }
            return c;
        }
        c.name = self.required_text("/contract/name");
        c.version = self.required_text("/contract/version");
        c.status_text = self.text("/contract/status").unwrap_or_default();
        c.status = Status::parse(&c.status_text);
        c.provider = self.required_text("/contract/provider");
        c.consumers = self.consumers();
        c.interface = self.interface();
        if let Some(ptr) = self.first(&[
            "/contract/backward_compatibility",
            "/backward_compatibility",
        ]) && self.is_object(&ptr, "a mapping")
        {
            c.backward_compatibility = BackwardCompatibility {
                guarantees: self.strings(&format!("{ptr}/guarantees")),
                deprecation_policy: self.prose(&format!("{ptr}/deprecation_policy")),
            };
        }
        for ptr in [
            "/contract/breaking_changes_history",
            "/contract/versioning/breaking_changes_history",
            "/breaking_changes_history",
            "/versioning/breaking_changes_history",
        ] {
            for item in self.items(ptr) {
                if let Some(entry) = self.history_entry(&item) {
                    c.history.push(entry);
                }
            }
        }
        for ptr in ["/contract/versioning", "/versioning"] {
            if self.get(ptr).is_some() {
                self.is_object(ptr, "a mapping");
            }
        }
        if let Some(ptr) = self.first(&["/contract/versioning/current", "/versioning/current"]) {
            c.versioning_current = self.text(&ptr);
        }
        c.deprecation = self.deprecation();
        c.compatibility = self.text("/contract/compatibility");
        c.content_model = self.text("/contract/content_model");
        c.migration_plan = self.prose("/contract/migration_plan");
        c
    }

    fn consumers(&mut self) -> Vec<String> {
        let Some(ptr) = self.first(&["/contract/consumer", "/contract/consumers"]) else {
            self.required_text("/contract/consumer");
            return Vec::new();
        };
        match self.get(&ptr) {
            Some(Value::Array(_)) => self.strings(&ptr),
            _ => self.text(&ptr).into_iter().collect(),
        }
    }

    fn history_entry(&mut self, ptr: &str) -> Option<HistoryEntry> {
        if !self.is_object(ptr, "a mapping with `version`, `date` and `change`") {
            return None;
        }
        Some(HistoryEntry {
            version: self.required_text(&format!("{ptr}/version")),
            date: self.text(&format!("{ptr}/date")),
            change: self.prose(&format!("{ptr}/change")),
            span: self.span(ptr),
        })
    }

    fn deprecation(&mut self) -> Deprecation {
        let mut d = Deprecation::default();
        if self.is_object("/contract/deprecation", "a mapping") {
            d.replaced_by = self.text("/contract/deprecation/replaced_by");
            d.sunset = self.text("/contract/deprecation/sunset");
            d.window = self.text("/contract/deprecation/window");
        }
        if d.replaced_by.is_none() {
            d.replaced_by = self.text("/contract/replaced_by");
        }
        if d.sunset.is_none() {
            d.sunset = self.text("/contract/sunset");
        }
        if d.window.is_none() {
            d.window = self.text("/contract/deprecation_window");
        }
        d
    }

    fn interface(&mut self) -> Interface {
        let mut i = Interface::default();
        let base = "/contract/interface";
        if !self.is_object(base, "a mapping") {
            if let Some(ptr) = self.first(&["/contract/schema"]) {
                i.schema = self.schema(&ptr);
                i.examples = self.examples(&ptr, i.schema.as_ref());
            }
            return i;
        }
        let type_text = self.text(&format!("{base}/type"));
        i.kind = type_text.as_deref().and_then(InterfaceKind::parse);
        i.format_text = self.text(&format!("{base}/format"));
        i.format = i.format_text.as_deref().and_then(Format::detect);
        i.location = self.text(&format!("{base}/location"));
        i.encoding = self.text(&format!("{base}/encoding"));
        i.required_sections = self.sections(&format!("{base}/required_sections"));
        i.optional_sections = self.sections(&format!("{base}/optional_sections"));
        i.required_fields = self.fields(&format!("{base}/required_fields"));
        i.optional_fields = self.fields(&format!("{base}/optional_fields"));
        i.required_entries = self.strings(&format!("{base}/required_entries"));
        i.tables = self.tables(&format!("{base}/tables"));
        i.foreign_keys = self.foreign_keys(&format!("{base}/foreign_keys"));
        i.indexes = self.indexes(&format!("{base}/indexes"));
        i.constraints = self.constraints(&format!("{base}/constraints"));
        if let Some(ptr) = self.first(&[&format!("{base}/schema"), "/contract/schema"]) {
            i.schema = self.schema(&ptr);
            i.examples = self.examples(&ptr, i.schema.as_ref());
        }
        i.examples
            .extend(self.example_list(&format!("{base}/examples"), false));
        if type_text.is_none() {
            // The seed example names no type: infer it from what the interface describes.
            i.kind = if i.has_database_terms() || i.format == Some(Format::Sql) {
                Some(InterfaceKind::Database)
            } else if !i.required_entries.is_empty()
                || i.location.as_deref().is_some_and(|l| l.ends_with('/'))
            {
                Some(InterfaceKind::Directory)
            } else if i.location.is_some() {
                Some(InterfaceKind::File)
            } else {
                None
            };
        }
        i
    }

    fn sections(&mut self, ptr: &str) -> Vec<Section> {
        let mut out = Vec::new();
        for item in self.items(ptr) {
            let span = self.span(&item);
            match self.get(&item) {
                Some(Value::String(s)) => out.push(Section {
                    name: s.clone(),
                    span,
                    ..Section::default()
                }),
                Some(Value::Object(_)) => {
                    let format = self.text(&format!("{item}/format"));
                    out.push(Section {
                        name: self.required_text(&format!("{item}/name")),
                        level: format.as_deref().and_then(heading_level),
                        format,
                        content: self.prose(&format!("{item}/content")),
                        added_in: self.text(&format!("{item}/added_in")),
                        span,
                    });
                }
                _ => self.wrong(&item, "a section name or a mapping with `name`"),
            }
        }
        out
    }

    fn fields(&mut self, ptr: &str) -> Vec<Field> {
        let mut out = Vec::new();
        for item in self.items(ptr) {
            let span = self.span(&item);
            match self.get(&item).cloned() {
                Some(Value::String(s)) => out.push(Field {
                    name: s,
                    span,
                    ..Field::default()
                }),
                Some(Value::Object(map)) if map.contains_key("name") => {
                    out.push(Field {
                        name: self.required_text(&format!("{item}/name")),
                        description: self.prose(&format!("{item}/description")),
                        field_type: self.text(&format!("{item}/type")),
                        added_in: self.text(&format!("{item}/added_in")),
                        privacy: self.privacy(&format!("{item}/privacy")),
                        span,
                    });
                }
                // Seed 001 writes `- field_name: "description"`.
                Some(Value::Object(map)) if map.len() == 1 => {
                    if let Some(key) = map.keys().next() {
                        let p = format!("{item}/{}", escape_token(key));
                        out.push(Field {
                            name: key.clone(),
                            description: self.prose(&p),
                            span,
                            ..Field::default()
                        });
                    }
                }
                _ => self.wrong(
                    &item,
                    "a field name, `field: description`, or a mapping with `name`",
                ),
            }
        }
        out
    }

    fn tables(&mut self, ptr: &str) -> Vec<TableUse> {
        let mut out = Vec::new();
        for item in self.items(ptr) {
            let span = self.span(&item);
            match self.get(&item) {
                Some(Value::String(s)) => out.push(TableUse {
                    name: s.clone(),
                    columns: Vec::new(),
                    span,
                }),
                Some(Value::Object(_)) => {
                    let name = self.required_text(&format!("{item}/name"));
                    let mut columns = Vec::new();
                    for col in self.items(&format!("{item}/columns")) {
                        let cspan = self.span(&col);
                        match self.get(&col) {
                            Some(Value::String(s)) => columns.push(ColumnUse {
                                name: s.clone(),
                                privacy: None,
                                span: cspan,
                            }),
                            Some(Value::Object(_)) => columns.push(ColumnUse {
                                name: self.required_text(&format!("{col}/name")),
                                privacy: {
                                    let p = format!("{col}/privacy");
                                    self.privacy(&p);
                                    self.text(&p)
                                },
                                span: cspan,
                            }),
                            _ => self.wrong(&col, "a column name or a mapping with `name`"),
                        }
                    }
                    out.push(TableUse {
                        name,
                        columns,
                        span,
                    });
                }
                _ => self.wrong(&item, "a table name or a mapping with `name` and `columns`"),
            }
        }
        out
    }

    /// `columns: [a, b]`, or `column: a`; names lower-cased as the schema model keeps them.
    fn column_list(&mut self, item: &str) -> Vec<String> {
        let list = if self.get(&format!("{item}/columns")).is_some() {
            self.strings(&format!("{item}/columns"))
        } else {
            self.text(&format!("{item}/column")).into_iter().collect()
        };
        list.iter().map(|c| c.trim().to_ascii_lowercase()).collect()
    }

    fn lower(&mut self, ptr: &str) -> Option<String> {
        self.text(ptr).map(|t| t.trim().to_ascii_lowercase())
    }

    fn foreign_keys(&mut self, ptr: &str) -> Vec<ForeignKeyUse> {
        let mut out = Vec::new();
        for item in self.items(ptr) {
            if !self.is_object(&item, "a mapping with `table`, `columns` and `references`") {
                continue;
            }
            let references = format!("{item}/references");
            // `references: minds(id)` or `references: {table: minds, columns: [id]}`.
            let (table, referred) = match self.get(&references).cloned() {
                Some(Value::Object(_)) => (
                    self.required_text(&format!("{references}/table")),
                    self.column_list(&references),
                ),
                Some(_) => {
                    let text = self.text(&references).unwrap_or_default();
                    match text.split_once('(') {
                        Some((t, cols)) => (
                            t.to_string(),
                            cols.trim_end_matches(')')
                                .split(',')
                                .map(|c| c.trim().to_ascii_lowercase())
                                .filter(|c| !c.is_empty())
                                .collect(),
                        ),
                        None => (text, Vec::new()),
                    }
                }
                None => (self.required_text(&references), Vec::new()),
            };
            out.push(ForeignKeyUse {
                name: self.lower(&format!("{item}/name")),
                table: self
                    .required_text(&format!("{item}/table"))
                    .trim()
                    .to_ascii_lowercase(),
                columns: self.column_list(&item),
                references: table.trim().to_ascii_lowercase(),
                referred,
                span: self.span(&item),
            });
        }
        out
    }

    fn indexes(&mut self, ptr: &str) -> Vec<IndexUse> {
        let mut out = Vec::new();
        for item in self.items(ptr) {
            if !self.is_object(&item, "a mapping with `table` and `columns` (or `name`)") {
                continue;
            }
            let unique = match self.get(&format!("{item}/unique")) {
                None => false,
                Some(Value::Bool(b)) => *b,
                Some(_) => {
                    self.wrong(&format!("{item}/unique"), "true or false");
                    false
                }
            };
            out.push(IndexUse {
                name: self.lower(&format!("{item}/name")),
                table: self
                    .required_text(&format!("{item}/table"))
                    .trim()
                    .to_ascii_lowercase(),
                columns: self.column_list(&item),
                unique,
                predicate: self.text(&format!("{item}/where")),
                span: self.span(&item),
            });
        }
        out
    }

    fn constraints(&mut self, ptr: &str) -> Vec<ConstraintUse> {
        let mut out = Vec::new();
        for item in self.items(ptr) {
            if !self.is_object(&item, "a mapping with `type` and `table`") {
                continue;
            }
            let type_ptr = format!("{item}/type");
            let kind_text = self.required_text(&type_ptr);
            let Some(kind) = ConstraintKind::parse(&kind_text) else {
                if !kind_text.is_empty() {
                    self.err(
                        &type_ptr,
                        format!("unknown constraint type `{kind_text}`"),
                        "expected primary_key, unique, check or not_null",
                        None,
                    );
                }
                continue;
            };
            out.push(ConstraintUse {
                kind,
                name: self.lower(&format!("{item}/name")),
                table: self
                    .required_text(&format!("{item}/table"))
                    .trim()
                    .to_ascii_lowercase(),
                columns: self.column_list(&item),
                expression: self.text(&format!("{item}/check")),
                span: self.span(&item),
            });
        }
        out
    }

    fn schema(&mut self, ptr: &str) -> Option<SchemaSpec> {
        match self.get(ptr)?.clone() {
            Value::String(s) => {
                let lower = s.trim().to_ascii_lowercase();
                let is_path = !s.trim().contains('\n')
                    && [".json", ".yaml", ".yml"]
                        .iter()
                        .any(|e| lower.ends_with(e));
                Some(if is_path {
                    SchemaSpec::File(s.trim().to_string())
                } else {
                    SchemaSpec::Example(s)
                })
            }
            Value::Object(map) => {
                // `{file: x.json, example: ...}`: a schema file with its examples.
                for key in ["file", "path", "$ref"] {
                    if let Some(Value::String(s)) = map.get(key)
                        && map.len() > 1
                        && map
                            .keys()
                            .all(|k| k == key || k == "example" || k == "examples")
                    {
                        return Some(SchemaSpec::File(s.clone()));
                    }
                }
                if let Some(example) = map.get("example") {
                    return Some(SchemaSpec::Example(match example {
                        Value::String(s) => s.clone(),
                        other => serde_json::to_string_pretty(other).unwrap_or_default(),
                    }));
                }
                for key in ["file", "path", "$ref"] {
                    if let Some(Value::String(s)) = map.get(key)
                        && map.len() == 1
                    {
                        return Some(SchemaSpec::File(s.clone()));
                    }
                }
                let looks_like_schema = [
                    "$schema",
                    "type",
                    "properties",
                    "$ref",
                    "allOf",
                    "anyOf",
                    "oneOf",
                    "required",
                ]
                .iter()
                .any(|k| map.contains_key(*k));
                if looks_like_schema {
                    Some(SchemaSpec::Inline(Value::Object(map)))
                } else {
                    self.err(
                        ptr,
                        "`schema` is neither an example, a JSON Schema nor a path to one".to_string(),
                        "unrecognised schema",
                        Some("write `schema: {example: ...}`, an inline JSON Schema (with `type` or `properties`), or a path ending in .json/.yaml"),
                    );
                    None
                }
            }
            _ => {
                self.wrong(ptr, "an example, a JSON Schema or a path");
                None
            }
        }
    }
}

impl P<'_> {
    /// The examples given with the schema at `ptr`: its `example`, and its `examples`
    /// (values of an inline JSON Schema; paths or documents next to a schema file).
    fn examples(&mut self, ptr: &str, schema: Option<&SchemaSpec>) -> Vec<Example> {
        let mut out = Vec::new();
        let example = format!("{ptr}/example");
        match self.get(&example) {
            Some(Value::String(s)) => out.push(Example {
                source: ExampleSource::Text(s.clone()),
                pointer: example,
            }),
            Some(v @ (Value::Object(_) | Value::Array(_))) => out.push(Example {
                source: ExampleSource::Value(v.clone()),
                pointer: example,
            }),
            _ => {}
        }
        let inline = matches!(schema, Some(SchemaSpec::Inline(_)));
        out.extend(self.example_list(&format!("{ptr}/examples"), inline));
        out
    }

    /// A list of examples at `ptr`. `values`: every item is a document (the `examples`
    /// keyword of a JSON Schema); otherwise a one-line string ending in .json/.yaml/.yml
    /// is a path and other strings are YAML/JSON text.
    fn example_list(&mut self, ptr: &str, values: bool) -> Vec<Example> {
        let mut out = Vec::new();
        if !matches!(self.get(ptr), Some(Value::Array(_))) {
            return out;
        }
        for item in self.items(ptr) {
            let source = match self.get(&item) {
                Some(Value::String(s)) if !values => {
                    let lower = s.trim().to_ascii_lowercase();
                    if !s.trim().contains('\n')
                        && [".json", ".yaml", ".yml"]
                            .iter()
                            .any(|e| lower.ends_with(e))
                    {
                        ExampleSource::File(s.trim().to_string())
                    } else {
                        ExampleSource::Text(s.clone())
                    }
                }
                Some(v) => ExampleSource::Value(v.clone()),
                None => continue,
            };
            out.push(Example {
                source,
                pointer: item,
            });
        }
        out
    }
}

/// `/contract/interface/required_sections/0` → `contract.interface.required_sections[0]`.
pub fn logical(ptr: &str) -> String {
    let mut out = String::new();
    for token in ptr.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        if token.chars().all(|c| c.is_ascii_digit()) && !token.is_empty() {
            out.push_str(&format!("[{token}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&token);
        }
    }
    if out.is_empty() {
        "the document".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SEED_001: &str = r#"
contract:
  name: "Provider → Consumer Integration"
  version: "1.0.0"
  status: "experimental"
  provider: "InnerLens"
  consumer: "MMOS"

  interface:
    type: "file"
    format: "YAML"
    location: "outputs/minds/{slug}/analysis/psychometric-profile.yaml"
    encoding: "UTF-8"

    required_fields:
      - field_name: "description"
      - field_name2: "description"

    optional_fields:
      - field_name: "description"

  schema:
    example: |
      field1: value
      field2: value

  backward_compatibility:
    guarantees:
      - "What won't change"
    deprecation_policy: "How long before breaking changes"

  versioning:
    current: "1.0.0"
    breaking_changes_history:
      - version: "1.0.0"
        date: "2025-10-27"
        change: "Initial contract"
"#;

    #[test]
    fn database_contract_keys_indexes_and_constraints() {
        let text = r#"
contract:
  name: "Database → MMOS"
  version: "1.0.0"
  provider: Database
  consumer: MMOS
  interface:
    foreign_keys:
      - {table: Fragments, column: Mind_ID, references: "minds(id)"}
      - {table: fragments, columns: [a, b], references: {table: t, columns: [x, y]}, name: fk}
    indexes:
      - {name: frag_idx, table: fragments, columns: [mind_id], unique: true, where: "deleted_at IS NULL"}
    constraints:
      - {type: not null, table: minds, columns: [slug]}
      - {type: check, table: minds, check: "score >= 0"}
"#;
        let c = parse_contract("contracts/db-mmos-v1.0.0.yaml", text).unwrap();
        let i = &c.interface;
        assert_eq!(i.kind, Some(InterfaceKind::Database));
        assert_eq!(
            (i.foreign_keys[0].table.as_str(), &i.foreign_keys[0].columns),
            ("fragments", &vec!["mind_id".to_string()])
        );
        assert_eq!(i.foreign_keys[0].references, "minds");
        assert_eq!(i.foreign_keys[0].referred, ["id"]);
        assert_eq!(i.foreign_keys[1].referred, ["x", "y"]);
        assert_eq!(i.foreign_keys[1].name.as_deref(), Some("fk"));
        assert!(i.indexes[0].unique);
        assert_eq!(
            i.indexes[0].predicate.as_deref(),
            Some("deleted_at IS NULL")
        );
        assert_eq!(i.constraints[0].kind, ConstraintKind::NotNull);
        assert_eq!(i.constraints[1].expression.as_deref(), Some("score >= 0"));
        let s = i.indexes[0].span;
        assert!(text[s.start..s.end].contains("frag_idx"));

        let bad = text.replace("type: check", "type: foreign");
        let err = parse_contract("contracts/db-mmos-v1.0.0.yaml", &bad).unwrap_err();
        assert!(
            err.diagnostics[0]
                .message
                .contains("unknown constraint type `foreign`"),
            "{err}"
        );
    }

    #[test]
    fn seed_001_structure_parses() {
        let c = parse_contract("c/innerlens-mmos-v1.0.0.yaml", SEED_001).unwrap();
        assert_eq!(c.status, Some(Status::Experimental));
        assert_eq!(c.interface.kind, Some(InterfaceKind::File));
        assert_eq!(c.interface.format, Some(Format::Yaml));
        let names: Vec<&str> = c
            .interface
            .required_fields
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(names, ["field_name", "field_name2"]);
        assert_eq!(
            c.interface.required_fields[0].description.as_deref(),
            Some("description")
        );
        assert!(
            matches!(c.interface.schema, Some(SchemaSpec::Example(ref e)) if e.contains("field1"))
        );
        assert_eq!(c.backward_compatibility.guarantees, ["What won't change"]);
        assert_eq!(c.versioning_current.as_deref(), Some("1.0.0"));
        assert_eq!(c.history.len(), 1);
        assert_eq!(c.history[0].change.as_deref(), Some("Initial contract"));
        let s = c.span_of("/contract/interface/location");
        assert_eq!(
            &SEED_001[s.start..s.end],
            "\"outputs/minds/{slug}/analysis/psychometric-profile.yaml\""
        );
    }

    #[test]
    fn shapes_the_seeds_do_not_agree_on() {
        let text = r#"
contract:
  name: x
  version: 1.2
  provider: MMOS
  consumers: [CreatorOS, InnerLens]
  replaced_by: y
  interface:
    location: "outputs/minds/{slug}/sources/"
    required_sections: ["A", {name: B, format: "h3", added_in: "1.1.0"}]
    required_fields:
      - {name: big_five.openness, type: integer, description: "0-100"}
    schema: schemas/profile.json
breaking_changes_history:
  - version: "1.2"
"#;
        let c = parse_contract("x.yaml", text).unwrap();
        assert_eq!(c.version, "1.2");
        assert_eq!(c.consumers, ["CreatorOS", "InnerLens"]);
        assert_eq!(c.deprecation.replaced_by.as_deref(), Some("y"));
        assert_eq!(c.interface.kind, Some(InterfaceKind::Directory));
        assert_eq!(c.interface.required_sections[1].level, Some(3));
        assert_eq!(
            c.interface.required_sections[1].added_in.as_deref(),
            Some("1.1.0")
        );
        assert_eq!(
            c.interface.required_fields[0].field_type.as_deref(),
            Some("integer")
        );
        assert_eq!(
            c.interface.schema,
            Some(SchemaSpec::File("schemas/profile.json".into()))
        );
        assert_eq!(c.history[0].version, "1.2");
        assert_eq!(c.status, None);
    }

    #[test]
    fn fields_carry_privacy_classes_and_an_unknown_class_is_an_error_at_its_line() {
        let head = "contract:\n  name: x\n  version: \"1.0.0\"\n  provider: a\n  consumer: b\n  interface:\n    required_fields:\n";
        let c = parse_contract(
            "x.yaml",
            &format!("{head}      - {{name: email, privacy: sensitive}}\n      - {{name: slug}}\n"),
        )
        .unwrap();
        assert_eq!(
            c.interface.required_fields[0].privacy,
            Some(accord_model::contract::Privacy::Sensitive)
        );
        assert_eq!(c.interface.required_fields[1].privacy, None);
        let err = parse_contract(
            "x.yaml",
            &format!("{head}      - {{name: email, privacy: SENSITIV}}\n"),
        )
        .unwrap_err();
        let d = &err.diagnostics[0];
        assert_eq!(d.line, 8, "{d:?}");
        assert!(
            d.message.contains("unknown privacy class `SENSITIV`"),
            "{d:?}"
        );
        assert_eq!(d.help.as_deref(), Some("did you mean `SENSITIVE`?"));
        let err = parse_contract(
            "x.yaml",
            &format!("{head}    type: database\n    tables:\n      - {{name: t, columns: [{{name: c, privacy: SECRET}}]}}\n"),
        )
        .unwrap_err();
        assert!(err.diagnostics[0].message.contains("`SECRET`"), "{err:?}");
    }

    #[test]
    fn inline_json_schema_and_database_tables() {
        let text = r#"{"contract": {"name": "db", "version": "1.0.0", "provider": "MMOS", "consumer": "Database",
          "interface": {"type": "database", "tables": [{"name": "minds", "columns": ["slug", {"name": "email", "privacy": "PRIVATE"}]}],
          "schema": {"type": "object", "properties": {"a": {"type": "string"}}}}}}"#;
        let c = parse_contract("x.json", text).unwrap();
        assert_eq!(c.interface.kind, Some(InterfaceKind::Database));
        assert_eq!(
            c.interface.tables[0].columns[1].privacy.as_deref(),
            Some("PRIVATE")
        );
        assert!(matches!(c.interface.schema, Some(SchemaSpec::Inline(_))));
    }

    #[test]
    fn wrong_types_are_all_reported_with_positions() {
        let text = "contract:\n  name: x\n  version: \"1.0.0\"\n  provider: [a]\n  consumer: b\n  interface:\n    required_sections: \"A\"\n    required_fields:\n      - [x]\n";
        let err = parse_contract("x.yaml", text).unwrap_err();
        let at: Vec<(u32, u32)> = err.diagnostics.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(at, [(4, 13), (7, 24), (9, 9)], "{err}");
        assert!(
            err.diagnostics[0]
                .message
                .contains("`contract.provider` must be a string, found a list")
        );
    }

    #[test]
    fn missing_required_keys_and_not_a_contract() {
        let err = parse_contract("x.yaml", "contract:\n  name: x\n").unwrap_err();
        let msgs: Vec<&str> = err.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert!(
            msgs.iter().any(|m| m.contains("missing `version`")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter().any(|m| m.contains("missing `consumer`")),
            "{msgs:?}"
        );
        let err = parse_contract("x.yaml", "- a\n").unwrap_err();
        assert!(err.diagnostics[0].message.contains("top-level `contract:`"));
        let err = parse_contract("x.yaml", "a: [\n").unwrap_err();
        assert!(err.diagnostics[0].message.starts_with("invalid YAML"));
        assert!(parse_contract("x.yaml", "").is_err());
    }

    #[test]
    fn heading_levels() {
        assert_eq!(heading_level("Markdown heading level 2"), Some(2));
        assert_eq!(heading_level("## heading"), Some(2));
        assert_eq!(heading_level("an H3"), Some(3));
        assert_eq!(heading_level("YAML frontmatter or markdown section"), None);
        assert_eq!(heading_level("level 9"), None);
    }

    #[test]
    fn logical_paths() {
        assert_eq!(
            logical("/contract/interface/required_sections/0/name"),
            "contract.interface.required_sections[0].name"
        );
        assert_eq!(logical(""), "the document");
    }

    proptest! {
        #[test]
        fn contract_parser_never_panics(text in "\\PC{0,300}") {
            let _ = parse_contract("x.yaml", &text);
            let _ = parse_contract("x.json", &text);
        }

        #[test]
        fn contract_parser_never_panics_on_contract_like_text(
            body in "(  (name|version|provider|consumer|interface|required_sections|required_fields|schema|tables|columns|breaking_changes_history|deprecation): ?(\\[|\\{|-|x|1|\"a\"|\\n    - )?\\n){0,12}"
        ) {
            let _ = parse_contract("x.yaml", &format!("contract:\n{body}"));
        }
    }
}
