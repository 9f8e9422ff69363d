//! Command-line flags a program declares, read from its source without compiling it: Rust
//! clap (derive, and builder chains), Python argparse and click, TypeScript/JavaScript
//! commander and yargs. A flag is named by its command path and spelling
//! (`accord check --base`), so the same flag at two revisions has the same name and a
//! renamed flag is one removed and one added.
//!
//! ```
//! use accord_surface::cli_flags::cli_flags;
//!
//! let src = r#"
//! #[derive(clap::Parser)]
//! struct Cli {
//!     /// Deprecated: use --base.
//!     #[arg(long)]
//!     base_rev: Option<String>,
//! }
//! "#;
//! let (flags, problems) = cli_flags("tool", &[("src/cli.rs", src)]);
//! assert!(problems.is_empty());
//! assert_eq!(flags[0].id, "tool --base-rev");
//! assert!(flags[0].deprecated);
//! ```
//!
//! A pack names its CLI sources in `accord.toml` ([`cli_entry`]):
//!
//! ```toml
//! [packs.tool.cli]
//! command = "accord"                      # the program's name in flag names; default: the pack
//! files = ["crates/cli/src/cli.rs"]       # sources declaring the flags, from the repository root
//! ```
//!
//! What is read is what the source spells literally. Not read: a flag spelled by a constant
//! or built at run time, click's `group.add_command(cmd)` (such a command is read as its own
//! program), argparse `parents=[...]`, typer, commander's `addCommand`/`new Option(...)`, and
//! clap types declared in files the table does not list. Each is missed the same way at every
//! revision, so it hides a removal rather than inventing one.
//!
//! A subcommand is an entry too (`accord check`, [`CliFlag::command`]), so removing a whole
//! subcommand can be reported once rather than flag by flag. A file that does not parse is a
//! [`CliProblem`] with its line and column; its flags are unknown, never "none".

use crate::SurfaceError;
use crate::imports::{SourceKind, parse_tree, preorder};
use accord_model::manifest::Pack;
use proc_macro2::{Delimiter, TokenStream, TokenTree};
use std::collections::{BTreeMap, HashMap, HashSet};
use tree_sitter::Node;

/// One spelling of a flag (or one subcommand) of a program.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CliFlag {
    /// The program, its subcommands and the spelling: `accord check --base`, `-b`; for a
    /// subcommand, its path alone (`accord check`).
    pub id: String,
    /// A subcommand rather than a flag.
    pub command: bool,
    /// Marked deprecated: the library's own marker (`deprecated=True`, yargs `deprecated`),
    /// `#[deprecated]`, or help or doc text with the word "deprecated".
    pub deprecated: bool,
    /// The file declaring it.
    pub path: String,
    /// 1-based line of the declaration.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

/// A source file whose flags cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliProblem {
    /// The file.
    pub path: String,
    /// 1-based line (0 when unknown).
    pub line: u32,
    /// 1-based column (0 when unknown).
    pub column: u32,
    /// What is wrong.
    pub message: String,
}

/// A pack's `[packs.NAME.cli]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliEntry {
    /// The pack name.
    pub pack: String,
    /// The program's name, first in every flag's name.
    pub command: String,
    /// The source files declaring the flags, relative to the repository root.
    pub files: Vec<String>,
}

/// The keys of `[packs.NAME.cli]`.
const CLI_KEYS: &[&str] = &["command", "files"];

/// Reads `[packs.NAME.cli]` from a pack; `Ok(None)` when the pack declares no CLI. Errors
/// carry the line and column of the bad value in `manifest_text`.
pub fn cli_entry(
    pack: &Pack,
    manifest_path: &str,
    manifest_text: &str,
) -> Result<Option<CliEntry>, SurfaceError> {
    let Some(section) = pack.sections.get("cli") else {
        return Ok(None);
    };
    let bad = |pointer: &str, message: String| {
        let (line, column) = if manifest_text.is_empty() {
            (0, 0)
        } else {
            section.span_of(pointer).line_col(manifest_text)
        };
        SurfaceError::Manifest {
            path: std::path::PathBuf::from(manifest_path),
            line,
            column,
            message,
        }
    };
    let v = &section.value;
    let name = &pack.name;
    let Some(table) = v.as_object() else {
        return Err(bad("", format!("packs.{name}.cli must be a table")));
    };
    if let Some(unknown) = table.keys().find(|k| !CLI_KEYS.contains(&k.as_str())) {
        return Err(bad(
            &format!("/{}", unknown.replace('~', "~0").replace('/', "~1")),
            format!(
                "unknown key `packs.{name}.cli.{unknown}`; expected one of {}",
                CLI_KEYS.join(", ")
            ),
        ));
    }
    let command = match table.get("command") {
        None => name.clone(),
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(other) => {
            return Err(bad(
                "/command",
                format!("packs.{name}.cli.command must be a program name, not {other}"),
            ));
        }
    };
    let files: Vec<String> = match table.get("files") {
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        Some(serde_json::Value::Array(a)) if a.iter().all(|x| x.is_string()) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        None => {
            return Err(bad(
                "",
                format!("packs.{name}.cli needs `files`: the sources declaring the flags"),
            ));
        }
        Some(other) => {
            return Err(bad(
                "/files",
                format!("packs.{name}.cli.files must be a path or a list of paths, not {other}"),
            ));
        }
    };
    // The manifest is written by the change under review: its sources live in the repository.
    if let Some(outside) = files.iter().find(|f| !accord_fs::is_confined(f)) {
        return Err(bad(
            "/files",
            format!(
                "packs.{name}.cli.files `{outside}` is outside the repository; give a path relative to the repository root without `..`"
            ),
        ));
    }
    if let Some(unknown) = files.iter().find(|f| SourceKind::of(f).is_none()) {
        return Err(bad(
            "/files",
            format!(
                "packs.{name}.cli.files `{unknown}` is not a Rust, Python, TypeScript or JavaScript file"
            ),
        ));
    }
    Ok(Some(CliEntry {
        pack: name.clone(),
        command,
        files,
    }))
}

/// Deeper nesting than this is refused before parsing, so a hostile file cannot overflow a
/// parser's stack.
const MAX_NESTING: usize = 256;
/// Subcommands nested deeper than this are not followed (a type flattening itself).
const MAX_DEPTH: usize = 32;

