//! Type text normalisation, so that two spellings of one type compare equal.
//!
//! Equivalences are per language and deliberately conservative: a false "type changed" costs
//! a reviewer a minute, a missed one costs a consumer a broken build.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '\'' || c == '$'
}

/// Collapses whitespace to the one canonical form shared by all languages: no space except
/// between two word characters, one space after `,` and `;` and around `->`, `=>`, `|`, `&`
/// (TS intersections) and `=`.
fn canonical_spacing(text: &str, spaced_ops: &[&str]) -> String {
    debug_assert!(
        spaced_ops
            .iter()
            .enumerate()
            .all(|(i, op)| spaced_ops[i + 1..]
                .iter()
                .all(|other| !other.chars().any(|c| op.contains(c)))),
        "operators sharing a character would need an order between them"
    );
    // Whitespace goes, but for one space between two words (`dyn Trait`, `impl Fn`).
    let mut squeezed = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        if c.is_whitespace() {
            gap = true;
            continue;
        }
        if gap && is_word(c) && squeezed.chars().next_back().is_some_and(is_word) {
            squeezed.push(' ');
        }
        gap = false;
        squeezed.push(c);
    }
    // Then spaces are asked for around operators, after `,`, `;` and a lone `:`; a space
    // is written only between two characters (never at either end, never twice) and never
    // just inside brackets.
    let mut out = Spaced {
        text: String::with_capacity(squeezed.len() + squeezed.len() / 4),
        space: false,
    };
    let mut rest = squeezed.as_str();
    while let Some(c) = rest.chars().next() {
        if let Some(op) = spaced_ops.iter().find(|op| rest.starts_with(**op)) {
            out.space = true;
            out.put(op);
            out.space = true;
            rest = &rest[op.len()..];
            continue;
        }
        let len = c.len_utf8();
        match c {
            ' ' => out.space = true,
            ',' | ';' | ':' if !rest.starts_with("::") => {
                out.put(&rest[..1]);
                out.space = true;
            }
            // A path separator stays tight; `\u{2}` was its placeholder.
            ':' => {
                out.put("::");
                rest = &rest[2..];
                continue;
            }
            '\u{2}' => out.put("::"),
            _ => out.put(&rest[..len]),
        }
        rest = &rest[len..];
    }
    out.text
}

/// Text being written by [`canonical_spacing`], with a space asked for before what comes next.
struct Spaced {
    text: String,
    space: bool,
}

impl Spaced {
    /// Writes `piece`, after the space asked for unless at the start or just inside brackets.
    fn put(&mut self, piece: &str) {
        if std::mem::take(&mut self.space)
            && self
                .text
                .chars()
                .next_back()
                .is_some_and(|last| !matches!(last, '<' | '(' | '['))
            && !piece.starts_with(['>', ')', ']'])
        {
            self.text.push(' ');
        }
        self.text.push_str(piece);
    }
}

/// `text.replace(from, to)`, without copying when there is nothing to replace: types are
/// normalised once per symbol and most patterns never occur in a given type.
fn replaced(text: String, from: &str, to: &str) -> String {
    if text.contains(from) {
        text.replace(from, to)
    } else {
        text
    }
}

/// Replaces whole-word occurrences of each alias key by its target.
fn apply_aliases(text: &str, aliases: &BTreeMap<String, String>) -> String {
    if aliases.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let mut prev_sep = false;
    let flush = |word: &mut String, out: &mut String, after_sep: bool| {
        if !word.is_empty() {
            // Only the first segment of a path is an import; `a::Alias` is not.
            match aliases.get(word.as_str()) {
                Some(target) if !after_sep => out.push_str(target),
                _ => out.push_str(word),
            }
            word.clear();
        }
    };
    let mut after_sep = false;
    for c in text.chars() {
        if is_word(c) && c != '\'' {
            if word.is_empty() {
                after_sep = prev_sep;
            }
            word.push(c);
        } else {
            flush(&mut word, &mut out, after_sep);
            out.push(c);
        }
        prev_sep = c == ':' || c == '.';
    }
    flush(&mut word, &mut out, after_sep);
    out
}

