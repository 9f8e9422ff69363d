use crate::conformance::context::ContractCtx;
use crate::conformance::fields;
use crate::doc;
use accord_model::contract::{Example, ExampleSource, Format, SchemaSpec};
use accord_model::{Finding, Location, Span};
use serde_json::Value;
use std::collections::BTreeMap;

accord_model::declare_rule! {
    /// ## What it does
    /// Validates every example a contract gives — `schema.example` (YAML/JSON text or
    /// structure), the `examples` of its JSON Schema (inline or in the schema file),
    /// `schema.examples` next to a schema file, and `interface.examples` (documents, or paths to YAML/JSON files
    /// relative to the contract file) — like an artifact: every `required_fields` entry
    /// must be present and the document must satisfy the contract's JSON Schema. Each
    /// problem is reported at the example's own line in the contract (or in the example
    /// file). Examples of `file` and `directory` contracts are checked whatever their
    /// status except `retired`; for a directory contract the example stands for its data
    /// file. Text examples are read as YAML (JSON when the format says JSON); examples of
    /// Markdown or SQL interfaces are not checked.
    ///
    /// ## Why is this bad?
    /// The example is what consumers copy and what reviewers read as the contract. An
    /// example that contradicts the contract's own required fields or schema documents a
    /// shape no conforming provider may produce.
    ///
    /// ## Example
    /// ```yaml
    /// required_fields:
    ///   - mind.slug: "Slug of the mind"
    /// schema:
    ///   example: |
    ///     mind:
    ///       name: Naval     # no `slug`
    /// ```
    ///
    /// ## How to fix
    /// Correct the example so that it is a valid artifact, or correct the contract if the
    /// example shows what providers really write.
    pub static CONFORMANCE_EXAMPLE_INVALID = {
        id: "conformance-example-invalid",
        group: "conformance",
        class: Breaking,
        bump: None,
        summary: "an example in a contract contradicts its required fields or JSON Schema",
    }
}

/// Where an example's nodes are, for findings.
enum Place<'a> {
    /// Written as YAML structure in the contract, under `pointer`.
    Structure { pointer: &'a str },
    /// Written as text inside a block scalar of the contract: node spans are in `text`;
    /// `first_line` and `indent` place its first line in the contract.
    Block {
        spans: BTreeMap<String, Span>,
        text: &'a str,
        first_line: u32,
        indent: u32,
        fallback: Location,
    },
    /// A file of its own, under `base` in it.
    File {
        rel: String,
        text: &'a str,
        spans: &'a BTreeMap<String, Span>,
        base: String,
    },
}

impl Place<'_> {
    fn at(&self, ctx: &ContractCtx<'_>, pointer: &str) -> Location {
        match self {
            Place::Structure { pointer: base } => {
                ctx.contract_location(ctx.contract.span_of(&format!("{base}{pointer}")))
            }
            Place::Block {
                spans,
                text,
                first_line,
                indent,
                fallback,
            } => {
                let span = doc::nearest(spans, pointer);
                if span == Span::default() && !pointer.is_empty() {
                    return fallback.clone();
                }
                let (line, column) = span.line_col(text);
                let mut loc = fallback.clone();
                loc.line = first_line + line.saturating_sub(1);
                loc.column = indent + column;
                loc.span = None;
                loc
            }
            Place::File {
                rel,
                text,
                spans,
                base,
            } => Location::from_span(
                rel.clone(),
                text,
                doc::nearest(spans, &format!("{base}{pointer}")),
            ),
        }
    }
}

/// The format example text is read in: the data file's for a directory contract.
fn format_of(ctx: &ContractCtx<'_>) -> Option<Format> {
    match &ctx.data_file {
        Some(data) => super::super::format_from_extension(data),
        None => ctx.format,
    }
}

