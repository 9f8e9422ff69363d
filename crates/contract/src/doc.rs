//! YAML and JSON text → [`serde_json::Value`] plus the byte span of every node.
//!
//! Every later error (a missing field, a JSON Schema violation, a wrong type in a contract)
//! is reported against a JSON pointer; [`Document::spans`] maps that pointer back to the
//! bytes of the source so the user sees `file:line:column` and a caret.
//!
//! YAML is read from the saphyr event stream rather than through saphyr's node tree: the
//! tree is recursive, so a hostile `- - - - …` line thousands of levels deep would overflow
//! the stack when it is dropped. Building the value here with an explicit stack and a
//! depth limit ([`MAX_DEPTH`]) keeps every input safe.
//!
//! ```
//! use accord_contract::doc::parse_yaml;
//!
//! let doc = parse_yaml("contract:\n  name: \"A → B\"\n  version: 1.0.0\n").unwrap();
//! assert_eq!(doc.value["contract"]["version"], "1.0.0");
//! let span = doc.spans["/contract/version"];
//! assert_eq!(&"contract:\n  name: \"A → B\"\n  version: 1.0.0\n"[span.start..span.end], "1.0.0");
//! ```

use accord_model::Span;
use saphyr::Scalar;
use saphyr_parser::{Event, Marker, Parser, ScalarStyle};
use serde_json::{Map, Number, Value};
use std::collections::BTreeMap;

/// Deepest nesting of sequences and mappings accepted (serde_json's own limit is 128 too).
pub const MAX_DEPTH: usize = 128;

/// Most nodes that anchors and aliases may produce, against "billion laughs" documents.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// A parsed YAML or JSON document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// The first document, as JSON. YAML mapping keys become strings.
    pub value: Value,
    /// Byte span of every node, keyed by JSON pointer (`""` is the root,
    /// `/contract/interface/location` a nested value, `/a/0` the first item of `a`).
    pub spans: BTreeMap<String, Span>,
    /// Byte span of the *key* of every mapping entry, keyed by the pointer of its value;
    /// what "unknown key" errors point at.
    pub key_spans: BTreeMap<String, Span>,
    /// True when a YAML stream held more than one document; only the first is read.
    pub more_documents: bool,
}

impl Document {
    /// The span of the node at `pointer`, or of its nearest ancestor that has one.
    pub fn span_of(&self, pointer: &str) -> Span {
        nearest(&self.spans, pointer)
    }

    /// The span of the key of the entry at `pointer`, falling back to [`Document::span_of`].
    pub fn key_span_of(&self, pointer: &str) -> Span {
        match self.key_spans.get(pointer) {
            Some(span) => *span,
            None => self.span_of(pointer),
        }
    }
}

/// The span at `pointer`, or at its nearest ancestor present in `spans`.
pub fn nearest(spans: &BTreeMap<String, Span>, pointer: &str) -> Span {
    let mut p = pointer;
    loop {
        if let Some(span) = spans.get(p) {
            return *span;
        }
        match p.rfind('/') {
            Some(i) => p = &p[..i],
            None => return Span::default(),
        }
    }
}

/// Text that is not valid YAML or JSON, with where it went wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct DocError {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// Byte offset of the problem.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl DocError {
    fn at(text: &str, offset: usize, message: impl Into<String>) -> DocError {
        let offset = floor_char_boundary(text, offset);
        let (line, column) = accord_model::Span::new(offset, offset).line_col(text);
        DocError {
            line,
            column,
            offset,
            message: message.into(),
        }
    }

    /// The error as a zero-width [`Span`] at its offset.
    pub fn span(&self) -> Span {
        Span::new(self.offset, self.offset)
    }
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut o = offset.min(text.len());
    while o > 0 && !text.is_char_boundary(o) {
        o -= 1;
    }
    o
}

/// Escapes one reference token of a JSON pointer (RFC 6901).
pub fn escape_token(token: &str) -> String {
    // Called for every key of every document: most keys need no escaping, and `replace`
    // allocates twice even then.
    if !token.contains(['~', '/']) {
        return token.to_string();
    }
    token.replace('~', "~0").replace('/', "~1")
}

/// saphyr counts positions in characters; spans are in bytes.
struct CharToByte {
    /// `None` for ASCII text, where the two agree.
    offsets: Option<Vec<usize>>,
    len: usize,
}

impl CharToByte {
    fn new(text: &str) -> CharToByte {
        let offsets = if text.is_ascii() {
            None
        } else {
            let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            v.push(text.len());
            Some(v)
        };
        CharToByte {
            offsets,
            len: text.len(),
        }
    }

