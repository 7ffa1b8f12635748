//! Inference straight from raw BSON: every element is visited in place by a hand-written walker
//! of the BSON spec (bsonspec.org), nothing is decoded into a `Document`. It checks what the
//! `bson` crate's `RawDocument` checks (lengths, terminators, UTF-8 of keys and strings, booleans)
//! at about twice its speed, mostly because a key equal to the field expected next needs no UTF-8
//! check and no lookup. The `RawDocument` walker it replaced stays as `walk_document_reference`.

use bson::RawDocument;
use bson::raw::{RawArray, RawBsonRef};
use bson::spec::BinarySubtype;
use bson::spec::ElementType;

use super::stats::{
    BType, CollStats, MAX_DEPTH, MAX_REF_STRING, ObjStats, RefSample, TAG_OBJECT_ID, TAG_STRING, TAG_UUID, ValueStats,
    date_text, hash_bytes, hex, short_string, uuid_text,
};

/// The walker over the `bson` crate's `RawDocument` iterator that `walk_document` replaced: kept
/// as the reference it is checked against (unit tests here and the `infer_bson` fuzz target).
#[doc(hidden)]
pub fn walk_document_reference(bytes: &[u8], acc: &mut CollStats, doc: u64) -> Result<(), String> {
    let d = RawDocument::from_bytes(bytes).map_err(|e| format!("invalid BSON document: {e}"))?;
    let track = acc.track_refs;
    let mut w = Walker {
        ids: if track { Some(&mut acc.ids) } else { None },
        doc,
    };
    w.object(d, &mut acc.root, 0, true, &Path::ROOT)
}

/// Only the root `_id` of a document, for the id sample of documents left out of `--sample`.
pub fn scan_id(bytes: &[u8], ids: &mut RefSample) {
    let Ok(d) = RawDocument::from_bytes(bytes) else { return };
    for el in d.iter_elements() {
        let Ok(el) = el else { return };
        if el.key().as_str() == "_id" {
            if let Ok(v) = el.value()
                && let Some(h) = id_hash(&v)
            {
                ids.insert(h);
            }
            return;
        }
    }
}

fn id_hash(v: &RawBsonRef<'_>) -> Option<u64> {
    match v {
        RawBsonRef::ObjectId(o) => Some(hash_bytes(TAG_OBJECT_ID, &o.bytes())),
        RawBsonRef::String(s) if s.len() <= MAX_REF_STRING => Some(hash_bytes(TAG_STRING, s.as_bytes())),
        RawBsonRef::Binary(b) if b.subtype == BinarySubtype::Uuid => Some(hash_bytes(TAG_UUID, b.bytes)),
        _ => None,
    }
}

struct Walker<'a> {
    ids: Option<&'a mut RefSample>,
    doc: u64,
}

/// The path of the value being walked, built on the stack and rendered only for an error.
#[derive(Clone, Copy)]
pub struct Path<'a> {
    pub parent: Option<&'a Path<'a>>,
    /// The key's bytes (UTF-8 once checked; rendered lossily only for a message).
    pub key: &'a [u8],
}

impl Path<'_> {
    pub const ROOT: Path<'static> = Path { parent: None, key: b"" };

    pub fn render(&self) -> String {
        let mut parts = Vec::new();
        let mut p = Some(self);
        while let Some(x) = p {
            if !x.key.is_empty() {
                parts.push(String::from_utf8_lossy(x.key));
            }
            p = x.parent;
        }
        parts.reverse();
        parts.join(".")
    }
}