pub(crate) fn check(ctx: &ContractCtx<'_>, out: &mut Vec<Finding>) {
    if let Some(SchemaSpec::File(rel)) = &ctx.contract.interface.schema
        && ctx.schema.is_some()
    {
        check_schema_file(ctx, rel, out);
    }
    for (n, example) in ctx.contract.interface.examples.iter().enumerate() {
        let name = format!("example #{} of contract {}", n + 1, ctx.contract.display());
        let here = ctx.contract_location(ctx.contract.span_of(&example.pointer));
        match &example.source {
            ExampleSource::Value(v) => {
                let place = Place::Structure {
                    pointer: &example.pointer,
                };
                validate(ctx, example, &name, v, &place, out);
            }
            ExampleSource::Text(text) => {
                let format = format_of(ctx);
                if matches!(format, Some(Format::Markdown | Format::Sql)) {
                    continue;
                }
                let parsed = if format == Some(Format::Json) {
                    doc::parse_json(text)
                } else {
                    doc::parse_yaml(text)
                };
                let (first_line, indent) = block_start(ctx, example);
                match parsed {
                    Err(e) => {
                        let place = Place::Block {
                            spans: BTreeMap::from([(String::new(), e.span())]),
                            text,
                            first_line,
                            indent,
                            fallback: here,
                        };
                        out.push(problem(
                            ctx,
                            example,
                            format!("{name} does not parse: {}", e.message),
                            place.at(ctx, ""),
                            "parse",
                        ));
                    }
                    Ok(document) => {
                        // Without a declared format, only structured text is a document.
                        if format.is_none() && !matches!(document.value, Value::Object(_)) {
                            continue;
                        }
                        let place = Place::Block {
                            spans: document.spans,
                            text,
                            first_line,
                            indent,
                            fallback: here.clone(),
                        };
                        validate(ctx, example, &name, &document.value, &place, out);
                    }
                }
            }
            ExampleSource::File(rel) => match read_file(ctx, rel) {
                Err(why) => out.push(problem(
                    ctx,
                    example,
                    format!("{name}: file `{rel}` {why}"),
                    here,
                    "file",
                )),
                Ok((repo_rel, text)) => {
                    let json = repo_rel.to_ascii_lowercase().ends_with(".json");
                    let parsed = if json {
                        doc::parse_json(&text)
                    } else {
                        doc::parse_yaml(&text)
                    };
                    match parsed {
                        Err(e) => out.push(problem(
                            ctx,
                            example,
                            format!("{name}: `{repo_rel}` does not parse: {e}"),
                            Location::from_span(repo_rel.clone(), &text, e.span()),
                            "parse",
                        )),
                        Ok(document) => {
                            let place = Place::File {
                                rel: repo_rel,
                                text: &text,
                                spans: &document.spans,
                                base: String::new(),
                            };
                            validate(ctx, example, &name, &document.value, &place, out);
                        }
                    }
                }
            },
        }
    }
}

/// The `examples` of a schema file, each validated like an example in the contract. A
/// schema file that cannot be read or parsed was reported when it was compiled.
fn check_schema_file(ctx: &ContractCtx<'_>, rel: &str, out: &mut Vec<Finding>) {
    let Ok((repo_rel, text)) = read_file(ctx, rel) else {
        return;
    };
    let parsed = if repo_rel.to_ascii_lowercase().ends_with(".json") {
        doc::parse_json(&text)
    } else {
        doc::parse_yaml(&text)
    };
    let Ok(document) = parsed else {
        return;
    };
    let Some(Value::Array(items)) = document.value.get("examples") else {
        return;
    };
    let pointer = if ctx
        .contract
        .spans
        .contains_key("/contract/interface/schema")
    {
        "/contract/interface/schema"
    } else {
        "/contract/schema"
    };
    for (i, value) in items.iter().enumerate() {
        let example = Example {
            source: ExampleSource::Value(value.clone()),
            pointer: pointer.to_string(),
        };
        let name = format!("example #{} of schema file `{repo_rel}`", i + 1);
        let place = Place::File {
            rel: repo_rel.clone(),
            text: &text,
            spans: &document.spans,
            base: format!("/examples/{i}"),
        };
        validate(ctx, &example, &name, value, &place, out);
    }
}

/// Line and indentation of the first content line of the block scalar at `example`.
fn block_start(ctx: &ContractCtx<'_>, example: &Example) -> (u32, u32) {
    let span = ctx.contract.span_of(&example.pointer);
    let Some(text) = ctx.text.as_deref() else {
        return (0, 0);
    };
    let (line, column) = span.line_col(text);
    let rest = text.get(span.start..).unwrap_or("");
    if !(rest.starts_with('|') || rest.starts_with('>')) {
        // A quoted or plain scalar: its lines are not the example's lines.
        return (line, column.saturating_sub(1));
    }
    for (i, l) in rest.lines().enumerate().skip(1) {
        if l.trim().is_empty() {
            continue;
        }
        let indent = l.chars().take_while(|c| *c == ' ').count() as u32;
        return (line + i as u32, indent);
    }
    (line, 0)
}

