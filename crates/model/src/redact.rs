//! Redaction: the one place that decides what looks like a secret.
//!
//! Everything Accord prints or stores can carry text written by the change under review
//! (artifact values quoted in findings, connection strings in errors, decision records kept
//! forever in a ledger). These functions find secrets in such text and hide them:
//!
//! - credentials in URLs of any scheme (`scheme://user:password@host`, passwords containing
//!   `@`, `/`, `:`), and sensitive query parameters (`?password=`, `?sslpassword=`, `token=`…);
//! - `key=value` / `key: value` assignments whose key names a secret (libpq connection strings
//!   `host=db password=x`, ADO `Password=x;`, JSON `"api_key": "x"`, `Authorization: Bearer x`);
//! - values in known key formats (AWS `AKIA…`, GitHub `ghp_…`/`github_pat_…`, Slack `xox…`,
//!   Stripe, Google, GitLab, npm, OpenAI-style `sk-…`), JWTs, private key blocks;
//! - generic high-entropy tokens (long, mixed-class, random-looking). Hex strings (commit ids,
//!   digests, fingerprints) and UUIDs are public identifiers in Accord and are kept.
//!
//! Detection errs towards hiding: a harmless value next to `password=` is masked too.
//!
//! ```
//! use accord_model::redact::{redact, mask, contains_secret};
//!
//! let url = "postgres://app:p@ss/w0rd@db.internal:5432/prod?sslpassword=hunter2";
//! assert_eq!(redact(url), "postgres://app:***@db.internal:5432/prod?sslpassword=***");
//! assert!(contains_secret("key AKIAIOSFODNN7EXAMPLE"));
//! // `mask` keeps every byte offset, so spans into the text stay valid.
//! let line = "token: ghp_0123456789abcdefghijABCDEFGHIJ012345";
//! assert_eq!(mask(line).len(), line.len());
//! assert!(!mask(line).contains("0123456789"));
//! ```

use memchr::memmem;
use serde_json::Value;
use std::ops::Range;

/// What replaces a secret in [`redact`].
pub const MASK: &str = "***";

/// Default length of [`quote`]: enough to recognise a value, too short to leak one.
pub const QUOTE_CHARS: usize = 24;

/// `text` with every secret replaced by `***` (known formats keep their public prefix,
/// `ghp_***`, so a reader knows what was there).
pub fn redact(text: &str) -> String {
    let ranges = secret_ranges(text);
    if ranges.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for found in ranges {
        out.push_str(&text[at..found.range.start]);
        out.push_str(&text[found.range.start..found.range.start + found.keep]);
        out.push_str(MASK);
        at = found.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// `text` with every byte of every secret replaced by `*`, except line breaks: byte offsets,
/// line and column numbers are unchanged, so spans computed on the original stay valid.
pub fn mask(text: &str) -> String {
    let ranges = secret_ranges(text);
    if ranges.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for found in ranges {
        out.push_str(&text[at..found.range.start]);
        for c in text[found.range.clone()].chars() {
            if c == '\n' || c == '\r' {
                out.push(c);
            } else {
                out.extend(std::iter::repeat_n('*', c.len_utf8()));
            }
        }
        at = found.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// A short redacted prefix of `value` for quoting artifact data in a message: redacted first,
/// then cut to `max_chars` characters with `…` when longer.
pub fn quote(value: &str, max_chars: usize) -> String {
    let redacted = redact(value);
    let mut chars = redacted.char_indices();
    match chars.nth(max_chars) {
        None => redacted,
        Some((cut, _)) => format!("{}…", &redacted[..cut]),
    }
}

/// True when `text` holds anything [`redact`] would hide.
pub fn contains_secret(text: &str) -> bool {
    !secret_ranges(text).is_empty()
}

/// `text` with every secret hidden and every exact occurrence of the `known` values (secrets
/// the caller holds, such as a password read from the environment) replaced by `***`.
pub fn redact_with(text: &str, known: &[&str]) -> String {
    let mut out = text.to_string();
    for secret in known.iter().filter(|s| s.len() >= 3) {
        out = out.replace(secret, MASK);
    }
    redact(&out)
}

/// Redacts every string and object key in `value`, in place. A string under a key that
/// names a secret (`password`, `api_key`, …) is replaced entirely.
pub fn redact_json(value: &mut Value) {
    match value {
        Value::String(s) if contains_secret(s) => *s = redact(s),
        Value::Array(items) => items.iter_mut().for_each(redact_json),
        Value::Object(map) => {
            let needs_rename = map.keys().any(|k| contains_secret(k));
            if needs_rename {
                let old = std::mem::take(map);
                for (k, v) in old {
                    map.insert(redact(&k), v);
                }
            }
            for (k, v) in map.iter_mut() {
                if sensitive_key(k, false)
                    && matches!(v, Value::String(s) if !s.is_empty() && s != MASK)
                {
                    *v = Value::String(MASK.to_string());
                } else {
                    redact_json(v);
                }
            }
        }
        _ => {}
    }
}

/// One secret found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    range: Range<usize>,
    /// Bytes at the start of `range` that are a public prefix (`ghp_`), kept by [`redact`].
    keep: usize,
    kind: SecretKind,
}

/// What made a piece of text look like a secret, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SecretKind {
    /// The body of a `-----BEGIN … PRIVATE KEY-----` block.
    PrivateKey,
    /// A token in a vendor's documented format (`AKIA…`, `ghp_…`, `xoxb-…`, `sk_live_…`).
    KnownFormat,
    /// A JSON Web Token.
    Jwt,
    /// The password of a URL's userinfo (`postgres://app:pw@db`).
    UrlPassword,
    /// The value of a key that names a secret (`password=`, `"api_key": …`).
    Assignment,
    /// A long, random-looking token.
    HighEntropy,
}

impl SecretKind {
    /// How a message names it.
    pub fn describe(self) -> &'static str {
        match self {
            SecretKind::PrivateKey => "a private key",
            SecretKind::KnownFormat => "an access token in a known vendor format",
            SecretKind::Jwt => "a JSON Web Token",
            SecretKind::UrlPassword => "a password inside a URL",
            SecretKind::Assignment => "a value assigned to a secret-named key",
            SecretKind::HighEntropy => "a random-looking token",
        }
    }
}

/// A secret found by [`secrets`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secret {
    /// Its bytes in the text.
    pub range: Range<usize>,
    /// Bytes at the start of `range` that are a public prefix (`ghp_`), safe to print.
    pub public_prefix: usize,
    /// The strongest reason it was found.
    pub kind: SecretKind,
}