    fn byte(&self, marker: &Marker) -> usize {
        let index = marker.index();
        match &self.offsets {
            None => index.min(self.len),
            Some(v) => v.get(index).copied().unwrap_or(self.len),
        }
    }
}

enum Frame {
    Seq {
        items: Vec<Value>,
        start: usize,
        pointer: String,
        anchor: usize,
    },
    Map {
        map: Map<String, Value>,
        start: usize,
        pointer: String,
        anchor: usize,
        /// The key waiting for its value, with its span.
        key: Option<(String, Span)>,
    },
}

struct Builder<'t> {
    text: &'t str,
    conv: CharToByte,
    stack: Vec<Frame>,
    spans: BTreeMap<String, Span>,
    key_spans: BTreeMap<String, Span>,
    anchors: BTreeMap<usize, Value>,
    alias_budget: usize,
    root: Option<Value>,
}

impl Builder<'_> {
    /// The pointer the next node will take, or `None` when the next node is a mapping key.
    fn next_pointer(&self) -> Option<String> {
        match self.stack.last() {
            None => Some(String::new()),
            Some(Frame::Seq { items, pointer, .. }) => Some(format!("{pointer}/{}", items.len())),
            Some(Frame::Map { key, pointer, .. }) => key
                .as_ref()
                .map(|(k, _)| format!("{pointer}/{}", escape_token(k))),
        }
    }

    fn err(&self, offset: usize, message: impl Into<String>) -> DocError {
        DocError::at(self.text, offset, message)
    }

    /// Places a finished node into its parent (or as the root).
    fn insert(&mut self, value: Value, span: Span, anchor: usize) -> Result<(), DocError> {
        if anchor > 0 {
            self.anchors.insert(anchor, value.clone());
        }
        match self.stack.last_mut() {
            None => {
                self.spans.insert(String::new(), span);
                if self.root.is_none() {
                    self.root = Some(value);
                }
                Ok(())
            }
            Some(Frame::Seq { items, pointer, .. }) => {
                self.spans
                    .insert(format!("{pointer}/{}", items.len()), span);
                items.push(value);
                Ok(())
            }
            Some(Frame::Map {
                map, pointer, key, ..
            }) => match key.take() {
                None => {
                    // This node is a key.
                    let k = match value {
                        Value::String(s) => s,
                        Value::Null => "null".to_string(),
                        Value::Bool(b) => b.to_string(),
                        Value::Number(n) => n.to_string(),
                        Value::Array(_) | Value::Object(_) => {
                            return Err(DocError::at(
                                self.text,
                                span.start,
                                "a mapping key must be a plain value, not a list or a mapping",
                            ));
                        }
                    };
                    if map.contains_key(&k) {
                        return Err(DocError::at(
                            self.text,
                            span.start,
                            format!("duplicate key `{k}` in mapping"),
                        ));
                    }
                    *key = Some((k, span));
                    Ok(())
                }
                Some((k, key_span)) => {
                    let p = format!("{pointer}/{}", escape_token(&k));
                    self.spans.insert(p.clone(), span);
                    self.key_spans.insert(p, key_span);
                    map.insert(k, value);
                    Ok(())
                }
            },
        }
    }

    fn push(&mut self, frame: Frame, offset: usize) -> Result<(), DocError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.err(
                offset,
                format!("nesting deeper than {MAX_DEPTH} levels is not supported"),
            ));
        }
        self.stack.push(frame);
        Ok(())
    }

    fn scalar(
        &self,
        raw: &str,
        style: ScalarStyle,
        tag: Option<&std::borrow::Cow<'_, saphyr::Tag>>,
        is_key: bool,
        offset: usize,
    ) -> Result<Value, DocError> {
        if is_key {
            // Keys keep their text: `1.0:` names the key "1.0", not the number 1.
            return Ok(Value::String(raw.to_string()));
        }
        let cow = std::borrow::Cow::Borrowed(raw);
        let tag = tag.map(|t| std::borrow::Cow::Borrowed(t.as_ref()));
        match Scalar::parse_from_cow_and_metadata(cow, style, tag.as_ref()) {
            None => Err(self.err(offset, format!("`{raw}` does not match its tag"))),
            Some(Scalar::Null) => Ok(Value::Null),
            Some(Scalar::Boolean(b)) => Ok(Value::Bool(b)),
            Some(Scalar::Integer(i)) => Ok(Value::Number(i.into())),
            // JSON has no NaN or infinity: keep what the author wrote.
            Some(Scalar::FloatingPoint(f)) => Ok(Number::from_f64(f.into_inner())
                .map_or_else(|| Value::String(raw.to_string()), Value::Number)),
            Some(Scalar::String(s)) => Ok(Value::String(s.into_owned())),
        }
    }
}

