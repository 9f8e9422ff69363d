//! Migration files as data: name, version, header, statements with spans, suppressions.

use crate::SqlError;
use crate::config::{DatabaseConfig, Dialect};
use crate::effect::{Effect, effects};
use crate::split::{Comment, split};
use accord_fs::Root;
use accord_model::Span;
use sha2::{Digest, Sha256};
use sqlparser::ast::Statement;
use sqlparser::parser::Parser;
use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

/// One `-- accord:allow RULE-ID reason="…"` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The rule id it silences.
    pub rule: String,
    /// The reason, required.
    pub reason: Option<String>,
    /// The comment's span.
    pub span: Span,
}

/// One statement of a migration.
#[derive(Debug, Clone)]
pub struct Stmt {
    /// Byte span of the statement in the file (without the final `;`).
    pub span: Span,
    /// The parsed statement, when it parsed.
    pub ast: Option<Statement>,
    /// The parser's message and the span it points at, when it did not.
    pub error: Option<(String, Span)>,
    /// Suppressions written before or inside it.
    pub suppressions: Vec<Suppression>,
    /// `DROP INDEX CONCURRENTLY`: sqlparser 0.63 refuses the keyword there, so it is
    /// blanked out before parsing and kept here.
    pub concurrently: bool,
    /// A valid PostgreSQL command sqlparser cannot parse (`DO`, `REINDEX`, `CLUSTER` …):
    /// not a parse error, but Accord cannot see what it does. See [`pg_unparsed_command`].
    pub unchecked: Option<&'static str>,
}

impl Stmt {
    /// What the statement does (nothing when it did not parse).
    pub fn effects(&self) -> Vec<Effect> {
        let Some(ast) = &self.ast else {
            return Vec::new();
        };
        let mut out = effects(ast);
        if self.concurrently {
            for e in &mut out {
                if let Effect::DropIndex { concurrently, .. } = e {
                    *concurrently = true;
                }
            }
        }
        out
    }
}

/// PostgreSQL commands sqlparser 0.63 refuses although PostgreSQL accepts them, by their
/// leading words (upper case; `…` marks words anywhere later in an `ALTER TABLE`).
const PG_UNPARSED: &[(&[&str], &str)] = &[
    (&["DO"], "DO"),
    (&["REINDEX"], "REINDEX"),
    (&["CLUSTER"], "CLUSTER"),
    (
        &["REFRESH", "MATERIALIZED", "VIEW"],
        "REFRESH MATERIALIZED VIEW",
    ),
    (&["ALTER", "DOMAIN"], "ALTER DOMAIN"),
    (&["ALTER", "SEQUENCE"], "ALTER SEQUENCE"),
    (
        &["ALTER", "TABLE", "…", "ATTACH", "PARTITION"],
        "ATTACH PARTITION",
    ),
    (
        &["ALTER", "TABLE", "…", "DETACH", "PARTITION"],
        "DETACH PARTITION",
    ),
    (
        &["ALTER", "TABLE", "…", "SET", "STATISTICS"],
        "SET STATISTICS",
    ),
];

/// Which command of [`PG_UNPARSED`] `sql` is, if any. Only the leading words are checked:
/// the rest of such a statement is PostgreSQL's to judge when it runs.
pub fn pg_unparsed_command(sql: &str) -> Option<&'static str> {
    let words: Vec<String> = sql
        .split(|c: char| c.is_whitespace() || c == '(' || c == ';')
        .filter(|w| !w.is_empty())
        .take(16)
        .map(str::to_ascii_uppercase)
        .collect();
    PG_UNPARSED.iter().find_map(|(pattern, name)| {
        let matched = match pattern.iter().position(|w| *w == "…") {
            None => words.len() >= pattern.len() && words.iter().zip(*pattern).all(|(a, b)| a == b),
            Some(gap) => {
                let (head, tail) = (&pattern[..gap], &pattern[gap + 1..]);
                words.len() >= head.len()
                    && words.iter().zip(head).all(|(a, b)| a == b)
                    && words[head.len()..]
                        .windows(tail.len())
                        .any(|w| w.iter().zip(tail).all(|(a, b)| a == b))
            }
        };
        matched.then_some(*name)
    })
}

