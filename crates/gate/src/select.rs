//! Selectors, and reading the numbers they match from a JSON report as a stream.
//!
//! A report can be hundreds of megabytes (every sample of a benchmark run). It is never
//! built as a `serde_json::Value` tree: a `DeserializeSeed` walks the document, skips every
//! subtree the selector does not enter (`IgnoredAny`) and keeps only the matched numbers as
//! `f64`s — and only when the aggregation needs them (percentiles); sums, counts, minima and
//! maxima keep running totals.

use crate::config::Aggregate;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One step of a selector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    /// An object key, or an array index when the node is an array.
    Key(String),
    /// Every element of an array, every value of an object.
    Any,
}

/// Where a gate's numbers are in its report: a JSON Pointer (`/cold_load/p95`), or a dotted
/// path with `*` wildcards (`runs[*].cold_ms`, `extensions.*.load_ms`). A `*` segment of a
/// pointer is a wildcard too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Selector {
    /// The selector as written.
    pub text: String,
    /// Its steps.
    pub segments: Vec<Segment>,
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Selector {
    /// Parses a selector.
    ///
    /// ```
    /// use accord_gate::{Selector, Segment};
    /// let s = Selector::parse("runs[*].cold_ms").unwrap();
    /// assert_eq!(s.segments, [Segment::Key("runs".into()), Segment::Any, Segment::Key("cold_ms".into())]);
    /// assert_eq!(Selector::parse("/a~1b/0").unwrap().segments, [Segment::Key("a/b".into()), Segment::Key("0".into())]);
    /// assert!(Selector::parse("runs..ms").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Selector, String> {
        let segments = if text.is_empty() {
            Vec::new()
        } else if let Some(rest) = text.strip_prefix('/') {
            rest.split('/')
                .map(|raw| {
                    if raw == "*" {
                        Segment::Any
                    } else {
                        Segment::Key(raw.replace("~1", "/").replace("~0", "~"))
                    }
                })
                .collect()
        } else {
            dotted(text)?
        };
        Ok(Selector {
            text: text.to_string(),
            segments,
        })
    }

    /// Whether the selector can match more than one value.
    pub fn has_wildcard(&self) -> bool {
        self.segments.contains(&Segment::Any)
    }
}

fn dotted(text: &str) -> Result<Vec<Segment>, String> {
    let mut out = Vec::new();
    for part in text.split('.') {
        let (name, mut brackets) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if name.is_empty() && brackets.is_empty() {
            return Err("empty step (two dots, or a leading or trailing dot)".to_string());
        }
        if !name.is_empty() {
            out.push(if name == "*" {
                Segment::Any
            } else {
                Segment::Key(name.to_string())
            });
        }
        while !brackets.is_empty() {
            let Some(end) = brackets.find(']').filter(|_| brackets.starts_with('[')) else {
                return Err(format!("`{part}`: expected `[*]` or `[N]`"));
            };
            let inner = &brackets[1..end];
            if inner == "*" {
                out.push(Segment::Any);
            } else if !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()) {
                out.push(Segment::Key(inner.to_string()));
            } else {
                return Err(format!("`[{inner}]`: expected `[*]` or an index `[N]`"));
            }
            brackets = &brackets[end + 1..];
        }
    }
    Ok(out)
}

/// What the walk keeps of the matched numbers.
#[derive(Debug, Clone)]
pub(crate) struct Sink {
    keep_values: bool,
    /// The matched numbers, only when an aggregation needs them.
    pub values: Vec<f64>,
    pub count: u64,
    pub sum: f64,
    pub min: f64,
    pub max: f64,
    /// Whether an array at the end of the selector contributes its elements.
    spread_arrays: bool,
    /// Record mode: each value the selector reaches is kept whole (with its JSON Pointer)
    /// instead of as a number, for small objects inside a large report.
    pub records: Option<Vec<(String, serde_json::Value)>>,
}

impl Sink {
    pub(crate) fn new(aggregate: Option<Aggregate>) -> Sink {
        Sink {
            keep_values: aggregate.is_some_and(Aggregate::needs_values),
            values: Vec::new(),
            count: 0,
            sum: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            spread_arrays: aggregate.is_some(),
            records: None,
        }
    }

    /// A sink that keeps the selected values whole.
    pub(crate) fn records() -> Sink {
        Sink {
            records: Some(Vec::new()),
            ..Sink::new(None)
        }
    }

    fn push(&mut self, v: f64) {
        if self.keep_values {
            self.values.push(v);
        }
        self.count += 1;
        self.sum += v;
        self.min = self.min.min(v);
        self.max = self.max.max(v);
    }
}

/// Reads the selected numbers from `de` into `sink`, failing with a positioned error on
/// anything that is not a finite number, a missing field or an empty wildcard.
pub(crate) fn walk<'de, D: Deserializer<'de>>(
    de: D,
    selector: &Selector,
    sink: &mut Sink,
) -> Result<(), D::Error> {
    Nav {
        segments: &selector.segments,
        pointer: String::new(),
        sink,
    }
    .deserialize(de)
}