impl Walker<'_> {
    fn object(
        &mut self,
        d: &RawDocument,
        o: &mut ObjStats,
        depth: u32,
        root: bool,
        path: &Path<'_>,
    ) -> Result<(), String> {
        if depth >= MAX_DEPTH {
            return Err(format!(
                "field \"{}\": nested deeper than {MAX_DEPTH} levels",
                path.render()
            ));
        }
        o.begin();
        for el in d.iter_elements() {
            let el = el.map_err(|e| format!("invalid BSON in \"{}\": {e}", path.render()))?;
            let key = el.key().as_str();
            let here = Path {
                parent: Some(path),
                key: key.as_bytes(),
            };
            let v = el
                .value()
                .map_err(|e| format!("field \"{}\": invalid BSON value: {e}", here.render()))?;
            let s = o.field(key, self.doc, root);
            self.value(v, s, depth, &here)?;
        }
        o.end();
        Ok(())
    }

    fn array(&mut self, a: &RawArray, s: &mut ValueStats, depth: u32, path: &Path<'_>) -> Result<(), String> {
        if depth >= MAX_DEPTH {
            return Err(format!(
                "field \"{}\": nested deeper than {MAX_DEPTH} levels",
                path.render()
            ));
        }
        let arr = s.array_mut();
        arr.arrays += 1;
        let mut n = 0u64;
        for el in a.iter_elements() {
            let el = el.map_err(|e| format!("field \"{}\": invalid BSON array: {e}", path.render()))?;
            let key = el.key().as_str();
            let here = Path {
                parent: Some(path),
                key: key.as_bytes(),
            };
            let v = el
                .value()
                .map_err(|e| format!("field \"{}\": invalid BSON value: {e}", here.render()))?;
            n += 1;
            self.value(v, &mut arr.elem, depth, &here)?;
        }
        arr.elements += n;
        arr.max_len = arr.max_len.max(n);
        if n == 0 {
            arr.empty += 1;
        }
        Ok(())
    }

    fn value(&mut self, v: RawBsonRef<'_>, s: &mut ValueStats, depth: u32, path: &Path<'_>) -> Result<(), String> {
        let doc = self.doc;
        match v {
            RawBsonRef::Double(x) => {
                s.add(BType::Double);
                s.example(doc, x.to_bits(), || format_double(x));
            }
            RawBsonRef::String(x) => {
                s.add(BType::String);
                let track = self.ids.is_some() && x.len() <= MAX_REF_STRING;
                if track || s.examples.len() < super::stats::EXAMPLES {
                    let h = hash_bytes(TAG_STRING, x.as_bytes());
                    s.example(doc, h, || short_string(x));
                    if track {
                        s.reference(&mut self.ids, h);
                    }
                }
            }
            RawBsonRef::Document(d) => {
                if is_dbref(d) {
                    // Checked like any document, counted as a DBRef.
                    let mut inner = Walker { ids: None, doc };
                    inner.object(d, &mut ObjStats::default(), depth + 1, false, path)?;
                    s.add(BType::DbRef);
                    return Ok(());
                }
                s.add(BType::Object);
                self.object(d, s.object_mut(), depth + 1, false, path)?;
            }
            RawBsonRef::Array(a) => {
                s.add(BType::Array);
                self.array(a, s, depth + 1, path)?;
            }
            RawBsonRef::Binary(b) => match b.subtype {
                BinarySubtype::Uuid => {
                    s.add(BType::Uuid);
                    if self.ids.is_none() && s.examples.len() >= super::stats::EXAMPLES {
                        return Ok(());
                    }
                    let h = hash_bytes(TAG_UUID, b.bytes);
                    s.example(doc, h, || uuid_text(b.bytes));
                    s.reference(&mut self.ids, h);
                }
                BinarySubtype::UuidOld => {
                    s.add(BType::LegacyUuid);
                    s.example(doc, hash_bytes(TAG_UUID, b.bytes), || uuid_text(b.bytes));
                }
                st => {
                    s.add(BType::BinData);
                    let code = u8::from(st);
                    s.example(doc, (u64::from(code) << 32) | b.bytes.len() as u64, || {
                        format!("<binData subtype {code:02x}, {} bytes>", b.bytes.len())
                    });
                }
            },
            RawBsonRef::ObjectId(o) => {
                s.add(BType::ObjectId);
                if self.ids.is_none() && s.examples.len() >= super::stats::EXAMPLES {
                    return Ok(());
                }
                let bytes = o.bytes();
                let h = hash_bytes(TAG_OBJECT_ID, &bytes);
                s.example(doc, h, || format!("ObjectId(\"{}\")", hex(&bytes)));
                s.reference(&mut self.ids, h);
            }
            RawBsonRef::Boolean(b) => {
                s.add(BType::Bool);
                s.example(doc, u64::from(b), || b.to_string());
            }
            RawBsonRef::DateTime(t) => {
                s.add(BType::Date);
                let ms = t.timestamp_millis();
                s.example(doc, ms as u64, || date_text(ms));
            }
            RawBsonRef::Null => s.add(BType::Null),
            RawBsonRef::RegularExpression(r) => {
                s.add(BType::Regex);
                s.example(doc, hash_bytes(0, r.pattern.as_str().as_bytes()), || {
                    format!("/{}/{}", r.pattern.as_str(), r.options.as_str())
                });
            }
            RawBsonRef::JavaScriptCode(_) => s.add(BType::Javascript),
            RawBsonRef::JavaScriptCodeWithScope(_) => s.add(BType::JavascriptWithScope),
            RawBsonRef::Int32(i) => {
                s.add(BType::Int);
                s.example(doc, i as u64, || i.to_string());
            }
            RawBsonRef::Int64(i) => {
                s.add(BType::Long);
                s.example(doc, i as u64, || i.to_string());
            }
            RawBsonRef::Timestamp(t) => {
                s.add(BType::Timestamp);
                s.example(doc, (u64::from(t.time) << 32) | u64::from(t.increment), || {
                    format!("Timestamp({}, {})", t.time, t.increment)
                });
            }
            RawBsonRef::Decimal128(d) => {
                s.add(BType::Decimal);
                let b = d.bytes();
                s.example(doc, hash_bytes(0, &b), || d.to_string());
            }
            RawBsonRef::Symbol(_) => s.add(BType::Symbol),
            RawBsonRef::Undefined => s.add(BType::Undefined),
            RawBsonRef::MaxKey => s.add(BType::MaxKey),
            RawBsonRef::MinKey => s.add(BType::MinKey),
            RawBsonRef::DbPointer(_) => s.add(BType::DbPointer),
        }
        Ok(())
    }
}

