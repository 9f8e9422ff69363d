//! The secret scan as it was before it was made fast: every detector walks the whole text,
//! every word is looked at. Kept only for tests, which compare it with the scan in use on
//! random and hostile inputs, so a speed-up cannot silently drop a detection.

use super::{
    Found, KNOWN, SECRET_NAME_PARTS, SECRET_NAMES, SecretKind, after_assignment, assigned_value,
    high_entropy, is_ident_byte, is_scheme_char, merge, userinfo_password,
};
use std::ops::Range;

/// What `secret_ranges` must return for `text`.
pub(super) fn secret_ranges(text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    private_key_blocks(text, &mut found);
    url_credentials(text, &mut found);
    assignments(text, &mut found);
    tokens(text, &mut found);
    merge(found)
}

fn private_key_blocks(text: &str, out: &mut Vec<Found>) {
    let mut from = 0;
    while let Some(i) = text[from..].find("-----BEGIN ") {
        let begin = from + i;
        let Some(header_end) = text[begin + 11..].find("-----").map(|j| begin + 11 + j + 5) else {
            return;
        };
        let label = &text[begin + 11..header_end - 5];
        if !label.contains("PRIVATE KEY") {
            from = header_end;
            continue;
        }
        // The body runs to the END line, or to the end of the text when it was cut.
        let end = text[header_end..]
            .find("-----END")
            .map_or(text.len(), |j| header_end + j);
        out.push(Found {
            range: header_end..end,
            keep: 0,
            kind: SecretKind::PrivateKey,
        });
        from = end.max(header_end);
        if from >= text.len() {
            return;
        }
    }
}

fn ends_url(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`' | '\\')
}

fn url_credentials(text: &str, out: &mut Vec<Found>) {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = text[from..].find("://") {
        let sep = from + i;
        from = sep + 3;
        let mut start = sep;
        while start > 0 && is_scheme_char(bytes[start - 1]) {
            start -= 1;
        }
        if start == sep || !bytes[start].is_ascii_alphabetic() {
            continue;
        }
        let rest_start = sep + 3;
        let rest_end = text[rest_start..]
            .find(ends_url)
            .map_or(text.len(), |j| rest_start + j);
        let rest = &text[rest_start..rest_end];
        // The next scheme is searched after this URL: `a://a://a://…` stays linear.
        from = from.max(rest_end);
        if let Some(range) = userinfo_password(rest) {
            out.push(Found {
                range: rest_start + range.start..rest_start + range.end,
                keep: 0,
                kind: SecretKind::UrlPassword,
            });
        }
    }
}

pub(super) fn sensitive_key(key: &str, in_query: bool) -> bool {
    // Called on every word of every output: no allocation and no substring-searcher set-up
    // per word (that was half of `migrate lint`'s time on 10 000 statements).
    let k = key.as_bytes();
    let contains = |needle: &str| {
        k.len() >= needle.len()
            && k.windows(needle.len())
                .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
    };
    SECRET_NAME_PARTS.iter().any(|c| contains(c))
        || SECRET_NAMES.iter().any(|e| key.eq_ignore_ascii_case(e))
        || (in_query && key.eq_ignore_ascii_case("key"))
}

fn assignments(text: &str, out: &mut Vec<Found>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !is_ident_byte(bytes[i]) || (i > 0 && is_ident_byte(bytes[i - 1])) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_ident_byte(bytes[i]) {
            i += 1;
        }
        let key = &text[start..i];
        let in_query = start > 0 && matches!(bytes[start - 1], b'?' | b'&' | b';');
        // Most words are assigned nothing: looking at the next bytes first is what keeps a
        // 40 MB tree from testing every identifier against every secret-like name (and the
        // value is read only for a secret-like name, so unclosed quotes stay linear).
        let Some(value_start) = after_assignment(bytes, i) else {
            continue;
        };
        if !sensitive_key(key, in_query) {
            continue;
        }
        if let Some(range) = assigned_value(text, value_start, in_query) {
            // Resume after the value: it is hidden whole, and every byte is looked at once,
            // so `password=password=…` costs linear time, not quadratic.
            i = i.max(range.end);
            out.push(Found {
                range,
                keep: 0,
                kind: SecretKind::Assignment,
            });
        }
    }
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+' | b'/' | b'.' | b'=')
}

fn tokens(text: &str, out: &mut Vec<Found>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !is_token_byte(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_token_byte(bytes[i]) {
            i += 1;
        }
        token_run(text, start, i, out);
    }
}

fn token_run(text: &str, start: usize, end: usize, out: &mut Vec<Found>) {
    let run = &text[start..end];
    let bytes = run.as_bytes();
    let mut matched = false;
    for (prefix, min, class) in KNOWN {
        // Most runs are short words: skip the searcher set-up when no match can fit.
        if run.len() < prefix.len() + min {
            continue;
        }
        let mut from = 0;
        while let Some(j) = run[from..].find(prefix) {
            let at = from + j;
            from = at + prefix.len();
            // The prefix must start a word: `xAKIA…` is not an AWS key.
            if at > 0 && bytes[at - 1].is_ascii_alphanumeric() {
                continue;
            }
            let body = &bytes[at + prefix.len()..];
            let len = body.iter().take_while(|&&b| class(b)).count();
            if len >= *min {
                out.push(Found {
                    range: start + at..start + at + prefix.len() + len,
                    keep: prefix.len(),
                    kind: SecretKind::KnownFormat,
                });
                matched = true;
            }
        }
    }
    if let Some(range) = jwt(run) {
        out.push(Found {
            range: start + range.start..start + range.end,
            keep: 3,
            kind: SecretKind::Jwt,
        });
        matched = true;
    }
    if !matched {
        // Paths and dotted names are judged piece by piece; base64 keeps `/` and `+`.
        let trimmed = run.trim_matches(|c: char| matches!(c, '.' | '-' | '_' | '/'));
        let offset = start + (run.len() - run.trim_start_matches(['.', '-', '_', '/']).len());
        if high_entropy(trimmed) {
            out.push(Found {
                range: offset..offset + trimmed.len(),
                keep: 0,
                kind: SecretKind::HighEntropy,
            });
        }
    }
}

fn jwt(run: &str) -> Option<Range<usize>> {
    let at = run.as_bytes().windows(3).position(|w| w == b"eyJ")?;
    let rest = &run[at..];
    let len = rest
        .bytes()
        .take_while(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'='))
        .count();
    let token = &rest[..len];
    let parts: Vec<&str> = token.split('.').collect();
    (parts.len() >= 3 && parts[0].len() >= 10 && parts[1].len() >= 4).then_some(at..at + len)
}