/// Normalises Rust type text: canonical spacing, imported names expanded through `aliases`
/// (`use a::B as C;` gives `C → B`), `crate::`/`self::` prefixes and lifetime-free `&'_`
/// dropped.
pub fn normalize_rust_type(text: &str, aliases: &BTreeMap<String, String>) -> String {
    let spaced = canonical_spacing(text, &["->", "="]);
    let mut t = apply_aliases(&spaced, aliases);
    for (prefix, by) in [
        ("crate::", ""),
        ("self::", ""),
        ("::std::", "std::"),
        ("::core::", "core::"),
    ] {
        if t.contains(prefix) {
            t = replace_path_root(&t, prefix, by);
        }
    }
    // `std` re-exports `core` and `alloc`: `core::result::Result` and `std::result::Result`
    // are one type, and a crate moving to `no_std` paths changes nothing for its users.
    for root in ["core::", "alloc::"] {
        if t.contains(root) {
            t = replace_path_root(&t, root, "std::");
        }
    }
    replaced(replaced(t, "&'_ ", "&"), "<'_>", "")
}

/// Replaces `from` where it starts a path (not after a word character or `::`).
fn replace_path_root(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(from) {
        let before = out
            .chars()
            .last()
            .into_iter()
            .chain(rest[..i].chars().last())
            .last();
        out.push_str(&rest[..i]);
        if before.is_some_and(|c| is_word(c) || c == ':') {
            out.push_str(from);
        } else {
            out.push_str(to);
        }
        rest = &rest[i + from.len()..];
    }
    out.push_str(rest);
    out
}

/// Normalises TypeScript/JavaScript type text: canonical spacing, aliases of imports,
/// `Array<T>` as `T[]`, union and intersection members sorted, trailing `;` in object types.
pub fn normalize_ts_type(text: &str, aliases: &BTreeMap<String, String>) -> String {
    let text = strip_comments(text);
    // A type predicate `x is A | B`: the union after `is` is the type; sorting the whole text
    // would move the predicate into a member.
    let trimmed = text.trim();
    for lead in ["asserts ", ""] {
        if let Some(rest) = trimmed.strip_prefix(lead)
            && let Some((subject, ty)) = rest.split_once(" is ")
            && !subject.is_empty()
            && subject.chars().all(|c| is_word(c) || c == '$')
        {
            return format!("{lead}{subject} is {}", normalize_ts_type(ty, aliases));
        }
    }
    let text = double_quoted(&text);
    let spaced = canonical_spacing(&text, &["=>", "|", "&"]);
    // A leading `|`/`&` (a union written one member per line) and a trailing comma in a
    // parameter or argument list are layout, not type.
    let spaced = spaced
        .trim_start_matches("| ")
        .trim_start_matches("& ")
        .replace("<| ", "<")
        .replace(", | ", ", ")
        .replace("(| ", "(")
        .replace(",)", ")")
        .replace(",>", ">")
        .replace(",]", "]")
        // `{a: T}` and `{a: T; }` (what tsc prints) are one object type.
        .replace("; }", "}")
        .replace(";}", "}");
    // The `>` of an arrow is not a closing bracket: hide arrows while matching `Array<…>`.
    let aliased = apply_aliases(&spaced, aliases).replace("=>", "\u{1}");
    let arrays = rewrite_generic(&aliased, "Array", |inner| {
        if inner.contains(' ') {
            format!("({inner})[]")
        } else {
            format!("{inner}[]")
        }
    })
    .replace('\u{1}', "=>");
    sort_top_level(&arrays, " | ")
}

/// String literal types in one quoting: `'a'` and `"a"` are the same type.
fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '`' => {
                out.push(c);
                while let Some(n) = chars.next() {
                    out.push(n);
                    if n == '\\' {
                        if let Some(e) = chars.next() {
                            out.push(e);
                        }
                    } else if n == c {
                        break;
                    }
                }
            }
            '\'' => {
                let mut lit = String::new();
                let mut closed = false;
                while let Some(n) = chars.next() {
                    if n == '\\' {
                        lit.push(n);
                        if let Some(e) = chars.next() {
                            lit.push(e);
                        }
                    } else if n == '\'' {
                        closed = true;
                        break;
                    } else {
                        lit.push(n);
                    }
                }
                if closed && !lit.contains('"') && !lit.contains('\\') {
                    out.push('"');
                    out.push_str(&lit);
                    out.push('"');
                } else {
                    out.push('\'');
                    out.push_str(&lit);
                    if closed {
                        out.push('\'');
                    }
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// `text` without `/* … */` and `// …` comments (object type literals in `.d.ts` files carry
/// their members' TSDoc), leaving string literals alone.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == '\\' {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"' | '\'' | '`', _) => {
                quote = Some(c);
                out.push(c);
            }
            ('/', Some('*')) => {
                chars.next();
                let mut prev = ' ';
                for n in chars.by_ref() {
                    if prev == '*' && n == '/' {
                        break;
                    }
                    prev = n;
                }
                out.push(' ');
            }
            ('/', Some('/')) => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        break;
                    }
                }
                out.push(' ');
            }
            _ => out.push(c),
        }
    }
    out
}