/// Reads an example file named relative to the contract file, inside the repository.
fn read_file(ctx: &ContractCtx<'_>, rel: &str) -> Result<(String, String), String> {
    let mut parts: Vec<&str> = ctx.contract.path.split('/').collect();
    parts.pop();
    if rel.starts_with('/') || rel.starts_with('\\') || rel.contains(':') {
        return Err("is not a path relative to the contract file; it was not read".into());
    }
    for seg in rel.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err("lies outside the repository; it was not read".into());
                }
            }
            s => parts.push(s),
        }
    }
    let repo_rel = parts.join("/");
    let root = accord_fs::Root::open(&ctx.root)
        .map_err(|e| format!("cannot be read: {e}"))?
        .with_limit(ctx.max_file_size);
    let text = root
        .read_to_string(&repo_rel)
        .map_err(|e| format!("cannot be read: {e}"))?;
    Ok((repo_rel, text))
}

fn problem(
    ctx: &ContractCtx<'_>,
    example: &Example,
    message: String,
    at: Location,
    what: &str,
) -> Finding {
    let requirement = ctx.contract.span_of(&example.pointer);
    ctx.finding(
        &CONFORMANCE_EXAMPLE_INVALID,
        message,
        at,
        requirement,
        format!("{}#{what}", example.pointer),
        "correct the example so that it is a valid artifact of the contract",
    )
}