struct Nav<'s, 'k> {
    segments: &'s [Segment],
    pointer: String,
    sink: &'k mut Sink,
}

fn shown(pointer: &str) -> &str {
    if pointer.is_empty() { "/" } else { pointer }
}

impl<'de> DeserializeSeed<'de> for Nav<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        if self.segments.is_empty()
            && let Some(records) = self.sink.records.as_mut()
        {
            let value = serde_json::Value::deserialize(de)?;
            records.push((shown(&self.pointer).to_string(), value));
            self.sink.count += 1;
            return Ok(());
        }
        de.deserialize_any(self)
    }
}

impl Nav<'_, '_> {
    fn leaf_number<E: de::Error>(self, v: f64) -> Result<(), E> {
        if !self.segments.is_empty() {
            return Err(E::custom(format!(
                "`{}` is a number, but the selector goes on with {}",
                shown(&self.pointer),
                describe(&self.segments[0])
            )));
        }
        if !v.is_finite() {
            return Err(E::custom(format!(
                "`{}` is {v}, not a finite number",
                shown(&self.pointer)
            )));
        }
        self.sink.push(v);
        Ok(())
    }

    fn not_a_number<E: de::Error>(&self, what: String) -> E {
        if self.segments.is_empty() {
            E::custom(format!(
                "`{}` is {what}, not a number",
                shown(&self.pointer)
            ))
        } else {
            E::custom(format!(
                "`{}` is {what}, but the selector goes on with {}",
                shown(&self.pointer),
                describe(&self.segments[0])
            ))
        }
    }
}

fn describe(seg: &Segment) -> String {
    match seg {
        Segment::Key(k) => format!("`{k}`"),
        Segment::Any => "`*`".to_string(),
    }
}

fn child(pointer: &str, key: &str) -> String {
    format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"))
}

impl<'de> Visitor<'de> for Nav<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.leaf_number(v as f64)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.leaf_number(v as f64)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.leaf_number(v)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        let mut s: String = v.chars().take(40).collect();
        if s.len() < v.len() {
            s.push('…');
        }
        Err(self.not_a_number(format!("the string {s:?}")))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        Err(self.not_a_number(format!("`{v}`")))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(self.not_a_number("`null`".to_string()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.segments.split_first() else {
            if !self.sink.spread_arrays {
                return Err(de::Error::custom(format!(
                    "`{}` is an array: set `aggregate` to reduce it to one number",
                    shown(&self.pointer)
                )));
            }
            let mut i = 0usize;
            while seq
                .next_element_seed(Nav {
                    segments: &[],
                    pointer: child(&self.pointer, &i.to_string()),
                    sink: &mut *self.sink,
                })?
                .is_some()
            {
                i += 1;
            }
            return Ok(());
        };
        let wanted = match first {
            Segment::Any => None,
            Segment::Key(k) => match k.parse::<usize>() {
                Ok(i) => Some(i),
                Err(_) => {
                    return Err(de::Error::custom(format!(
                        "`{}` is an array, but the selector asks for the field `{k}`",
                        shown(&self.pointer)
                    )));
                }
            },
        };
        let mut i = 0usize;
        loop {
            let more = if wanted.is_none_or(|w| w == i) {
                seq.next_element_seed(Nav {
                    segments: rest,
                    pointer: child(&self.pointer, &i.to_string()),
                    sink: &mut *self.sink,
                })?
                .is_some()
            } else {
                seq.next_element::<IgnoredAny>()?.is_some()
            };
            if !more {
                break;
            }
            i += 1;
        }
        match wanted {
            Some(w) if w >= i => Err(de::Error::custom(format!(
                "`{}` has {i} element(s); the selector asks for index {w}",
                shown(&self.pointer)
            ))),
            None if i == 0 => Err(de::Error::custom(format!(
                "`{}` is an empty array: `*` matches nothing",
                shown(&self.pointer)
            ))),
            _ => Ok(()),
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.segments.split_first() else {
            return Err(de::Error::custom(format!(
                "`{}` is an object, not a number",
                shown(&self.pointer)
            )));
        };
        let mut found = 0usize;
        while let Some(key) = map.next_key::<String>()? {
            let hit = match first {
                Segment::Any => true,
                Segment::Key(k) => *k == key,
            };
            if hit {
                found += 1;
                map.next_value_seed(Nav {
                    segments: rest,
                    pointer: child(&self.pointer, &key),
                    sink: &mut *self.sink,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        if found > 0 {
            return Ok(());
        }
        Err(de::Error::custom(match first {
            Segment::Key(k) => format!("`{}` has no field `{k}`", shown(&self.pointer)),
            Segment::Any => format!(
                "`{}` is an empty object: `*` matches nothing",
                shown(&self.pointer)
            ),
        }))
    }
}
