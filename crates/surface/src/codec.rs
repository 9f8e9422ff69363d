//! A compact binary encoding of [`Symbol`]s and the Rust per-file summaries for the cache
//! (see [`crate::cache`]): reading 336 000 symbols back from JSON took about as long as
//! resolving them again.
//!
//! Not serde: the model types skip empty fields when serialising (`skip_serializing_if`),
//! which formats without field names cannot represent. Every struct is destructured
//! exhaustively, so a field added to the model stops the build here instead of being dropped
//! from cached surfaces. Decoding never panics: it returns `None` on anything short, too
//! long or unknown, and the caller recomputes.

use accord_model::surface::{
    Generic, Param, ParamKind, SourceSpan, Stability, Symbol, SymbolKind, Visibility,
};

/// Every [`SymbolKind`] at its code (the index).
const KINDS: [SymbolKind; 15] = [
    SymbolKind::Module,
    SymbolKind::Function,
    SymbolKind::Method,
    SymbolKind::Struct,
    SymbolKind::Class,
    SymbolKind::Enum,
    SymbolKind::Variant,
    SymbolKind::Field,
    SymbolKind::Trait,
    SymbolKind::Interface,
    SymbolKind::TypeAlias,
    SymbolKind::AssocType,
    SymbolKind::Constant,
    SymbolKind::Macro,
    SymbolKind::ReExport,
];

fn kind_code(k: SymbolKind) -> u8 {
    // Exhaustive: a new kind must be given a code (and a place in `KINDS`).
    match k {
        SymbolKind::Module => 0,
        SymbolKind::Function => 1,
        SymbolKind::Method => 2,
        SymbolKind::Struct => 3,
        SymbolKind::Class => 4,
        SymbolKind::Enum => 5,
        SymbolKind::Variant => 6,
        SymbolKind::Field => 7,
        SymbolKind::Trait => 8,
        SymbolKind::Interface => 9,
        SymbolKind::TypeAlias => 10,
        SymbolKind::AssocType => 11,
        SymbolKind::Constant => 12,
        SymbolKind::Macro => 13,
        SymbolKind::ReExport => 14,
    }
}

const PARAM_KINDS: [ParamKind; 6] = [
    ParamKind::Receiver,
    ParamKind::Positional,
    ParamKind::PositionalOrKeyword,
    ParamKind::Keyword,
    ParamKind::Variadic,
    ParamKind::VariadicKeyword,
];

fn param_kind_code(k: ParamKind) -> u8 {
    match k {
        ParamKind::Receiver => 0,
        ParamKind::Positional => 1,
        ParamKind::PositionalOrKeyword => 2,
        ParamKind::Keyword => 3,
        ParamKind::Variadic => 4,
        ParamKind::VariadicKeyword => 5,
    }
}

fn visibility_code(v: Visibility) -> u8 {
    match v {
        Visibility::Protected => 0,
        Visibility::Public => 1,
    }
}

const VISIBILITIES: [Visibility; 2] = [Visibility::Protected, Visibility::Public];

/// The fewest bytes one encoded symbol takes (every string empty, every list and option too),
/// its offset included.
const MIN_SYMBOL_BYTES: usize = 48;

/// `symbols` encoded, in parts to be written one after the other: a count, the offset of each
/// symbol within the data that follows (so they decode in parallel), then the symbols.
/// Encoded in parallel too: a large crate has hundreds of thousands.
pub(crate) fn encode_symbols(symbols: &[Symbol]) -> Vec<Vec<u8>> {
    use rayon::prelude::*;
    let chunks: Vec<(Vec<u32>, Vec<u8>)> = symbols
        .par_chunks(SYMBOLS_PER_CHUNK)
        .map(|chunk| {
            let mut offsets = Vec::with_capacity(chunk.len());
            let mut data = Vec::with_capacity(chunk.len() * 128);
            for s in chunk {
                offsets.push(u32::try_from(data.len()).unwrap_or(u32::MAX));
                symbol(s, &mut data);
            }
            (offsets, data)
        })
        .collect();
    let mut out = Vec::with_capacity(4 + symbols.len() * 4);
    len(&mut out, symbols.len());
    let mut base = 0usize;
    for (offsets, data) in &chunks {
        for o in offsets {
            // An entry over 4 GiB cannot be told apart from a damaged one: it fails to
            // decode, and the package is recomputed.
            let at = u32::try_from(base + *o as usize).unwrap_or(u32::MAX);
            out.extend_from_slice(&at.to_le_bytes());
        }
        base += data.len();
    }
    std::iter::once(out)
        .chain(chunks.into_iter().map(|(_, data)| data))
        .collect()
}

