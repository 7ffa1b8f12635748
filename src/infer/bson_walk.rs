//! Inference straight from raw BSON (`bson::RawDocument`): every element is visited in place,
//! nothing is decoded into a `Document`.

use bson::RawDocument;
use bson::raw::{RawArray, RawBsonRef};
use bson::spec::BinarySubtype;

use super::stats::{
    BType, CollStats, MAX_DEPTH, MAX_REF_STRING, ObjStats, RefSample, TAG_OBJECT_ID, TAG_STRING, TAG_UUID, ValueStats,
    date_text, hash_bytes, hex, short_string, uuid_text,
};

/// Walks one document into the collection statistics. The error is a message naming the field.
pub fn walk_document(bytes: &[u8], acc: &mut CollStats, doc: u64) -> Result<(), String> {
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
    pub key: &'a str,
}

impl Path<'_> {
    pub const ROOT: Path<'static> = Path { parent: None, key: "" };

    pub fn render(&self) -> String {
        let mut parts = Vec::new();
        let mut p = Some(self);
        while let Some(x) = p {
            if !x.key.is_empty() {
                parts.push(x.key);
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
                key,
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
                key,
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