fn count_nodes(value: &Value) -> usize {
    // Iterative so that counting cannot itself recurse deeply.
    let mut n = 0;
    let mut todo = vec![value];
    while let Some(v) = todo.pop() {
        n += 1;
        match v {
            Value::Array(a) => todo.extend(a.iter()),
            Value::Object(o) => todo.extend(o.values()),
            _ => {}
        }
    }
    n
}

/// Parses YAML text. Only the first document of a stream is read (see
/// [`Document::more_documents`]). Never panics; nesting deeper than [`MAX_DEPTH`] and alias
/// expansion beyond [`MAX_ALIAS_NODES`] are errors.
pub fn parse_yaml(text: &str) -> Result<Document, DocError> {
    let mut b = Builder {
        text,
        conv: CharToByte::new(text),
        stack: Vec::new(),
        spans: BTreeMap::new(),
        key_spans: BTreeMap::new(),
        anchors: BTreeMap::new(),
        alias_budget: MAX_ALIAS_NODES,
        root: None,
    };
    let mut parser = Parser::new_from_str(text);
    let mut in_document = false;
    let mut documents = 0usize;
    let mut more_documents = false;
    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(ok) => ok,
            Err(e) => {
                if documents > 0 && !in_document {
                    // An error in a later document: the first one is complete and is all we read.
                    more_documents = true;
                    break;
                }
                let offset = b.conv.byte(e.marker());
                return Err(b.err(offset, e.info().to_string()));
            }
        };
        let start = b.conv.byte(&span.start);
        let end = b.conv.byte(&span.end);
        let is_key = matches!(b.stack.last(), Some(Frame::Map { key: None, .. }));
        match event {
            Event::Nothing | Event::StreamStart => {}
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                if documents > 0 {
                    more_documents = true;
                    break;
                }
                in_document = true;
            }
            Event::DocumentEnd => {
                in_document = false;
                documents += 1;
            }
            Event::Scalar(raw, style, anchor, tag) => {
                let value = b.scalar(&raw, style, tag.as_ref(), is_key, start)?;
                b.insert(value, Span::new(start, end), anchor)?;
            }
            Event::Alias(id) => {
                if is_key {
                    return Err(b.err(start, "an alias cannot be used as a mapping key here"));
                }
                let Some(value) = b.anchors.get(&id).cloned() else {
                    return Err(b.err(start, "alias to an unknown anchor"));
                };
                let n = count_nodes(&value);
                if n > b.alias_budget {
                    return Err(b.err(
                        start,
                        format!(
                            "aliases expand to more than {MAX_ALIAS_NODES} nodes (possible billion-laughs document)"
                        ),
                    ));
                }
                b.alias_budget -= n;
                b.insert(value, Span::new(start, end), 0)?;
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if is_key {
                    return Err(b.err(
                        start,
                        "a mapping key must be a plain value, not a list or a mapping",
                    ));
                }
                let pointer = b.next_pointer().unwrap_or_default();
                let frame = if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq {
                        items: Vec::new(),
                        start,
                        pointer,
                        anchor,
                    }
                } else {
                    Frame::Map {
                        map: Map::new(),
                        start,
                        pointer,
                        anchor,
                        key: None,
                    }
                };
                b.push(frame, start)?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = b.stack.pop() else {
                    return Err(b.err(start, "unbalanced end of a collection"));
                };
                let (value, from, anchor) = match frame {
                    Frame::Seq {
                        items,
                        start,
                        anchor,
                        ..
                    } => (Value::Array(items), start, anchor),
                    Frame::Map {
                        map, start, anchor, ..
                    } => (Value::Object(map), start, anchor),
                };
                b.insert(value, Span::new(from, end.max(start)), anchor)?;
            }
        }
    }
    let empty = b.root.is_none();
    let mut spans = b.spans;
    if empty {
        spans.insert(String::new(), Span::new(0, 0));
    }
    Ok(Document {
        value: b.root.unwrap_or(Value::Null),
        spans,
        key_spans: b.key_spans,
        more_documents,
    })
}

