//! Splits SQL text into statements with byte spans, without a full parse, so one bad
//! statement never hides the others. Respects quotes (`'…'`, `E'…'`, `"…"`, `` `…` ``,
//! `[…]`), dollar quoting (`$tag$…$tag$`), line and (nested) block comments, and the
//! `BEGIN … END` body of SQLite `CREATE TRIGGER`.

use accord_model::Span;

/// A comment found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The whole comment, markers included.
    pub span: Span,
    /// The text without `--` or `/* */`, trimmed.
    pub body: String,
}

/// One statement as found by the splitter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawStatement {
    /// From the first token to the last token before `;` (both trimmed of whitespace and comments).
    pub span: Span,
    /// Comments between the previous statement's end and this statement's end.
    pub comments: Vec<Comment>,
}

/// Result of splitting: the statements and the comments after the last statement.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Split {
    /// Statements, in order.
    pub statements: Vec<RawStatement>,
    /// Comments not followed by any statement.
    pub trailing_comments: Vec<Comment>,
    /// Set when the text ends inside a quote or comment: (what, where it opened).
    pub unterminated: Option<(&'static str, usize)>,
    /// Quoted tokens (string literals, quoted identifiers, dollar-quoted bodies), quotes
    /// included, in order: the bytes a database takes verbatim, which checksums must keep.
    pub literals: Vec<Span>,
}

/// Splits `text` into statements.
pub fn split(text: &str) -> Split {
    let bytes = text.as_bytes();
    let mut out = Split::default();
    let mut comments: Vec<Comment> = Vec::new();
    let mut start: Option<usize> = None; // first token of the current statement
    let mut last_end = 0usize; // end of the last token of the current statement
    let mut words: Vec<String> = Vec::new(); // first words, to detect CREATE TRIGGER
    let mut last_word = String::new();
    let mut trigger_depth = 0i32;
    let mut i = 0usize;
    let n = bytes.len();

    while i < n {
        let b = bytes[i];
        // Comments.
        if b == b'-' && bytes.get(i + 1) == Some(&b'-') {
            let end = text[i..].find('\n').map_or(n, |p| i + p);
            comments.push(Comment {
                span: Span::new(i, end),
                body: text[i + 2..end].trim().to_string(),
            });
            i = end;
            continue;
        }
        if b == b'/' && bytes.get(i + 1) == Some(&b'*') {
            let open = i;
            let mut depth = 1;
            let mut j = i + 2;
            while j < n && depth > 0 {
                if bytes[j] == b'/' && bytes.get(j + 1) == Some(&b'*') {
                    depth += 1;
                    j += 2;
                } else if bytes[j] == b'*' && bytes.get(j + 1) == Some(&b'/') {
                    depth -= 1;
                    j += 2;
                } else {
                    j += 1;
                }
            }
            if depth > 0 {
                out.unterminated = Some(("block comment", open));
            }
            let inner_end = if depth > 0 { n } else { j - 2 };
            comments.push(Comment {
                span: Span::new(open, j.min(n)),
                body: text
                    .get(open + 2..inner_end.max(open + 2))
                    .unwrap_or("")
                    .trim()
                    .to_string(),
            });
            i = j.min(n);
            continue;
        }
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if b == b';' {
            if trigger_depth > 0 && last_word != "END" {
                // Inside a trigger body: the `;` belongs to the body.
                start.get_or_insert(i);
                last_end = i + 1;
                i += 1;
                continue;
            }
            if let Some(s) = start.take() {
                out.statements.push(RawStatement {
                    span: Span::new(s, last_end),
                    comments: std::mem::take(&mut comments),
                });
            }
            words.clear();
            last_word.clear();
            trigger_depth = 0;
            i += 1;
            continue;
        }
        // A token starts here.
        start.get_or_insert(i);
        let token_end = match b {
            b'\'' => {
                let escapes = i > 0 && matches!(bytes[i - 1], b'E' | b'e');
                skip_quoted(bytes, i, b'\'', escapes)
            }
            b'"' => skip_quoted(bytes, i, b'"', false),
            b'`' => skip_quoted(bytes, i, b'`', false),
            b'[' => skip_quoted(bytes, i, b']', false),
            b'$' => match dollar_tag(text, i) {
                Some(tag) => {
                    let body = i + tag.len();
                    text[body..]
                        .find(tag)
                        .map(|p| Some(body + p + tag.len()))
                        .unwrap_or(None)
                }
                None => Some(i + 1),
            },
            c if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 => {
                let mut j = i;
                while j < n
                    && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_' || bytes[j] >= 0x80)
                {
                    j += 1;
                }
                let word = text[i..j].to_ascii_uppercase();
                if words.len() < 4 {
                    words.push(word.clone());
                }
                if word == "BEGIN"
                    && words.iter().any(|w| w == "TRIGGER")
                    && words.first().is_some_and(|w| w == "CREATE")
                {
                    trigger_depth += 1;
                }
                last_word = word;
                Some(j)
            }
            _ => Some(i + 1),
        };
        if !(b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80) {
            last_word.clear();
        }
        let quoted =
            matches!(b, b'\'' | b'"' | b'`' | b'[') || (b == b'$' && dollar_tag(text, i).is_some());
        if quoted {
            out.literals
                .push(Span::new(i, token_end.unwrap_or(n).min(n)));
        }
        match token_end {
            Some(end) => {
                last_end = end;
                i = end;
            }
            None => {
                let what = match b {
                    b'\'' => "string literal",
                    b'$' => "dollar-quoted string",
                    _ => "quoted identifier",
                };
                out.unterminated = Some((what, i));
                last_end = n;
                i = n;
            }
        }
    }
    if let Some(s) = start {
        out.statements.push(RawStatement {
            span: Span::new(s, last_end),
            comments: std::mem::take(&mut comments),
        });
    }
    out.trailing_comments = comments;
    out
}