/// Normalises Python annotation text: canonical spacing, `typing.`/alias prefixes dropped,
/// `Optional[T]` as `T | None`, `Union[A, B]` as `A | B`, `List`/`Dict`/… as builtins, union
/// members sorted.
pub fn normalize_python_type(text: &str, aliases: &BTreeMap<String, String>) -> String {
    let spaced = canonical_spacing(text.trim_matches(|c| c == '"' || c == '\''), &["|"]);
    let mut t = apply_aliases(&spaced, aliases);
    for prefix in ["typing.", "typing_extensions.", "collections.abc.", "t."] {
        t = strip_prefix_words(&t, prefix);
    }
    // Whole names only: `CallbackDict[` is no `Dict[`.
    static TYPING_NAMES: std::sync::LazyLock<BTreeMap<String, String>> =
        std::sync::LazyLock::new(|| {
            [
                ("List", "list"),
                ("Dict", "dict"),
                ("Tuple", "tuple"),
                ("Set", "set"),
                ("FrozenSet", "frozenset"),
                ("Type", "type"),
            ]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
        });
    t = apply_aliases(&t, &TYPING_NAMES);
    t = rewrite_generic_sq(&t, "Optional", |inner| format!("{inner} | None"));
    t = rewrite_generic_sq(&t, "Union", |inner| split_top(inner, ',').join(" | "));
    sort_top_level(&t, " | ")
}