/// Parses JSON text. Validation and values come from serde_json (whose recursion limit
/// turns deep nesting into an error); spans come from a scan of the now-known-valid text.
pub fn parse_json(text: &str) -> Result<Document, DocError> {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let offset = offset_of_line_col(text, e.line(), e.column());
            let mut message = e.to_string();
            // serde_json appends " at line L column C"; we report the position ourselves.
            if let Some(i) = message.rfind(" at line ") {
                message.truncate(i);
            }
            return Err(DocError::at(text, offset, message));
        }
    };
    let mut spans = BTreeMap::new();
    let mut key_spans = BTreeMap::new();
    scan_json_spans(text, &mut spans, &mut key_spans);
    spans
        .entry(String::new())
        .or_insert(Span::new(0, text.len()));
    Ok(Document {
        value,
        spans,
        key_spans,
        more_documents: false,
    })
}

/// serde_json reports a 1-based line and a 1-based column counted in bytes (0 at a line start
/// for some errors).
fn offset_of_line_col(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return floor_char_boundary(text, offset + column.saturating_sub(1).min(l.len()));
        }
        offset += l.len();
    }
    text.len()
}

enum JFrame {
    Arr {
        pointer: String,
        start: usize,
        next: usize,
    },
    Obj {
        pointer: String,
        start: usize,
        key: Option<(String, Span)>,
    },
}