/// Every secret in `text` with why it was found, sorted, not overlapping, on char boundaries.
pub fn secrets(text: &str) -> Vec<Secret> {
    secret_ranges(text)
        .into_iter()
        .map(|f| Secret {
            range: f.range,
            public_prefix: f.keep,
            kind: f.kind,
        })
        .collect()
}

/// The byte ranges of every secret in `text`, sorted, not overlapping, on char boundaries.
pub fn secret_byte_ranges(text: &str) -> Vec<Range<usize>> {
    secret_ranges(text).into_iter().map(|f| f.range).collect()
}

fn secret_ranges(text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    private_key_blocks(text, &mut found);
    url_credentials(text, &mut found);
    assignments(text, &mut found);
    tokens(text, &mut found);
    merge(found)
}

fn merge(mut found: Vec<Found>) -> Vec<Found> {
    found.retain(|f| f.range.start < f.range.end);
    found.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
    let mut out: Vec<Found> = Vec::with_capacity(found.len());
    for f in found {
        match out.last_mut() {
            Some(last) if f.range.start <= last.range.end => {
                last.range.end = last.range.end.max(f.range.end);
                if f.kind < last.kind {
                    last.kind = f.kind;
                    // `token: ghp_…` is an assignment and a known format: keep `ghp_` public
                    // when both start at the same byte.
                    if f.range.start == last.range.start {
                        last.keep = f.keep;
                    }
                }
            }
            _ => out.push(f),
        }
    }
    out
}

// ---------------------------------------------------------------- private key blocks