/// Index one past the closing quote, or None when unterminated. A doubled quote escapes itself.
fn skip_quoted(bytes: &[u8], open: usize, close: u8, backslash: bool) -> Option<usize> {
    let mut j = open + 1;
    while j < bytes.len() {
        let c = bytes[j];
        if backslash && c == b'\\' {
            j += 2;
            continue;
        }
        if c == close {
            if close != b']' && bytes.get(j + 1) == Some(&close) {
                j += 2;
                continue;
            }
            return Some(j + 1);
        }
        j += 1;
    }
    None
}

/// `$tag$` or `$$` starting at `i`, if that is what is there (and not `$1`).
fn dollar_tag(text: &str, i: usize) -> Option<&str> {
    let rest = &text[i + 1..];
    let end = rest.find('$')?;
    let tag = &rest[..end];
    if tag.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    if tag.chars().all(|c| c.is_alphanumeric() || c == '_') {
        Some(&text[i..i + end + 2])
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sql: &str) -> Vec<&str> {
        split(sql)
            .statements
            .iter()
            .map(|s| &sql[s.span.start..s.span.end])
            .collect()
    }

    #[test]
    fn splits_on_semicolons_outside_quotes_and_comments() {
        let sql = "-- a; comment\nSELECT 'a;b', \"c;d\"; /* x; /* nested; */ y */ SELECT $$e;f$$;\nSELECT $tag$ $$ ; $tag$";
        assert_eq!(
            texts(sql),
            vec![
                "SELECT 'a;b', \"c;d\"",
                "SELECT $$e;f$$",
                "SELECT $tag$ $$ ; $tag$"
            ]
        );
    }

    #[test]
    fn comments_attach_to_the_following_statement() {
        let s = split("-- one\nSELECT 1;\n-- two\nSELECT 2; -- tail");
        assert_eq!(s.statements[0].comments[0].body, "one");
        assert_eq!(s.statements[1].comments[0].body, "two");
        assert_eq!(s.trailing_comments[0].body, "tail");
    }

    #[test]
    fn doubled_quotes_and_e_strings() {
        assert_eq!(
            texts("SELECT 'it''s;'; SELECT E'a\\';b'"),
            vec!["SELECT 'it''s;'", "SELECT E'a\\';b'"]
        );
    }

    #[test]
    fn trigger_bodies_stay_whole() {
        let sql = "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET x = 1; DELETE FROM c; END; SELECT 1";
        assert_eq!(
            texts(sql),
            vec![
                "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET x = 1; DELETE FROM c; END",
                "SELECT 1"
            ]
        );
    }

    #[test]
    fn unterminated_string_is_reported() {
        let s = split("SELECT 'oops;");
        assert_eq!(s.unterminated, Some(("string literal", 7)));
        assert_eq!(s.statements.len(), 1);
    }

    #[test]
    fn positional_parameters_are_not_dollar_quotes() {
        assert_eq!(texts("SELECT $1; SELECT 2"), vec!["SELECT $1", "SELECT 2"]);
    }
}