/// The flags declared by `sources` (`(path, text)`; the language is read from the path's
/// extension, other files are ignored), under the program name `program`. Rust types are
/// resolved across all the files, so a subcommand's arguments may live in another file.
/// Sorted by id; a spelling declared twice is kept once (deprecated if either says so).
pub fn cli_flags(program: &str, sources: &[(&str, &str)]) -> (Vec<CliFlag>, Vec<CliProblem>) {
    let mut flags = Vec::new();
    let mut problems = Vec::new();
    let mut rust = RustTypes::default();
    for (path, text) in sources {
        let Some(kind) = SourceKind::of(path) else {
            continue;
        };
        if let Some((line, column)) = crate::too_deep(text, MAX_NESTING) {
            problems.push(CliProblem {
                path: path.to_string(),
                line,
                column,
                message: format!("nested more than {MAX_NESTING} brackets deep; not parsed"),
            });
            continue;
        }
        let result = match kind {
            SourceKind::Rust => match syn::parse_file(text) {
                Ok(file) => {
                    rust.collect(path, &file.items, program, &mut flags);
                    Ok(())
                }
                Err(e) => {
                    let at = e.span().start();
                    // "unexpected end of input" has no span of its own: it is at the end.
                    let (line, column) = if at.line == 0 {
                        (text.lines().count().max(1) as u32, 1)
                    } else {
                        (at.line as u32, at.column as u32 + 1)
                    };
                    Err((line, column, e.to_string()))
                }
            },
            _ => tree_flags(kind, path, text, program, &mut flags),
        };
        if let Err((line, column, message)) = result {
            problems.push(CliProblem {
                path: path.to_string(),
                line,
                column,
                message,
            });
        }
    }
    rust.walk(program, &mut flags);
    let mut by_id: BTreeMap<String, CliFlag> = BTreeMap::new();
    for f in flags {
        match by_id.get_mut(&f.id) {
            Some(seen) => seen.deprecated |= f.deprecated,
            None => {
                by_id.insert(f.id.clone(), f);
            }
        }
    }
    (by_id.into_values().collect(), problems)
}

/// Whether `text` holds the word "deprecated", in any case.
pub fn says_deprecated(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let word = "deprecated";
    lower.match_indices(word).any(|(i, _)| {
        let before = lower[..i].chars().next_back();
        let after = lower[i + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// clap's default name for a field or variant: kebab case (`base_rev`, `BaseRev` →
/// `base-rev`; `HTTPServer` → `http-server`).
pub fn kebab_case(name: &str) -> String {
    let name = name.strip_prefix("r#").unwrap_or(name);
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' || c == '-' {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            continue;
        }
        if c.is_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if (prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower))
                && !out.ends_with('-')
                && !out.is_empty()
            {
                out.push('-');
            }
        }
        out.extend(c.to_lowercase());
    }
    out.trim_end_matches('-').to_string()
}

/// A name spelled by clap's `rename_all` rule (kebab case when there is none).
fn rename(ident: &str, rule: Option<&str>) -> String {
    let ident = ident.strip_prefix("r#").unwrap_or(ident);
    let words: Vec<String> = kebab_case(ident).split('-').map(str::to_string).collect();
    let capitalized = |w: &String| {
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect::<String>())
            .unwrap_or_default()
    };
    match rule.unwrap_or("kebab-case") {
        "snake_case" | "snake" => words.join("_"),
        "SCREAMING_SNAKE_CASE" | "SCREAMING_SNAKE" => words.join("_").to_uppercase(),
        "camelCase" | "camel" => words
            .iter()
            .enumerate()
            .map(|(i, w)| if i == 0 { w.clone() } else { capitalized(w) })
            .collect(),
        "PascalCase" | "pascal" => words.iter().map(capitalized).collect(),
        "lower" | "lowercase" => words.concat(),
        "UPPER" | "UPPERCASE" => words.concat().to_uppercase(),
        "verbatim" | "verbatimcase" => ident.to_string(),
        _ => words.join("-"),
    }
}

fn join(path: &[String], last: &str) -> String {
    let mut s = path.join(" ");
    if !s.is_empty() {
        s.push(' ');
    }
    s.push_str(last);
    s
}

// ---------------------------------------------------------------------------------------
// Rust: clap derive and builder.

/// One `key` or `key = value` of `#[arg(...)]`, `#[clap(...)]`, `#[command(...)]`.
struct AttrArg {
    key: String,
    value: Option<TokenStream>,
}

/// Splits an attribute's tokens at top-level commas.
fn attr_args(tokens: TokenStream) -> Vec<AttrArg> {
    let mut out = Vec::new();
    let mut chunk: Vec<TokenTree> = Vec::new();
    let mut flush = |chunk: &mut Vec<TokenTree>| {
        let mut it = chunk.drain(..);
        let Some(TokenTree::Ident(key)) = it.next() else {
            return;
        };
        let value = match it.next() {
            Some(TokenTree::Punct(p)) if p.as_char() == '=' => Some(it.collect::<TokenStream>()),
            _ => None,
        };
        out.push(AttrArg {
            key: key.to_string(),
            value,
        });
    };
    for tt in tokens {
        match &tt {
            TokenTree::Punct(p) if p.as_char() == ',' => flush(&mut chunk),
            _ => chunk.push(tt),
        }
    }
    flush(&mut chunk);
    out
}

/// String and char literals in `tokens` (one level of brackets deep: `["a", "b"]`).
fn literals(tokens: &TokenStream) -> Vec<String> {
    let mut out = Vec::new();
    for tt in tokens.clone() {
        match tt {
            TokenTree::Literal(l) => {
                if let Ok(lit) = syn::parse2::<syn::Lit>(TokenTree::Literal(l).into()) {
                    match lit {
                        syn::Lit::Str(s) => out.push(s.value()),
                        syn::Lit::Char(c) => out.push(c.value().to_string()),
                        _ => {}
                    }
                }
            }
            TokenTree::Group(g) if g.delimiter() == Delimiter::Bracket => {
                out.extend(literals(&g.stream()));
            }
            _ => {}
        }
    }
    out
}

/// What clap's attributes and the doc comment say about a field or a variant.
#[derive(Default)]
struct ArgAttrs {
    long: Vec<Option<String>>,
    short: Vec<Option<String>>,
    flatten: bool,
    subcommand: bool,
    name: Option<String>,
    rename_all: Option<String>,
    deprecated: bool,
    derives: Vec<String>,
}