fn private_key_blocks(text: &str, out: &mut Vec<Found>) {
    let bytes = text.as_bytes();
    let find = |from: usize, needle: &str| memmem::find(&bytes[from..], needle.as_bytes());
    let mut from = 0;
    while let Some(i) = find(from, "-----BEGIN ") {
        let begin = from + i;
        let Some(header_end) = find(begin + 11, "-----").map(|j| begin + 11 + j + 5) else {
            return;
        };
        let label = &bytes[begin + 11..header_end - 5];
        if memmem::find(label, b"PRIVATE KEY").is_none() {
            from = header_end;
            continue;
        }
        // The body runs to the END line, or to the end of the text when it was cut.
        let end = find(header_end, "-----END").map_or(text.len(), |j| header_end + j);
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

// ---------------------------------------------------------------- URL credentials

fn is_scheme_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-')
}

fn ends_url(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`' | '\\')
}

fn url_credentials(text: &str, out: &mut Vec<Found>) {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = memmem::find(&bytes[from..], b"://") {
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

/// The password inside the authority of `rest` (the URL after `://`), if any.
///
/// The *last* `@` of the URL ends the userinfo, so a password holding `@`, `/`, `?`, `#` or
/// `:` unencoded is still hidden whole. When the last `@` is really in the path or query
/// (`https://h:8080/x@y`), more than the password is hidden; that is the safe mistake.
fn userinfo_password(rest: &str) -> Option<Range<usize>> {
    let at = rest.rfind('@')?;
    let userinfo = &rest[..at];
    let colon = userinfo.find(':')?;
    // `host/path@x`: no `user:` before the first `/`, so no credentials.
    if userinfo[..colon].contains(['/', '?', '#']) {
        return None;
    }
    (colon + 1 < at).then_some(colon + 1..at)
}

// ---------------------------------------------------------------- key = value

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

/// Words that make any key containing them name a secret (ASCII case ignored).
const SECRET_NAME_PARTS: [&str; 11] = [
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "api-key",
    "private_key",
    "privatekey",
    "credential",
    "access_key",
];

/// Keys that name a secret only when they are the whole key (ASCII case ignored).
const SECRET_NAMES: [&str; 12] = [
    "pwd",
    "pass",
    "passphrase",
    "auth",
    "authorization",
    "sig",
    "signature",
    "x-amz-signature",
    "x-amz-credential",
    "sas",
    "session",
    "cookie",
];

/// For each byte, the [`SECRET_NAME_PARTS`] (bit `i` for part `i`) that start with it in
/// either case: a key is compared with a part only where the part's first letter stands,
/// so most bytes of a key cost one table look-up.
static PARTS_BY_FIRST_BYTE: [u16; 256] = {
    let mut table = [0u16; 256];
    let mut i = 0;
    while i < SECRET_NAME_PARTS.len() {
        let first = SECRET_NAME_PARTS[i].as_bytes()[0];
        table[first.to_ascii_lowercase() as usize] |= 1 << i;
        table[first.to_ascii_uppercase() as usize] |= 1 << i;
        i += 1;
    }
    table
};

/// True when a key names a secret. `key` alone is only a secret as a query parameter
/// (`?key=AIza…`): elsewhere it is far too common a word.
fn sensitive_key(key: &str, in_query: bool) -> bool {
    // Called on every assigned key of every scanned file and output (each key of a 100 MB
    // JSON snapshot): no allocation and no substring-searcher set-up.
    let k = key.as_bytes();
    let has_part = (0..k.len()).any(|at| {
        let mut parts = PARTS_BY_FIRST_BYTE[usize::from(k[at])];
        while parts != 0 {
            let part = SECRET_NAME_PARTS[parts.trailing_zeros() as usize].as_bytes();
            if k[at..]
                .get(..part.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(part))
            {
                return true;
            }
            parts &= parts - 1;
        }
        false
    });
    has_part
        || SECRET_NAMES.iter().any(|e| key.eq_ignore_ascii_case(e))
        || (in_query && key.eq_ignore_ascii_case("key"))
}

/// Every `key = value` whose key names a secret.
///
/// Every assignment has an `=` or a `:` after its key, so the text is searched for those two
/// bytes only (memchr, many bytes at a time) and the key is read backwards from each: a
/// text of indentation, prose or code that assigns nothing costs a vectorised byte search.
/// Keys are met in text order, as in a walk over every word, and one whose start lies
/// inside a value already hidden is skipped, as that walk would: the value is hidden whole,
/// and `password=password=…` stays linear.
fn assignments(text: &str, out: &mut Vec<Found>) {
    let bytes = text.as_bytes();
    // Keys that start before this byte are inside a hidden value.
    let mut resume = 0;
    for op in memchr::memchr2_iter(b'=', b':', bytes) {
        let Some(end) = key_end_before(bytes, op) else {
            continue;
        };
        let mut start = end;
        while start > 0 && is_ident_byte(bytes[start - 1]) {
            start -= 1;
        }
        if start < resume {
            continue;
        }
        let key = &text[start..end];
        let in_query = start > 0 && matches!(bytes[start - 1], b'?' | b'&' | b';');
        // The value is read only for a secret-like name, so unclosed quotes stay linear.
        if !sensitive_key(key, in_query) {
            continue;
        }
        let Some(value_start) = after_assignment(bytes, end) else {
            continue;
        };
        if let Some(range) = assigned_value(text, value_start, in_query) {
            resume = resume.max(range.end);
            out.push(Found {
                range,
                keep: 0,
                kind: SecretKind::Assignment,
            });
        }
    }
}

/// The end of the key that the `=` or `:` at `op` assigns to, if any: exactly the key
/// for which [`after_assignment`] reaches `op`. Read backwards: spaces, then an optional
/// closing quote (`"`, `'`, or JSON-escaped `\"`), then the key's last byte.
fn key_end_before(bytes: &[u8], op: usize) -> Option<usize> {
    // `:` but not `://` (a scheme named like a key) and not `::` (a Rust path).
    if bytes[op] == b':' && matches!(bytes.get(op + 1), Some(b'/' | b':')) {
        return None;
    }
    let mut at = op;
    // Each space is walked back over by the one operator that follows it: linear.
    while at > 0 && matches!(bytes[at - 1], b' ' | b'\t') {
        at -= 1;
    }
    let end = match at.checked_sub(1).map(|i| bytes[i]) {
        Some(b) if is_ident_byte(b) => at,
        Some(b'"' | b'\'') if at >= 2 && bytes[at - 2] == b'\\' => at - 2,
        Some(b'"' | b'\'') => at - 1,
        _ => return None,
    };
    (end > 0 && is_ident_byte(bytes[end - 1])).then_some(end)
}

/// Where the value starts when the key ending at `i` is assigned one: after `=` or `:` and
/// the spaces around it (`="x"`, `: x`, `\": \"x\"`); `None` when nothing is assigned.
fn after_assignment(bytes: &[u8], mut i: usize) -> Option<usize> {
    // A closing quote of a quoted key (`"password": …`, also JSON-escaped `\"`).
    if bytes.get(i) == Some(&b'\\') && matches!(bytes.get(i + 1), Some(b'"' | b'\'')) {
        i += 2;
    } else if matches!(bytes.get(i), Some(b'"' | b'\'')) {
        i += 1;
    }
    while matches!(bytes.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    match bytes.get(i) {
        Some(b'=') => i += 1,
        // `:` but not `://` (a scheme named like a key) and not `::` (a Rust path).
        Some(b':') if !matches!(bytes.get(i + 1), Some(b'/' | b':')) => i += 1,
        _ => return None,
    }
    while matches!(bytes.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    Some(i)
}

/// The value starting at `i` (from [`after_assignment`]).
fn assigned_value(text: &str, i: usize, in_query: bool) -> Option<Range<usize>> {
    let rest = &text[i..];
    // Rust raw strings: r"…", r#"…"#.
    if let Some(raw) = rest.strip_prefix('r') {
        let hashes = raw.bytes().take_while(|b| *b == b'#').count();
        if raw.as_bytes().get(hashes) == Some(&b'"') {
            let body = &raw[hashes + 1..];
            let closing = format!("\"{}", "#".repeat(hashes));
            let len = body.find(&closing).unwrap_or(body.len());
            let start = i + 1 + hashes + 1;
            return (len > 0 && &body[..len] != MASK).then_some(start..start + len);
        }
    }
    // Quoted values: "…", '…', `…` (JS templates, Go raw strings), or JSON-escaped \"…\".
    for quote in ["\\\"", "\\'", "\"", "'", "`"] {
        if let Some(body) = rest.strip_prefix(quote) {
            let len = find_closing(body, quote).unwrap_or(body.len());
            let start = i + quote.len();
            return (len > 0 && &body[..len] != MASK).then_some(start..start + len);
        }
    }
    // Unquoted values run to whitespace (a libpq password may hold `&`, `)`, `,`…); only a
    // query parameter also ends at `&` or `#`. Over-masking beats leaking.
    let mut len = rest
        .find(|c: char| {
            c.is_whitespace() || ";\"'<>`\\".contains(c) || (in_query && (c == '&' || c == '#'))
        })
        .unwrap_or(rest.len());
    if len == 0 || &rest[..len] == MASK {
        return None;
    }
    // `Authorization: Bearer <token>`: the scheme word is public, the credential follows.
    let word = rest[..len].to_ascii_lowercase();
    if matches!(word.as_str(), "bearer" | "basic" | "token" | "digest") {
        let after = &rest[len..];
        let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
        let cred = &after[spaces..];
        let cred_len = cred
            .find(|c: char| c.is_whitespace() || ";,\"'<>`\\".contains(c))
            .unwrap_or(cred.len());
        if cred_len > 0 && spaces > 0 {
            let start = i + len + spaces;
            return Some(start..start + cred_len);
        }
    }
    // A value that ends with the text's end or at a `,` may have been cut: mask it whole.
    if rest[..len].ends_with('.') {
        len -= 1;
    }
    (len > 0).then_some(i..i + len)
}

fn find_closing(body: &str, quote: &str) -> Option<usize> {
    let bytes = body.as_bytes();
    let mut from = 0;
    while let Some(j) = body[from..].find(quote) {
        let at = from + j;
        // A backslash before a plain quote escapes it.
        if quote.len() == 1 && at > 0 && bytes[at - 1] == b'\\' {
            from = at + 1;
            continue;
        }
        return Some(at);
    }
    None
}

// ---------------------------------------------------------------- tokens

const fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+' | b'/' | b'.' | b'=')
}

static TOKEN_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = is_token_byte(b as u8);
        b += 1;
    }
    table
};

/// The shortest run of token bytes in which [`token_run`] can find anything: a known
/// format's prefix and shortest body, a JWT (`eyJ` + 7, `.`, 4, `.`), a high-entropy token.
const MIN_TOKEN_RUN: usize = {
    let mut min = JWT_MIN_LEN;
    if HIGH_ENTROPY_MIN_LEN < min {
        min = HIGH_ENTROPY_MIN_LEN;
    }
    let mut i = 0;
    while i < KNOWN.len() {
        let len = KNOWN[i].0.len() + KNOWN[i].1;
        if len < min {
            min = len;
        }
        i += 1;
    }
    min
};

/// Every secret in a run of token bytes.
///
/// Only runs of at least [`MIN_TOKEN_RUN`] bytes can hold one, and such a run covers every
/// `MIN_TOKEN_RUN`-th byte after the end of the previous run: probing that byte skips a
/// whole stretch of indentation, punctuation and short words when it is no token byte, and
/// otherwise the run around it is measured. No byte is read more than twice: linear.
fn tokens(text: &str, out: &mut Vec<Found>) {
    let bytes = text.as_bytes();
    // No run starts before `from` unexamined, and `bytes[from - 1]` is no token byte.
    let mut from = 0;
    while from + MIN_TOKEN_RUN <= bytes.len() {
        let probe = from + MIN_TOKEN_RUN - 1;
        if !TOKEN_BYTES[usize::from(bytes[probe])] {
            from = probe + 1;
            continue;
        }
        let mut start = probe;
        while start > from && TOKEN_BYTES[usize::from(bytes[start - 1])] {
            start -= 1;
        }
        let mut end = probe + 1;
        while end < bytes.len() && TOKEN_BYTES[usize::from(bytes[end])] {
            end += 1;
        }
        if end - start >= MIN_TOKEN_RUN {
            token_run(text, start, end, out);
        }
        from = end + 1;
    }
}

/// Which bytes may follow a known prefix.
type ByteClass = fn(u8) -> bool;

/// Known formats: (prefix, minimum length of the rest, characters of the rest).
const KNOWN: &[(&str, usize, ByteClass)] = &[
    ("AKIA", 16, upper_digit),
    ("ASIA", 16, upper_digit),
    ("AGPA", 16, upper_digit),
    ("AIDA", 16, upper_digit),
    ("AROA", 16, upper_digit),
    ("ghp_", 20, alnum),
    ("gho_", 20, alnum),
    ("ghu_", 20, alnum),
    ("ghs_", 20, alnum),
    ("ghr_", 20, alnum),
    ("github_pat_", 20, alnum_underscore),
    ("glpat-", 20, alnum_dash_underscore),
    ("xoxb-", 10, alnum_dash),
    ("xoxa-", 10, alnum_dash),
    ("xoxp-", 10, alnum_dash),
    ("xoxr-", 10, alnum_dash),
    ("xoxs-", 10, alnum_dash),
    ("xoxe-", 10, alnum_dash),
    ("xapp-", 10, alnum_dash),
    ("sk_live_", 16, alnum),
    ("sk_test_", 16, alnum),
    ("rk_live_", 16, alnum),
    ("pk_live_", 16, alnum),
    ("sk-proj-", 20, alnum_dash_underscore),
    ("sk-ant-", 20, alnum_dash_underscore),
    ("sk-", 32, alnum),
    ("AIza", 30, alnum_dash_underscore),
    ("npm_", 30, alnum),
    ("pypi-", 30, alnum_dash_underscore),
    ("SG.", 20, alnum_dash_underscore_dot),
];

fn upper_digit(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit()
}
fn alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}
fn alnum_underscore(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}
fn alnum_dash(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}
fn alnum_dash_underscore(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}
fn alnum_dash_underscore_dot(b: u8) -> bool {
    alnum_dash_underscore(b) || b == b'.'
}