fn validate(
    ctx: &ContractCtx<'_>,
    example: &Example,
    name: &str,
    value: &Value,
    place: &Place<'_>,
    out: &mut Vec<Finding>,
) {
    for (i, field) in ctx.contract.interface.required_fields.iter().enumerate() {
        let wanted = field.name.trim();
        if wanted.is_empty() {
            continue;
        }
        for missing in fields::missing(value, wanted) {
            let span = if field.span == Span::default() {
                ctx.span(&[&format!("/contract/interface/required_fields/{i}")])
            } else {
                field.span
            };
            out.push(ctx.finding(
                &CONFORMANCE_EXAMPLE_INVALID,
                format!("{name} lacks the required field `{}`", missing.path),
                place.at(ctx, &missing.parent),
                span,
                format!("{}#field:{}", example.pointer, missing.path),
                format!("add `{}` to the example", missing.path),
            ));
        }
    }
    let Some(validator) = &ctx.schema else {
        return;
    };
    if validator.is_valid(value) {
        return;
    }
    let schema_span = ctx.span(&["/contract/interface/schema", "/contract/schema"]);
    for error in validator.iter_errors(value) {
        let pointer = error.instance_path().as_str().to_string();
        let shown = if pointer.is_empty() { "/" } else { &pointer };
        out.push(ctx.finding(
            &CONFORMANCE_EXAMPLE_INVALID,
            format!(
                "{name} violates the JSON Schema at `{shown}`: {}",
                super::conformance_schema_violation::describe(&error)
            ),
            place.at(ctx, &pointer),
            schema_span,
            format!("{}#schema:{pointer}", example.pointer),
            "correct the example so that it matches the contract's JSON Schema",
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::conformance::testing::*;
    use accord_model::Finding;

    const PATH: &str = "contracts/etl-mmos-v1.0.0.yaml";

    /// Parses `text` as the contract at `PATH` (written into the repository too, so
    /// locations resolve to lines), then runs conformance.
    fn check(repo: &Repo, text: &str) -> Vec<Finding> {
        repo.write(PATH, text);
        let c = crate::parse_contract(PATH, text).expect("contract parses");
        let report = repo.check(&[c]);
        fired(&report, "conformance-example-invalid")
            .into_iter()
            .cloned()
            .collect()
    }

    const HEAD: &str = "contract:
  name: ETL → MMOS
  version: 1.0.0
  status: stable
  provider: ETL
  consumer: MMOS
  interface:
    type: file
    format: YAML
    location: out/{slug}/metadata.yaml
    required_fields:
      - mind.slug: slug
      - collected_at: date
";

    #[test]
    fn a_seed_style_example_missing_a_required_field_is_reported_at_its_line() {
        let repo = Repo::new();
        let text = format!(
            "{HEAD}  schema:
    example: |
      mind:
        name: Naval
      collected_at: \"2025-10-27\"
"
        );
        let found = check(&repo, &text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].message.contains("`mind.slug`"),
            "{}",
            found[0].message
        );
        // Line 17 holds the `mind` mapping the field belongs in; column 9 is its `name`.
        assert_eq!(found[0].location.path, PATH);
        assert_eq!((found[0].location.line, found[0].location.column), (17, 9));
    }

    #[test]
    fn an_example_that_satisfies_the_contract_is_silent() {
        let repo = Repo::new();
        let text = format!(
            "{HEAD}  schema:
    example: |
      mind:
        slug: naval
      collected_at: \"2025-10-27\"
"
        );
        assert!(check(&repo, &text).is_empty());
    }

    #[test]
    fn inline_json_schema_examples_are_validated_against_the_schema() {
        let repo = Repo::new();
        let text = format!(
            "{HEAD}    schema:
      type: object
      properties:
        mind:
          type: object
          properties:
            slug: {{type: string, pattern: \"^[a-z-]+$\"}}
        collected_at: {{type: string}}
      examples:
        - mind: {{slug: naval}}
          collected_at: \"2025-10-27\"
        - mind: {{slug: 42}}
          collected_at: \"2025-10-27\"
"
        );
        let found = check(&repo, &text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].message.contains("example #2") && found[0].message.contains("/mind/slug"),
            "{}",
            found[0].message
        );
        // The offending value, inside the second example.
        assert_eq!(found[0].location.line, 25);
    }

    #[test]
    fn an_example_file_is_read_relative_to_the_contract_and_reported_in_itself() {
        let repo = Repo::new();
        repo.write(
            "contracts/examples/metadata.yaml",
            "mind:\n  slug: naval\ncollected: yesterday\n",
        );
        let text = format!(
            "{HEAD}    examples:
      - examples/metadata.yaml
"
        );
        let found = check(&repo, &text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].message.contains("`collected_at`"));
        assert_eq!(found[0].location.path, "contracts/examples/metadata.yaml");
        assert_eq!(found[0].location.line, 1);
    }

    #[test]
    fn an_example_file_outside_the_repository_is_refused_unread() {
        let repo = Repo::new();
        let text = format!(
            "{HEAD}    examples:
      - ../../../etc/passwd.yaml
"
        );
        let found = check(&repo, &text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].message.contains("outside the repository"),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].location.path, PATH);
    }

    #[test]
    fn a_nonsense_example_fails_even_in_a_draft() {
        let repo = Repo::new();
        let text = format!(
            "{HEAD}  schema:
    example: |
      this is: [not, what, the contract describes
"
        )
        .replace("status: stable", "status: draft");
        let found = check(&repo, &text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].message.contains("does not parse"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn the_examples_of_a_schema_file_are_validated_in_the_file() {
        let repo = Repo::new();
        repo.write(
            "contracts/schemas/metadata.json",
            "{\n  \"type\": \"object\",\n  \"properties\": {\"collected_at\": {\"type\": \"string\"}},\n  \"examples\": [\n    {\"mind\": {\"slug\": \"a\"}, \"collected_at\": \"x\"},\n    {\"mind\": {\"slug\": \"b\"}, \"collected_at\": 7}\n  ]\n}\n",
        );
        let text = format!("{HEAD}    schema: schemas/metadata.json\n");
        let found = check(&repo, &text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].message.contains("example #2 of schema file"),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].location.path, "contracts/schemas/metadata.json");
        assert_eq!(found[0].location.line, 6);
    }

    #[test]
    fn a_schema_file_with_an_example_next_to_it_checks_the_example_against_the_file() {
        let repo = Repo::new();
        repo.write(
            "contracts/schemas/metadata.json",
            r#"{"properties": {"collected_at": {"type": "string", "format": "date"}}}"#,
        );
        let text = format!(
            "{HEAD}    schema:
      file: schemas/metadata.json
      example: |
        mind: {{slug: naval}}
        collected_at: 20251027
"
        );
        let c = crate::parse_contract(PATH, &text).expect("parses");
        assert!(matches!(
            c.interface.schema,
            Some(accord_model::contract::SchemaSpec::File(ref f)) if f == "schemas/metadata.json"
        ));
        let found = check(&repo, &text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].message.contains("/collected_at"),
            "{}",
            found[0].message
        );
        // `collected_at: 20251027` is the example's second line.
        assert_eq!(found[0].location.line, 18);
    }
}