/// A DBRef is a document whose first key is `$ref` (then `$id`, optionally `$db`).
fn is_dbref(d: &RawDocument) -> bool {
    matches!(d.iter_elements().next(), Some(Ok(el)) if el.key().as_str() == "$ref")
}

pub fn format_double(x: f64) -> String {
    if x.is_finite() && x == x.trunc() && x.abs() < 1e16 {
        format!("{x:.1}")
    } else {
        format!("{x}")
    }
}

// ---- The fast walker -------------------------------------------------------------------------

/// Walks one document into the collection statistics. The error is a message naming the field.
pub fn walk_document(bytes: &[u8], acc: &mut CollStats, doc: u64) -> Result<(), String> {
    let track = acc.track_refs;
    let mut w = Fast {
        ids: if track { Some(&mut acc.ids) } else { None },
        doc,
    };
    let body = doc_body(bytes).map_err(|e| format!("invalid BSON document: {e}"))?;
    w.object(body, &mut acc.root, 0, true, &Path::ROOT)
}

/// The elements of a document or array (`bytes` is the whole document: length, elements,
/// terminating NUL), checked for a consistent length and terminator.
fn doc_body(bytes: &[u8]) -> Result<&[u8], String> {
    if bytes.len() < 5 {
        return Err(format!("a document needs at least 5 bytes, found {}", bytes.len()));
    }
    let len = i32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    if len < 5 || len as usize != bytes.len() {
        return Err(format!(
            "length {len} does not match the {} bytes available",
            bytes.len()
        ));
    }
    if bytes[bytes.len() - 1] != 0 {
        return Err("the document is not terminated by a NUL byte".into());
    }
    Ok(&bytes[4..bytes.len() - 1])
}

/// A cursor over the elements of one document.
struct Elements<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Elements<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.b.len()).ok_or_else(|| {
            format!(
                "needs {n} bytes at offset {} but only {} remain",
                self.at + 4,
                self.b.len() - self.at
            )
        })?;
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn cstring(&mut self) -> Result<&'a [u8], String> {
        let rest = &self.b[self.at..];
        let n = rest
            .iter()
            .position(|&c| c == 0)
            .ok_or_else(|| "a name is not terminated by a NUL byte".to_string())?;
        self.at += n + 1;
        Ok(&rest[..n])
    }
    fn i32(&mut self) -> Result<i32, String> {
        let b = self.take(4)?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64le(&mut self) -> Result<u64, String> {
        let b = self.take(8)?;
        Ok(u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
    }
    /// A BSON string: int32 length (including the NUL), UTF-8 bytes, NUL.
    fn string(&mut self) -> Result<&'a str, String> {
        let len = self.i32()?;
        if len < 1 {
            return Err(format!("invalid string length {len}"));
        }
        let b = self.take(len as usize)?;
        if b[b.len() - 1] != 0 {
            return Err("a string is not terminated by a NUL byte".into());
        }
        std::str::from_utf8(&b[..b.len() - 1]).map_err(|e| format!("invalid UTF-8 in a string: {e}"))
    }
    /// An embedded document or array, whole (length prefix and terminator included).
    fn document(&mut self) -> Result<&'a [u8], String> {
        let start = self.at;
        let len = self.i32()?;
        if len < 5 {
            return Err(format!("invalid embedded document length {len}"));
        }
        self.at = start;
        self.take(len as usize)
    }
}

