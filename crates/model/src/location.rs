use serde::{Deserialize, Serialize};

/// A byte range in a file: `start..end`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (exclusive).
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start,
            end: end.max(start),
        }
    }

    /// Converts this byte span into a 1-based line and column (in characters) within `text`.
    pub fn line_col(&self, text: &str) -> (u32, u32) {
        line_col(text, self.start)
    }
}

/// 1-based line and column (counted in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line as u32, column as u32)
}

/// Where each line of a text starts, for placing many offsets in one text: each look-up is a
/// binary search instead of a scan from the start (which made many findings in one large file
/// quadratic). Gives exactly what [`line_col`] gives.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// 1-based line and column (in characters) of `offset` in `text`, the text indexed.
    pub fn line_col(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = offset.min(text.len());
        // The last line start at or before `offset`.
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column = String::from_utf8_lossy(&text.as_bytes()[start..offset])
            .chars()
            .count()
            + 1;
        (line as u32, column as u32)
    }
}

/// A place in a file of the repository, as a user would type it.
///
/// `path` is relative to the repository root, with `/` separators. `line` and `column`
/// are 1-based; `0` means "the whole file". `span`, when known, lets reporters show a
/// snippet with a caret.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Location {
    /// Repository-relative path with `/` separators.
    pub path: String,
    /// 1-based line; 0 when the finding concerns the whole file.
    pub line: u32,
    /// 1-based column in characters; 0 when unknown.
    pub column: u32,
    /// Byte range in the file, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// The revision whose copy of `path` this location points into (e.g. the base commit
    /// for something a change removed); `None` is the revision under review. Reporters show
    /// snippets from that revision, never from a working-tree file that no longer matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
}

impl Location {
    /// A location at `line:column` in `path`.
    pub fn new(path: impl Into<String>, line: u32, column: u32) -> Location {
        Location {
            path: path.into(),
            line,
            column,
            span: None,
            revision: None,
        }
    }

    /// The whole of `path`.
    pub fn file(path: impl Into<String>) -> Location {
        Location::new(path, 0, 0)
    }

    /// A location computed from a byte span inside `text`, the contents of `path`.
    pub fn from_span(path: impl Into<String>, text: &str, span: Span) -> Location {
        let (line, column) = span.line_col(text);
        Location {
            path: path.into(),
            line,
            column,
            span: Some(span),
            revision: None,
        }
    }

    /// [`Location::from_span`] with the line starts of `text` computed once.
    pub fn from_span_indexed(
        path: impl Into<String>,
        text: &str,
        lines: &LineIndex,
        span: Span,
    ) -> Location {
        let (line, column) = lines.line_col(text, span.start);
        Location {
            path: path.into(),
            line,
            column,
            span: Some(span),
            revision: None,
        }
    }

    /// This location, in the copy of its file at `revision`.
    pub fn in_revision(mut self, revision: impl Into<String>) -> Location {
        self.revision = Some(revision.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_index_agrees_with_line_col_everywhere() {
        let text = "a: 1\nnamé: x\n\n  - ü\r\nlast";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                index.line_col(text, offset),
                line_col(text, offset),
                "{offset}"
            );
        }
        assert_eq!(LineIndex::new("").line_col("", 0), (1, 1));
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "a: 1\nnamé: x\n";
        let offset = text.find('x').unwrap();
        assert_eq!(line_col(text, offset), (2, 7));
    }

    #[test]
    fn line_col_clamps_past_the_end() {
        assert_eq!(line_col("ab", 99), (1, 3));
    }
}