/// Symbols encoded per parallel job.
const SYMBOLS_PER_CHUNK: usize = 4096;

/// The symbols [`encode_symbols`] wrote at the start of `bytes`, which must hold nothing
/// else; `None` when they do not decode.
pub(crate) fn decode_symbols(bytes: &[u8]) -> Option<Vec<Symbol>> {
    use rayon::prelude::*;
    let mut r = Reader {
        buf: bytes,
        pos: 0,
        depth: 0,
    };
    let n = r.len()?;
    // A count the bytes cannot hold is refused before anything is reserved for it.
    if n > bytes.len() / MIN_SYMBOL_BYTES {
        return None;
    }
    let table = r.take(n * 4)?;
    let data = &bytes[r.pos..];
    let offset = |i: usize| -> usize {
        let b = &table[i * 4..i * 4 + 4];
        u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize
    };
    let failed = std::sync::atomic::AtomicBool::new(false);
    // Room for an edit's new items ([`crate::moved`]): growing a vector of a few hundred
    // thousand symbols by one would copy all of them into fresh pages. Never touched, the
    // spare room costs no memory.
    let mut symbols = Vec::with_capacity(n + n / 64 + 16);
    // Each symbol must fill exactly the bytes between its offset and the next one's.
    (0..n)
        .into_par_iter()
        .map(|i| {
            let end = if i + 1 < n { offset(i + 1) } else { data.len() };
            data.get(offset(i)..end)
                .and_then(from_bytes::<Symbol>)
                .unwrap_or_else(|| {
                    failed.store(true, std::sync::atomic::Ordering::Relaxed);
                    Symbol::new(String::new(), SymbolKind::Module, SourceSpan::default())
                })
        })
        .collect_into_vec(&mut symbols);
    (!failed.into_inner()).then_some(symbols)
}

fn len(out: &mut Vec<u8>, n: usize) {
    // Lengths beyond u32 cannot come from a bounded source file; saturating keeps the
    // encoder total, and the decoder then fails on the short data and recomputes.
    out.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
}