/// The byte range of `CONCURRENTLY` in `DROP INDEX CONCURRENTLY …`, if `sql` starts so.
fn drop_index_concurrently(sql: &str) -> Option<std::ops::Range<usize>> {
    let mut at = 0;
    let mut range = 0..0;
    for keyword in ["DROP", "INDEX", "CONCURRENTLY"] {
        at += sql[at..].len() - sql[at..].trim_start().len();
        let end = at + keyword.len();
        let word = sql.get(at..end)?;
        let boundary = sql[end..]
            .chars()
            .next()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        if !word.eq_ignore_ascii_case(keyword) || !boundary {
            return None;
        }
        range = at..end;
        at = end;
    }
    Some(range)
}

/// The comment header of seed 000's example.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// `-- Epic: EPIC-005-…`.
    pub epic: Option<String>,
    /// `-- Packs affected: MMOS, InnerLens`.
    pub packs_affected: Vec<String>,
    /// Span of the `Packs affected` line.
    pub packs_span: Option<Span>,
    /// `-- Pack: SuperAgentes` — the pack that authors (and so writes with) the migration.
    pub pack: Option<String>,
    /// `-- accord:no-transaction`.
    pub no_transaction: bool,
}

/// A migration file, read and parsed.
#[derive(Debug, Clone)]
pub struct Migration {
    /// Path relative to the repository root, `/`-separated.
    pub path: String,
    /// `YYYYMMDD-HHMMSS`, when the name follows the convention.
    pub version: Option<String>,
    /// The description part of the name (`add-big-five-to-minds`).
    pub description: String,
    /// The file's text (empty when it is not UTF-8).
    pub text: String,
    /// Offset of the first invalid byte, when the file is not UTF-8.
    pub not_utf8: Option<usize>,
    /// Header comments.
    pub header: Header,
    /// Statements, in order.
    pub statements: Vec<Stmt>,
    /// Suppressions not attached to any statement (after the last one).
    pub loose_suppressions: Vec<Suppression>,
    /// Set when the text ends inside a quote or comment.
    pub unterminated: Option<(&'static str, usize)>,
}

/// Splits a file name `YYYYMMDD-HHMMSS-description.sql` into version and description.
pub fn parse_file_name(name: &str) -> Option<(String, String)> {
    let stem = name.strip_suffix(".sql")?;
    let bytes = stem.as_bytes();
    if bytes.len() < 17 {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| {
        bytes
            .get(r)
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    if !(digits(0..8)
        && bytes.get(8) == Some(&b'-')
        && digits(9..15)
        && bytes.get(15) == Some(&b'-'))
    {
        return None;
    }
    let description = &stem[16..];
    let month: u32 = stem[4..6].parse().ok()?;
    let day: u32 = stem[6..8].parse().ok()?;
    let hour: u32 = stem[9..11].parse().ok()?;
    let minute: u32 = stem[11..13].parse().ok()?;
    let second: u32 = stem[13..15].parse().ok()?;
    let valid = (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && hour < 24
        && minute < 60
        && second < 60;
    let desc_ok = !description.is_empty()
        && description
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !valid || !desc_ok {
        return None;
    }
    Some((stem[..15].to_string(), description.to_string()))
}

/// Marks checksums taken by [`checksum`]. A recorded checksum without it was taken by an
/// earlier Accord over fully normalised text ([`legacy_checksum`]) and is still honoured.
pub const CHECKSUM_PREFIX: &str = "v2:";

/// Checksum of the bytes as applied: the bytes of every quoted token (string literals,
/// quoted identifiers, dollar-quoted bodies) are taken verbatim, because the database
/// stores them as they are; only outside them do CRLF/CR count as LF and trailing
/// whitespace of a line or trailing blank lines not count, so a checkout with other line
/// endings is no edit while a trailing space inside a literal is.
pub fn checksum(text: &str) -> String {
    let digest = Sha256::digest(normalise_outside_literals(text).as_bytes());
    format!("{CHECKSUM_PREFIX}{}", hex(&digest))
}

/// The checksum earlier versions recorded: every line normalised, literals included (so it
/// cannot see drift inside a literal). Only used to honour rows recorded with it.
pub fn legacy_checksum(text: &str) -> String {
    hex(&Sha256::digest(normalise_all(text).as_bytes()))
}

/// True when `recorded` (a tracking row's checksum) is the checksum of `text`, in either
/// the current or the legacy form. An empty or unrecognised value never matches.
pub fn checksum_matches(recorded: &str, text: &str) -> bool {
    if recorded.starts_with(CHECKSUM_PREFIX) {
        recorded == checksum(text)
    } else if recorded.len() == 64 && recorded.bytes().all(|b| b.is_ascii_hexdigit()) {
        recorded.eq_ignore_ascii_case(&legacy_checksum(text))
    } else {
        false
    }
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn normalise_all(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines: Vec<&str> = unified.lines().map(str::trim_end).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

pub(crate) fn normalise_outside_literals(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    // Trailing whitespace is dropped only after the last literal, never from inside one.
    let mut keep = 0;
    for literal in split(text).literals {
        let (start, end) = (literal.start.max(at), literal.end.min(text.len()));
        if start >= end {
            continue;
        }
        push_code(&mut out, &text[at..start]);
        out.push_str(&text[start..end]);
        keep = out.len();
        at = end;
    }
    push_code(&mut out, &text[at..]);
    let trimmed = out.trim_end().len().max(keep);
    out.truncate(trimmed);
    out
}

/// Appends SQL outside any literal with line endings unified and each line's trailing
/// whitespace dropped (the text after the segment's last newline is kept as is: a literal
/// may follow on the same line).
fn push_code(out: &mut String, code: &str) {
    let unified = code.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines = unified.split('\n').peekable();
    while let Some(line) = lines.next() {
        if lines.peek().is_some() {
            out.push_str(line.trim_end());
            out.push('\n');
        } else {
            out.push_str(line);
        }
    }
}

impl Migration {
    /// Parses migration text. `path` is repository-relative and only used for naming.
    pub fn parse(path: &str, bytes: &[u8], dialect: Dialect) -> Migration {
        let file_name = path.rsplit('/').next().unwrap_or(path);
        let (version, description) = match parse_file_name(file_name) {
            Some((v, d)) => (Some(v), d),
            None => (None, file_name.trim_end_matches(".sql").to_string()),
        };
        let (text, not_utf8) = match std::str::from_utf8(bytes) {
            Ok(t) => (t.to_string(), None),
            Err(e) => (String::new(), Some(e.valid_up_to())),
        };
        let mut migration = Migration {
            path: path.to_string(),
            version,
            description,
            text,
            not_utf8,
            header: Header::default(),
            statements: Vec::new(),
            loose_suppressions: Vec::new(),
            unterminated: None,
        };
        migration.parse_text(dialect);
        migration
    }

    fn parse_text(&mut self, dialect: Dialect) {
        let text = self.text.as_str();
        let split = split(text);
        self.unterminated = split.unterminated;
        let parser_dialect = dialect.parser_dialect();
        // The header is every comment before the first statement.
        let first_start = split
            .statements
            .first()
            .map_or(text.len(), |s| s.span.start);
        let header_comments: Vec<&Comment> = split
            .statements
            .first()
            .map(|s| s.comments.iter().collect())
            .unwrap_or_else(|| split.trailing_comments.iter().collect());
        for c in header_comments.iter().filter(|c| c.span.end <= first_start) {
            let (key, value) = match c.body.split_once(':') {
                Some((k, v)) => (k.trim().to_ascii_lowercase(), v.trim()),
                None => (c.body.trim().to_ascii_lowercase(), ""),
            };
            match key.as_str() {
                "epic" => self.header.epic = Some(value.to_string()),
                "packs affected" | "packs" => {
                    self.header.packs_affected = value
                        .split(',')
                        .map(|p| p.trim().to_string())
                        .filter(|p| !p.is_empty())
                        .collect();
                    self.header.packs_span = Some(c.span);
                }
                "pack" | "owner" | "author pack" => self.header.pack = Some(value.to_string()),
                "accord" if value.eq_ignore_ascii_case("no-transaction") => {
                    self.header.no_transaction = true
                }
                _ => {}
            }
        }
        for raw in &split.statements {
            let mut sql = std::borrow::Cow::Borrowed(&text[raw.span.start..raw.span.end]);
            let concurrently = dialect == Dialect::Postgres
                && drop_index_concurrently(&sql).is_some_and(|r| {
                    sql.to_mut().replace_range(r.clone(), &" ".repeat(r.len()));
                    true
                });
            let sql = sql.as_ref();
            let (ast, error) = match Parser::parse_sql(parser_dialect.as_ref(), sql) {
                Ok(mut stmts) if stmts.len() == 1 => (stmts.pop(), None),
                Ok(stmts) if stmts.is_empty() => {
                    (None, Some(("empty statement".to_string(), raw.span)))
                }
                Ok(_) => (
                    None,
                    Some((
                        "more than one statement without `;` between them".to_string(),
                        raw.span,
                    )),
                ),
                Err(e) => {
                    let message = e.to_string();
                    let at = error_offset(sql, &message).map_or(raw.span, |off| {
                        let start = raw.span.start + off;
                        let end = text[start..]
                            .find(|c: char| c.is_whitespace())
                            .map_or(raw.span.end, |p| start + p.max(1))
                            .min(raw.span.end.max(start + 1));
                        Span::new(start, end)
                    });
                    (None, Some((clean_error(&message), at)))
                }
            };
            let unchecked = (error.is_some() && dialect == Dialect::Postgres)
                .then(|| pg_unparsed_command(sql))
                .flatten();
            let error = if unchecked.is_some() { None } else { error };
            let suppressions = raw.comments.iter().filter_map(parse_suppression).collect();
            self.statements.push(Stmt {
                span: raw.span,
                ast,
                error,
                suppressions,
                concurrently,
                unchecked,
            });
        }
        self.loose_suppressions = split
            .trailing_comments
            .iter()
            .filter_map(parse_suppression)
            .collect();
    }

    /// The statement's SQL text.
    pub fn sql(&self, stmt: &Stmt) -> &str {
        self.text.get(stmt.span.start..stmt.span.end).unwrap_or("")
    }

    /// The checksum of the file as applied (see [`checksum`]).
    pub fn checksum(&self) -> String {
        checksum(&self.text)
    }

    /// True when a tracking row's checksum is this file's (current or legacy form).
    pub fn checksum_matches(&self, recorded: &str) -> bool {
        checksum_matches(recorded, &self.text)
    }

    /// The file's name.
    pub fn file_name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// A copy with the name, version and header only (no text, no statements).
    pub fn head(&self) -> Migration {
        Migration {
            path: self.path.clone(),
            version: self.version.clone(),
            description: self.description.clone(),
            text: String::new(),
            not_utf8: self.not_utf8,
            header: self.header.clone(),
            statements: Vec::new(),
            loose_suppressions: Vec::new(),
            unterminated: self.unterminated,
        }
    }
}

/// Migrations listed but not read yet, in apply order: what the streaming linter
/// ([`crate::lint::lint_streaming`]) reads one at a time.
#[derive(Debug)]
pub struct Pending {
    root: PathBuf,
    dialect: Dialect,
    limit: u64,
    /// (path shown and used as the migration's path, file named on the command line).
    items: Vec<(String, Option<PathBuf>)>,
}

impl Pending {
    /// The `*.sql` files of `config`'s migrations directory under `root` (guarded as
    /// [`load`] does), with `files` named by the operator on top (a named file replaces
    /// the directory's file of the same path), sorted by file name then path.
    pub fn new(
        root: &Path,
        config: &DatabaseConfig,
        include_dir: bool,
        files: &[PathBuf],
    ) -> Result<Pending, SqlError> {
        let mut items: Vec<(String, Option<PathBuf>)> = Vec::new();
        for file in files {
            let shown = file
                .strip_prefix(root)
                .unwrap_or(file)
                .to_string_lossy()
                .replace('\\', "/");
            items.push((shown, Some(file.clone())));
        }
        if include_dir {
            let fs = Root::open(root)?;
            for rel in sql_files(&fs, &config.migrations, true)? {
                if !items.iter().any(|(p, _)| *p == rel) {
                    items.push((rel, None));
                }
            }
        }
        let name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
        items.sort_by(|a, b| name(&a.0).cmp(&name(&b.0)).then_with(|| a.0.cmp(&b.0)));
        Ok(Pending {
            root: root.to_path_buf(),
            dialect: config.dialect,
            limit: config.max_migration_bytes,
            items,
        })
    }

    /// Paths, in apply order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.items.iter().map(|(p, _)| p.as_str())
    }

    /// The paths of the files named on the command line.
    pub fn given(&self) -> BTreeSet<String> {
        self.items
            .iter()
            .filter(|(_, f)| f.is_some())
            .map(|(p, _)| p.clone())
            .collect()
    }

    /// Reads and parses the `i`-th migration.
    pub fn load(&self, i: usize) -> Result<Migration, SqlError> {
        let (path, file) = &self.items[i];
        let bytes = match file {
            Some(file) => accord_fs::read_user_file(file, self.limit)?,
            None => Root::open(&self.root)?.with_limit(self.limit).read(path)?,
        };
        Ok(Migration::parse(path, &bytes, self.dialect))
    }
}

fn parse_suppression(c: &Comment) -> Option<Suppression> {
    let rest = c.body.strip_prefix("accord:allow")?;
    let rest = rest.trim();
    let (rule, after) = match rest.find(char::is_whitespace) {
        Some(p) => (&rest[..p], rest[p..].trim()),
        None => (rest, ""),
    };
    let reason = after
        .strip_prefix("reason=")
        .map(|r| r.trim().trim_matches('"').trim().to_string())
        .filter(|r| !r.is_empty());
    Some(Suppression {
        rule: rule.to_string(),
        reason,
        span: c.span,
    })
}

/// sqlparser reports `… at Line: L, Column: C`; turn that into a byte offset in `sql`.
fn error_offset(sql: &str, message: &str) -> Option<usize> {
    let at = message.rfind("Line: ")?;
    let rest = &message[at + 6..];
    let (line, rest) = rest.split_once(", Column: ")?;
    let line: usize = line.trim().parse().ok()?;
    let column: usize = rest
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()?;
    let line_start = sql
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let line_text = sql.get(line_start..)?.lines().next().unwrap_or("");
    let col_bytes = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    Some((line_start + col_bytes).min(sql.len()))
}

fn clean_error(message: &str) -> String {
    let m = message
        .strip_prefix("sql parser error: ")
        .unwrap_or(message);
    match m.rfind(" at Line: ") {
        Some(p) => m[..p].to_string(),
        None => m.to_string(),
    }
}

/// Default ceiling for one migration or smoke-check file (`[database] max_migration_bytes`).
pub const DEFAULT_MAX_MIGRATION_BYTES: u64 = 8 * 1024 * 1024;

/// Reads the migrations of `config` under `root`, each file bounded by
/// `config.max_migration_bytes`.
pub fn load(root: &Path, config: &DatabaseConfig) -> Result<Vec<Migration>, SqlError> {
    load_dir_limited(
        root,
        &config.migrations,
        config.dialect,
        config.max_migration_bytes,
    )
}

/// Reads every `*.sql` file under `root/dir` (recursively), sorted by file name then path,
/// each bounded by [`DEFAULT_MAX_MIGRATION_BYTES`]. A missing directory yields no
/// migrations. See [`load_dir_limited`] for what is refused.
pub fn load_dir(root: &Path, dir: &str, dialect: Dialect) -> Result<Vec<Migration>, SqlError> {
    load_dir_limited(root, dir, dialect, DEFAULT_MAX_MIGRATION_BYTES)
}

/// Reads every `*.sql` file under `root/dir` through the guarded file layer: the directory
/// and every file must resolve inside `root` (a symlink leaving it is an error naming it),
/// only regular files are read (a FIFO or device is an error, never a hang), and each read
/// stops at `limit` bytes. A directory reached twice (a symlink loop, an alias) is walked
/// once and a file reached twice is loaded once.
pub fn load_dir_limited(
    root: &Path,
    dir: &str,
    dialect: Dialect,
    limit: u64,
) -> Result<Vec<Migration>, SqlError> {
    let fs = Root::open(root)?.with_limit(limit);
    let mut migrations = Vec::new();
    for rel in sql_files(&fs, dir, true)? {
        let bytes = fs.read(&rel)?;
        migrations.push(Migration::parse(&rel, &bytes, dialect));
    }
    migrations.sort_by(|a, b| {
        a.file_name()
            .cmp(b.file_name())
            .then_with(|| a.path.cmp(&b.path))
    });
    Ok(migrations)
}

/// Reads the given files, which the operator named on the command line (so they need not
/// lie inside `root`; reported relative to `root` when they do), regular files only and
/// bounded by `limit`.
pub fn load_files(
    root: &Path,
    files: &[PathBuf],
    dialect: Dialect,
    limit: u64,
) -> Result<Vec<Migration>, SqlError> {
    let mut out = Vec::new();
    for file in files {
        let bytes = accord_fs::read_user_file(file, limit)?;
        let shown = file
            .strip_prefix(root)
            .unwrap_or(file)
            .to_string_lossy()
            .replace('\\', "/");
        out.push(Migration::parse(&shown, &bytes, dialect));
    }
    Ok(out)
}

/// Repository-relative paths of the `*.sql` files under `dir` (its subdirectories too when
/// `recursive`), each file once, in walk order. A missing directory has none.
pub(crate) fn sql_files(fs: &Root, dir: &str, recursive: bool) -> Result<Vec<String>, SqlError> {
    let Some(rel) = fs.relative(Path::new(dir)) else {
        return Err(SqlError::Refused {
            path: dir.to_string(),
            reason: "the directory is outside the repository".to_string(),
        });
    };
    let base = match fs.resolve(&rel) {
        Ok(p) => p,
        Err(e) if e.is_not_found() => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut walk = Walk {
        fs,
        recursive,
        dirs: BTreeSet::new(),
        files: BTreeSet::new(),
        out: Vec::new(),
        links: VecDeque::new(),
    };
    if base.is_dir() {
        walk.dir(&rel, &base)?;
        // Symlinks last, so a file or directory reached both directly and through a link
        // is known by its own path.
        while let Some((child, link)) = walk.links.pop_front() {
            walk.link(&child, &link)?;
        }
    }
    Ok(walk.out)
}

struct Walk<'a> {
    fs: &'a Root,
    recursive: bool,
    /// Resolved directories already walked: a loop or an alias is walked once.
    dirs: BTreeSet<PathBuf>,
    /// Resolved files already listed.
    files: BTreeSet<PathBuf>,
    out: Vec<String>,
    /// Symlinks met on the way (repository-relative path, path on disk), walked last.
    links: VecDeque<(String, PathBuf)>,
}

impl Walk<'_> {
    fn dir(&mut self, rel: &str, real: &Path) -> Result<(), SqlError> {
        if !self.dirs.insert(real.to_path_buf()) {
            return Ok(());
        }
        let io = |source| SqlError::Io {
            path: rel.to_string(),
            source,
        };
        let mut entries = std::fs::read_dir(real)
            .map_err(io)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(io)?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let os_name = entry.file_name();
            let Some(name) = os_name.to_str() else {
                return Err(SqlError::Refused {
                    path: format!("{rel}/{}", os_name.to_string_lossy()),
                    reason: "the file name is not UTF-8".to_string(),
                });
            };
            let child = if rel.is_empty() {
                name.to_string()
            } else {
                format!("{rel}/{name}")
            };
            if entry.file_type().map_err(io)?.is_symlink() {
                self.links.push_back((child, entry.path()));
                continue;
            }
            self.visit(child, real.join(name))?;
        }
        Ok(())
    }

    fn link(&mut self, child: &str, link: &Path) -> Result<(), SqlError> {
        // Only the target's type is looked at here (no read): a symlinked README that
        // leaves the repository is none of our business, a directory or a `.sql` file
        // that does is refused by `resolve`.
        let target_is_dir = std::fs::metadata(link).is_ok_and(|m| m.is_dir());
        if !(target_is_dir || child.ends_with(".sql")) {
            return Ok(());
        }
        let real = self.fs.resolve(child)?;
        self.visit(child.to_string(), real)
    }

    fn visit(&mut self, child: String, real: PathBuf) -> Result<(), SqlError> {
        if real.is_dir() {
            if self.recursive {
                self.dir(&child, &real)?;
            }
        } else if child.ends_with(".sql") && self.files.insert(real) {
            self.out.push(child);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        assert_eq!(
            parse_file_name("20251027-143000-add-big-five-to-minds.sql"),
            Some(("20251027-143000".into(), "add-big-five-to-minds".into()))
        );
        assert_eq!(parse_file_name("20251327-143000-x.sql"), None);
        assert_eq!(parse_file_name("2025-10-27-add.sql"), None);
        assert_eq!(parse_file_name("20251027-143000-.sql"), None);
        assert_eq!(parse_file_name("20251027-143000-Add Things.sql"), None);
    }

    #[test]
    fn checksum_ignores_line_endings_and_trailing_space() {
        assert_eq!(checksum("A;\nB;\n"), checksum("A;  \r\nB;\r\n\r\n"));
        assert_ne!(checksum("A;\nB;\n"), checksum("A;\nC;\n"));
        assert_eq!(
            checksum("INSERT INTO t VALUES ('a');\n"),
            checksum("INSERT INTO t VALUES ('a');  \r\n\r\n")
        );
    }

    #[test]
    fn checksum_sees_drift_inside_string_literals() {
        let base = "INSERT INTO t VALUES ('line one\nline two');\n";
        // A trailing space inside the literal is data the database stores.
        assert_ne!(
            checksum(base),
            checksum("INSERT INTO t VALUES ('line one \nline two');\n")
        );
        // So is a CR inside it, while CRLF outside it is not an edit.
        assert_ne!(
            checksum(base),
            checksum("INSERT INTO t VALUES ('line one\r\nline two');\n")
        );
        assert_eq!(
            checksum(base),
            checksum("INSERT INTO t VALUES ('line one\nline two');\r\n")
        );
        // Dollar-quoted bodies and quoted identifiers too; a literal ending the file keeps
        // its trailing spaces.
        assert_ne!(checksum("SELECT $$a$$"), checksum("SELECT $$a $$"));
        assert_ne!(checksum("SELECT \"a\""), checksum("SELECT \"a \""));
        assert_ne!(checksum("SELECT 'a  "), checksum("SELECT 'a"));
        // The legacy form could not tell these apart; rows recorded with it still match.
        let edited = "INSERT INTO t VALUES ('line one \nline two');\n";
        assert_eq!(legacy_checksum(base), legacy_checksum(edited));
        assert!(checksum_matches(&legacy_checksum(base), base));
        assert!(checksum_matches(&checksum(base), base));
        assert!(!checksum_matches(&checksum(base), edited));
        assert!(!checksum_matches("", base));
        assert!(!checksum_matches("not a checksum", base));
    }

    #[test]
    fn header_and_suppressions() {
        let m = Migration::parse(
            "db/migrations/20251027-143000-add.sql",
            b"-- Epic: EPIC-005\n-- Packs affected: MMOS, InnerLens\n\n-- accord:allow migration-drop-table reason=\"gone\"\nDROP TABLE x;\n",
            Dialect::Sqlite,
        );
        assert_eq!(m.header.epic.as_deref(), Some("EPIC-005"));
        assert_eq!(m.header.packs_affected, vec!["MMOS", "InnerLens"]);
        assert_eq!(m.statements.len(), 1);
        assert_eq!(m.statements[0].suppressions[0].rule, "migration-drop-table");
        assert_eq!(
            m.statements[0].suppressions[0].reason.as_deref(),
            Some("gone")
        );
    }

    #[test]
    fn bad_statement_does_not_hide_the_next() {
        let m = Migration::parse(
            "x.sql",
            b"CREATE TABLE a (id INTEGER);\nCREATE TABLEE b (id INTEGER);\nCREATE TABLE c (id INTEGER);\n",
            Dialect::Sqlite,
        );
        assert_eq!(m.statements.len(), 3);
        assert!(m.statements[0].ast.is_some());
        let (message, span) = m.statements[1].error.clone().unwrap();
        assert!(
            message.contains("TABLEE") || !message.is_empty(),
            "{message}"
        );
        assert_eq!(span.line_col(&m.text).0, 2);
        assert!(m.statements[2].ast.is_some());
    }

    #[test]
    fn drop_index_concurrently_parses_and_keeps_the_keyword() {
        let m = Migration::parse(
            "x.sql",
            b"DROP INDEX CONCURRENTLY IF EXISTS a;\ndrop index\n  concurrently b;\nDROP INDEX c;\nDROP INDEX concurrently_named;\n",
            Dialect::Postgres,
        );
        let drops: Vec<Vec<Effect>> = m.statements.iter().map(Stmt::effects).collect();
        let expect = |name: &str, concurrently| {
            vec![Effect::DropIndex {
                name: name.into(),
                concurrently,
            }]
        };
        assert_eq!(drops[0], expect("a", true));
        assert_eq!(drops[1], expect("b", true));
        assert_eq!(drops[2], expect("c", false));
        assert_eq!(drops[3], expect("concurrently_named", false));
        assert!(m.statements.iter().all(|s| s.error.is_none()));
        // An error after the blanked keyword still points at the right column.
        let bad = Migration::parse("y.sql", b"DROP INDEX CONCURRENTLY a b", Dialect::Postgres);
        let (_, span) = bad.statements[0].error.clone().unwrap();
        assert_eq!(&bad.text[span.start..span.end], "b");
    }

    #[test]
    fn valid_postgres_that_sqlparser_refuses_is_no_parse_error() {
        let m = Migration::parse(
            "x.sql",
            b"DO $$ BEGIN RAISE NOTICE 'x'; END $$;\nREINDEX INDEX CONCURRENTLY i;\nALTER TABLE p DETACH PARTITION c CONCURRENTLY;\nALTER TABLE t ALTER COLUMN a SET STATISTICS 500;\nREINDX INDEX i;\n",
            Dialect::Postgres,
        );
        let unchecked: Vec<Option<&str>> = m.statements.iter().map(|s| s.unchecked).collect();
        assert_eq!(
            unchecked,
            vec![
                Some("DO"),
                Some("REINDEX"),
                Some("DETACH PARTITION"),
                Some("SET STATISTICS"),
                None
            ]
        );
        assert!(m.statements[..4].iter().all(|s| s.error.is_none()));
        // A typo is still a parse error, and SQLite has none of these commands.
        assert!(m.statements[4].error.is_some());
        let sqlite = Migration::parse("y.sql", b"REINDEX i;", Dialect::Sqlite);
        assert!(sqlite.statements[0].unchecked.is_none());
    }

    #[test]
    fn non_utf8_is_recorded() {
        let m = Migration::parse("x.sql", b"SELECT '\xff';", Dialect::Sqlite);
        assert_eq!(m.not_utf8, Some(8));
        assert!(m.statements.is_empty());
    }
}
