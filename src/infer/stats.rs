//! What sampling learns about one collection: a tree of per-field statistics (presence, BSON
//! type histogram, examples, nested objects and array elements) that both input walkers (raw BSON
//! and Extended JSON) fill in, and that threads merge at the end.
//!
//! Memory is bounded by the shape of the data, not by the number of documents: an object that
//! shows more than [`MAX_KEYS`] distinct keys stops tracking keys one by one (it is a dictionary),
//! examples keep three values, and the value samples used to find relationships are capped.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Beyond this many distinct keys an object's keys are no longer tracked one by one: the values
/// of every key are merged into one statistic and the object is read as a dictionary.
pub const MAX_KEYS: usize = 1000;
/// Nesting deeper than this is refused as corrupt input (MongoDB's own limit is 100 levels).
pub const MAX_DEPTH: u32 = 100;
/// Examples kept per field.
pub const EXAMPLES: usize = 3;
/// Distinct values sampled per candidate reference field (see [`RefSample`]).
pub const REF_CAP: usize = 512;
/// Distinct `_id` values sampled per collection.
pub const ID_CAP: usize = 1 << 16;
/// Strings longer than this are not considered as references to another collection's `_id`.
pub const MAX_REF_STRING: usize = 64;

/// The BSON types (plus `uuid`, binary subtype 4, `legacyUuid`, binary subtype 3, and `dbRef`,
/// a document whose first key is `$ref`) counted per field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum BType {
    Double,
    String,
    Object,
    Array,
    BinData,
    Undefined,
    ObjectId,
    Bool,
    Date,
    Null,
    Regex,
    DbPointer,
    Javascript,
    Symbol,
    JavascriptWithScope,
    Int,
    Timestamp,
    Long,
    Decimal,
    MinKey,
    MaxKey,
    Uuid,
    LegacyUuid,
    DbRef,
}

pub const NTYPES: usize = 24;

pub const ALL_TYPES: [BType; NTYPES] = [
    BType::Double,
    BType::String,
    BType::Object,
    BType::Array,
    BType::BinData,
    BType::Undefined,
    BType::ObjectId,
    BType::Bool,
    BType::Date,
    BType::Null,
    BType::Regex,
    BType::DbPointer,
    BType::Javascript,
    BType::Symbol,
    BType::JavascriptWithScope,
    BType::Int,
    BType::Timestamp,
    BType::Long,
    BType::Decimal,
    BType::MinKey,
    BType::MaxKey,
    BType::Uuid,
    BType::LegacyUuid,
    BType::DbRef,
];

impl BType {
    /// The `$type` alias MongoDB uses (`uuid`, `legacyUuid` and `dbRef` are ours).
    pub fn name(self) -> &'static str {
        match self {
            BType::Double => "double",
            BType::String => "string",
            BType::Object => "object",
            BType::Array => "array",
            BType::BinData => "binData",
            BType::Undefined => "undefined",
            BType::ObjectId => "objectId",
            BType::Bool => "bool",
            BType::Date => "date",
            BType::Null => "null",
            BType::Regex => "regex",
            BType::DbPointer => "dbPointer",
            BType::Javascript => "javascript",
            BType::Symbol => "symbol",
            BType::JavascriptWithScope => "javascriptWithScope",
            BType::Int => "int",
            BType::Timestamp => "timestamp",
            BType::Long => "long",
            BType::Decimal => "decimal",
            BType::MinKey => "minKey",
            BType::MaxKey => "maxKey",
            BType::Uuid => "uuid",
            BType::LegacyUuid => "legacyUuid",
            BType::DbRef => "dbRef",
        }
    }
}

/// Hash tags for values that can reference another collection's `_id`.
pub const TAG_OBJECT_ID: u64 = 1;
pub const TAG_UUID: u64 = 2;
pub const TAG_STRING: u64 = 3;

/// A fast 64-bit hash of a tagged value (FxHash-style word mixing plus the murmur3 finaliser).
/// Stable across runs and platforms: relationship detection compares hashes from different inputs.
pub fn hash_bytes(tag: u64, b: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = tag.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (b.len() as u64);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    fmix64(h)
}

