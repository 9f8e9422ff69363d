//! The headings of a Markdown artifact, with their levels and byte spans.
//!
//! pulldown-cmark decides what a heading is, so `## X` inside a code block or an HTML
//! comment is not one. YAML front matter is recognised as metadata: without that option a
//! `---` block would turn its last line into a setext heading.

use accord_model::Span;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// One heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The heading's text without markup, whitespace collapsed.
    pub text: String,
    /// Where the heading is, in bytes.
    pub span: Span,
}

/// Every heading of `text`, in document order. Never panics.
pub fn headings(text: &str) -> Vec<Heading> {
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut out = Vec::new();
    let mut current: Option<(u8, String, Span)> = None;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some((
                    level as u8,
                    String::new(),
                    Span::new(range.start, range.end),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, raw, span)) = current.take() {
                    out.push(Heading {
                        level,
                        text: normalize(&raw),
                        span,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                if let Some((_, raw, _)) = current.as_mut() {
                    raw.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, raw, _)) = current.as_mut() {
                    raw.push(' ');
                }
            }
            _ => {}
        }
    }
    out
}

/// Collapses whitespace so `##   Cognitive  Patterns ` names the section `Cognitive Patterns`.
pub fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True when a heading's text names the section `name`. Case is ignored: a consumer looking
/// for "Communication Style" finds "Communication style" too.
pub fn names(heading: &Heading, name: &str) -> bool {
    heading.text.to_lowercase() == normalize(name).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn headings_have_levels_text_and_spans() {
        let text = "---\ntitle: x\n---\n# Naval\n\nIntro\n\n## Cognitive *Patterns*\n\n```\n## Not a heading\n```\n\nSetext\n------\n";
        let hs = headings(text);
        let got: Vec<(u8, &str)> = hs.iter().map(|h| (h.level, h.text.as_str())).collect();
        assert_eq!(
            got,
            vec![(1, "Naval"), (2, "Cognitive Patterns"), (2, "Setext")]
        );
        let s = hs[1].span;
        assert!(text[s.start..s.end].starts_with("## Cognitive"));
    }

    #[test]
    fn names_ignore_case_and_spacing() {
        let h = Heading {
            level: 2,
            text: "Communication style".into(),
            span: Span::default(),
        };
        assert!(names(&h, " Communication  Style "));
        assert!(!names(&h, "Communication"));
    }

    proptest! {
        #[test]
        fn scanner_never_panics_and_spans_stay_in_bounds(text in "(#{1,7} ?[a-zé]{0,8}\n|[-=`*>_ a-z\\n]{0,12}|```\n|---\n){0,30}") {
            for h in headings(&text) {
                prop_assert!(h.span.start <= h.span.end && h.span.end <= text.len());
                prop_assert!((1..=6).contains(&h.level));
            }
        }

        #[test]
        fn scanner_never_panics_on_arbitrary_text(text in "\\PC*") {
            let _ = headings(&text);
        }
    }
}