struct Fast<'a> {
    ids: Option<&'a mut RefSample>,
    doc: u64,
}

impl Fast<'_> {
    fn object(&mut self, body: &[u8], o: &mut ObjStats, depth: u32, root: bool, path: &Path<'_>) -> Result<(), String> {
        if depth >= MAX_DEPTH {
            return Err(format!(
                "field \"{}\": nested deeper than {MAX_DEPTH} levels",
                path.render()
            ));
        }
        o.begin();
        let mut el = Elements { b: body, at: 0 };
        while el.at < body.len() {
            let t = body[el.at];
            el.at += 1;
            let key = el
                .cstring()
                .map_err(|e| format!("invalid BSON in \"{}\": {e}", path.render()))?;
            let s = o.field_bytes(key, self.doc, root).map_err(|e| {
                format!(
                    "invalid BSON in \"{}\": a field name is not valid UTF-8: {e}",
                    path.render()
                )
            })?;
            let here = Path {
                parent: Some(path),
                key,
            };
            self.value(t, &mut el, s, depth, &here).map_err(|e| {
                if e.starts_with("field \"") {
                    e
                } else {
                    format!("field \"{}\": invalid BSON value: {e}", here.render())
                }
            })?;
        }
        o.end();
        Ok(())
    }

    fn array(&mut self, body: &[u8], s: &mut ValueStats, depth: u32, path: &Path<'_>) -> Result<(), String> {
        if depth >= MAX_DEPTH {
            return Err(format!(
                "field \"{}\": nested deeper than {MAX_DEPTH} levels",
                path.render()
            ));
        }
        let arr = s.array_mut();
        arr.arrays += 1;
        let mut n = 0u64;
        let mut el = Elements { b: body, at: 0 };
        while el.at < body.len() {
            let t = body[el.at];
            el.at += 1;
            let key = el
                .cstring()
                .map_err(|e| format!("field \"{}\": invalid BSON array: {e}", path.render()))?;
            if !key.is_ascii() {
                std::str::from_utf8(key).map_err(|e| {
                    format!(
                        "field \"{}\": invalid BSON array: an index is not valid UTF-8: {e}",
                        path.render()
                    )
                })?;
            }
            let here = Path {
                parent: Some(path),
                key,
            };
            n += 1;
            self.value(t, &mut el, &mut arr.elem, depth, &here).map_err(|e| {
                if e.starts_with("field \"") {
                    e
                } else {
                    format!("field \"{}\": invalid BSON value: {e}", here.render())
                }
            })?;
        }
        arr.elements += n;
        arr.max_len = arr.max_len.max(n);
        if n == 0 {
            arr.empty += 1;
        }
        Ok(())
    }

    fn value(
        &mut self,
        t: u8,
        el: &mut Elements<'_>,
        s: &mut ValueStats,
        depth: u32,
        path: &Path<'_>,
    ) -> Result<(), String> {
        let doc = self.doc;
        let Some(et) = ElementType::from(t) else {
            return Err(format!("unknown element type 0x{t:02x}"));
        };
        match et {
            ElementType::Double => {
                let x = f64::from_bits(el.u64le()?);
                s.add(BType::Double);
                s.example(doc, x.to_bits(), || format_double(x));
            }
            ElementType::String => {
                let x = el.string()?;
                s.add(BType::String);
                let track = self.ids.is_some() && x.len() <= MAX_REF_STRING;
                if track || s.examples.len() < super::stats::EXAMPLES {
                    let h = hash_bytes(TAG_STRING, x.as_bytes());
                    s.example(doc, h, || short_string(x));
                    if track {
                        s.reference(&mut self.ids, h);
                    }
                }
            }
            ElementType::EmbeddedDocument => {
                let d = el.document()?;
                let body = doc_body(d)?;
                if fast_is_dbref(body) {
                    // Checked like any document, counted as a DBRef.
                    let mut inner = Fast { ids: None, doc };
                    inner.object(body, &mut ObjStats::default(), depth + 1, false, path)?;
                    s.add(BType::DbRef);
                    return Ok(());
                }
                s.add(BType::Object);
                self.object(body, s.object_mut(), depth + 1, false, path)?;
            }
            ElementType::Array => {
                let d = el.document()?;
                let body = doc_body(d)?;
                s.add(BType::Array);
                self.array(body, s, depth + 1, path)?;
            }
            ElementType::Binary => {
                let len = el.i32()?;
                if len < 0 {
                    return Err(format!("invalid binary length {len}"));
                }
                let st = el.take(1)?[0];
                let mut bytes = el.take(len as usize)?;
                let subtype = BinarySubtype::from(st);
                if subtype == BinarySubtype::BinaryOld {
                    // Subtype 2 repeats the length inside.
                    if bytes.len() < 4 {
                        return Err("old binary subtype 2 without its inner length".into());
                    }
                    let inner = i32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
                    if inner < 0 || inner as usize != bytes.len() - 4 {
                        return Err(format!(
                            "old binary subtype 2 with inner length {inner} for {} bytes",
                            bytes.len() - 4
                        ));
                    }
                    bytes = &bytes[4..];
                }
                match subtype {
                    BinarySubtype::Uuid => {
                        s.add(BType::Uuid);
                        if self.ids.is_none() && s.examples.len() >= super::stats::EXAMPLES {
                            return Ok(());
                        }
                        let h = hash_bytes(TAG_UUID, bytes);
                        s.example(doc, h, || uuid_text(bytes));
                        s.reference(&mut self.ids, h);
                    }
                    BinarySubtype::UuidOld => {
                        s.add(BType::LegacyUuid);
                        s.example(doc, hash_bytes(TAG_UUID, bytes), || uuid_text(bytes));
                    }
                    _ => {
                        s.add(BType::BinData);
                        s.example(doc, (u64::from(st) << 32) | bytes.len() as u64, || {
                            format!("<binData subtype {st:02x}, {} bytes>", bytes.len())
                        });
                    }
                }
            }
            ElementType::Undefined => s.add(BType::Undefined),
            ElementType::ObjectId => {
                let b = el.take(12)?;
                s.add(BType::ObjectId);
                if self.ids.is_none() && s.examples.len() >= super::stats::EXAMPLES {
                    return Ok(());
                }
                let h = hash_bytes(TAG_OBJECT_ID, b);
                s.example(doc, h, || format!("ObjectId(\"{}\")", hex(b)));
                s.reference(&mut self.ids, h);
            }
            ElementType::Boolean => {
                let b = match el.take(1)?[0] {
                    0 => false,
                    1 => true,
                    x => return Err(format!("invalid boolean byte 0x{x:02x}")),
                };
                s.add(BType::Bool);
                s.example(doc, u64::from(b), || b.to_string());
            }
            ElementType::DateTime => {
                let ms = el.u64le()? as i64;
                s.add(BType::Date);
                s.example(doc, ms as u64, || date_text(ms));
            }
            ElementType::Null => s.add(BType::Null),
            ElementType::RegularExpression => {
                let pattern = el.cstring()?;
                let options = el.cstring()?;
                let pattern = std::str::from_utf8(pattern).map_err(|e| format!("invalid UTF-8 in a regex: {e}"))?;
                let options = std::str::from_utf8(options).map_err(|e| format!("invalid UTF-8 in a regex: {e}"))?;
                s.add(BType::Regex);
                s.example(doc, hash_bytes(0, pattern.as_bytes()), || {
                    format!("/{pattern}/{options}")
                });
            }
            ElementType::DbPointer => {
                el.string()?;
                el.take(12)?;
                s.add(BType::DbPointer);
            }
            ElementType::JavaScriptCode => {
                el.string()?;
                s.add(BType::Javascript);
            }
            ElementType::Symbol => {
                el.string()?;
                s.add(BType::Symbol);
            }
            ElementType::JavaScriptCodeWithScope => {
                let start = el.at;
                let total = el.i32()?;
                el.string()?;
                let scope = el.document()?;
                doc_body(scope)?;
                if total < 0 || el.at - start != total as usize {
                    return Err(format!("code with scope length {total} does not match its content"));
                }
                s.add(BType::JavascriptWithScope);
            }
            ElementType::Int32 => {
                let i = el.i32()?;
                s.add(BType::Int);
                s.example(doc, i as u64, || i.to_string());
            }
            ElementType::Timestamp => {
                let v = el.u64le()?;
                let (increment, time) = (v as u32, (v >> 32) as u32);
                s.add(BType::Timestamp);
                s.example(doc, (u64::from(time) << 32) | u64::from(increment), || {
                    format!("Timestamp({time}, {increment})")
                });
            }
            ElementType::Int64 => {
                let i = el.u64le()? as i64;
                s.add(BType::Long);
                s.example(doc, i as u64, || i.to_string());
            }
            ElementType::Decimal128 => {
                let b = el.take(16)?;
                let mut a = [0u8; 16];
                a.copy_from_slice(b);
                s.add(BType::Decimal);
                s.example(doc, hash_bytes(0, &a), || bson::Decimal128::from_bytes(a).to_string());
            }
            ElementType::MaxKey => s.add(BType::MaxKey),
            ElementType::MinKey => s.add(BType::MinKey),
        }
        Ok(())
    }
}