fn arg_attrs(attrs: &[syn::Attribute]) -> ArgAttrs {
    let mut a = ArgAttrs::default();
    for attr in attrs {
        let Some(ident) = attr.path().get_ident() else {
            continue;
        };
        let ident = ident.to_string();
        match (ident.as_str(), &attr.meta) {
            ("deprecated", _) => a.deprecated = true,
            ("doc", syn::Meta::NameValue(nv)) => {
                if let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) = &nv.value
                    && says_deprecated(&s.value())
                {
                    a.deprecated = true;
                }
            }
            ("derive", syn::Meta::List(list)) => {
                for tt in list.tokens.clone() {
                    if let TokenTree::Ident(i) = tt {
                        a.derives.push(i.to_string());
                    }
                }
            }
            ("arg" | "clap" | "command" | "structopt", syn::Meta::List(list)) => {
                for arg in attr_args(list.tokens.clone()) {
                    let lits = arg.value.as_ref().map(literals).unwrap_or_default();
                    match arg.key.as_str() {
                        "long" => a.long.push(lits.into_iter().next()),
                        "short" => a.short.push(lits.into_iter().next()),
                        "alias" | "visible_alias" | "aliases" | "visible_aliases" => {
                            a.long.extend(lits.into_iter().map(Some));
                        }
                        "short_alias"
                        | "visible_short_alias"
                        | "short_aliases"
                        | "visible_short_aliases" => {
                            a.short.extend(lits.into_iter().map(Some));
                        }
                        "flatten" => a.flatten = true,
                        "subcommand" => a.subcommand = true,
                        "name" => a.name = lits.into_iter().next(),
                        "rename_all" => a.rename_all = lits.into_iter().next(),
                        "help" | "long_help" | "about" | "long_about"
                            if lits.iter().any(|l| says_deprecated(l)) =>
                        {
                            a.deprecated = true;
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    a
}

/// The type a field names, unwrapped from `Option`, `Box` and `Vec`: `Option<Command>` →
/// `Command`.
fn type_name(ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(p) = ty else {
        return None;
    };
    let last = p.path.segments.last()?;
    let name = last.ident.to_string();
    if matches!(name.as_str(), "Option" | "Box" | "Vec")
        && let syn::PathArguments::AngleBracketed(args) = &last.arguments
        && let Some(syn::GenericArgument::Type(inner)) = args.args.first()
    {
        return type_name(inner);
    }
    Some(name)
}

struct RField {
    ident: String,
    ty: Option<String>,
    attrs: ArgAttrs,
    line: u32,
    column: u32,
}

struct RVariant {
    name: String,
    /// `rename_all` for the fields of a struct variant.
    rename_all: Option<String>,
    fields: Vec<RField>,
    /// The type of a one-field tuple variant (`Check(CheckArgs)`).
    inner: Option<String>,
    flatten: bool,
    deprecated: bool,
    line: u32,
    column: u32,
}

enum RKind {
    Struct(Vec<RField>),
    Enum(Vec<RVariant>),
}

struct RType {
    path: String,
    parser: bool,
    name: Option<String>,
    /// `rename_all` of the type: how its fields' long names are spelled.
    rename_all: Option<String>,
    kind: RKind,
}

/// The clap types of every Rust file, keyed by their simple name; resolved after all files
/// are read.
#[derive(Default)]
struct RustTypes {
    types: HashMap<String, RType>,
}

fn position(span: proc_macro2::Span) -> (u32, u32) {
    let at = span.start();
    (at.line as u32, at.column as u32 + 1)
}

fn fields_of(fields: &syn::Fields) -> Vec<RField> {
    fields
        .iter()
        .map(|f| {
            let (line, column) = f
                .ident
                .as_ref()
                .map(|i| position(i.span()))
                .unwrap_or_default();
            RField {
                ident: f.ident.as_ref().map(|i| i.to_string()).unwrap_or_default(),
                ty: type_name(&f.ty),
                attrs: arg_attrs(&f.attrs),
                line,
                column,
            }
        })
        .collect()
}

impl RustTypes {
    fn collect(&mut self, path: &str, items: &[syn::Item], program: &str, out: &mut Vec<CliFlag>) {
        for item in items {
            match item {
                syn::Item::Struct(s) => {
                    let a = arg_attrs(&s.attrs);
                    if !a.derives.iter().any(|d| d == "Parser" || d == "Args") {
                        continue;
                    }
                    self.types.insert(
                        s.ident.to_string(),
                        RType {
                            path: path.to_string(),
                            parser: a.derives.iter().any(|d| d == "Parser"),
                            name: a.name,
                            rename_all: a.rename_all,
                            kind: RKind::Struct(fields_of(&s.fields)),
                        },
                    );
                }
                syn::Item::Enum(e) => {
                    let a = arg_attrs(&e.attrs);
                    if !a.derives.iter().any(|d| d == "Subcommand" || d == "Parser") {
                        continue;
                    }
                    let variants = e
                        .variants
                        .iter()
                        .map(|v| {
                            let va = arg_attrs(&v.attrs);
                            let (line, column) = position(v.ident.span());
                            let inner = match &v.fields {
                                syn::Fields::Unnamed(u) if u.unnamed.len() == 1 => {
                                    type_name(&u.unnamed[0].ty)
                                }
                                _ => None,
                            };
                            RVariant {
                                name: va.name.unwrap_or_else(|| {
                                    rename(&v.ident.to_string(), a.rename_all.as_deref())
                                }),
                                rename_all: va.rename_all.or_else(|| a.rename_all.clone()),
                                fields: match &v.fields {
                                    syn::Fields::Named(_) => fields_of(&v.fields),
                                    _ => Vec::new(),
                                },
                                inner,
                                flatten: va.flatten,
                                deprecated: va.deprecated,
                                line,
                                column,
                            }
                        })
                        .collect();
                    self.types.insert(
                        e.ident.to_string(),
                        RType {
                            path: path.to_string(),
                            parser: a.derives.iter().any(|d| d == "Parser"),
                            name: a.name,
                            rename_all: a.rename_all,
                            kind: RKind::Enum(variants),
                        },
                    );
                }
                syn::Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        self.collect(path, items, program, out);
                    }
                }
                syn::Item::Fn(f) => {
                    let mut v = Builder { path, program, out };
                    syn::visit::Visit::visit_item_fn(&mut v, f);
                }
                syn::Item::Impl(i) => {
                    let mut v = Builder { path, program, out };
                    syn::visit::Visit::visit_item_impl(&mut v, i);
                }
                _ => {}
            }
        }
    }

    /// Emits the flags reachable from the `Parser` types (or, without one, from the clap
    /// types no other type names).
    fn walk(&self, program: &str, out: &mut Vec<CliFlag>) {
        let mut roots: Vec<&String> = self
            .types
            .iter()
            .filter(|(_, t)| t.parser)
            .map(|(n, _)| n)
            .collect();
        if roots.is_empty() {
            let named: HashSet<&str> = self
                .types
                .values()
                .flat_map(|t| match &t.kind {
                    RKind::Struct(fields) => {
                        fields.iter().filter_map(|f| f.ty.as_deref()).collect()
                    }
                    RKind::Enum(vs) => vs
                        .iter()
                        .flat_map(|v| {
                            v.inner
                                .as_deref()
                                .into_iter()
                                .chain(v.fields.iter().filter_map(|f| f.ty.as_deref()))
                        })
                        .collect::<Vec<_>>(),
                })
                .collect();
            roots = self
                .types
                .keys()
                .filter(|n| !named.contains(n.as_str()))
                .collect();
        }
        roots.sort();
        for root in roots {
            let name = self.types[root]
                .name
                .clone()
                .filter(|_| program.is_empty())
                .unwrap_or_else(|| program.to_string());
            self.emit(root, &[name], false, 0, out);
        }
    }

    fn emit(
        &self,
        ty: &str,
        at: &[String],
        deprecated: bool,
        depth: usize,
        out: &mut Vec<CliFlag>,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        let Some(t) = self.types.get(ty) else {
            return;
        };
        match &t.kind {
            RKind::Struct(fields) => {
                let naming = t.rename_all.as_deref();
                self.emit_fields(&t.path, fields, naming, at, deprecated, depth, out);
            }
            RKind::Enum(variants) => {
                for v in variants {
                    let deprecated = deprecated || v.deprecated;
                    if v.flatten {
                        if let Some(inner) = &v.inner {
                            self.emit(inner, at, deprecated, depth + 1, out);
                        }
                        continue;
                    }
                    out.push(CliFlag {
                        id: join(at, &v.name),
                        command: true,
                        deprecated,
                        path: t.path.clone(),
                        line: v.line,
                        column: v.column,
                    });
                    let mut sub = at.to_vec();
                    sub.push(v.name.clone());
                    let naming = v.rename_all.as_deref();
                    self.emit_fields(&t.path, &v.fields, naming, &sub, deprecated, depth, out);
                    if let Some(inner) = &v.inner {
                        self.emit(inner, &sub, deprecated, depth + 1, out);
                    }
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn emit_fields(
        &self,
        file: &str,
        fields: &[RField],
        naming: Option<&str>,
        at: &[String],
        deprecated: bool,
        depth: usize,
        out: &mut Vec<CliFlag>,
    ) {
        for f in fields {
            let deprecated = deprecated || f.attrs.deprecated;
            if f.attrs.flatten || f.attrs.subcommand {
                if let Some(ty) = &f.ty {
                    self.emit(ty, at, deprecated, depth + 1, out);
                }
                continue;
            }
            let ident = f.ident.strip_prefix("r#").unwrap_or(&f.ident);
            let spell = |s: String| CliFlag {
                id: join(at, &s),
                command: false,
                deprecated,
                path: file.to_string(),
                line: f.line,
                column: f.column,
            };
            for long in &f.attrs.long {
                let name = long.clone().unwrap_or_else(|| rename(ident, naming));
                out.push(spell(format!("--{name}")));
            }
            for short in &f.attrs.short {
                let c = short
                    .clone()
                    .or_else(|| ident.chars().next().map(String::from));
                if let Some(c) = c {
                    out.push(spell(format!("-{c}")));
                }
            }
        }
    }
}

/// clap builder chains: `Command::new("x").arg(Arg::new("y").long("why"))`, with
/// `.subcommand(Command::new(...))` nested. The outermost `Command::new` names the program.
struct Builder<'a> {
    path: &'a str,
    program: &'a str,
    out: &'a mut Vec<CliFlag>,
}

/// The calls of a method chain, outermost last: `(method, args)` and the receiver at its
/// root.
fn unchain(mut e: &syn::Expr) -> (Vec<(&syn::Ident, Vec<&syn::Expr>)>, &syn::Expr) {
    let mut calls = Vec::new();
    while let syn::Expr::MethodCall(m) = e {
        calls.push((&m.method, m.args.iter().collect()));
        e = &m.receiver;
    }
    calls.reverse();
    (calls, e)
}

/// `Command::new("x")`, `App::new("x")`, `Arg::new("x")`: the type and the literal name.
fn new_call(e: &syn::Expr) -> Option<(String, String)> {
    let syn::Expr::Call(c) = e else {
        return None;
    };
    let syn::Expr::Path(p) = &*c.func else {
        return None;
    };
    let segs: Vec<String> = p
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    let n = segs.len();
    if n < 2 || segs[n - 1] != "new" {
        return None;
    }
    let name = c.args.first().map(expr_literal).unwrap_or_default();
    Some((segs[n - 2].clone(), name))
}

fn expr_literal(e: &syn::Expr) -> String {
    match e {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => s.value(),
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Char(c),
            ..
        }) => c.value().to_string(),
        _ => String::new(),
    }
}

impl Builder<'_> {
    fn command(&mut self, e: &syn::Expr, at: &[String], depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let (calls, _) = unchain(e);
        for (method, args) in calls {
            match method.to_string().as_str() {
                "arg" => args.iter().for_each(|a| self.arg(a, at)),
                "args" => {
                    for a in &args {
                        if let syn::Expr::Array(arr) = a {
                            arr.elems.iter().for_each(|a| self.arg(a, at));
                        }
                    }
                }
                "subcommand" => {
                    for a in &args {
                        let (_, r) = unchain(a);
                        if let Some((_, name)) = new_call(r) {
                            let (line, column) = position(method.span());
                            self.out.push(CliFlag {
                                id: join(at, &name),
                                command: true,
                                deprecated: false,
                                path: self.path.to_string(),
                                line,
                                column,
                            });
                            let mut sub = at.to_vec();
                            sub.push(name);
                            self.command(a, &sub, depth + 1);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn arg(&mut self, e: &syn::Expr, at: &[String]) {
        let (calls, root) = unchain(e);
        let Some((ty, _)) = new_call(root) else {
            return;
        };
        if ty != "Arg" {
            return;
        }
        let mut spellings = Vec::new();
        let mut deprecated = false;
        let mut pos = (0, 0);
        for (method, args) in calls {
            let lit = args.first().map(|a| expr_literal(a)).unwrap_or_default();
            match method.to_string().as_str() {
                "long" | "alias" | "visible_alias" => {
                    pos = position(method.span());
                    spellings.push(format!("--{lit}"));
                }
                "short" | "short_alias" | "visible_short_alias" => {
                    pos = position(method.span());
                    spellings.push(format!("-{lit}"));
                }
                "help" | "long_help" if says_deprecated(&lit) => deprecated = true,
                _ => {}
            }
        }
        for s in spellings {
            self.out.push(CliFlag {
                id: join(at, &s),
                command: false,
                deprecated,
                path: self.path.to_string(),
                line: pos.0,
                column: pos.1,
            });
        }
    }
}

impl<'ast> syn::visit::Visit<'ast> for Builder<'_> {
    fn visit_expr(&mut self, e: &'ast syn::Expr) {
        if let syn::Expr::MethodCall(_) = e {
            let (_, root) = unchain(e);
            if let Some((ty, name)) = new_call(root)
                && (ty == "Command" || ty == "App")
            {
                let program = if self.program.is_empty() {
                    name
                } else {
                    self.program.to_string()
                };
                self.command(e, &[program], 0);
                return;
            }
        }
        syn::visit::visit_expr(self, e);
    }
}

// ---------------------------------------------------------------------------------------
// Python and TypeScript/JavaScript, with tree-sitter.

type Problem = (u32, u32, String);

fn text<'s>(src: &'s str, n: Node<'_>) -> &'s str {
    src.get(n.byte_range()).unwrap_or("")
}

/// The value of a string literal (Python `string`, JS `string`); `None` for anything else.
fn string_value(src: &str, n: Node<'_>) -> Option<String> {
    if n.kind() != "string" {
        return None;
    }
    let mut out = String::new();
    let mut cursor = n.walk();
    for c in n.named_children(&mut cursor) {
        match c.kind() {
            "string_content" | "string_fragment" | "escape_sequence" => out.push_str(text(src, c)),
            _ => {}
        }
    }
    Some(out)
}

fn start(n: Node<'_>) -> (u32, u32) {
    let p = n.start_position();
    (p.row as u32 + 1, p.column as u32 + 1)
}

fn tree_flags(
    kind: SourceKind,
    path: &str,
    src: &str,
    program: &str,
    out: &mut Vec<CliFlag>,
) -> Result<(), Problem> {
    let tree = parse_tree(kind, src).map_err(|e| (0, 0, e))?;
    let root = tree.root_node();
    // tree-sitter recovers from syntax errors; flags read from a broken file could be
    // missing ones that are there, which would look like removals.
    if let Some(n) = crate::first_error(root) {
        let (line, column) = start(n);
        let what = if n.is_missing() {
            format!("syntax error: missing `{}`", n.kind())
        } else {
            "syntax error".to_string()
        };
        return Err((line, column, what));
    }
    let mut cx = TreeCx {
        src,
        path,
        program,
        vars: HashMap::new(),
        out,
    };
    if kind == SourceKind::Python {
        cx.python(root);
    } else {
        cx.js(root);
    }
    Ok(())
}

struct TreeCx<'a> {
    src: &'a str,
    path: &'a str,
    program: &'a str,
    /// Variables holding a parser, subparser group or command: their command path.
    vars: HashMap<String, Vec<String>>,
    out: &'a mut Vec<CliFlag>,
}

/// A call's function split into receiver and method (`parser.add_argument` → (`parser`,
/// `add_argument`)); a bare name has no receiver.
fn callee<'t>(src: &str, call: Node<'t>) -> Option<(Option<Node<'t>>, String)> {
    let f = call.child_by_field_name("function")?;
    match f.kind() {
        "attribute" => Some((
            f.child_by_field_name("object"),
            text(src, f.child_by_field_name("attribute")?).to_string(),
        )),
        "member_expression" => Some((
            f.child_by_field_name("object"),
            text(src, f.child_by_field_name("property")?).to_string(),
        )),
        "identifier" => Some((None, text(src, f).to_string())),
        _ => None,
    }
}

/// Positional arguments and `name=value` keyword arguments (Python) of a call.
fn call_args<'t>(call: Node<'t>) -> (Vec<Node<'t>>, Vec<(Node<'t>, Node<'t>)>) {
    let mut pos = Vec::new();
    let mut kw = Vec::new();
    if let Some(args) = call.child_by_field_name("arguments") {
        let mut cursor = args.walk();
        for a in args.named_children(&mut cursor) {
            match a.kind() {
                "keyword_argument" => {
                    if let (Some(k), Some(v)) = (
                        a.child_by_field_name("name"),
                        a.child_by_field_name("value"),
                    ) {
                        kw.push((k, v));
                    }
                }
                "comment" => {}
                _ => pos.push(a),
            }
        }
    }
    (pos, kw)
}

impl TreeCx<'_> {
    fn root(&self) -> Vec<String> {
        vec![self.program.to_string()]
    }

    fn push(
        &mut self,
        at: &[String],
        spelling: &str,
        command: bool,
        deprecated: bool,
        n: Node<'_>,
    ) {
        let (line, column) = start(n);
        self.out.push(CliFlag {
            id: join(at, spelling),
            command,
            deprecated,
            path: self.path.to_string(),
            line,
            column,
        });
    }

    fn truthy(&self, n: Node<'_>) -> bool {
        // `deprecated="use --x"` (click 8.2, yargs) is a deprecation with a message.
        matches!(n.kind(), "true" | "string" | "template_string")
    }

    // --- Python -------------------------------------------------------------------------

    /// The command path an argparse expression stands for.
    fn py_path(&self, e: Node<'_>, depth: usize) -> Vec<String> {
        if depth > MAX_DEPTH {
            return self.root();
        }
        match e.kind() {
            "identifier" => self
                .vars
                .get(text(self.src, e))
                .cloned()
                .unwrap_or_else(|| self.root()),
            "call" => match callee(self.src, e) {
                Some((Some(recv), method)) if method == "add_parser" => {
                    let mut p = self.py_path(recv, depth + 1);
                    let (pos, kw) = call_args(e);
                    let name = pos
                        .first()
                        .copied()
                        .or_else(|| {
                            kw.iter()
                                .find(|(k, _)| text(self.src, *k) == "name")
                                .map(|(_, v)| *v)
                        })
                        .and_then(|n| string_value(self.src, n));
                    if let Some(name) = name {
                        p.push(name);
                    }
                    p
                }
                Some((Some(recv), _)) => self.py_path(recv, depth + 1),
                _ => self.root(),
            },
            _ => self.root(),
        }
    }

    fn python(&mut self, root: Node<'_>) {
        let src = self.src;
        let mut nodes = Vec::new();
        preorder(root, |n| {
            if matches!(n.kind(), "assignment" | "call" | "decorated_definition") {
                nodes.push(n);
            }
        });
        let mut groups: HashMap<String, Vec<String>> = HashMap::new();
        for n in nodes {
            match n.kind() {
                "assignment" => {
                    if let (Some(l), Some(r)) = (
                        n.child_by_field_name("left"),
                        n.child_by_field_name("right"),
                    ) && l.kind() == "identifier"
                        && r.kind() == "call"
                    {
                        let path = self.py_path(r, 0);
                        self.vars.insert(text(src, l).to_string(), path);
                    }
                }
                "call" => {
                    let Some((recv, method)) = callee(src, n) else {
                        continue;
                    };
                    match method.as_str() {
                        "add_argument" => {
                            let at = recv
                                .map(|r| self.py_path(r, 0))
                                .unwrap_or_else(|| self.root());
                            self.py_option(n, &at, false);
                        }
                        "add_parser" => {
                            let at = self.py_path(n, 0);
                            if let Some((last, parent)) = at.split_last() {
                                let deprecated = self.py_deprecated(n);
                                self.push(parent, last, true, deprecated, n);
                            }
                        }
                        _ => {}
                    }
                }
                _ => self.click(n, &mut groups),
            }
        }
    }

    fn py_deprecated(&self, call: Node<'_>) -> bool {
        let (_, kw) = call_args(call);
        kw.iter().any(|(k, v)| match text(self.src, *k) {
            "deprecated" => self.truthy(*v),
            "help" => string_value(self.src, *v).is_some_and(|h| says_deprecated(&h)),
            _ => false,
        })
    }

    /// `add_argument("-x", "--ex", ...)` or `click.option("--ex/--no-ex", ...)`.
    fn py_option(&mut self, call: Node<'_>, at: &[String], deprecated: bool) {
        let deprecated = deprecated || self.py_deprecated(call);
        let (pos, _) = call_args(call);
        for p in pos {
            let Some(s) = string_value(self.src, p) else {
                continue;
            };
            for spelling in s.split('/') {
                let spelling = spelling.trim();
                if spelling.starts_with('-') && spelling.len() > 1 {
                    self.push(at, spelling, false, deprecated, p);
                }
            }
        }
    }

    /// A click command: `@click.command()` / `@click.group()` / `@cli.command("name")` and
    /// its `@click.option(...)` decorators.
    fn click(&mut self, def: Node<'_>, groups: &mut HashMap<String, Vec<String>>) {
        let src = self.src;
        let Some(func) = def.child_by_field_name("definition") else {
            return;
        };
        if func.kind() != "function_definition" {
            return;
        }
        let fname = func
            .child_by_field_name("name")
            .map(|n| text(src, n).to_string())
            .unwrap_or_default();
        let mut cursor = def.walk();
        let decorators: Vec<Node<'_>> = def
            .named_children(&mut cursor)
            .filter(|c| c.kind() == "decorator")
            .filter_map(|d| d.named_child(0))
            .collect();
        let split = |e| decorator_parts(src, e);
        let mut path: Option<Vec<String>> = None;
        let mut command_at = def;
        let mut command_deprecated = false;
        for d in &decorators {
            let Some((recv, method, call)) = split(*d) else {
                continue;
            };
            if !matches!(method.as_str(), "command" | "group") {
                continue;
            }
            let (pos, kw) = call.map(call_args).unwrap_or_default();
            let name = pos
                .first()
                .copied()
                .or_else(|| {
                    kw.iter()
                        .find(|(k, _)| text(src, *k) == "name")
                        .map(|(_, v)| *v)
                })
                .and_then(|n| string_value(src, n))
                .unwrap_or_else(|| click_name(&fname));
            command_deprecated = call.is_some_and(|c| self.py_deprecated(c));
            command_at = *d;
            path = Some(match recv.as_deref().and_then(|r| groups.get(r)) {
                Some(parent) => {
                    let mut p = parent.clone();
                    p.push(name);
                    p
                }
                None => self.root(),
            });
        }
        let Some(path) = path else {
            return;
        };
        if let Some((last, parent)) = path.split_last()
            && !parent.is_empty()
        {
            self.push(parent, last, true, command_deprecated, command_at);
        }
        groups.insert(fname, path.clone());
        for d in decorators {
            if let Some((_, method, Some(call))) = split(d)
                && method == "option"
            {
                self.py_option(call, &path, command_deprecated);
            }
        }
    }

    // --- TypeScript / JavaScript --------------------------------------------------------

    /// The command path a commander/yargs expression stands for.
    fn js_path(&self, e: Node<'_>, depth: usize) -> Vec<String> {
        if depth > MAX_DEPTH {
            return self.root();
        }
        match e.kind() {
            "identifier" => self
                .vars
                .get(text(self.src, e))
                .cloned()
                .unwrap_or_else(|| self.root()),
            "call_expression" => match callee(self.src, e) {
                Some((Some(recv), method)) => {
                    let mut p = self.js_path(recv, depth + 1);
                    if method == "command" {
                        let (pos, _) = call_args(e);
                        // commander: `.command("check <path>")` (or with an options
                        // object) returns the new subcommand; with a description it is a
                        // stand-alone executable and returns the parent, as a yargs
                        // `.command(...)` returns the same parser.
                        let returns_sub =
                            pos.len() == 1 || (pos.len() == 2 && pos[1].kind() == "object");
                        if returns_sub
                            && let Some(name) = pos.first().and_then(|n| string_value(self.src, *n))
                            && let Some(word) = name.split_whitespace().next()
                        {
                            p.push(word.to_string());
                        }
                    }
                    p
                }
                _ => self.root(),
            },
            "parenthesized_expression" | "await_expression" => match e.named_child(0) {
                Some(inner) => self.js_path(inner, depth + 1),
                None => self.root(),
            },
            _ => self.root(),
        }
    }

    fn js(&mut self, root: Node<'_>) {
        let src = self.src;
        let mut nodes = Vec::new();
        preorder(root, |n| {
            if matches!(n.kind(), "variable_declarator" | "call_expression") {
                nodes.push(n);
            }
        });
        for n in nodes {
            if n.kind() == "variable_declarator" {
                if let (Some(name), Some(value)) = (
                    n.child_by_field_name("name"),
                    n.child_by_field_name("value"),
                ) && name.kind() == "identifier"
                    && value.kind() == "call_expression"
                {
                    let path = self.js_path(value, 0);
                    self.vars.insert(text(src, name).to_string(), path);
                }
                continue;
            }
            let Some((Some(recv), method)) = callee(src, n) else {
                continue;
            };
            let (pos, _) = call_args(n);
            match method.as_str() {
                "option" | "requiredOption" => {
                    let at = self.js_path(recv, 0);
                    let Some(first) = pos.first().and_then(|p| string_value(src, *p)) else {
                        continue;
                    };
                    if first.starts_with('-') {
                        // commander: "-b, --base <rev>", description second.
                        let deprecated = pos
                            .get(1)
                            .and_then(|d| string_value(src, *d))
                            .is_some_and(|d| says_deprecated(&d));
                        for word in first.split([' ', ',', '|']) {
                            if word.starts_with('-') && word.len() > 1 {
                                self.push(&at, word, false, deprecated, pos[0]);
                            }
                        }
                    } else {
                        self.yargs_option(&at, &first, pos.get(1).copied(), pos[0]);
                    }
                }
                "options" => {
                    let at = self.js_path(recv, 0);
                    if let Some(obj) = pos.first().filter(|o| o.kind() == "object") {
                        let mut cursor = obj.walk();
                        let pairs: Vec<Node<'_>> = obj
                            .named_children(&mut cursor)
                            .filter(|p| p.kind() == "pair")
                            .collect();
                        for pair in pairs {
                            let Some(key) = pair.child_by_field_name("key") else {
                                continue;
                            };
                            let name = string_value(src, key)
                                .unwrap_or_else(|| text(src, key).to_string());
                            self.yargs_option(&at, &name, pair.child_by_field_name("value"), key);
                        }
                    }
                }
                "command" => {
                    // A subcommand: commander `.command("check")`, yargs
                    // `.command("check", "desc", (y) => y.option(...))`.
                    let Some(name) = pos.first().and_then(|p| string_value(src, *p)) else {
                        continue;
                    };
                    let Some(word) = name.split_whitespace().next().map(str::to_string) else {
                        continue;
                    };
                    if word.starts_with('$') || word == "*" {
                        continue;
                    }
                    let mut at = self.js_path(recv, 0);
                    let deprecated = pos
                        .get(1)
                        .and_then(|d| string_value(src, *d))
                        .is_some_and(|d| says_deprecated(&d));
                    self.push(&at, &word, true, deprecated, pos[0]);
                    at.push(word);
                    if let Some(builder) = pos.get(2)
                        && matches!(builder.kind(), "arrow_function" | "function_expression")
                        && let Some(param) = first_param(src, *builder)
                    {
                        self.vars.insert(param, at);
                    }
                }
                _ => {}
            }
        }
    }

    /// yargs `.option("name", { alias, deprecated, describe })`.
    fn yargs_option(&mut self, at: &[String], name: &str, opts: Option<Node<'_>>, n: Node<'_>) {
        let src = self.src;
        let mut names = vec![name.to_string()];
        let mut deprecated = false;
        if let Some(obj) = opts.filter(|o| o.kind() == "object") {
            let mut cursor = obj.walk();
            let pairs: Vec<Node<'_>> = obj
                .named_children(&mut cursor)
                .filter(|p| p.kind() == "pair")
                .collect();
            for pair in pairs {
                let (Some(k), Some(v)) = (
                    pair.child_by_field_name("key"),
                    pair.child_by_field_name("value"),
                ) else {
                    continue;
                };
                let key = string_value(src, k).unwrap_or_else(|| text(src, k).to_string());
                match key.as_str() {
                    "deprecated" => deprecated |= self.truthy(v),
                    "describe" | "description" | "desc" => {
                        deprecated |= string_value(src, v).is_some_and(|d| says_deprecated(&d));
                    }
                    "alias" => {
                        if let Some(s) = string_value(src, v) {
                            names.push(s);
                        } else if v.kind() == "array" {
                            let mut c = v.walk();
                            names.extend(
                                v.named_children(&mut c)
                                    .filter_map(|x| string_value(src, x)),
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
        for name in names {
            let spelling = if name.chars().count() == 1 {
                format!("-{name}")
            } else {
                format!("--{name}")
            };
            self.push(at, &spelling, false, deprecated, n);
        }
    }
}

/// click's name for a command from its function: `say_hello_cmd` → `say-hello` (click 8.2
/// drops the `_command`, `_cmd`, `_group` and `_grp` suffixes, and dashes the underscores).
fn click_name(function: &str) -> String {
    let mut name = function;
    for suffix in ["_command", "_cmd", "_group", "_grp"] {
        if let Some(stem) = name.strip_suffix(suffix)
            && !stem.is_empty()
        {
            name = stem;
            break;
        }
    }
    name.replace('_', "-")
}

/// A decorator split into receiver, name and call: `@cli.command("x")` → (`cli`,
/// `command`, the call); `@click.command` has no call.
fn decorator_parts<'t>(
    src: &str,
    e: Node<'t>,
) -> Option<(Option<String>, String, Option<Node<'t>>)> {
    let (call, f) = if e.kind() == "call" {
        (Some(e), e.child_by_field_name("function")?)
    } else {
        (None, e)
    };
    match f.kind() {
        "attribute" => Some((
            f.child_by_field_name("object")
                .map(|o| text(src, o).to_string()),
            text(src, f.child_by_field_name("attribute")?).to_string(),
            call,
        )),
        "identifier" => Some((None, text(src, f).to_string(), call)),
        _ => None,
    }
}

fn first_param(src: &str, f: Node<'_>) -> Option<String> {
    if let Some(p) = f.child_by_field_name("parameter") {
        return Some(text(src, p).to_string());
    }
    let params = f.child_by_field_name("parameters")?;
    let mut cursor = params.walk();
    let first = params.named_children(&mut cursor).next()?;
    let ident = if first.kind() == "identifier" {
        first
    } else {
        first.child_by_field_name("pattern")?
    };
    (ident.kind() == "identifier").then(|| text(src, ident).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(program: &str, path: &str, src: &str) -> Vec<String> {
        let (flags, problems) = cli_flags(program, &[(path, src)]);
        assert!(problems.is_empty(), "{problems:?}");
        flags
            .iter()
            .map(|f| {
                format!(
                    "{}{}",
                    f.id,
                    if f.deprecated { " (deprecated)" } else { "" }
                )
            })
            .collect()
    }

    #[test]
    fn kebab_case_follows_clap() {
        assert_eq!(kebab_case("base_rev"), "base-rev");
        assert_eq!(kebab_case("BaseRev"), "base-rev");
        assert_eq!(kebab_case("HTTPServer"), "http-server");
        assert_eq!(kebab_case("r#type"), "type");
        assert_eq!(kebab_case("Check"), "check");
        assert_eq!(kebab_case("dry_run2"), "dry-run2");
    }

    #[test]
    fn the_word_deprecated_is_found_in_any_case_but_not_inside_another_word() {
        assert!(says_deprecated("DEPRECATED: use --base"));
        assert!(says_deprecated("(deprecated) old flag"));
        assert!(!says_deprecated("undeprecated_flag"));
        assert!(!says_deprecated("the base revision"));
    }

    const CLAP: &str = r#"
use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(name = "accord", version)]
struct Cli {
    /// Print more.
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Check the tree.
    Check(CheckArgs),
    #[command(name = "snap")]
    SurfaceSnapshot {
        #[clap(long = "out-dir", short = 'o')]
        out: String,
        #[arg(long, hide = true, help = "Deprecated: use --out-dir")]
        output_dir: Option<String>,
    },
    #[command(subcommand)]
    Decision(DecisionCommand),
}

#[derive(Subcommand)]
enum DecisionCommand {
    Verify {
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..), num_args = 1..)]
        max_age: u32,
    },
}

#[derive(Args)]
struct CheckArgs {
    /// The base revision.
    #[arg(long, value_name = "REV")]
    base: Option<String>,
    #[deprecated]
    #[arg(long, alias = "head-rev")]
    head_revision: Option<String>,
    #[command(flatten)]
    output: OutputArgs,
    /// A positional path: not a flag.
    path: Option<String>,
}

#[derive(Args)]
struct OutputArgs {
    #[arg(long, default_value_t = Format::Human)]
    format: Format,
}
"#;

    #[test]
    fn clap_derive_fields_subcommands_renames_and_deprecations() {
        assert_eq!(
            ids("accord", "src/cli.rs", CLAP),
            [
                "accord --verbose",
                "accord -v",
                "accord check",
                "accord check --base",
                "accord check --format",
                "accord check --head-rev (deprecated)",
                "accord check --head-revision (deprecated)",
                "accord decision",
                "accord decision verify",
                "accord decision verify --max-age",
                "accord snap",
                "accord snap --out-dir",
                "accord snap --output-dir (deprecated)",
                "accord snap -o",
            ]
        );
    }

    #[test]
    fn clap_types_are_resolved_across_files() {
        let (cli, args) = CLAP.split_at(CLAP.find("#[derive(Args)]\nstruct CheckArgs").unwrap());
        let (flags, problems) = cli_flags(
            "accord",
            &[("src/cli.rs", cli), ("src/commands/check.rs", args)],
        );
        assert!(problems.is_empty(), "{problems:?}");
        let base = flags
            .iter()
            .find(|f| f.id == "accord check --base")
            .unwrap();
        assert_eq!(
            (base.path.as_str(), base.line),
            ("src/commands/check.rs", 5)
        );
    }

    #[test]
    fn a_program_name_from_the_parser_is_used_when_none_is_given() {
        assert!(ids("", "src/cli.rs", CLAP).contains(&"accord check --base".to_string()));
    }

    #[test]
    fn clap_builder_chains() {
        let src = r#"
fn cli() -> Command {
    Command::new("tool")
        .arg(Arg::new("verbose").short('v').long("verbose"))
        .subcommand(
            Command::new("run")
                .arg(Arg::new("dry").long("dry-run").help("DEPRECATED: does nothing"))
        )
}
"#;
        assert_eq!(
            ids("tool", "src/main.rs", src),
            [
                "tool --verbose",
                "tool -v",
                "tool run",
                "tool run --dry-run (deprecated)"
            ]
        );
    }

    #[test]
    fn argparse_with_subparsers_and_the_3_13_deprecated_flag() {
        let src = r#"
import argparse

parser = argparse.ArgumentParser(prog="pi")
parser.add_argument("-v", "--verbose", action="store_true")
parser.add_argument("path")
sub = parser.add_subparsers(dest="cmd")
run = sub.add_parser("run", help="run it")
run.add_argument("--old-mode", deprecated=True)
run.add_argument("--legacy", help="Deprecated; use --mode")
run.add_argument("--mode")
group = run.add_argument_group("output")
group.add_argument("--json")
"#;
        assert_eq!(
            ids("pi", "pi/cli.py", src),
            [
                "pi --verbose",
                "pi -v",
                "pi run",
                "pi run --json",
                "pi run --legacy (deprecated)",
                "pi run --mode",
                "pi run --old-mode (deprecated)",
            ]
        );
    }

    #[test]
    fn click_commands_groups_and_options() {
        let src = r#"
import click

@click.group()
@click.option("--debug/--no-debug", default=False)
def cli(debug):
    pass

@cli.command()
@click.option("-n", "--name", help="who")
@click.option("--shout", is_flag=True, deprecated=True)
@click.option("--loud", is_flag=True, hidden=True, help="deprecated alias of --shout")
def say_hello(name, shout, loud):
    pass

@cli.group()
def remote_grp():
    pass

@remote_grp.command()
@click.option("--url")
def add_command(url):
    pass

@cli.command("bye", deprecated=True)
@click.option("--now", is_flag=True)
def goodbye(now):
    pass
"#;
        assert_eq!(
            ids("pi", "pi/cli.py", src),
            [
                "pi --debug",
                "pi --no-debug",
                "pi bye (deprecated)",
                "pi bye --now (deprecated)",
                "pi remote",
                "pi remote add",
                "pi remote add --url",
                "pi say-hello",
                "pi say-hello --loud (deprecated)",
                "pi say-hello --name",
                "pi say-hello --shout (deprecated)",
                "pi say-hello -n",
            ]
        );
    }

    #[test]
    fn commander_and_yargs_options() {
        let src = r#"
import { Command } from "commander";
const program = new Command();
program.option("-d, --debug", "output extra debugging");
const serve = program.command("serve").option("--port <n>", "port");
program.command("install", "install a package").option("--global", "everywhere");
serve.option("--legacy-tls", "Deprecated: TLS is always on");
yargs(hideBin(process.argv))
  .option("verbose", { alias: "v", type: "boolean" })
  .option("old", { deprecated: "use --new" })
  .command("build", "build it", (y) => y.option("watch", { type: "boolean" }));
"#;
        assert_eq!(
            ids("pi", "src/cli.ts", src),
            [
                "pi --debug",
                "pi --global",
                "pi --old (deprecated)",
                "pi --verbose",
                "pi -d",
                "pi -v",
                "pi build",
                "pi build --watch",
                "pi install",
                "pi serve",
                "pi serve --legacy-tls (deprecated)",
                "pi serve --port",
            ]
        );
    }

    #[test]
    fn a_syntax_error_is_a_problem_with_its_line_never_an_empty_flag_list() {
        let (flags, problems) = cli_flags(
            "pi",
            &[
                (
                    "src/cli.rs",
                    "#[derive(Parser)]\nstruct Cli {\n    #[arg(long)]\n    base: String,\n",
                ),
                (
                    "pi/cli.py",
                    "import argparse\np = argparse.ArgumentParser(\np.add_argument('--x')\n",
                ),
                ("src/cli.ts", "program.option('--x' 'y');\n"),
                ("deep.py", &"(".repeat(10_000)),
            ],
        );
        assert!(flags.is_empty(), "{flags:?}");
        let places: Vec<(&str, u32)> = problems.iter().map(|p| (p.path.as_str(), p.line)).collect();
        assert_eq!(places.len(), 4, "{problems:?}");
        assert!(problems.iter().all(|p| p.line > 0), "{problems:?}");
    }

    #[test]
    fn clap_rename_all_on_types_and_variants() {
        let src = r#"
#[derive(Parser)]
#[command(rename_all = "snake_case")]
struct Cli {
    #[arg(long)]
    dry_run: bool,
    #[command(subcommand)]
    cmd: Cmd,
}
#[derive(Subcommand)]
#[command(rename_all = "lower")]
enum Cmd {
    SelfUpdate {
        #[arg(long)]
        to_version: String,
    },
}
"#;
        assert_eq!(
            ids("t", "src/main.rs", src),
            ["t --dry_run", "t selfupdate", "t selfupdate --toversion"]
        );
        assert_eq!(rename("dry_run", Some("camelCase")), "dryRun");
        assert_eq!(rename("dry_run", Some("SCREAMING_SNAKE_CASE")), "DRY_RUN");
    }

    #[test]
    fn clap_3_attributes_and_a_parser_enum() {
        let src = r#"
#[derive(Parser)]
#[clap(name = "ops")]
enum Cli {
    /// deprecated, use `run`
    Start {
        #[clap(long = "dry", short = 'n')]
        dry_run: bool,
    },
    Run(RunArgs),
}
#[derive(clap::Args)]
struct RunArgs {
    #[clap(long, visible_alias = "jobs-count")]
    r#jobs: u32,
}
"#;
        assert_eq!(
            ids("", "src/main.rs", src),
            [
                "ops run",
                "ops run --jobs",
                "ops run --jobs-count",
                "ops start (deprecated)",
                "ops start --dry (deprecated)",
                "ops start -n (deprecated)",
            ]
        );
    }

    proptest::proptest! {
        /// A source cut anywhere (the usual shape of a broken file) never panics the readers.
        #[test]
        fn a_truncated_source_never_panics(cut in 0usize..2_000, which in 0usize..3) {
            let (path, src) = [
                ("src/cli.rs", CLAP),
                ("pi/cli.py", "import click\n@click.group()\ndef cli():\n    pass\n@cli.command()\n@click.option('--x', deprecated=True)\ndef run(x):\n    pass\np = argparse.ArgumentParser()\ns = p.add_subparsers()\nr = s.add_parser('r')\nr.add_argument('--y')\n"),
                ("src/cli.ts", "const p = new Command();\np.command('serve').option('-p, --port <n>', 'port');\nyargs().option('v', { alias: ['verbose'], deprecated: true }).command('b', 'd', (y) => y.option('w'));\n"),
            ][which];
            let mut cut = cut.min(src.len());
            while !src.is_char_boundary(cut) {
                cut -= 1;
            }
            let _ = cli_flags("t", &[(path, &src[..cut])]);
        }
    }

    #[test]
    fn a_type_that_flattens_itself_does_not_recurse_forever() {
        let src = "#[derive(Parser)]\nstruct A {\n    #[command(flatten)]\n    a: A,\n    #[arg(long)]\n    x: bool,\n}\n";
        assert_eq!(ids("t", "a.rs", src), ["t --x"]);
    }
}
