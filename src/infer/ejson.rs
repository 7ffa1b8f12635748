//! Inference straight from MongoDB Extended JSON v2 (canonical and relaxed, as written by
//! mongoexport): a serde visitor walks each document and recognises the `$oid`, `$date`,
//! `$numberLong`, `$numberInt`, `$numberDouble`, `$numberDecimal`, `$binary`, `$uuid`,
//! `$timestamp`, `$regularExpression`, `$symbol`, `$code`, `$minKey`, `$maxKey`, `$undefined`,
//! `$dbPointer` wrappers (and the legacy `$regex`/`$options`, `$binary`/`$type` forms) on the
//! fly. No `serde_json::Value` is built.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::bson_walk::format_double;
use super::stats::{
    BType, CollStats, MAX_DEPTH, MAX_REF_STRING, ObjStats, RefSample, TAG_OBJECT_ID, TAG_STRING, TAG_UUID, ValueStats,
    date_text, hash_bytes, short_string, uuid_text,
};

/// Walks one JSON document (one mongoexport line, or one element of a `--jsonArray` file).
pub fn walk_document(text: &[u8], acc: &mut CollStats, doc: u64) -> Result<(), serde_json::Error> {
    // One UTF-8 check of the whole line is much cheaper than serde_json's check of every string
    // in it; a line that is not UTF-8 goes through the byte reader, which reports where.
    match std::str::from_utf8(text) {
        Ok(s) => walk_with(&mut serde_json::Deserializer::from_str(s), acc, doc),
        Err(_) => walk_with(&mut serde_json::Deserializer::from_slice(text), acc, doc),
    }
}

fn walk_with<'de, R: serde_json::de::Read<'de>>(
    de: &mut serde_json::Deserializer<R>,
    acc: &mut CollStats,
    doc: u64,
) -> Result<(), serde_json::Error> {
    let track = acc.track_refs;
    let mut ctx = Ctx {
        ids: if track { Some(&mut acc.ids) } else { None },
        doc,
        plain: 0,
    };
    RootSeed {
        obj: &mut acc.root,
        ctx: &mut ctx,
    }
    .deserialize(&mut *de)?;
    de.end()?;
    acc.plain_numbers += ctx.plain;
    Ok(())
}

/// Only the root `_id` of a document (for documents left out of `--sample`). mongoexport writes
/// `_id` first; a document that does not start with it is fully parsed for it instead.
pub fn scan_id(text: &[u8], ids: &mut RefSample) {
    let mut de = serde_json::Deserializer::from_slice(text);
    let _ = IdOnly { ids }.deserialize(&mut de);
}

struct Ctx<'a> {
    ids: Option<&'a mut RefSample>,
    doc: u64,
    plain: u64,
}

fn custom<E: de::Error>(msg: impl fmt::Display) -> E {
    E::custom(format_args!("malformed Extended JSON: {msg}"))
}

struct RootSeed<'a, 'c> {
    obj: &'a mut ObjStats,
    ctx: &'a mut Ctx<'c>,
}

impl<'de> DeserializeSeed<'de> for RootSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RootSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a document (a JSON object)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.obj.begin();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let s = self.obj.field(&key, self.ctx.doc, true);
            map.next_value_seed(ValueSeed {
                s,
                ctx: self.ctx,
                depth: 1,
            })?;
        }
        self.obj.end();
        Ok(())
    }
}

/// A key (or any string), borrowed from the input when it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