fn token_run(text: &str, start: usize, end: usize, out: &mut Vec<Found>) {
    let run = &text[start..end];
    let bytes = run.as_bytes();
    let mut matched = false;
    for (prefix, min, class) in KNOWN {
        if run.len() < prefix.len() + min {
            continue;
        }
        // Only where the prefix and its shortest body still fit, found by its first byte:
        // no searcher is set up per run and prefix.
        let last = run.len() - prefix.len() - min;
        let mut from = 0;
        while from <= last {
            let Some(at) = memchr::memchr(prefix.as_bytes()[0], &bytes[from..=last]) else {
                break;
            };
            let at = from + at;
            if !bytes[at..].starts_with(prefix.as_bytes()) {
                from = at + 1;
                continue;
            }
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

/// `eyJ…` header, a payload and a signature, base64url, separated by dots.
fn jwt(run: &str) -> Option<Range<usize>> {
    let at = memmem::find(run.as_bytes(), b"eyJ")?;
    let rest = &run[at..];
    let len = rest
        .bytes()
        .take_while(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'='))
        .count();
    let token = &rest[..len];
    let parts: Vec<&str> = token.split('.').collect();
    (parts.len() >= 3 && parts[0].len() >= JWT_MIN_HEADER && parts[1].len() >= JWT_MIN_PAYLOAD)
        .then_some(at..at + len)
}

const JWT_MIN_HEADER: usize = 10;
const JWT_MIN_PAYLOAD: usize = 4;
/// The shortest token [`jwt`] accepts: a header, a dot, a payload, a dot.
const JWT_MIN_LEN: usize = JWT_MIN_HEADER + 1 + JWT_MIN_PAYLOAD + 1;

/// The shortest token [`high_entropy`] accepts.
const HIGH_ENTROPY_MIN_LEN: usize = 20;

/// A long, random-looking token: mixed character classes and high Shannon entropy. Hex
/// strings (commit ids, digests) and UUIDs are never secret-looking: Accord prints them.
fn high_entropy(token: &str) -> bool {
    let token = token.trim_end_matches('=');
    if token.len() < HIGH_ENTROPY_MIN_LEN {
        return false;
    }
    let bytes = token.as_bytes();
    if bytes
        .iter()
        .all(|b| b.is_ascii_hexdigit() || matches!(b, b'-' | b'.' | b'/'))
    {
        return false;
    }
    let upper = bytes.iter().filter(|b| b.is_ascii_uppercase()).count();
    let lower = bytes.iter().filter(|b| b.is_ascii_lowercase()).count();
    let digits = bytes.iter().filter(|b| b.is_ascii_digit()).count();
    let entropy = shannon(bytes);
    // Words joined by separators (paths, kebab-case names, dotted versions) are not random.
    let separators = bytes
        .iter()
        .filter(|b| matches!(b, b'/' | b'.' | b'-' | b'_'))
        .count();
    if separators * 6 > bytes.len() {
        return false;
    }
    // A path of words (`docs/decisions/ADR-002-versioned-contracts.md`): every piece between
    // separators is one word, a number or an acronym; random tokens mix classes inside a piece.
    if separators >= 2
        && token
            .split(['/', '.', '-', '_'])
            .all(|piece| is_word(piece.as_bytes()))
    {
        return false;
    }
    let classes = usize::from(upper > 0) + usize::from(lower > 0) + usize::from(digits > 0);
    if classes == 3 {
        return digits >= 2 && entropy >= 4.0;
    }
    // Lower-case (or upper-case) letters and digits, well mixed: base36 API keys.
    classes == 2
        && bytes.len() >= 32
        && separators == 0
        && digits * 7 >= bytes.len()
        && (upper + lower) * 4 >= bytes.len()
        && entropy >= 4.0
}

/// `versioned`, `Versioned`, `ADR`, `002`: letters of one case (an initial capital allowed)
/// or digits only.
fn is_word(piece: &[u8]) -> bool {
    let rest = piece.get(1..).unwrap_or_default();
    piece.iter().all(u8::is_ascii_digit)
        || piece.iter().all(u8::is_ascii_uppercase)
        || (piece.first().is_some_and(u8::is_ascii_alphabetic)
            && rest.iter().all(u8::is_ascii_lowercase))
}

fn shannon(bytes: &[u8]) -> f64 {
    let mut counts = [0usize; 256];
    for &b in bytes {
        counts[usize::from(b)] += 1;
    }
    let n = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod reference;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn url_passwords_of_any_scheme_are_hidden() {
        for (url, want) in [
            (
                "postgres://u:s3cret@db:5432/x",
                "postgres://u:***@db:5432/x",
            ),
            ("mysql://u:pw@h/db", "mysql://u:***@h/db"),
            ("redis://:hunter22@cache:6379", "redis://:***@cache:6379"),
            (
                "amqp://guest:p@ss/w@rd@rabbit/vhost",
                "amqp://guest:***@rabbit/vhost",
            ),
            (
                "https://example.com/users/@me",
                "https://example.com/users/@me",
            ),
            ("postgres://u@db/x", "postgres://u@db/x"),
        ] {
            assert_eq!(redact(url), want, "{url}");
        }
    }

    #[test]
    fn query_parameters_and_connection_strings_are_hidden() {
        assert_eq!(
            redact("postgres://db/x?user=a&password=s3cret&sslmode=require"),
            "postgres://db/x?user=a&password=***&sslmode=require"
        );
        assert_eq!(
            redact("postgres://db/x?sslpassword=abc123"),
            "postgres://db/x?sslpassword=***"
        );
        assert_eq!(
            redact("https://api.example.com/v1?key=AIzaZZZ&q=1"),
            "https://api.example.com/v1?key=***&q=1"
        );
        assert_eq!(
            redact("host=db port=5432 password='a b c' user=app"),
            "host=db port=5432 password='***' user=app"
        );
        assert_eq!(
            redact("Server=x;User Id=app;Password=Pa55;Database=d"),
            "Server=x;User Id=app;Password=***;Database=d"
        );
        assert_eq!(
            redact(r#"{"api_key": "abcdef", "name": "n"}"#),
            r#"{"api_key": "***", "name": "n"}"#
        );
        assert_eq!(
            redact(r#"{\"client_secret\":\"xyz\"}"#),
            r#"{\"client_secret\":\"***\"}"#
        );
        assert_eq!(
            redact("Authorization: Bearer abc.def.ghi"),
            "Authorization: Bearer ***"
        );
        assert_eq!(redact("PGPASSWORD=hunter2 psql"), "PGPASSWORD=*** psql");
    }

    #[test]
    fn known_key_formats_keep_only_their_prefix() {
        let cases = [
            ("AKIAIOSFODNN7EXAMPLE", "AKIA***"),
            ("ghp_0123456789abcdefghijABCDEFGHIJ012345", "ghp_***"),
            (
                "github_pat_11ABCDEFG0123456789_abcdefghijklmnop",
                "github_pat_***",
            ),
            ("xoxb-1234567890-abcdefghij", "xoxb-***"),
            ("sk_live_0123456789abcdefABCD", "sk_live_***"),
            ("glpat-abcdefghij0123456789", "glpat-***"),
        ];
        for (secret, want) in cases {
            assert_eq!(
                redact(&format!("value {secret} here")),
                format!("value {want} here")
            );
        }
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        assert_eq!(redact(jwt), "eyJ***");
    }

    #[test]
    fn private_key_blocks_are_hidden_even_when_cut() {
        let key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY-----\n";
        let out = redact(key);
        assert!(!out.contains("MIIE"), "{out}");
        assert!(out.contains("-----END RSA PRIVATE KEY-----"), "{out}");
        assert!(!redact("x -----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk").contains("b3Bl"));
        let cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
        assert_eq!(redact(cert), cert, "certificates are public");
    }

    #[test]
    fn high_entropy_tokens_are_hidden_but_identifiers_are_kept() {
        assert!(contains_secret("token 9fK2mQx7Lp4Zr8Vb3Nc6Wd1Ye5"));
        assert!(contains_secret("k3j5h2g7f9d1s4a6q8w0e2r4t6y8u1i3"));
        for public in [
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "123e4567-e89b-12d3-a456-426614174000",
            "contracts/mmos-creator-os-v1.1.0.yaml",
            "docs/expansion-packs/decisions/ADR-002-versioned-contracts.md",
            "docs/expansion-packs/stories/STORY-001-personality-enhanced-prompts.md",
            "crates/policy/src/ledger/mod.rs",
            "MMOS → CreatorOS Voice Integration",
            "conformance-schema-violation",
            "HashMap<String, Vec<u8>>",
            "/big_five/openness",
            "2026-06-01T10:00:00Z",
            "fn parse_manifest_with_spans_v2(text: &str) -> Result<Manifest>",
            "APPROVE_WITH_CONDITIONS",
        ] {
            assert_eq!(redact(public), public, "{public}");
        }
    }

    #[test]
    fn quote_gives_a_short_redacted_prefix() {
        assert_eq!(quote("short", 24), "short");
        assert_eq!(quote(&"a".repeat(30), 10), format!("{}…", "a".repeat(10)));
        assert_eq!(quote("AKIAIOSFODNN7EXAMPLE and more", 10), "AKIA*** an…");
    }

    #[test]
    fn json_strings_keys_and_sensitive_fields_are_redacted() {
        let mut v = serde_json::json!({
            "message": "bad value AKIAIOSFODNN7EXAMPLE",
            "password": "plain",
            "nested": [{"ghp_0123456789abcdefghijABCDEFGHIJ012345": 1}],
            "digest": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        });
        redact_json(&mut v);
        let text = v.to_string();
        assert!(!text.contains("IOSFODNN7"), "{text}");
        assert!(!text.contains("plain"), "{text}");
        assert!(!text.contains("0123456789abcdefghij"), "{text}");
        assert!(text.contains("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    }

    #[test]
    fn known_values_are_hidden_wherever_they_appear() {
        assert_eq!(
            redact_with("connect failed for pw hunter2!", &["hunter2"]),
            "connect failed for pw ***!"
        );
    }

    #[test]
    fn hostile_inputs_take_linear_time() {
        let started = std::time::Instant::now();
        for unit in [
            "a://",
            "password=",
            "password='",
            "-----BEGIN ",
            "AKIA",
            "eyJ.",
            "x@y:",
            "=",
            ":",
            " =",
            "key\\\" :",
            "token: '",
            "secret=\"",
            "::",
            "A",
            "Ak",
            "sk-",
            "\u{a0}=",
        ] {
            let text = unit.repeat(200_000 / unit.len());
            let _ = mask(&text);
        }
        // One huge line: a 1 MB token, and a secret-named key far from its `=`.
        let _ = mask(&"aB3dE5fG7h".repeat(100_000));
        let _ = mask(&format!("password{}= x", " ".repeat(1_000_000)));
        // Quadratic scanning of 200 kB inputs takes minutes; linear takes milliseconds even
        // in a debug build on a busy machine.
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{:?}",
            started.elapsed()
        );
    }

    /// Text built from the pieces the detectors look for, so that random draws hit keys,
    /// operators, quotes, prefixes and their edges far more often than random bytes would.
    fn secretish_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("password".to_string()),
            Just("PassWord".to_string()),
            Just("api_key".to_string()),
            Just("token".to_string()),
            Just("key".to_string()),
            Just("sig".to_string()),
            Just("=".to_string()),
            Just(":".to_string()),
            Just("::".to_string()),
            Just("://".to_string()),
            Just("\"".to_string()),
            Just("'".to_string()),
            Just("`".to_string()),
            Just("\\\"".to_string()),
            Just("r#\"".to_string()),
            Just("\"#".to_string()),
            Just(" ".to_string()),
            Just("\t".to_string()),
            Just("\n".to_string()),
            Just("?".to_string()),
            Just("&".to_string()),
            Just(";".to_string()),
            Just("@".to_string()),
            Just(".".to_string()),
            Just("/".to_string()),
            Just("Bearer ".to_string()),
            Just("***".to_string()),
            Just("AKIA".to_string()),
            Just("ghp_".to_string()),
            Just("xoxb-".to_string()),
            Just("sk-".to_string()),
            Just("eyJ".to_string()),
            Just("-----BEGIN ".to_string()),
            Just("RSA PRIVATE KEY-----".to_string()),
            Just("-----END".to_string()),
            Just("é".to_string()),
            Just("\u{a0}".to_string()),
            Just("→".to_string()),
            "[A-Z0-9]{1,24}",
            "[a-z]{1,12}",
            "[A-Za-z0-9_+/=.-]{1,40}",
            "[ -~]{1,8}",
        ];
        prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
    }

    #[test]
    fn the_scan_finds_what_the_reference_finds_on_hostile_shapes() {
        let long_token = "aB3dE5fG7h".repeat(10_000);
        for text in [
            String::new(),
            "password".to_string(),
            "password=".to_string(),
            "password='unclosed and more".to_string(),
            "password=\"a\\\"b\" token=x".to_string(),
            "=".repeat(1000),
            "password=".repeat(1000),
            "a=b:c::d://e@f ".repeat(500),
            format!("key: {long_token}"),
            format!("x {long_token}AKIAIOSFODNN7EXAMPLE {long_token}"),
            format!("password{}=v", " ".repeat(5000)),
            "\"token\"\t:\t\"v\"".to_string(),
            "{\\\"client_secret\\\":\\\"xyz\\\"}".to_string(),
            "?key=AIza0123456789abcdefghijABCDEFGHIJKL&x=1".to_string(),
            "-----BEGIN RSA PRIVATE KEY-----".repeat(100),
            "é=é:password=é token: é".to_string(),
            String::from_utf8_lossy(&[0xff, b'=', 0xfe, b'p', b'w', b'd', b'=', 0x80, b'x'])
                .into_owned(),
        ] {
            assert_eq!(
                secret_ranges(&text),
                reference::secret_ranges(&text),
                "{text:.200}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn the_scan_finds_what_the_reference_finds(text in secretish_text()) {
            prop_assert_eq!(secret_ranges(&text), reference::secret_ranges(&text), "{:?}", text);
        }

        #[test]
        fn secret_names_are_judged_as_the_reference_judges_them(
            pieces in prop::collection::vec(
                prop_oneof![
                    "(?i)(password|passwd|secret|token|apikey|api_key|api-key|private_key|privatekey|credential|access_key)",
                    "(?i)(pwd|pass|passphrase|auth|authorization|sig|signature|x-amz-signature|x-amz-credential|sas|session|cookie|key)",
                    "[A-Za-z0-9_.-]{0,6}",
                ],
                0..4,
            ),
            in_query in any::<bool>(),
        ) {
            let key = pieces.concat();
            prop_assert_eq!(
                sensitive_key(&key, in_query),
                reference::sensitive_key(&key, in_query),
                "{:?}", key
            );
        }

        #[test]
        fn the_scan_finds_what_the_reference_finds_in_any_text(text in "\\PC{0,200}") {
            prop_assert_eq!(secret_ranges(&text), reference::secret_ranges(&text), "{:?}", text);
        }

        #[test]
        fn the_scan_finds_what_the_reference_finds_in_bytes_that_are_not_utf8(
            bytes in prop::collection::vec(any::<u8>(), 0..300),
        ) {
            let text = String::from_utf8_lossy(&bytes);
            prop_assert_eq!(secret_ranges(&text), reference::secret_ranges(&text), "{:?}", text);
        }
    }

    proptest! {
        #[test]
        fn url_passwords_never_survive(
            scheme in "[a-z][a-z0-9+.-]{0,8}",
            user in "[a-z]{1,8}",
            password in "[A-Za-z0-9@/:?#!$%^&*()=+-]{6,24}",
            host in "[a-z]{1,10}(\\.[a-z]{2,5})?",
        ) {
            let url = format!("{scheme}://{user}:{password}@{host}:5432/db");
            let out = redact(&url);
            prop_assert!(!out.contains(&password), "{} -> {}", url, out);
            prop_assert!(out.contains(&host), "{} -> {}", url, out);
        }

        #[test]
        fn connection_string_passwords_never_survive(
            password in "[A-Za-z0-9@/:?#!$%^&*()+-]{6,24}",
            key in "(password|PASSWORD|Password|sslpassword|pwd)",
        ) {
            let text = format!("host=db {key}={password} user=app");
            prop_assert!(!redact(&text).contains(&password), "{}", redact(&text));
            let quoted = format!("host=db {key}='{password} x' user=app");
            prop_assert!(!redact(&quoted).contains(&password), "{}", redact(&quoted));
        }

        #[test]
        fn embedded_known_keys_never_survive(
            before in "[ -~]{0,20}",
            body in "[A-Z0-9]{16}",
            after in "[ -~]{0,20}",
        ) {
            let secret = format!("AKIA{body}");
            let text = format!("{before} {secret} {after}");
            prop_assert!(!redact(&text).contains(&secret));
            prop_assert!(!mask(&text).contains(&secret));
        }

        #[test]
        fn mask_keeps_offsets_and_lines(text in "\\PC{0,80}(\n\\PC{0,40}){0,3}") {
            let masked = mask(&text);
            prop_assert_eq!(masked.len(), text.len());
            let lines = |s: &str| s.match_indices('\n').map(|(i, _)| i).collect::<Vec<_>>();
            prop_assert_eq!(lines(&masked), lines(&text));
        }

        #[test]
        fn redaction_is_stable(text in "[ -~]{0,120}") {
            let once = redact(&text);
            prop_assert_eq!(redact(&once), once.clone());
            prop_assert!(!contains_secret(&once), "{} -> {}", text, once);
        }
    }
}
