//! A mistake in a user's file (`accord.toml`, a contract), pointing at the exact bytes.

use accord_model::{Location, Span};
use serde::Serialize;
use std::fmt;

/// One problem in a configuration or contract file, with enough position data for a
/// reporter to print a snippet with a caret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Repository-relative path of the file.
    pub path: String,
    /// Byte range of the offending text.
    pub span: Span,
    /// 1-based line of `span.start`.
    pub line: u32,
    /// 1-based column (characters) of `span.start`.
    pub column: u32,
    /// What is wrong, one sentence.
    pub message: String,
    /// Short text to print under the caret.
    pub label: String,
    /// How to fix it, when there is something useful to say.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at `span` of `text`, the contents of `path`.
    pub fn new(
        path: &str,
        text: &str,
        span: Span,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Diagnostic {
        let span = clamp(text, span);
        let (line, column) = span.line_col(text);
        Diagnostic {
            path: path.to_string(),
            span,
            line,
            column,
            message: message.into(),
            label: label.into(),
            help: None,
        }
    }

    /// Adds help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Where the diagnostic points, as a [`Location`].
    pub fn location(&self) -> Location {
        Location {
            path: self.path.clone(),
            line: self.line,
            column: self.column,
            span: Some(self.span),
            revision: None,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path, self.line, self.column, self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// Keeps a span inside `text` and on character boundaries, whatever its origin.
pub(crate) fn clamp(text: &str, span: Span) -> Span {
    let floor = |mut o: usize| {
        o = o.min(text.len());
        while o > 0 && !text.is_char_boundary(o) {
            o -= 1;
        }
        o
    };
    Span::new(floor(span.start), floor(span.end))
}

/// Joins diagnostics for an error's `Display`: the first in full and a count of the rest.
pub(crate) fn summarize(diagnostics: &[Diagnostic]) -> String {
    match diagnostics {
        [] => "no details".to_string(),
        [one] => one.to_string(),
        [first, rest @ ..] => format!("{first} (and {} more)", rest.len()),
    }
}

/// The closest of `candidates` to `word`, when it is close enough to be a typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let v = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            cur.push(v);
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_typos_only() {
        assert_eq!(did_you_mean("pahts", &["paths", "tests"]), Some("paths"));
        assert_eq!(did_you_mean("zzzzzz", &["paths", "tests"]), None);
    }

    #[test]
    fn diagnostic_positions_are_clamped_to_char_boundaries() {
        let d = Diagnostic::new("a.toml", "é", Span::new(1, 9), "m", "l");
        assert_eq!(d.span, Span::new(0, 2));
        assert_eq!((d.line, d.column), (1, 1));
    }
}