struct ValueSeed<'a, 'c> {
    s: &'a mut ValueStats,
    ctx: &'a mut Ctx<'c>,
    depth: u32,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl ValueSeed<'_, '_> {
    fn int(self, i: i64) {
        self.s.plain_numbers += 1;
        self.ctx.plain += 1;
        if i32::try_from(i).is_ok() {
            self.s.add(BType::Int);
        } else {
            self.s.add(BType::Long);
        }
        self.s.example(self.ctx.doc, i as u64, || i.to_string());
    }

    fn string(self, v: &str) {
        self.s.add(BType::String);
        let track = self.ctx.ids.is_some() && v.len() <= MAX_REF_STRING;
        if track || self.s.examples.len() < super::stats::EXAMPLES {
            let h = hash_bytes(TAG_STRING, v.as_bytes());
            self.s.example(self.ctx.doc, h, || short_string(v));
            if track {
                self.s.reference(&mut self.ctx.ids, h);
            }
        }
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<(), E> {
        self.s.add(BType::Bool);
        self.s.example(self.ctx.doc, u64::from(b), || b.to_string());
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, i: i64) -> Result<(), E> {
        self.int(i);
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, u: u64) -> Result<(), E> {
        match i64::try_from(u) {
            Ok(i) => self.int(i),
            Err(_) => self.visit_f64::<E>(u as f64)?,
        }
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, x: f64) -> Result<(), E> {
        self.s.plain_numbers += 1;
        self.ctx.plain += 1;
        self.s.add(BType::Double);
        self.s.example(self.ctx.doc, x.to_bits(), || format_double(x));
        Ok(())
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<(), E> {
        self.string(v);
        Ok(())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.string(v);
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.s.add(BType::Null);
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.s.add(BType::Null);
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if self.depth >= MAX_DEPTH {
            return Err(de::Error::custom(format_args!("nested deeper than {MAX_DEPTH} levels")));
        }
        self.s.add(BType::Array);
        let arr = self.s.array_mut();
        arr.arrays += 1;
        let mut n = 0u64;
        while seq
            .next_element_seed(ValueSeed {
                s: &mut arr.elem,
                ctx: self.ctx,
                depth: self.depth + 1,
            })?
            .is_some()
        {
            n += 1;
        }
        arr.elements += n;
        arr.max_len = arr.max_len.max(n);
        if n == 0 {
            arr.empty += 1;
        }
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        if self.depth >= MAX_DEPTH {
            return Err(de::Error::custom(format_args!("nested deeper than {MAX_DEPTH} levels")));
        }
        let Some(first) = map.next_key_seed(KeySeed)? else {
            self.s.add(BType::Object);
            let o = self.s.object_mut();
            o.begin();
            o.end();
            return Ok(());
        };
        if first.starts_with('$') && wrapper(&first, self.s, self.ctx, &mut map)? {
            return Ok(());
        }
        self.s.add(BType::Object);
        let o = self.s.object_mut();
        o.begin();
        let mut key = first;
        loop {
            let f = o.field(&key, self.ctx.doc, false);
            map.next_value_seed(ValueSeed {
                s: f,
                ctx: self.ctx,
                depth: self.depth + 1,
            })?;
            match map.next_key_seed(KeySeed)? {
                Some(k) => key = k,
                None => break,
            }
        }
        o.end();
        Ok(())
    }
}

/// Handles a `$`-wrapper whose first key is `key`; false when `key` is not a wrapper (then it
/// is an ordinary field name and nothing was consumed).
fn wrapper<'de, A: MapAccess<'de>>(
    key: &str,
    s: &mut ValueStats,
    ctx: &mut Ctx<'_>,
    map: &mut A,
) -> Result<bool, A::Error> {
    let doc = ctx.doc;
    match key {
        "$oid" => {
            let v = map.next_value_seed(KeySeed)?;
            let bytes = parse_hex::<12>(&v).ok_or_else(|| custom("$oid must be a string of 24 hex digits"))?;
            s.add(BType::ObjectId);
            let h = hash_bytes(TAG_OBJECT_ID, &bytes);
            s.example(doc, h, || format!("ObjectId(\"{}\")", v.to_ascii_lowercase()));
            s.reference(&mut ctx.ids, h);
        }
        "$date" => {
            let v = map.next_value_seed(DateSeed)?;
            s.add(BType::Date);
            match v {
                DateVal::Millis(ms) => s.example(doc, ms as u64, || date_text(ms)),
                DateVal::Iso(t) => s.example(doc, hash_bytes(0, t.as_bytes()), || t.to_string()),
            }
        }
        "$numberLong" => {
            let v = map.next_value_seed(KeySeed)?;
            let i: i64 = v
                .parse()
                .map_err(|_| custom(format_args!("$numberLong \"{v}\" is not a 64-bit integer")))?;
            s.add(BType::Long);
            s.example(doc, i as u64, || i.to_string());
        }
        "$numberInt" => {
            let v = map.next_value_seed(KeySeed)?;
            let i: i32 = v
                .parse()
                .map_err(|_| custom(format_args!("$numberInt \"{v}\" is not a 32-bit integer")))?;
            s.add(BType::Int);
            s.example(doc, i as u64, || i.to_string());
        }
        "$numberDouble" => {
            let v = map.next_value_seed(KeySeed)?;
            let x: f64 = match &*v {
                "Infinity" => f64::INFINITY,
                "-Infinity" => f64::NEG_INFINITY,
                "NaN" => f64::NAN,
                t => t
                    .parse()
                    .map_err(|_| custom(format_args!("$numberDouble \"{t}\" is not a number")))?,
            };
            s.add(BType::Double);
            s.example(doc, x.to_bits(), || format_double(x));
        }
        "$numberDecimal" => {
            let v = map.next_value_seed(KeySeed)?;
            let ok = !v.is_empty()
                && (v
                    .bytes()
                    .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
                    || matches!(&*v, "Infinity" | "-Infinity" | "NaN"));
            if !ok {
                return Err(custom(format_args!("$numberDecimal \"{v}\" is not a decimal number")));
            }
            s.add(BType::Decimal);
            s.example(doc, hash_bytes(0, v.as_bytes()), || v.to_string());
        }
        "$binary" => {
            let (data, subtype) = match map.next_value_seed(BinarySeed)? {
                Binary::Canonical(d, t) => (d, t),
                Binary::Legacy(d) => {
                    // Legacy form: {"$binary": "<base64>", "$type": "<hex>"}.
                    match map.next_key_seed(KeySeed)? {
                        Some(k) if k == "$type" => {
                            let t = map.next_value_seed(KeySeed)?;
                            let t = parse_subtype(&t).ok_or_else(|| custom("$type must be a 1-byte hex string"))?;
                            (d, t)
                        }
                        _ => return Err(custom("legacy $binary needs a $type key")),
                    }
                }
            };
            binary(s, ctx, &data, subtype)?;
        }
        "$uuid" => {
            let v = map.next_value_seed(KeySeed)?;
            let hexs: String = v.chars().filter(|&c| c != '-').collect();
            let bytes = parse_hex::<16>(&hexs)
                .filter(|_| v.len() == 36)
                .ok_or_else(|| custom("$uuid must be a hyphenated UUID string"))?;
            s.add(BType::Uuid);
            let h = hash_bytes(TAG_UUID, &bytes);
            s.example(doc, h, || uuid_text(&bytes));
            s.reference(&mut ctx.ids, h);
        }
        "$timestamp" => {
            let (t, i) = map.next_value_seed(TimestampSeed)?;
            s.add(BType::Timestamp);
            s.example(doc, (u64::from(t) << 32) | u64::from(i), || {
                format!("Timestamp({t}, {i})")
            });
        }
        "$regularExpression" => {
            let (p, o) = map.next_value_seed(RegexSeed)?;
            s.add(BType::Regex);
            s.example(doc, hash_bytes(0, p.as_bytes()), || format!("/{p}/{o}"));
        }
        "$regex" => {
            let p = map.next_value_seed(KeySeed)?;
            if let Some(k) = map.next_key_seed(KeySeed)? {
                if k != "$options" {
                    return Err(custom("legacy $regex may only be followed by $options"));
                }
                let _: IgnoredAny = map.next_value()?;
            }
            s.add(BType::Regex);
            s.example(doc, hash_bytes(0, p.as_bytes()), || format!("/{p}/"));
        }
        "$symbol" => {
            let _ = map.next_value_seed(KeySeed)?;
            s.add(BType::Symbol);
        }
        "$code" => {
            let _ = map.next_value_seed(KeySeed)?;
            let mut t = BType::Javascript;
            if let Some(k) = map.next_key_seed(KeySeed)? {
                if k != "$scope" {
                    return Err(custom("$code may only be followed by $scope"));
                }
                let _: IgnoredAny = map.next_value()?;
                t = BType::JavascriptWithScope;
            }
            s.add(t);
        }
        "$minKey" | "$maxKey" | "$undefined" => {
            let _: IgnoredAny = map.next_value()?;
            s.add(match key {
                "$minKey" => BType::MinKey,
                "$maxKey" => BType::MaxKey,
                _ => BType::Undefined,
            });
        }
        "$dbPointer" => {
            let _: IgnoredAny = map.next_value()?;
            s.add(BType::DbPointer);
        }
        "$ref" => {
            // A DBRef: {"$ref": "coll", "$id": ..., "$db": ...} (mixed links are stored this way).
            let _: IgnoredAny = map.next_value()?;
            while map.next_key::<IgnoredAny>()?.is_some() {
                let _: IgnoredAny = map.next_value()?;
            }
            s.add(BType::DbRef);
            return Ok(true);
        }
        _ => return Ok(false),
    }
    if let Some(k) = map.next_key_seed(KeySeed)? {
        return Err(custom(format_args!("unexpected key \"{k}\" after \"{key}\"")));
    }
    Ok(true)
}

fn binary<E: de::Error>(s: &mut ValueStats, ctx: &mut Ctx<'_>, data: &str, subtype: u8) -> Result<(), E> {
    let doc = ctx.doc;
    match subtype {
        4 if ctx.ids.is_none() && s.examples.len() >= super::stats::EXAMPLES => {
            // Nothing needs the bytes: check the length only (16 bytes = 24 base64 characters).
            if data.len() != 24 || !data.ends_with("==") {
                return Err(custom("UUID (subtype 04) must be 16 bytes"));
            }
            s.add(BType::Uuid);
        }
        4 => {
            let bytes = base64_decode(data).ok_or_else(|| custom("$binary base64 payload is not valid base64"))?;
            if bytes.len() != 16 {
                return Err(custom(format_args!(
                    "UUID (subtype 04) has {} bytes, not 16",
                    bytes.len()
                )));
            }
            s.add(BType::Uuid);
            let h = hash_bytes(TAG_UUID, &bytes);
            s.example(doc, h, || uuid_text(&bytes));
            s.reference(&mut ctx.ids, h);
        }
        3 => {
            s.add(BType::LegacyUuid);
            s.example(doc, hash_bytes(0, data.as_bytes()), || format!("<legacy UUID {data}>"));
        }
        t => {
            if !data
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
            {
                return Err(custom("$binary base64 payload is not valid base64"));
            }
            s.add(BType::BinData);
            let len = data.len() / 4 * 3;
            s.example(doc, (u64::from(t) << 32) | len as u64, || {
                format!("<binData subtype {t:02x}, ~{len} bytes>")
            });
        }
    }
    Ok(())
}

fn parse_subtype(t: &str) -> Option<u8> {
    if t.is_empty() || t.len() > 2 {
        return None;
    }
    u8::from_str_radix(t, 16).ok()
}

fn parse_hex<const N: usize>(s: &str) -> Option<[u8; N]> {
    let b = s.as_bytes();
    if b.len() != 2 * N {
        return None;
    }
    let mut out = [0u8; N];
    for (i, o) in out.iter_mut().enumerate() {
        let hi = (b[2 * i] as char).to_digit(16)?;
        let lo = (b[2 * i + 1] as char).to_digit(16)?;
        *o = (hi * 16 + lo) as u8;
    }
    Some(out)
}

pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    fn val(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        } as u32)
    }
    let b = s.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(b.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for &c in b {
        acc = (acc << 6) | val(c)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

enum DateVal<'de> {
    Millis(i64),
    Iso(Cow<'de, str>),
}

/// `$date`: an ISO-8601 string (relaxed), `{"$numberLong": "<ms>"}` (canonical) or a number
/// (legacy).
struct DateSeed;

impl<'de> DeserializeSeed<'de> for DateSeed {
    type Value = DateVal<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DateSeed {
    type Value = DateVal<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an ISO-8601 date string, {\"$numberLong\": ...} or a number")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        check_iso(v)?;
        Ok(DateVal::Iso(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        check_iso(v)?;
        Ok(DateVal::Iso(Cow::Owned(v.to_string())))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(DateVal::Millis(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        i64::try_from(v)
            .map(DateVal::Millis)
            .map_err(|_| custom("$date is out of range"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        match map.next_key_seed(KeySeed)? {
            Some(k) if k == "$numberLong" => {
                let v = map.next_value_seed(KeySeed)?;
                let ms: i64 = v
                    .parse()
                    .map_err(|_| custom(format_args!("$date.$numberLong \"{v}\" is not a 64-bit integer")))?;
                if map.next_key::<IgnoredAny>()?.is_some() {
                    return Err(custom("unexpected key after $date.$numberLong"));
                }
                Ok(DateVal::Millis(ms))
            }
            _ => Err(custom("$date object must be {\"$numberLong\": \"<milliseconds>\"}")),
        }
    }
}

fn check_iso<E: de::Error>(v: &str) -> Result<(), E> {
    let b = v.as_bytes();
    let ok = b.len() >= 10 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[7] == b'-';
    if ok {
        Ok(())
    } else {
        Err(custom(format_args!("$date \"{v}\" is not an ISO-8601 date")))
    }
}

enum Binary<'de> {
    Canonical(Cow<'de, str>, u8),
    Legacy(Cow<'de, str>),
}

/// `$binary`: `{"base64": "...", "subType": "hh"}` (v2) or a base64 string (legacy, `$type` follows).
struct BinarySeed;

impl<'de> DeserializeSeed<'de> for BinarySeed {
    type Value = Binary<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for BinarySeed {
    type Value = Binary<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("{\"base64\": ..., \"subType\": ...}")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Binary::Legacy(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Binary::Legacy(Cow::Owned(v.to_string())))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut data = None;
        let mut sub = None;
        while let Some(k) = map.next_key_seed(KeySeed)? {
            match &*k {
                "base64" => data = Some(map.next_value_seed(KeySeed)?),
                "subType" => {
                    let t = map.next_value_seed(KeySeed)?;
                    sub = Some(parse_subtype(&t).ok_or_else(|| custom("$binary.subType must be 1-byte hex"))?);
                }
                other => return Err(custom(format_args!("unexpected key \"{other}\" in $binary"))),
            }
        }
        match (data, sub) {
            (Some(d), Some(t)) => Ok(Binary::Canonical(d, t)),
            _ => Err(custom("$binary needs \"base64\" and \"subType\"")),
        }
    }
}

/// `$timestamp`: `{"t": <u32>, "i": <u32>}`.
struct TimestampSeed;

impl<'de> DeserializeSeed<'de> for TimestampSeed {
    type Value = (u32, u32);
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TimestampSeed {
    type Value = (u32, u32);
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("{\"t\": <seconds>, \"i\": <increment>}")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut t, mut i) = (None, None);
        while let Some(k) = map.next_key_seed(KeySeed)? {
            match &*k {
                "t" => t = Some(map.next_value::<u32>()?),
                "i" => i = Some(map.next_value::<u32>()?),
                other => return Err(custom(format_args!("unexpected key \"{other}\" in $timestamp"))),
            }
        }
        match (t, i) {
            (Some(t), Some(i)) => Ok((t, i)),
            _ => Err(custom("$timestamp needs \"t\" and \"i\"")),
        }
    }
}

/// `$regularExpression`: `{"pattern": "...", "options": "..."}`.
struct RegexSeed;

impl<'de> DeserializeSeed<'de> for RegexSeed {
    type Value = (String, String);
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RegexSeed {
    type Value = (String, String);
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("{\"pattern\": ..., \"options\": ...}")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut p, mut o) = (None, None);
        while let Some(k) = map.next_key_seed(KeySeed)? {
            match &*k {
                "pattern" => p = Some(map.next_value_seed(KeySeed)?.into_owned()),
                "options" => o = Some(map.next_value_seed(KeySeed)?.into_owned()),
                other => return Err(custom(format_args!("unexpected key \"{other}\" in $regularExpression"))),
            }
        }
        match (p, o) {
            (Some(p), Some(o)) => Ok((p, o)),
            _ => Err(custom("$regularExpression needs \"pattern\" and \"options\"")),
        }
    }
}

/// Reads the document until its `_id` and feeds the id sample; the rest is not parsed.
struct IdOnly<'a> {
    ids: &'a mut RefSample,
}

impl<'de> DeserializeSeed<'de> for IdOnly<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for IdOnly<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a document")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(k) = map.next_key_seed(KeySeed)? {
            if k == "_id" {
                let mut ids = RefSample::new(4);
                let mut ctx = Ctx {
                    ids: Some(&mut ids),
                    doc: 0,
                    plain: 0,
                };
                let mut s = ValueStats {
                    is_root_id: true,
                    ..Default::default()
                };
                map.next_value_seed(ValueSeed {
                    s: &mut s,
                    ctx: &mut ctx,
                    depth: 1,
                })?;
                for (h, _) in ids.map {
                    self.ids.insert(h);
                }
                // Stop here: the caller ignores the error this early return causes.
                return Err(de::Error::custom("done"));
            }
            let _: IgnoredAny = map.next_value()?;
        }
        Ok(())
    }
}