/// `prefix` removed where it starts a dotted name (`t.Any` → `Any`), not inside one
/// (`_t.Any`, `dict.keys` stay).
fn strip_prefix_words(text: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let at_start = out
            .chars()
            .last()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'));
        if at_start && rest.starts_with(prefix) {
            i += prefix.len();
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// Splits `text` at top-level occurrences of `sep` (outside brackets).
pub(crate) fn split_top(text: &str, sep: char) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in text.chars() {
        match c {
            '(' | '[' | '{' | '<' => depth += 1,
            ')' | ']' | '}' | '>' => depth -= 1,
            _ => {}
        }
        if c == sep && depth == 0 {
            parts.push(cur.trim().to_string());
            cur.clear();
        } else {
            cur.push(c);
        }
    }
    if !cur.trim().is_empty() {
        parts.push(cur.trim().to_string());
    }
    parts
}

/// The members of a top-level union (`A | B`), or the type alone.
pub fn union_members(text: &str) -> Vec<String> {
    let mut m: Vec<String> = split_top(&text.replace("=>", "\u{1}"), '|')
        .into_iter()
        .map(|s| s.replace('\u{1}', "=>"))
        .collect();
    m.sort();
    m.dedup();
    m
}

fn sort_top_level(text: &str, sep: &str) -> String {
    let members = union_members(text);
    if members.len() < 2 {
        return text.to_string();
    }
    members.join(sep)
}

/// Rewrites `Name<inner>` with `f(inner)`, innermost first.
fn rewrite_generic(text: &str, name: &str, f: impl Fn(&str) -> String) -> String {
    rewrite_bracketed(text, name, '<', '>', &f)
}

fn rewrite_generic_sq(text: &str, name: &str, f: impl Fn(&str) -> String) -> String {
    rewrite_bracketed(text, name, '[', ']', &f)
}

fn rewrite_bracketed(
    text: &str,
    name: &str,
    open: char,
    close: char,
    f: &dyn Fn(&str) -> String,
) -> String {
    let needle = format!("{name}{open}");
    let mut t = text.to_string();
    // Each pass rewrites one occurrence; the bound keeps hostile input from looping forever.
    for _ in 0..256 {
        let Some(start) = find_word(&t, &needle) else {
            break;
        };
        let body_start = start + needle.len();
        let mut depth = 1;
        let mut end = None;
        for (i, c) in t[body_start..].char_indices() {
            if c == open {
                depth += 1;
            } else if c == close {
                depth -= 1;
                if depth == 0 {
                    end = Some(body_start + i);
                    break;
                }
            }
        }
        let Some(end) = end else { break };
        let inner = f(&t[body_start..end]);
        let needs_parens = inner.contains(" | ") && (start > 0 || end + 1 < t.len());
        let replacement = if needs_parens && open == '<' {
            format!("({inner})")
        } else {
            inner
        };
        t = format!("{}{}{}", &t[..start], replacement, &t[end + 1..]);
    }
    t
}

fn find_word(text: &str, needle: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(needle) {
        let at = from + i;
        let before = text[..at].chars().last();
        if before.is_none_or(|c| !is_word(c) && c != '.') {
            return Some(at);
        }
        from = at + needle.len();
    }
    None
}

/// A short hash of documentation text with whitespace normalised, or `None` when empty.
pub fn doc_hash(doc: &str) -> Option<String> {
    let normal: Vec<&str> = doc.split_whitespace().collect();
    if normal.is_empty() {
        return None;
    }
    let digest = Sha256::digest(normal.join(" ").as_bytes());
    Some(digest[..8].iter().map(|b| format!("{b:02x}")).collect())
}

/// Sections of Markdown-ish docs: the text under a heading whose name matches one of `names`
/// (`# Errors`, `Raises:`), whitespace-normalised; `None` when absent.
pub(crate) fn doc_section(doc: &str, names: &[&str]) -> Option<String> {
    let mut out: Vec<String> = Vec::new();
    let mut inside = false;
    for line in doc.lines() {
        let t = line.trim();
        let heading = t
            .trim_start_matches('#')
            .trim()
            .trim_end_matches(':')
            .trim();
        let is_heading = t.starts_with('#')
            || (t.ends_with(':') && !t.contains(' ') && t.len() > 1)
            || t.starts_with('@');
        if is_heading {
            inside = names.iter().any(|n| heading.eq_ignore_ascii_case(n));
            continue;
        }
        if inside && !t.is_empty() {
            out.push(t.to_string());
        }
    }
    if out.is_empty() {
        None
    } else {
        Some(out.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The first, pass-per-rule version: the one-pass version must write the same text.
    fn canonical_spacing_reference(text: &str, spaced_ops: &[&str]) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut squeezed = String::with_capacity(text.len());
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c.is_whitespace() {
                let prev = squeezed.chars().last();
                let mut j = i;
                while j < chars.len() && chars[j].is_whitespace() {
                    j += 1;
                }
                let next = chars.get(j).copied();
                if let (Some(p), Some(n)) = (prev, next)
                    && is_word(p)
                    && is_word(n)
                {
                    squeezed.push(' ');
                }
                i = j;
                continue;
            }
            squeezed.push(c);
            i += 1;
        }
        let mut out = squeezed;
        for op in spaced_ops {
            if out.contains(op) {
                out = out.replace(op, &format!(" {op} "));
            }
        }
        out = replaced(out, ",", ", ");
        out = replaced(out, ";", "; ");
        if out.contains(':') || out.contains('\u{2}') {
            out = out
                .replace("::", "\u{2}")
                .replace(':', ": ")
                .replace('\u{2}', "::");
        }
        let mut collapsed = String::with_capacity(out.len());
        for part in out.split_whitespace() {
            if !collapsed.is_empty() {
                collapsed.push(' ');
            }
            collapsed.push_str(part);
        }
        for (from, to) in [
            ("< ", "<"),
            (" >", ">"),
            ("( ", "("),
            (" )", ")"),
            ("[ ", "["),
            (" ]", "]"),
            (", >", ">"),
            (", )", ")"),
            (", ]", "]"),
        ] {
            collapsed = replaced(collapsed, from, to);
        }
        collapsed
    }

    proptest! {
        #[test]
        fn one_pass_spacing_writes_what_the_passes_wrote(
            text in r"[a-z_'$é0-9 \t\n<>()\[\]{},;:=|&\-!?*.\x02\xa0]{0,40}"
        ) {
            for ops in [&["->", "="][..], &["=>", "|", "&"], &["|"]] {
                prop_assert_eq!(canonical_spacing(&text, ops), canonical_spacing_reference(&text, ops));
            }
        }
    }

    fn none() -> BTreeMap<String, String> {
        BTreeMap::new()
    }

    #[test]
    fn rust_token_spacing_becomes_canonical() {
        assert_eq!(
            normalize_rust_type("Option < Vec < String > >", &none()),
            "Option<Vec<String>>"
        );
        assert_eq!(normalize_rust_type("& 'a mut T", &none()), "&'a mut T");
        assert_eq!(
            normalize_rust_type("HashMap < K , V >", &none()),
            "HashMap<K, V>"
        );
        assert_eq!(
            normalize_rust_type("impl Fn (u8) -> u8", &none()),
            "impl Fn(u8) -> u8"
        );
    }

    #[test]
    fn rust_import_aliases_are_expanded_in_first_segment_only() {
        let mut a = BTreeMap::new();
        a.insert("Map".to_string(), "HashMap".to_string());
        assert_eq!(normalize_rust_type("Map<u8, u8>", &a), "HashMap<u8, u8>");
        assert_eq!(normalize_rust_type("x::Map", &a), "x::Map");
        assert_eq!(
            normalize_rust_type("crate::inbox::Thread", &a),
            "inbox::Thread"
        );
    }

    #[test]
    fn rust_core_and_alloc_paths_are_std_paths() {
        let n = none();
        assert_eq!(
            normalize_rust_type("core::result::Result<T, alloc::string::String>", &n),
            "std::result::Result<T, std::string::String>"
        );
        assert_eq!(normalize_rust_type("mycore::X", &n), "mycore::X");
        assert_eq!(normalize_rust_type("a::core::X", &n), "a::core::X");
        assert_eq!(normalize_rust_type("mycrate::X", &n), "mycrate::X");
        assert_eq!(normalize_rust_type("Vec<::core::X>", &n), "Vec<std::X>");
    }

    #[test]
    fn ts_arrows_inside_array_generics_are_not_closing_brackets() {
        assert_eq!(
            normalize_ts_type("Array<(r: Request) => Response | void>", &none()),
            "((r: Request) => Response | void)[]"
        );
    }

    #[test]
    fn ts_comments_in_object_types_are_dropped_but_strings_kept() {
        assert_eq!(
            normalize_ts_type(
                "{ /** Retries. */ retries: number; // why\n url: '//x' }",
                &none()
            ),
            normalize_ts_type("{ retries: number; url: '//x' }", &none()),
        );
        assert!(normalize_ts_type("{ url: '//x' }", &none()).contains("\"//x\""));
    }

    #[test]
    fn ts_type_predicates_keep_their_subject_in_front() {
        assert_eq!(
            normalize_ts_type(
                "error is HTTPError | TimeoutError | ForceRetryError",
                &none()
            ),
            "error is ForceRetryError | HTTPError | TimeoutError"
        );
        assert_eq!(
            normalize_ts_type("asserts x is string", &none()),
            "asserts x is string"
        );
    }

    #[test]
    fn python_optional_and_union_spellings_agree() {
        let n = none();
        assert_eq!(normalize_python_type("Optional[int]", &n), "None | int");
        assert_eq!(normalize_python_type("int | None", &n), "None | int");
        assert_eq!(
            normalize_python_type("typing.Union[str, int]", &n),
            "int | str"
        );
        assert_eq!(
            normalize_python_type("List[Dict[str, int]]", &n),
            "list[dict[str, int]]"
        );
    }

    #[test]
    fn ts_arrays_and_unions_agree() {
        let n = none();
        assert_eq!(normalize_ts_type("Array<string>", &n), "string[]");
        // One quoting for string literal types: `'a'` and `"a"` are one type.
        assert_eq!(normalize_ts_type("'b' | \"a\"", &n), "\"a\" | \"b\"");
        assert_eq!(
            normalize_ts_type("(x: number) => void", &n),
            "(x: number) => void"
        );
    }

    #[test]
    fn doc_sections_are_found_in_each_style() {
        let rust = "Runs it.\n\n# Errors\nFails when the disk is full.\n\n# Examples\nx";
        assert_eq!(
            doc_section(rust, &["Errors", "Panics"]).as_deref(),
            Some("Fails when the disk is full.")
        );
        let py = "Runs it.\n\nRaises:\n    ValueError: when bad\n";
        assert_eq!(
            doc_section(py, &["Raises"]).as_deref(),
            Some("ValueError: when bad")
        );
    }
}