fn string(out: &mut Vec<u8>, s: &str) {
    len(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

fn opt(out: &mut Vec<u8>, s: &Option<String>) {
    match s {
        None => out.push(0),
        Some(s) => {
            out.push(1);
            string(out, s);
        }
    }
}

fn strings(out: &mut Vec<u8>, v: &[String]) {
    len(out, v.len());
    for s in v {
        string(out, s);
    }
}

fn symbol(s: &Symbol, out: &mut Vec<u8>) {
    let Symbol {
        path,
        kind,
        visibility,
        params,
        returns,
        ty,
        value,
        generics,
        lifetimes,
        is_async,
        optional,
        private_fields,
        attributes,
        stability,
        errors,
        side_effects,
        doc_hash,
        feature,
        span,
    } = s;
    string(out, path);
    out.push(kind_code(*kind));
    out.push(visibility_code(*visibility));
    len(out, params.len());
    for p in params {
        let Param {
            name,
            kind,
            ty,
            default,
            required,
        } = p;
        string(out, name);
        out.push(param_kind_code(*kind));
        opt(out, ty);
        opt(out, default);
        out.push(u8::from(*required));
    }
    opt(out, returns);
    opt(out, ty);
    opt(out, value);
    len(out, generics.len());
    for g in generics {
        let Generic {
            name,
            bounds,
            default,
        } = g;
        string(out, name);
        strings(out, bounds);
        opt(out, default);
    }
    strings(out, lifetimes);
    let Stability {
        deprecated,
        marker,
        non_exhaustive,
        must_use,
        doc_hidden,
        overload,
    } = stability;
    // One byte of flags for the eight booleans.
    let flags = [
        *is_async,
        *optional,
        *private_fields,
        *non_exhaustive,
        *must_use,
        *doc_hidden,
        *overload,
    ]
    .iter()
    .enumerate()
    .fold(0u8, |acc, (i, &b)| acc | (u8::from(b) << i));
    out.push(flags);
    strings(out, attributes);
    opt(out, deprecated);
    opt(out, marker);
    opt(out, errors);
    opt(out, side_effects);
    opt(out, doc_hash);
    opt(out, feature);
    let SourceSpan { path, line, col } = span;
    string(out, path);
    out.extend_from_slice(&line.to_le_bytes());
    out.extend_from_slice(&col.to_le_bytes());
}

/// Implements [`Bin`] for a struct, field by field in the order listed. The destructuring is
/// exhaustive: a field added to the struct must be added here, or the build fails.
macro_rules! bin_struct {
    ($t:ident { $($f:ident),* $(,)? }) => {
        impl $crate::codec::Bin for $t {
            fn put(&self, out: &mut Vec<u8>) {
                let $t { $($f),* } = self;
                $( $crate::codec::Bin::put($f, out); )*
            }
            fn get(r: &mut $crate::codec::Reader<'_>) -> Option<Self> {
                $( let $f = $crate::codec::Bin::get(r)?; )*
                Some($t { $($f),* })
            }
        }
    };
}
pub(crate) use bin_struct;

/// A value with a binary encoding: [`Bin::put`] appends it, [`Bin::get`] reads it back.
pub(crate) trait Bin: Sized {
    fn put(&self, out: &mut Vec<u8>);
    fn get(r: &mut Reader<'_>) -> Option<Self>;
}

/// `value` encoded.
pub(crate) fn to_bytes<T: Bin>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    value.put(&mut out);
    out
}

/// The value `bytes` encode, all of them; `None` otherwise.
pub(crate) fn from_bytes<T: Bin>(bytes: &[u8]) -> Option<T> {
    let mut r = Reader {
        buf: bytes,
        pos: 0,
        depth: 0,
    };
    let v = T::get(&mut r)?;
    (r.pos == bytes.len()).then_some(v)
}

impl Bin for String {
    fn put(&self, out: &mut Vec<u8>) {
        string(out, self);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        r.string()
    }
}

impl Bin for u32 {
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        r.u32()
    }
}

impl Bin for bool {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        r.bool()
    }
}

impl<T: Bin> Bin for Option<T> {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(v) => {
                out.push(1);
                v.put(out);
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        match r.byte()? {
            0 => Some(None),
            1 => Some(Some(T::get(r)?)),
            _ => None,
        }
    }
}

impl<T: Bin> Bin for Vec<T> {
    fn put(&self, out: &mut Vec<u8>) {
        len(out, self.len());
        for v in self {
            v.put(out);
        }
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        let n = r.count()?;
        let mut v = Vec::with_capacity(reserve::<T>(n));
        for _ in 0..n {
            v.push(T::get(r)?);
        }
        Some(v)
    }
}

impl<T: Bin> Bin for Box<T> {
    fn put(&self, out: &mut Vec<u8>) {
        (**self).put(out);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        // Boxes nest (inline modules): bounded, so no input can exhaust the stack. Parsing
        // refuses sources nested deeper than this long before.
        if r.depth >= MAX_BOX_DEPTH {
            return None;
        }
        r.depth += 1;
        let v = T::get(r);
        r.depth -= 1;
        Some(Box::new(v?))
    }
}

impl<A: Bin, B: Bin> Bin for (A, B) {
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some((A::get(r)?, B::get(r)?))
    }
}