pub fn fmix64(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

/// Keys that are already uniform hashes need no hashing.
#[derive(Default, Clone, Copy)]
pub struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub type HashMap64<V> = HashMap<u64, V, BuildHasherDefault<PassThrough>>;

/// A coordinated hash sample of distinct values (Gibbons' distinct sampling): it keeps every
/// value whose hash is below `threshold`, halving the threshold whenever more than `cap` are
/// kept. Two samples taken with the same hash function can be intersected exactly below the
/// lower of their thresholds, which is how a field's values are checked against another
/// collection's `_id` values in bounded memory. The result does not depend on the order in
/// which values arrive or on how the work was split between threads.
#[derive(Debug, Clone)]
pub struct RefSample {
    pub threshold: u64,
    pub cap: usize,
    /// hash → occurrences
    pub map: HashMap64<u64>,
}

impl RefSample {
    pub fn new(cap: usize) -> Self {
        RefSample {
            threshold: u64::MAX,
            cap,
            map: HashMap64::default(),
        }
    }

    #[inline]
    pub fn insert(&mut self, h: u64) {
        if h >= self.threshold {
            return;
        }
        *self.map.entry(h).or_insert(0) += 1;
        if self.map.len() > self.cap {
            self.shrink();
        }
    }

    fn shrink(&mut self) {
        while self.map.len() > self.cap {
            self.threshold >>= 1;
            let t = self.threshold;
            self.map.retain(|k, _| *k < t);
        }
    }

    pub fn merge(&mut self, other: RefSample) {
        self.threshold = self.threshold.min(other.threshold);
        let t = self.threshold;
        self.map.retain(|k, _| *k < t);
        for (k, v) in other.map {
            if k < t {
                *self.map.entry(k).or_insert(0) += v;
            }
        }
        self.shrink();
    }
}

/// One example value, with the document it was first seen in (examples are the first distinct
/// values in document order, whatever thread read them).
#[derive(Debug, Clone)]
pub struct Example {
    pub doc: u64,
    pub fingerprint: u64,
    pub text: String,
}

/// Statistics of the values found at one place (a field, or the elements of an array).
#[derive(Debug, Clone, Default)]
pub struct ValueStats {
    pub types: [u64; NTYPES],
    pub object: Option<Box<ObjStats>>,
    pub array: Option<Box<ArrStats>>,
    pub examples: Vec<Example>,
    pub refs: Option<Box<RefSample>>,
    /// Numbers read from plain JSON numbers (relaxed Extended JSON): int/long/double by syntax.
    pub plain_numbers: u64,
    /// The root `_id`: its values feed the collection's id sample instead of `refs`.
    pub is_root_id: bool,
}

impl ValueStats {
    #[inline]
    pub fn add(&mut self, t: BType) {
        self.types[t as usize] += 1;
    }

    pub fn count(&self) -> u64 {
        self.types.iter().sum()
    }

    pub fn has(&self, t: BType) -> bool {
        self.types[t as usize] > 0
    }

    /// Records an example unless three distinct ones are already known. `render` runs only for a
    /// value not seen before.
    #[inline]
    pub fn example(&mut self, doc: u64, fingerprint: u64, render: impl FnOnce() -> String) {
        if self.examples.len() >= EXAMPLES || self.examples.iter().any(|e| e.fingerprint == fingerprint) {
            return;
        }
        self.examples.push(Example {
            doc,
            fingerprint,
            text: render(),
        });
    }

    /// Records a value that may reference another collection's `_id` (`ids` is `None` when
    /// references are not tracked).
    #[inline]
    pub fn reference(&mut self, ids: &mut Option<&mut RefSample>, h: u64) {
        let Some(ids) = ids else { return };
        if self.is_root_id {
            ids.insert(h);
            return;
        }
        self.refs
            .get_or_insert_with(|| Box::new(RefSample::new(REF_CAP)))
            .insert(h);
    }

    pub fn object_mut(&mut self) -> &mut ObjStats {
        self.object.get_or_insert_with(Default::default)
    }

    pub fn array_mut(&mut self) -> &mut ArrStats {
        self.array.get_or_insert_with(Default::default)
    }

    pub fn merge(&mut self, other: ValueStats) {
        for (a, b) in self.types.iter_mut().zip(other.types) {
            *a += b;
        }
        self.plain_numbers += other.plain_numbers;
        match (&mut self.object, other.object) {
            (Some(a), Some(b)) => a.merge(*b),
            (a @ None, Some(b)) => *a = Some(b),
            _ => {}
        }
        match (&mut self.array, other.array) {
            (Some(a), Some(b)) => a.merge(*b),
            (a @ None, Some(b)) => *a = Some(b),
            _ => {}
        }
        match (&mut self.refs, other.refs) {
            (Some(a), Some(b)) => a.merge(*b),
            (a @ None, Some(b)) => *a = Some(b),
            _ => {}
        }
        merge_examples(&mut self.examples, other.examples);
    }
}

fn merge_examples(a: &mut Vec<Example>, b: Vec<Example>) {
    if b.is_empty() {
        return;
    }
    a.extend(b);
    a.sort_by_key(|e| e.doc);
    let mut seen: Vec<u64> = Vec::with_capacity(EXAMPLES);
    a.retain(|e| {
        if seen.contains(&e.fingerprint) || seen.len() >= EXAMPLES {
            false
        } else {
            seen.push(e.fingerprint);
            true
        }
    });
}

/// Arrays found at one place: their lengths and the statistics of all their elements together.
#[derive(Debug, Clone, Default)]
pub struct ArrStats {
    pub arrays: u64,
    pub empty: u64,
    pub elements: u64,
    pub max_len: u64,
    pub elem: ValueStats,
}

impl ArrStats {
    pub fn merge(&mut self, other: ArrStats) {
        self.arrays += other.arrays;
        self.empty += other.empty;
        self.elements += other.elements;
        self.max_len = self.max_len.max(other.max_len);
        self.elem.merge(other.elem);
    }
}

/// One key of an object.
#[derive(Debug, Clone)]
pub struct FieldStats {
    pub name: Box<str>,
    /// Objects (at this place) that have the key at least once.
    pub present: u64,
    /// Objects that had the key more than once (BSON allows duplicate keys).
    pub duplicates: u64,
    /// Where the key was first seen: (document, position in its object), to list fields in
    /// document order.
    pub first_seen: (u64, u32),
    pub value: ValueStats,
    seen_in: u64,
}

/// The objects found at one place (the collection's documents, or one embedded object field).
#[derive(Debug, Clone, Default)]
pub struct ObjStats {
    /// Objects seen.
    pub count: u64,
    /// Sum over objects of their number of keys.
    pub keys_total: u64,
    /// Most keys in one object.
    pub max_keys: u64,
    pub fields: Vec<FieldStats>,
    index: HashMap<Box<str>, u32>,
    /// Set once more than [`MAX_KEYS`] distinct keys were seen: every value merged.
    pub collapsed: Option<Box<ValueStats>>,
    /// Distinct keys seen before the object collapsed.
    pub collapsed_keys: u64,
    hint: usize,
    keys_now: u64,
}

impl ObjStats {
    /// Starts one object.
    #[inline]
    pub fn begin(&mut self) {
        self.count += 1;
        self.hint = 0;
        self.keys_now = 0;
    }

    /// Ends the object started by `begin`.
    #[inline]
    pub fn end(&mut self) {
        self.keys_total += self.keys_now;
        self.max_keys = self.max_keys.max(self.keys_now);
    }

    /// The statistics of `key` in the current object (`begin` must have been called).
    #[inline]
    pub fn field(&mut self, key: &str, doc: u64, root: bool) -> &mut ValueStats {
        let pos = self.keys_now as u32;
        self.keys_now += 1;
        if self.collapsed.is_some() {
            return self.collapsed_value();
        }
        let i = match self.fields.get(self.hint) {
            Some(f) if &*f.name == key => self.hint,
            _ => match self.lookup(key) {
                Some(i) => i,
                None => {
                    if self.fields.len() >= MAX_KEYS {
                        self.collapse();
                        return self.collapsed_value();
                    }
                    self.push_field(key, doc, pos, root)
                }
            },
        };
        self.seen(i)
    }

    /// Counts field `i` as present in the current object (once; again is a duplicate key).
    #[inline]
    fn seen(&mut self, i: usize) -> &mut ValueStats {
        self.hint = i + 1;
        let gen_now = self.count;
        let f = &mut self.fields[i];
        if f.seen_in == gen_now {
            f.duplicates += 1;
        } else {
            f.seen_in = gen_now;
            f.present += 1;
        }
        &mut f.value
    }

    /// `field` for a key as raw bytes (BSON): a key equal to the expected next field needs no
    /// UTF-8 check (that name was checked when first seen). `Err` for a key that is not UTF-8.
    #[inline]
    pub fn field_bytes(&mut self, key: &[u8], doc: u64, root: bool) -> Result<&mut ValueStats, std::str::Utf8Error> {
        if self.collapsed.is_none()
            && let Some(f) = self.fields.get(self.hint)
            && f.name.as_bytes() == key
        {
            self.keys_now += 1;
            return Ok(self.seen(self.hint));
        }
        let key = std::str::from_utf8(key)?;
        Ok(self.field(key, doc, root))
    }

    fn collapsed_value(&mut self) -> &mut ValueStats {
        self.collapsed.get_or_insert_with(Default::default)
    }

    fn lookup(&self, key: &str) -> Option<usize> {
        if self.fields.len() <= 16 {
            self.fields.iter().position(|f| &*f.name == key)
        } else {
            self.index.get(key).map(|&i| i as usize)
        }
    }

    fn push_field(&mut self, key: &str, doc: u64, pos: u32, root: bool) -> usize {
        let i = self.fields.len();
        self.fields.push(FieldStats {
            name: key.into(),
            present: 0,
            duplicates: 0,
            first_seen: (doc, pos),
            value: ValueStats {
                is_root_id: root && key == "_id",
                ..Default::default()
            },
            seen_in: 0,
        });
        if self.fields.len() == 17 {
            self.index = self
                .fields
                .iter()
                .enumerate()
                .map(|(i, f)| (f.name.clone(), i as u32))
                .collect();
        } else if self.fields.len() > 17 {
            self.index.insert(key.into(), i as u32);
        }
        i
    }

    /// Stops tracking keys one by one: every key's values are merged into one statistic.
    fn collapse(&mut self) {
        let mut all = ValueStats::default();
        self.collapsed_keys = self.fields.len() as u64;
        for f in std::mem::take(&mut self.fields) {
            all.merge(f.value);
        }
        self.index = HashMap::new();
        match &mut self.collapsed {
            Some(c) => c.merge(all),
            None => self.collapsed = Some(Box::new(all)),
        }
    }

    pub fn merge(&mut self, other: ObjStats) {
        self.count += other.count;
        self.keys_total += other.keys_total;
        self.max_keys = self.max_keys.max(other.max_keys);
        self.collapsed_keys = self.collapsed_keys.max(other.collapsed_keys);
        if let Some(c) = other.collapsed {
            self.collapse();
            if let Some(mine) = &mut self.collapsed {
                mine.merge(*c);
            }
        }
        for f in other.fields {
            if self.collapsed.is_some() {
                self.collapsed_value().merge(f.value);
                continue;
            }
            match self.lookup(&f.name) {
                Some(i) => {
                    let mine = &mut self.fields[i];
                    mine.present += f.present;
                    mine.duplicates += f.duplicates;
                    mine.first_seen = mine.first_seen.min(f.first_seen);
                    mine.value.merge(f.value);
                }
                None => {
                    if self.fields.len() >= MAX_KEYS {
                        self.collapse();
                        self.collapsed_value().merge(f.value);
                        continue;
                    }
                    let i = self.push_field(&f.name, f.first_seen.0, f.first_seen.1, false);
                    let mine = &mut self.fields[i];
                    mine.present = f.present;
                    mine.duplicates = f.duplicates;
                    let is_root_id = mine.value.is_root_id || f.value.is_root_id;
                    mine.value = f.value;
                    mine.value.is_root_id = is_root_id;
                }
            }
        }
    }

    /// Fields in document order (first seen).
    pub fn ordered_fields(&self) -> Vec<&FieldStats> {
        let mut v: Vec<&FieldStats> = self.fields.iter().collect();
        v.sort_by_key(|f| f.first_seen);
        v
    }
}

/// Everything learnt about one collection (one input).
#[derive(Debug, Clone)]
pub struct CollStats {
    pub root: ObjStats,
    /// Coordinated sample of the collection's `_id` values (every document read, sampled or not).
    pub ids: RefSample,
    /// Plain JSON numbers seen (relaxed Extended JSON).
    pub plain_numbers: u64,
    /// Whether values are sampled for relationship detection (only useful with several
    /// collections; it costs about a tenth of the walk).
    pub track_refs: bool,
}

impl Default for CollStats {
    fn default() -> Self {
        CollStats {
            root: ObjStats::default(),
            ids: RefSample::new(ID_CAP),
            plain_numbers: 0,
            track_refs: true,
        }
    }
}

impl CollStats {
    pub fn merge(&mut self, other: CollStats) {
        self.root.merge(other.root);
        self.ids.merge(other.ids);
        self.plain_numbers += other.plain_numbers;
    }
}

impl CollStats {
    /// Everything the statistics hold, as deterministic text (fields in first-seen order): for
    /// comparing two walkers (unit tests, the `infer_bson` fuzz target).
    #[doc(hidden)]
    pub fn summary(&self) -> String {
        let mut out = String::new();
        obj_summary(&self.root, 0, &mut out);
        let mut ids: Vec<(&u64, &u64)> = self.ids.map.iter().collect();
        ids.sort();
        out.push_str(&format!(
            "ids<{}: {ids:?}\nplain {}\n",
            self.ids.threshold, self.plain_numbers
        ));
        out
    }
}

fn obj_summary(o: &ObjStats, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    out.push_str(&format!(
        "{pad}objects {} keys {} max {} collapsed_keys {}\n",
        o.count, o.keys_total, o.max_keys, o.collapsed_keys
    ));
    if let Some(c) = &o.collapsed {
        out.push_str(&format!("{pad}*:\n"));
        value_summary(c, depth + 1, out);
    }
    for f in o.ordered_fields() {
        out.push_str(&format!(
            "{pad}{:?} present {} dup {} first {:?}\n",
            f.name, f.present, f.duplicates, f.first_seen
        ));
        value_summary(&f.value, depth + 1, out);
    }
}

fn value_summary(v: &ValueStats, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    let ex: Vec<(u64, &str)> = v.examples.iter().map(|e| (e.doc, e.text.as_str())).collect();
    out.push_str(&format!(
        "{pad}types {:?} plain {} examples {ex:?}\n",
        v.types, v.plain_numbers
    ));
    if let Some(r) = &v.refs {
        let mut k: Vec<(&u64, &u64)> = r.map.iter().collect();
        k.sort();
        out.push_str(&format!("{pad}refs<{}: {k:?}\n", r.threshold));
    }
    if let Some(o) = &v.object {
        obj_summary(o, depth, out);
    }
    if let Some(a) = &v.array {
        out.push_str(&format!(
            "{pad}arrays {} empty {} elements {} max {}\n",
            a.arrays, a.empty, a.elements, a.max_len
        ));
        value_summary(&a.elem, depth + 1, out);
    }
}

/// Example rendering: strings are cut to 40 characters.
pub fn short_string(s: &str) -> String {
    const MAX: usize = 40;
    let mut out = String::with_capacity(s.len().min(MAX + 4) + 2);
    out.push('"');
    for (n, c) in s.chars().enumerate() {
        if n == MAX {
            out.push('…');
            break;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn hex(b: &[u8]) -> String {
    const H: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(b.len() * 2);
    for &x in b {
        s.push(H[(x >> 4) as usize] as char);
        s.push(H[(x & 15) as usize] as char);
    }
    s
}

pub fn uuid_text(b: &[u8]) -> String {
    if b.len() != 16 {
        return format!("<{} bytes>", b.len());
    }
    let h = hex(b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// Milliseconds since the epoch as an ISO-8601 UTC timestamp (proleptic Gregorian calendar).
pub fn date_text(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let milli = ms.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{milli:03}Z",
        sod / 3600,
        (sod / 60) % 60,
        sod % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_render() {
        assert_eq!(date_text(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(date_text(1_546_300_800_123), "2019-01-01T00:00:00.123Z");
        assert_eq!(date_text(-1), "1969-12-31T23:59:59.999Z");
        assert_eq!(date_text(951_782_400_000), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn ref_sample_is_order_independent() {
        let vals: Vec<u64> = (0..10_000u64)
            .map(|i| hash_bytes(TAG_STRING, &i.to_le_bytes()))
            .collect();
        let mut a = RefSample::new(100);
        for v in &vals {
            a.insert(*v);
        }
        let mut b = RefSample::new(100);
        let mut c = RefSample::new(100);
        for (i, v) in vals.iter().rev().enumerate() {
            if i % 3 == 0 { b.insert(*v) } else { c.insert(*v) }
        }
        b.merge(c);
        assert_eq!(a.threshold, b.threshold);
        let mut ka: Vec<_> = a.map.keys().copied().collect();
        let mut kb: Vec<_> = b.map.keys().copied().collect();
        ka.sort_unstable();
        kb.sort_unstable();
        assert_eq!(ka, kb);
        assert!(ka.len() <= 100 && ka.len() > 25);
    }

    #[test]
    fn collapse_bounds_keys() {
        let mut o = ObjStats::default();
        for d in 0..3000u64 {
            o.begin();
            let v = o.field(&format!("k{d}"), d, false);
            v.add(BType::Int);
            o.end();
        }
        assert!(o.fields.is_empty());
        let c = o.collapsed.as_ref().map(|c| c.types[BType::Int as usize]);
        assert_eq!(c, Some(3000));
        assert_eq!(o.collapsed_keys, MAX_KEYS as u64);
    }
}
