//! Turning a location plus source text into an annotate-snippets [`Snippet`], shared by the
//! human emitter and by [`render_snippet`] (manifest and contract errors in the CLI).

use accord_model::{Location, Span};
use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{Annotation, AnnotationKind, Level, Renderer, Snippet};
use std::ops::Range;

/// A piece of a file small enough to show: the lines a range touches, with the range
/// re-expressed relative to that piece.
pub(crate) struct Excerpt<'t> {
    pub(crate) text: &'t str,
    pub(crate) first_line: usize,
    pub(crate) range: Range<usize>,
}

impl<'t> Excerpt<'t> {
    /// The lines of `text` that `range` touches. `range` must lie on char boundaries.
    fn of(text: &'t str, range: Range<usize>) -> Excerpt<'t> {
        let start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
        let end = text[range.end..]
            .find('\n')
            .map_or(text.len(), |i| range.end + i);
        let first_line = text[..start].bytes().filter(|&b| b == b'\n').count() + 1;
        Excerpt {
            text: &text[start..end],
            first_line,
            range: range.start - start..range.end - start,
        }
    }

    pub(crate) fn snippet(
        &self,
        path: &'t str,
        kind: AnnotationKind,
        label: Option<&'t str>,
    ) -> Snippet<'t, Annotation<'t>> {
        let annotation = kind
            .span(self.range.clone())
            .label(label.filter(|l| !l.is_empty()));
        Snippet::source(self.text)
            .line_start(self.first_line)
            .path(path)
            .annotation(annotation)
    }
}

/// The excerpt to show for `location` in `text`, or `None` when the location is the whole
/// file or does not fit the text (stale source, wrong file): then only the path is shown.
pub(crate) fn excerpt<'t>(text: &'t str, location: &Location) -> Option<Excerpt<'t>> {
    if location.line == 0 {
        return None;
    }
    let range = location
        .span
        .and_then(|span| checked_span(text, span))
        .or_else(|| range_at(text, location.line, location.column))?;
    Some(Excerpt::of(text, range))
}

fn checked_span(text: &str, span: Span) -> Option<Range<usize>> {
    let fits = span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end);
    fits.then(|| widen_empty(text, span.start..span.end))
}

/// The word starting at 1-based `line`:`column` (column in characters; 0 = line start).
/// The span of the word at 1-based `line` and `column` (in characters) of `text`, for
/// errors that carry a position but not a span.
pub fn span_at(text: &str, line: u32, column: u32) -> Option<Span> {
    range_at(text, line, column).map(|r| Span::new(r.start, r.end))
}

fn range_at(text: &str, line: u32, column: u32) -> Option<Range<usize>> {
    let line_start = if line == 1 {
        0
    } else {
        let mut newlines = text.match_indices('\n').map(|(i, _)| i + 1);
        newlines.nth(usize::try_from(line).ok()?.checked_sub(2)?)?
    };
    let rest = &text[line_start..];
    let line_text = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let skip = column.saturating_sub(1) as usize;
    let start = line_text
        .char_indices()
        .nth(skip)
        .map_or(line_text.len(), |(i, _)| i);
    let word = line_text[start..]
        .find(char::is_whitespace)
        .unwrap_or(line_text.len() - start);
    Some(widen_empty(
        text,
        line_start + start..line_start + start + word,
    ))
}

/// An empty range gets one character so there is something to put a caret under.
fn widen_empty(text: &str, range: Range<usize>) -> Range<usize> {
    if range.start != range.end {
        return range;
    }
    match text[range.start..].chars().next() {
        Some(c) if c != '\n' => range.start..range.start + c.len_utf8(),
        _ => range,
    }
}

pub(crate) fn renderer(color: bool, term_width: usize) -> Renderer {
    let base = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    base.decor_style(DecorStyle::Ascii).term_width(term_width)
}

/// Renders one error diagnostic pointing into `text` (the contents of `path`), the way
/// findings are rendered: `error: MESSAGE`, `--> path:line:col`, the line and a caret under
/// `span` with `label` beside it. The CLI uses it for mistakes in `accord.toml` and contract
/// files. A span outside `text` shows the path alone. The result ends with a newline.
///
/// ```
/// use accord_model::Span;
/// let text = "[packs.mmos]\npaths = [\"a/**\"]\ncolour = 1\n";
/// let at = text.find("colour").unwrap();
/// let out = accord_report::render_snippet(
///     "accord.toml", text, Span::new(at, at + 6), "unknown key `colour`", "not a pack setting", false,
/// );
/// assert!(out.contains("--> accord.toml:3:1"));
/// assert!(out.contains("^^^^^^ not a pack setting"));
/// ```
pub fn render_snippet(
    path: &str,
    text: &str,
    span: Span,
    message: &str,
    label: &str,
    color: bool,
) -> String {
    let title = Level::ERROR.primary_title(message);
    let excerpt = checked_span(text, span).map(|range| Excerpt::of(text, range));
    let group = match excerpt {
        Some(excerpt) => title.element(excerpt.snippet(path, AnnotationKind::Primary, Some(label))),
        None => title.element(annotate_snippets::Origin::path(path)),
    };
    let mut out = renderer(color, crate::RenderOptions::default().term_width).render(&[group]);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_is_counted_in_characters() {
        let text = "a: 1\nnamé: x y\n";
        let range = range_at(text, 2, 7).unwrap();
        assert_eq!(&text[range], "x");
    }

    #[test]
    fn line_past_the_end_has_no_range() {
        assert!(range_at("one\ntwo\n", 9, 1).is_none());
        assert!(range_at("one", 2, 1).is_none());
    }

    #[test]
    fn span_off_char_boundary_falls_back_to_line_and_column() {
        let text = "é: broken\n";
        let location = Location {
            path: "f".into(),
            line: 1,
            column: 4,
            span: Some(Span::new(1, 3)),
            revision: None,
        };
        let excerpt = excerpt(text, &location).unwrap();
        assert_eq!(&excerpt.text[excerpt.range.clone()], "broken");
    }

    #[test]
    fn excerpt_is_the_touched_lines_only() {
        let text = "one\ntwo three\nfour\n";
        let at = text.find("three").unwrap();
        let excerpt = Excerpt::of(text, at..at + 5);
        assert_eq!(excerpt.text, "two three");
        assert_eq!(excerpt.first_line, 2);
        assert_eq!(&excerpt.text[excerpt.range], "three");
    }

    /// Locations come from other crates and possibly stale sources: none may panic.
    #[test]
    fn any_location_is_safe() {
        let text = "é: 1\n\n  naïve: «x»\r\nlast";
        for line in 0..6 {
            for column in 0..14 {
                for start in 0..text.len() + 2 {
                    for end in [start, start + 1, start + 3, text.len() + 1] {
                        let location = Location {
                            path: "f".into(),
                            line,
                            column,
                            span: Some(Span { start, end }),
                            revision: None,
                        };
                        if let Some(excerpt) = excerpt(text, &location) {
                            assert!(excerpt.range.end <= excerpt.text.len());
                            let _ = renderer(false, 80).render(&[Level::ERROR
                                .primary_title("m")
                                .element(excerpt.snippet("f", AnnotationKind::Primary, None))]);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn render_snippet_outside_text_shows_the_path() {
        let out = render_snippet("a.toml", "x", Span::new(40, 50), "bad", "here", false);
        assert!(out.contains("a.toml"), "{out}");
        assert!(!out.contains('^'), "{out}");
    }
}