impl Bin for Symbol {
    fn put(&self, out: &mut Vec<u8>) {
        symbol(self, out);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        r.symbol()
    }
}

impl Bin for SourceSpan {
    fn put(&self, out: &mut Vec<u8>) {
        let SourceSpan { path, line, col } = self;
        string(out, path);
        line.put(out);
        col.put(out);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(SourceSpan {
            path: r.string()?,
            line: r.u32()?,
            col: r.u32()?,
        })
    }
}

/// The capacity to reserve for `n` decoded values of `T`: exactly `n`, since a file summary
/// holds some 100 000 small vectors and growing them by doubling (to 4, then 8 elements of a
/// few hundred bytes) left about a third of their memory unused; but never more than 1 MiB
/// up front, so a damaged count cannot reserve much (past that the vector grows as it fills).
fn reserve<T>(n: usize) -> usize {
    n.min((1 << 20) / std::mem::size_of::<T>().max(1))
}

/// Deepest nesting of boxed values decoded.
const MAX_BOX_DEPTH: usize = 1024;

/// A cursor over encoded bytes.
pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    depth: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let b = self.buf.get(self.pos..end)?;
        self.pos = end;
        Some(b)
    }

    fn byte(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.u32()?).ok()
    }

    fn bool(&mut self) -> Option<bool> {
        match self.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn string(&mut self) -> Option<String> {
        let n = self.len()?;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }

    fn opt(&mut self) -> Option<Option<String>> {
        match self.byte()? {
            0 => Some(None),
            1 => Some(Some(self.string()?)),
            _ => None,
        }
    }

    /// A count of items that each take at least one byte, checked against what is left.
    fn count(&mut self) -> Option<usize> {
        let n = self.len()?;
        (n <= self.buf.len() - self.pos).then_some(n)
    }

    fn strings(&mut self) -> Option<Vec<String>> {
        let n = self.count()?;
        let mut v = Vec::with_capacity(reserve::<String>(n));
        for _ in 0..n {
            v.push(self.string()?);
        }
        Some(v)
    }

    fn symbol(&mut self) -> Option<Symbol> {
        let path = self.string()?;
        let kind = *KINDS.get(usize::from(self.byte()?))?;
        let visibility = *VISIBILITIES.get(usize::from(self.byte()?))?;
        let n = self.count()?;
        let mut params = Vec::with_capacity(reserve::<Param>(n));
        for _ in 0..n {
            params.push(Param {
                name: self.string()?,
                kind: *PARAM_KINDS.get(usize::from(self.byte()?))?,
                ty: self.opt()?,
                default: self.opt()?,
                required: self.bool()?,
            });
        }
        let returns = self.opt()?;
        let ty = self.opt()?;
        let value = self.opt()?;
        let n = self.count()?;
        let mut generics = Vec::with_capacity(reserve::<Generic>(n));
        for _ in 0..n {
            generics.push(Generic {
                name: self.string()?,
                bounds: self.strings()?,
                default: self.opt()?,
            });
        }
        let lifetimes = self.strings()?;
        let flags = self.byte()?;
        if flags >> 7 != 0 {
            return None;
        }
        let bit = |i: u8| flags & (1 << i) != 0;
        let attributes = self.strings()?;
        let stability = Stability {
            deprecated: self.opt()?,
            marker: self.opt()?,
            non_exhaustive: bit(3),
            must_use: bit(4),
            doc_hidden: bit(5),
            overload: bit(6),
        };
        let errors = self.opt()?;
        let side_effects = self.opt()?;
        let doc_hash = self.opt()?;
        let feature = self.opt()?;
        let span = SourceSpan {
            path: self.string()?,
            line: self.u32()?,
            col: self.u32()?,
        };
        Some(Symbol {
            path,
            kind,
            visibility,
            params,
            returns,
            ty,
            value,
            generics,
            lifetimes,
            is_async: bit(0),
            optional: bit(1),
            private_fields: bit(2),
            attributes,
            stability,
            errors,
            side_effects,
            doc_hash,
            feature,
            span,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> Symbol {
        let mut s = Symbol::new(
            "a::B::c",
            SymbolKind::Method,
            SourceSpan {
                path: "src/a.rs".into(),
                line: 7,
                col: 3,
            },
        );
        s.visibility = Visibility::Protected;
        s.params = vec![
            Param {
                name: "self".into(),
                kind: ParamKind::Receiver,
                ty: Some("&Self".into()),
                default: None,
                required: true,
            },
            Param {
                name: "x".into(),
                kind: ParamKind::VariadicKeyword,
                ty: None,
                default: Some("1".into()),
                required: false,
            },
        ];
        s.returns = Some("Result<u8, E>".into());
        s.ty = Some("t".into());
        s.value = Some("v".into());
        s.generics = vec![Generic {
            name: "T".into(),
            bounds: vec!["Clone".into(), "Send".into()],
            default: Some("u8".into()),
        }];
        s.lifetimes = vec!["'a".into()];
        s.is_async = true;
        s.optional = true;
        s.private_fields = true;
        s.attributes = vec!["derive(Clone)".into(), "sealed".into()];
        s.stability = Stability {
            deprecated: Some("use d".into()),
            marker: Some("unstable".into()),
            non_exhaustive: true,
            must_use: true,
            doc_hidden: true,
            overload: true,
        };
        s.errors = Some("# Errors".into());
        s.side_effects = Some("writes".into());
        s.doc_hash = Some("abc".into());
        s.feature = Some("f".into());
        s
    }

    #[test]
    fn every_field_and_every_code_round_trips() {
        let mut symbols = vec![
            full(),
            Symbol::new("x", SymbolKind::Module, SourceSpan::default()),
        ];
        // Each flag on its own, so two booleans sharing a bit would show.
        for i in 0..7 {
            let mut s = Symbol::new(format!("flag{i}"), SymbolKind::Field, SourceSpan::default());
            match i {
                0 => s.is_async = true,
                1 => s.optional = true,
                2 => s.private_fields = true,
                3 => s.stability.non_exhaustive = true,
                4 => s.stability.must_use = true,
                5 => s.stability.doc_hidden = true,
                _ => s.stability.overload = true,
            }
            symbols.push(s);
        }
        for (i, k) in KINDS.iter().enumerate() {
            assert_eq!(usize::from(kind_code(*k)), i);
            symbols.push(Symbol::new(format!("k{i}"), *k, SourceSpan::default()));
        }
        for (i, k) in PARAM_KINDS.iter().enumerate() {
            assert_eq!(usize::from(param_kind_code(*k)), i);
        }
        for (i, v) in VISIBILITIES.iter().enumerate() {
            assert_eq!(usize::from(visibility_code(*v)), i);
        }
        let out = encode_symbols(&symbols).concat();
        assert_eq!(decode_symbols(&out), Some(symbols));
    }

    #[test]
    fn damaged_bytes_decode_to_none_without_panicking() {
        let out = encode_symbols(&[full(), full()]).concat();
        // Every truncation, a trailing byte, and a huge count.
        for n in 0..out.len() {
            assert_eq!(decode_symbols(&out[..n]), None, "truncated at {n}");
        }
        let mut longer = out.clone();
        longer.push(0);
        assert_eq!(decode_symbols(&longer), None);
        let mut huge = out.clone();
        huge[..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(decode_symbols(&huge), None);
        // The smallest symbol takes what the count check assumes.
        let small =
            encode_symbols(&[Symbol::new("", SymbolKind::Module, SourceSpan::default())]).concat();
        assert_eq!(small.len(), 4 + MIN_SYMBOL_BYTES);
        // Every single-byte change either decodes to something or to None: never a panic.
        for i in 0..out.len() {
            let mut b = out.clone();
            b[i] ^= 0xff;
            let _ = decode_symbols(&b);
        }
    }
}