/// Records spans of valid JSON text. Never recurses; tolerates anything without panicking.
fn scan_json_spans(
    text: &str,
    spans: &mut BTreeMap<String, Span>,
    key_spans: &mut BTreeMap<String, Span>,
) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut stack: Vec<JFrame> = Vec::new();
    // Pointer for a value that starts now; `None` when a key is expected.
    fn value_pointer(stack: &mut [JFrame]) -> Option<(String, Option<Span>)> {
        match stack.last_mut() {
            None => Some((String::new(), None)),
            Some(JFrame::Arr { pointer, next, .. }) => {
                let p = format!("{pointer}/{next}");
                *next += 1;
                Some((p, None))
            }
            Some(JFrame::Obj { pointer, key, .. }) => key
                .take()
                .map(|(k, ks)| (format!("{pointer}/{}", escape_token(&k)), Some(ks))),
        }
    }
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | b',' | b':' => i += 1,
            b'{' | b'[' => {
                let pointer = match value_pointer(&mut stack) {
                    Some((p, ks)) => {
                        if let Some(ks) = ks {
                            key_spans.insert(p.clone(), ks);
                        }
                        p
                    }
                    None => return,
                };
                stack.push(if c == b'{' {
                    JFrame::Obj {
                        pointer,
                        start: i,
                        key: None,
                    }
                } else {
                    JFrame::Arr {
                        pointer,
                        start: i,
                        next: 0,
                    }
                });
                i += 1;
            }
            b'}' | b']' => {
                if let Some(
                    JFrame::Arr { pointer, start, .. } | JFrame::Obj { pointer, start, .. },
                ) = stack.pop()
                {
                    spans.insert(pointer, Span::new(start, i + 1));
                }
                i += 1;
            }
            _ => {
                let start = i;
                let end = if c == b'"' {
                    let mut j = i + 1;
                    while j < bytes.len() {
                        match bytes[j] {
                            b'\\' => j += 2,
                            b'"' => {
                                j += 1;
                                break;
                            }
                            _ => j += 1,
                        }
                    }
                    j.min(bytes.len())
                } else {
                    let mut j = i;
                    while j < bytes.len()
                        && !matches!(
                            bytes[j],
                            b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r' | b':'
                        )
                    {
                        j += 1;
                    }
                    j
                };
                let span = Span::new(start, end);
                let expecting_key = matches!(stack.last(), Some(JFrame::Obj { key: None, .. }));
                if expecting_key {
                    let key: String = text
                        .get(start..end)
                        .and_then(|s| serde_json::from_str(s).ok())
                        .unwrap_or_default();
                    if let Some(JFrame::Obj { key: k, .. }) = stack.last_mut() {
                        *k = Some((key, span));
                    }
                } else if let Some((p, ks)) = value_pointer(&mut stack) {
                    if let Some(ks) = ks {
                        key_spans.insert(p.clone(), ks);
                    }
                    spans.insert(p, span);
                }
                i = end.max(i + 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn slice<'a>(text: &'a str, doc: &Document, pointer: &str) -> &'a str {
        let s = doc.spans[pointer];
        &text[s.start..s.end]
    }

    #[test]
    fn yaml_spans_are_bytes_not_characters() {
        let text = "name: \"MMOS → CreatorOS\"\nversion: 1.0.0\nlist:\n  - é\n  - x\n";
        let doc = parse_yaml(text).unwrap();
        assert_eq!(slice(text, &doc, "/version"), "1.0.0");
        assert_eq!(slice(text, &doc, "/list/1"), "x");
        assert_eq!(slice(text, &doc, "/list/0"), "é");
        let k = doc.key_spans["/version"];
        assert_eq!(&text[k.start..k.end], "version");
    }

    #[test]
    fn yaml_scalars_resolve_like_yaml_1_2() {
        let doc = parse_yaml("a: 1\nb: true\nc: ~\nd: 1.5\ne: '1'\nf: hello\n1.0: x\n").unwrap();
        assert_eq!(
            doc.value,
            serde_json::json!({"a": 1, "b": true, "c": null, "d": 1.5, "e": "1", "f": "hello", "1.0": "x"})
        );
    }

    #[test]
    fn yaml_error_has_line_and_column() {
        let err = parse_yaml("a: 1\nb: [1, 2\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.column >= 1);
        let err = parse_yaml("a: 1\n  b: 2\n").unwrap_err();
        assert_eq!(err.line, 2, "{err}");
    }

    #[test]
    fn yaml_duplicate_key_is_an_error_at_the_key() {
        let err = parse_yaml("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!((err.line, err.column), (3, 1));
        assert!(err.message.contains("duplicate key `a`"));
    }

    #[test]
    fn yaml_takes_the_first_document() {
        let doc = parse_yaml("---\na: 1\n---\nb: 2\n").unwrap();
        assert_eq!(doc.value, serde_json::json!({"a": 1}));
        assert!(doc.more_documents);
        let doc = parse_yaml("a: 1\n").unwrap();
        assert!(!doc.more_documents);
    }

    #[test]
    fn yaml_empty_text_is_null() {
        let doc = parse_yaml("").unwrap();
        assert_eq!(doc.value, Value::Null);
        assert_eq!(doc.span_of("/anything"), Span::new(0, 0));
    }

    #[test]
    fn yaml_deep_nesting_is_an_error_not_a_stack_overflow() {
        let text = "- ".repeat(100_000) + "x\n";
        let err = parse_yaml(&text).unwrap_err();
        assert!(err.message.contains("nesting deeper"), "{err}");
        let text = "[".repeat(100_000);
        assert!(parse_yaml(&text).is_err());
    }

    #[test]
    fn yaml_billion_laughs_is_refused() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for c in ['b', 'c', 'd', 'e', 'f', 'g', 'h'] {
            text.push_str(&format!(
                "{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
            prev = c;
        }
        let err = parse_yaml(&text).unwrap_err();
        assert!(err.message.contains("aliases"), "{err}");
    }

    #[test]
    fn yaml_aliases_copy_the_anchor() {
        let doc = parse_yaml("a: &x {k: 1}\nb: *x\n").unwrap();
        assert_eq!(doc.value["b"]["k"], 1);
    }

    #[test]
    fn json_spans_and_pointers() {
        let text = "{\n  \"a/b\": [1, {\"c\": \"é\"}],\n  \"d\": null\n}";
        let doc = parse_json(text).unwrap();
        assert_eq!(slice(text, &doc, "/a~1b/0"), "1");
        assert_eq!(slice(text, &doc, "/a~1b/1/c"), "\"é\"");
        assert_eq!(slice(text, &doc, "/d"), "null");
        assert_eq!(slice(text, &doc, "/a~1b/1"), "{\"c\": \"é\"}");
        let k = doc.key_spans["/d"];
        assert_eq!(&text[k.start..k.end], "\"d\"");
    }

    #[test]
    fn json_error_has_line_and_column() {
        let err = parse_json("{\n  \"a\": 1,\n  \"b\": x\n}").unwrap_err();
        assert_eq!((err.line, err.column), (3, 8), "{err:?}");
        assert!(!err.message.contains("at line"));
        let err = parse_json(&"[".repeat(10_000)).unwrap_err();
        assert!(err.message.contains("recursion"), "{err}");
    }

    proptest! {
        #[test]
        fn yaml_never_panics(text in "\\PC*") {
            let _ = parse_yaml(&text);
        }

        #[test]
        fn yaml_never_panics_on_yaml_like_text(text in "[-:\\[\\]{}&*!|>'\"#?,\\n a-c0-9é]{0,200}") {
            if let Ok(doc) = parse_yaml(&text) {
                for span in doc.spans.values() {
                    prop_assert!(span.start <= span.end && span.end <= text.len());
                    prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                }
            }
        }

        #[test]
        fn json_never_panics(text in "[\\[\\]{}\":,\\\\ a-c0-9.eé-]{0,200}") {
            if let Ok(doc) = parse_json(&text) {
                for span in doc.spans.values() {
                    prop_assert!(span.start <= span.end && span.end <= text.len());
                }
            }
        }
    }
}