/// A DBRef is a document whose first key is `$ref` (`body`: the elements, after the length).
fn fast_is_dbref(body: &[u8]) -> bool {
    body.len() > 5 && ElementType::from(body[0]).is_some() && body[1..].starts_with(b"$ref\0")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(bytes: &[u8]) -> Vec<&[u8]> {
        let mut v = Vec::new();
        let mut at = 0;
        while at + 4 <= bytes.len() {
            let n = i32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]) as usize;
            v.push(&bytes[at..at + n]);
            at += n;
        }
        v
    }

    fn every_type() -> Vec<u8> {
        use bson::{Binary, Bson, JavaScriptCodeWithScope, Regex, Timestamp, doc, oid::ObjectId};
        let d = doc! {
            "_id": ObjectId::from_bytes([7; 12]),
            "d": 1.5, "s": "x", "o": { "a": 1, "b": [1, "two", { "c": null }] },
            "old": Bson::Binary(Binary { subtype: bson::spec::BinarySubtype::BinaryOld, bytes: vec![1, 2, 3] }),
            "bin": Bson::Binary(Binary { subtype: bson::spec::BinarySubtype::Generic, bytes: vec![9; 5] }),
            "uuid": Bson::Binary(Binary { subtype: bson::spec::BinarySubtype::Uuid, bytes: vec![1; 16] }),
            "luuid": Bson::Binary(Binary { subtype: bson::spec::BinarySubtype::UuidOld, bytes: vec![2; 16] }),
            "undef": Bson::Undefined, "t": true, "f": false,
            "date": Bson::DateTime(bson::DateTime::from_millis(1_600_000_000_123)),
            "re": Bson::RegularExpression(Regex { pattern: "^a.*".try_into().unwrap(), options: "i".try_into().unwrap() }),
            "js": Bson::JavaScriptCode("f()".into()),
            "jss": Bson::JavaScriptCodeWithScope(JavaScriptCodeWithScope { code: "g()".into(), scope: doc! { "x": 1 } }),
            "sym": Bson::Symbol("sym".into()),
            "i": 42i32, "l": 1i64 << 40,
            "ts": Bson::Timestamp(Timestamp { time: 5, increment: 9 }),
            "dec": Bson::Decimal128(bson::Decimal128::from_bytes([3; 16])),
            "min": Bson::MinKey, "max": Bson::MaxKey,
            "ref": { "$ref": "users", "$id": 1 },
        };
        let mut v = Vec::new();
        d.to_writer(&mut v).unwrap();
        v
    }

    /// Both walkers over `docs`: the same acceptance per document and the same statistics.
    fn agree(docs: &[&[u8]], label: &str) {
        let (mut a, mut b) = (CollStats::default(), CollStats::default());
        for (n, d) in docs.iter().enumerate() {
            let fa = walk_document(d, &mut a, n as u64);
            let fb = walk_document_reference(d, &mut b, n as u64);
            assert_eq!(fa.is_ok(), fb.is_ok(), "{label} doc {n}: fast {fa:?}, reference {fb:?}");
            if fa.is_err() {
                // A document that failed part-way leaves partial statistics: start both again.
                (a, b) = (CollStats::default(), CollStats::default());
            }
        }
        assert_eq!(a.summary(), b.summary(), "{label}");
    }

    #[test]
    fn the_fast_walker_agrees_with_the_reference() {
        let fixture = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/infer/orders.bson")).unwrap();
        let mut all = docs(&fixture);
        // Every element type, including the rare ones the fixture lacks.
        let every = every_type();
        all.insert(0, &every);
        agree(&all, "orders.bson");
        // Every single-byte change of the first documents: same verdict, same statistics.
        for (i, d) in all.iter().take(4).enumerate() {
            for pos in 0..d.len() {
                for v in [0x00u8, 0x01, 0x02, 0x03, 0x04, 0x05, 0x7f, 0x80, 0xff] {
                    let mut m = d.to_vec();
                    m[pos] = v;
                    agree(&[&m], &format!("doc {i}, byte {pos} = {v:#04x}"));
                }
            }
        }
    }
}
