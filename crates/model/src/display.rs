//! Text from the repository shown where it must stay one harmless line: a TOML comment
//! `accord init` writes (a newline there would start a real table), a terminal line (an
//! escape sequence would rewrite the screen).

use std::borrow::Cow;

/// `text` with control characters (newlines included) and bidirectional overrides each
/// replaced by one space; borrowed when there is nothing to replace.
pub fn one_line(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}')
    };
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if unsafe_char(c) { ' ' } else { c })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_escapes_and_overrides_become_spaces() {
        assert_eq!(
            one_line("x\n[policy]\r\nreview = \"off\"\u{1b}[2J\u{202e}"),
            "x [policy]  review = \"off\" [2J "
        );
        assert!(matches!(one_line("creator-os é"), Cow::Borrowed(_)));
    }
}
