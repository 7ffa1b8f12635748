//! The inference rules (docs/inference.md): collection statistics → `model::Schema`, with every
//! decision a person may want to revisit recorded as a `Decision`, and a per-field report.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::stats::{ALL_TYPES, ArrStats, BType, ObjStats, ValueStats};
use crate::model::{
    Collection, Element, Namespace, ObjectKind, ObjectType, Property, PropertyType, ScalarType, Schema, Side,
    type_shorthand,
};

/// An object becomes a dictionary when its keys vary: at least this many distinct keys...
pub const DICT_MIN_KEYS: usize = 4;
/// ...and the average key is present in at most this fraction of the objects.
pub const DICT_MAX_AVG_PRESENCE: f64 = 0.5;
/// Optional fields present in at least this fraction of documents are listed as "mostly present".
pub const MOSTLY_PRESENT: f64 = 0.9;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TitleStyle {
    /// The collection's type name followed by every field on the path: `OrderCustomerAddress`
    Path,
    /// The field name only (`Address`), made unique with its parents when two differ in shape
    Field,
}

/// How much a decision matters: the diagnostics' severity (one scale for every finding).
pub use crate::diagnostic::Severity as Level;

/// One decision of the inference that a person may want to revisit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    pub level: Level,
    pub kind: &'static str,
    pub collection: String,
    /// Field path (`customer.address.city`, `items.[].sku`, `metadata.{}`); empty for the collection.
    pub path: String,
    pub message: String,
}

/// What the data showed at one path, like Compass's schema view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldReport {
    pub path: String,
    /// The Realm type chosen (Realm JS shorthand), or `(left out)`.
    pub realm: String,
    /// The bsonType written to schema.json.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub bson: String,
    pub required: bool,
    /// Containing objects (or array elements) that have the field.
    pub present: u64,
    pub of: u64,
    pub presence: f64,
    /// Values seen per BSON type (`uuid` is binary subtype 4).
    pub types: BTreeMap<&'static str, u64>,
    pub examples: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arrays: Option<ArrayReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keys: Option<KeysReport>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArrayReport {
    pub arrays: u64,
    pub empty: u64,
    pub average_length: f64,
    pub max_length: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeysReport {
    /// Distinct keys seen (a lower bound when `collapsed`).
    pub distinct: u64,
    pub average_presence: f64,
    pub max_per_object: u64,
    pub collapsed: bool,
}

/// One collection to build a type for.
pub struct CollectionIn<'a> {
    pub collection: String,
    pub title: String,
    pub root: &'a ObjStats,
}

/// A link to propose: (collection, path) → (target type, its collection).
pub type Links = BTreeMap<(String, String), String>;

pub struct Built {
    pub schema: Schema,
    pub decisions: Vec<Decision>,
    /// Per collection, in document order.
    pub fields: BTreeMap<String, Vec<FieldReport>>,
    /// Embedded types: name → (collection, path).
    pub embedded: BTreeMap<String, (String, String)>,
}

pub struct Builder<'a> {
    style: TitleStyle,
    database: String,
    data_source: String,
    links: &'a Links,
    schema: Schema,
    decisions: Vec<Decision>,
    fields: BTreeMap<String, Vec<FieldReport>>,
    embedded: BTreeMap<String, (String, String)>,
    /// Titles of the collections (reserved before any embedded type is named).
    reserved: BTreeSet<String>,
    coll: String,
    root_title: String,
    int32_only: Vec<String>,
    /// Inside a left-out field: report, but register no type.
    dry: u32,
}

/// Realm's type for a set of non-null BSON types.
#[derive(Debug, Clone, PartialEq)]
enum Shape {
    /// Only nulls (or nothing).
    Nothing,
    Scalar(ScalarType, Widen),
    Object,
    Array,
    /// Conflicting types.
    Mixed,
    /// Only types Realm cannot hold.
    NoRealm,
    /// A DBRef: a mixed link.
    DbRef,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Widen {
    No,
    IntLong,
    ToDouble,
}

const NO_REALM: &[BType] = &[
    BType::Regex,
    BType::Timestamp,
    BType::Javascript,
    BType::JavascriptWithScope,
    BType::Symbol,
    BType::MinKey,
    BType::MaxKey,
    BType::DbPointer,
    BType::Undefined,
];

fn nonnull(vs: &ValueStats) -> Vec<BType> {
    ALL_TYPES
        .iter()
        .copied()
        .filter(|&t| t != BType::Null && vs.has(t))
        .collect()
}

fn shape(vs: &ValueStats) -> Shape {
    let ts = nonnull(vs);
    let only = |set: &[BType]| ts.iter().all(|t| set.contains(t));
    if ts.is_empty() {
        return Shape::Nothing;
    }
    if only(NO_REALM) {
        return Shape::NoRealm;
    }
    if ts.len() == 1 {
        return match ts[0] {
            BType::Object => Shape::Object,
            BType::Array => Shape::Array,
            BType::DbRef => Shape::DbRef,
            BType::Int | BType::Long => Shape::Scalar(ScalarType::Int, Widen::No),
            BType::Double => Shape::Scalar(ScalarType::Double, Widen::No),
            BType::String => Shape::Scalar(ScalarType::String, Widen::No),
            BType::ObjectId => Shape::Scalar(ScalarType::ObjectId, Widen::No),
            BType::Bool => Shape::Scalar(ScalarType::Bool, Widen::No),
            BType::Date => Shape::Scalar(ScalarType::Date, Widen::No),
            BType::Decimal => Shape::Scalar(ScalarType::Decimal128, Widen::No),
            BType::Uuid => Shape::Scalar(ScalarType::Uuid, Widen::No),
            BType::BinData | BType::LegacyUuid => Shape::Scalar(ScalarType::Data, Widen::No),
            _ => Shape::Mixed,
        };
    }
    if only(&[BType::Int, BType::Long]) {
        return Shape::Scalar(ScalarType::Int, Widen::IntLong);
    }
    if only(&[BType::Int, BType::Long, BType::Double]) {
        return Shape::Scalar(ScalarType::Double, Widen::ToDouble);
    }
    if only(&[BType::BinData, BType::LegacyUuid]) {
        return Shape::Scalar(ScalarType::Data, Widen::No);
    }
    Shape::Mixed
}

fn histogram(vs: &ValueStats) -> BTreeMap<&'static str, u64> {
    ALL_TYPES
        .iter()
        .filter(|&&t| vs.has(t))
        .map(|&t| (t.name(), vs.types[t as usize]))
        .collect()
}

fn hist_text(vs: &ValueStats) -> String {
    let mut v: Vec<(BType, u64)> = ALL_TYPES
        .iter()
        .filter(|&&t| vs.has(t))
        .map(|&t| (t, vs.types[t as usize]))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.iter()
        .map(|(t, n)| format!("{} {n}", t.name()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn pct(a: u64, b: u64) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

fn pct_text(a: u64, b: u64) -> String {
    let p = 100.0 * pct(a, b);
    if a == b || p == 0.0 {
        format!("{p:.0}%")
    } else if p > 99.9 {
        ">99.9%".to_string()
    } else if p < 0.1 {
        "<0.1%".to_string()
    } else {
        format!("{p:.1}%")
    }
}

/// Why a field name cannot be a Realm property name, if it cannot.
pub fn bad_property_name(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("the empty string is not a property name".into());
    }
    if name.starts_with('$') {
        return Some("names starting with `$` cannot be schema properties".into());
    }
    if name.contains('.') {
        return Some("names containing `.` cannot be schema properties".into());
    }
    if name.len() > crate::validate::MAX_PROPERTY_NAME {
        return Some(format!(
            "{} bytes is over the {}-byte property name limit",
            name.len(),
            crate::validate::MAX_PROPERTY_NAME
        ));
    }
    if crate::validate::is_reserved(name) {
        return Some("it is a reserved word in Realm Query Language / App Services".into());
    }
    None
}

/// `orderItems`, `order_items` → `OrderItems`; leading digits get a `T` prefix.
pub fn pascal(s: &str) -> String {
    let mut out = String::new();
    let mut up = true;
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            if up {
                out.push(c.to_ascii_uppercase());
                up = false;
            } else {
                out.push(c);
            }
        } else {
            up = true;
        }
    }
    if out.is_empty() {
        out.push_str("Unnamed");
    }
    if out.as_bytes()[0].is_ascii_digit() {
        out.insert(0, 'T');
    }
    out
}

/// A naive English singular of the last word: `orders` → `order`, `categories` → `category`.
pub fn singular(s: &str) -> String {
    let l = s.to_ascii_lowercase();
    let n = s.len();
    if l.ends_with("ies") && n > 4 {
        return format!("{}{}", &s[..n - 3], if s.ends_with("IES") { "Y" } else { "y" });
    }
    for suf in ["sses", "shes", "ches", "xes", "zes"] {
        if l.ends_with(suf) && n > suf.len() {
            return s[..n - 2].to_string();
        }
    }
    if l.ends_with("ss") || l.ends_with("us") || l.ends_with("is") || n <= 2 {
        return s.to_string();
    }
    if l.ends_with('s') {
        return s[..n - 1].to_string();
    }
    s.to_string()
}

/// The type name for a collection: singular, PascalCase (`order_items` → `OrderItem`).
pub fn type_name_for_collection(coll: &str) -> String {
    cap(&pascal(&singular(coll)))
}

fn cap(s: &str) -> String {
    let max = crate::validate::MAX_TYPE_NAME;
    if s.len() <= max {
        s.to_string()
    } else {
        s[..max].to_string()
    }
}

impl<'a> Builder<'a> {
    pub fn new(style: TitleStyle, database: &str, data_source: &str, links: &'a Links) -> Self {
        Builder {
            style,
            database: database.to_string(),
            data_source: data_source.to_string(),
            links,
            schema: Schema::new(Side::Server),
            decisions: Vec::new(),
            fields: BTreeMap::new(),
            embedded: BTreeMap::new(),
            reserved: BTreeSet::new(),
            coll: String::new(),
            root_title: String::new(),
            int32_only: Vec::new(),
            dry: 0,
        }
    }

    fn decide(&mut self, level: Level, kind: &'static str, path: &str, message: String) {
        self.decisions.push(Decision {
            level,
            kind,
            collection: self.coll.clone(),
            path: path.to_string(),
            message,
        });
    }

    pub fn reserve(&mut self, title: &str) {
        self.reserved.insert(title.to_string());
    }

    /// Builds the top-level type of one collection.
    pub fn collection(&mut self, c: &CollectionIn<'_>) {
        self.coll = c.collection.clone();
        self.root_title = c.title.clone();
        self.int32_only.clear();
        let mut t = ObjectType::new(c.title.clone(), ObjectKind::TopLevel);
        t.namespace = Some(Namespace {
            data_source: self.data_source.clone(),
            database: self.database.clone(),
            collection: c.collection.clone(),
        });
        t.properties = self.properties(c.root, "", &[]);
        match t.properties.get_mut("_id") {
            None => {
                let msg = if c.root.count == 0 {
                    "no documents were read, so there is no `_id` and no primary key".to_string()
                } else {
                    "no document has `_id`: Device Sync needs a primary key `_id` (objectId, string, int or uuid)"
                        .to_string()
                };
                self.decide(Level::Error, "primary_key_missing", "_id", msg);
            }
            Some(p) => {
                t.primary_key = Some("_id".into());
                let ok = matches!(
                    &p.ty,
                    PropertyType::Value { collection: Collection::Single, element: Element::Scalar(s) }
                        if crate::mapping::row(*s).primary_key
                );
                let shown = type_shorthand(&p.ty, false);
                if !ok {
                    self.decide(
                        Level::Error,
                        "primary_key_invalid",
                        "_id",
                        format!(
                            "`_id` holds {shown}: Device Sync primary keys must be objectId, string, int (int32/int64) or uuid"
                        ),
                    );
                } else {
                    if p.optional {
                        self.decide(
                            Level::Error,
                            "primary_key_missing",
                            "_id",
                            "`_id` is missing or null in some documents; it is written as the required primary key"
                                .into(),
                        );
                    }
                    p.optional = false;
                    self.decide(
                        Level::Info,
                        "primary_key",
                        "_id",
                        format!("`_id` is {shown} in the data: primary key `_id: {shown}`"),
                    );
                }
            }
        }
        if !self.int32_only.is_empty() {
            let list = self.int32_only.join(", ");
            self.decide(
                Level::Info,
                "int32_written_as_long",
                "",
                format!(
                    "only int32 values in {list}: Realm has one integer type (int), which schema.json writes as \
                     bsonType `long`; App Services accepts int32 values for it"
                ),
            );
        }
        self.schema.types.insert(t.name.clone(), t);
    }

    fn report(&mut self, r: FieldReport) {
        self.fields.entry(self.coll.clone()).or_default().push(r);
    }

    /// The properties of the objects at `path` (`segs`: the field names on the way, for naming).
    fn properties(&mut self, o: &ObjStats, path: &str, segs: &[Seg]) -> BTreeMap<String, Property> {
        let mut props = BTreeMap::new();
        for f in o.ordered_fields() {
            let p = join(path, &f.name);
            if f.duplicates > 0 {
                self.decide(
                    Level::Warning,
                    "duplicate_keys",
                    &p,
                    format!(
                        "{} objects have the key `{}` more than once; every value was counted",
                        f.duplicates, f.name
                    ),
                );
            }
            let mut s2 = segs.to_vec();
            s2.push(Seg::Field(f.name.to_string()));
            if let Some(why) = bad_property_name(&f.name) {
                // Reported like any field, but nothing of it enters the model.
                self.dry += 1;
                let _ = self.value(&f.value, f.present, o.count, &p, &s2, true);
                self.dry -= 1;
                self.decide(
                    Level::Warning,
                    "invalid_field_name",
                    &p,
                    format!(
                        "field `{}` is left out of the schema: {why}; clients cannot sync it",
                        f.name
                    ),
                );
                let nested = format!("{p}.");
                for r in self.fields.get_mut(&self.coll).into_iter().flatten() {
                    if r.path == p || r.path.starts_with(&nested) {
                        r.realm = "(left out)".into();
                        r.bson.clear();
                        r.required = false;
                    }
                }
                continue;
            }
            let built = self.value(&f.value, f.present, o.count, &p, &s2, true);
            if let Some((ty, optional)) = built {
                props.insert(f.name.to_string(), Property::new(f.name.to_string(), ty, optional));
            }
        }
        props
    }

    /// Infers the property type for the values at `path`. `present`/`of`: containing objects with
    /// the field / containing objects. `field`: a field (not an array element or dictionary value).
    fn value(
        &mut self,
        vs: &ValueStats,
        present: u64,
        of: u64,
        path: &str,
        segs: &[Seg],
        field: bool,
    ) -> Option<(PropertyType, bool)> {
        let nulls = vs.types[BType::Null as usize];
        let all_there = present == of && nulls == 0;
        let row = FieldReport {
            path: path.to_string(),
            realm: String::new(),
            bson: String::new(),
            required: false,
            present,
            of,
            presence: pct(present, of),
            types: histogram(vs),
            examples: vs.examples.iter().map(|e| e.text.clone()).collect(),
            arrays: vs.array.as_ref().map(|a| ArrayReport {
                arrays: a.arrays,
                empty: a.empty,
                average_length: pct(a.elements, a.arrays),
                max_length: a.max_len,
            }),
            keys: vs.object.as_ref().map(|o| KeysReport {
                distinct: if o.collapsed.is_some() {
                    o.collapsed_keys
                } else {
                    o.fields.len() as u64
                },
                average_presence: avg_presence(o),
                max_per_object: o.max_keys,
                collapsed: o.collapsed.is_some(),
            }),
        };
        self.report(row);
        let row_index = self.fields.get(&self.coll).map_or(0, |v| v.len().saturating_sub(1));
        let sh = shape(vs);
        if field && !all_there && present < of && pct(present, of) >= MOSTLY_PRESENT && sh != Shape::Nothing {
            self.decide(
                Level::Info,
                "mostly_present",
                path,
                format!(
                    "present in {} of the documents ({present} of {of}): optional; make it required only after \
                     backfilling the others",
                    pct_text(present, of)
                ),
            );
        }
        if nulls > 0 && !matches!(sh, Shape::Nothing | Shape::Mixed | Shape::NoRealm) {
            self.decide(
                Level::Info,
                "null_seen",
                path,
                format!(
                    "{nulls} null value{}: optional; App Services accepts null for an optional field only with \
                     \"Null Type Schema Validation\" on",
                    if nulls == 1 { "" } else { "s" }
                ),
            );
        }
        let result: Option<(PropertyType, bool)> = match sh {
            Shape::Nothing => {
                self.decide(
                    Level::Warning,
                    "all_null",
                    path,
                    format!(
                        "only null values ({nulls}): optional `mixed`; give it a real type once the data has values"
                    ),
                );
                Some((PropertyType::single(ScalarType::Mixed), true))
            }
            Shape::NoRealm => {
                self.decide(
                    Level::Warning,
                    "no_realm_type",
                    path,
                    format!(
                        "holds {} values, which no Realm type can hold: left out of the schema",
                        hist_text(vs)
                    ),
                );
                None
            }
            Shape::DbRef => {
                self.decide(
                    Level::Info,
                    "dbref",
                    path,
                    "holds DBRefs ({$ref, $id}), which is how a `mixed` value links to an object: optional `mixed`"
                        .into(),
                );
                Some((PropertyType::single(ScalarType::Mixed), true))
            }
            Shape::Mixed => {
                let mut extra = String::new();
                if vs.has(BType::Object) || vs.has(BType::Array) {
                    extra.push_str(
                        "; a `mixed` value cannot be an embedded object: nested documents and arrays in it are stored \
                         as a dictionary or list of mixed (apps created after 2024-05-28 and recent SDKs only)",
                    );
                }
                if NO_REALM.iter().any(|&t| vs.has(t)) {
                    extra.push_str("; values of BSON types no Realm type holds will not sync");
                }
                self.decide(
                    Level::Warning,
                    "type_conflict",
                    path,
                    format!("conflicting types ({}): optional `mixed`{extra}", hist_text(vs)),
                );
                Some((PropertyType::single(ScalarType::Mixed), true))
            }
            Shape::Scalar(s, widen) => {
                self.widen_note(vs, path, widen);
                if s == ScalarType::Int && widen == Widen::No && vs.has(BType::Int) && field {
                    self.int32_only.push(format!("`{path}`"));
                }
                if vs.has(BType::LegacyUuid) {
                    self.decide(
                        Level::Warning,
                        "legacy_uuid",
                        path,
                        "binary subtype 3 (legacy UUID) values: read as `data`; Realm `uuid` needs subtype 4".into(),
                    );
                }
                if vs.plain_numbers > 0 && matches!(s, ScalarType::Int | ScalarType::Double) {
                    // Summarised per input (relaxed_json); nothing per field.
                }
                if let Some(target) = self.links.get(&(self.coll.clone(), path.to_string())).cloned() {
                    if field && all_there {
                        self.decide(
                            Level::Info,
                            "link_made_optional",
                            path,
                            format!("present in every document, but a to-one link to `{target}` must be optional"),
                        );
                    }
                    Some((
                        PropertyType::Value {
                            collection: Collection::Single,
                            element: Element::Object(target),
                        },
                        true,
                    ))
                } else {
                    Some((PropertyType::single(s), !all_there))
                }
            }
            Shape::Object => self.object_value(vs, path, segs),
            Shape::Array => self.array_value(vs, path, segs),
        };
        if let Some(r) = self.fields.get_mut(&self.coll).and_then(|v| v.get_mut(row_index)) {
            match &result {
                Some((ty, opt)) => {
                    r.realm = type_shorthand(ty, *opt);
                    r.bson = bson_of(ty, &self.schema, self.links);
                    r.required = !opt && !ty.is_collection() && ty.target().is_none();
                }
                None => r.realm = "(left out)".into(),
            }
        }
        result
    }

    fn widen_note(&mut self, vs: &ValueStats, path: &str, widen: Widen) {
        match widen {
            Widen::No => {}
            Widen::IntLong => self.decide(
                Level::Info,
                "int32_and_int64",
                path,
                format!(
                    "int32 and int64 values ({}): Realm int (64-bit), written as bsonType `long`",
                    hist_text(vs)
                ),
            ),
            Widen::ToDouble => {
                let long = if vs.has(BType::Long) {
                    "; int64 values beyond ±2^53 lose precision as doubles"
                } else {
                    ""
                };
                self.decide(
                    Level::Warning,
                    "widened_to_double",
                    path,
                    format!(
                        "integer and double values ({}): widened to `double` rather than `mixed`; existing integer \
                         values still validate only if App Services accepts them for `double` (convert them to be \
                         sure){long}",
                        hist_text(vs)
                    ),
                );
            }
        }
    }

    fn object_value(&mut self, vs: &ValueStats, path: &str, segs: &[Seg]) -> Option<(PropertyType, bool)> {
        let o = vs.object.as_deref()?;
        if let Some(c) = o.collapsed.as_deref() {
            self.decide(
                Level::Info,
                "dictionary",
                path,
                format!(
                    "more than {} distinct keys: a dictionary (`T{{}}`), keys are data",
                    super::stats::MAX_KEYS
                ),
            );
            return self.dictionary(c, c.count(), path, segs);
        }
        if o.fields.is_empty() {
            self.decide(
                Level::Warning,
                "empty_object",
                path,
                "only empty objects: a dictionary of `mixed` (`mixed{}`)".into(),
            );
            return Some((dict_of(Element::Scalar(ScalarType::Mixed)), true));
        }
        let k = o.fields.len();
        let avg = avg_presence(o);
        let bad_key = o
            .fields
            .iter()
            .find_map(|f| bad_property_name(&f.name).map(|w| (f.name.clone(), w)));
        let mut merged = ValueStats::default();
        for f in &o.fields {
            merged.merge(f.value.clone());
        }
        let one_type = matches!(shape(&merged), Shape::Scalar(..) | Shape::Object);
        let varying = k >= DICT_MIN_KEYS && avg <= DICT_MAX_AVG_PRESENCE;
        if one_type && (varying || bad_key.is_some()) {
            let why = match &bad_key {
                Some((name, w)) => format!("key `{name}` cannot be a property name ({w})"),
                None => format!(
                    "{k} distinct keys, each in {:.0}% of the objects on average (threshold: at least {DICT_MIN_KEYS} keys \
                     and at most {:.0}%), all values of one type",
                    100.0 * avg,
                    100.0 * DICT_MAX_AVG_PRESENCE
                ),
            };
            self.decide(
                Level::Info,
                "dictionary",
                path,
                format!("{why}: a dictionary (`T{{}}`) rather than an embedded object"),
            );
            let n = merged.count();
            return self.dictionary(&merged, n, path, segs);
        }
        if let Some((name, w)) = bad_key {
            self.decide(
                Level::Warning,
                "dictionary",
                path,
                format!(
                    "key `{name}` cannot be a property name ({w}) and the values have several types: a dictionary of \
                     `mixed`"
                ),
            );
            return Some((dict_of(Element::Scalar(ScalarType::Mixed)), true));
        }
        let name = self.embedded_type(o, path, segs);
        Some((
            PropertyType::Value {
                collection: Collection::Single,
                element: Element::Object(name),
            },
            true,
        ))
    }

    /// A dictionary whose values are `vs` (`n` values).
    fn dictionary(&mut self, vs: &ValueStats, n: u64, path: &str, segs: &[Seg]) -> Option<(PropertyType, bool)> {
        let p = format!("{path}.{{}}");
        let mut s2 = segs.to_vec();
        s2.push(Seg::Values);
        let (e, opt) = self.element(vs, n, &p, &s2, "dictionary")?;
        Some((dict_of(e.clone()), opt || matches!(e, Element::Object(_))))
    }

    fn array_value(&mut self, vs: &ValueStats, path: &str, segs: &[Seg]) -> Option<(PropertyType, bool)> {
        let a: &ArrStats = vs.array.as_deref()?;
        if a.elements == 0 {
            self.decide(
                Level::Warning,
                "empty_arrays",
                path,
                format!(
                    "only empty arrays ({}): element type unknown, a list of `mixed` (`mixed[]`)",
                    a.arrays
                ),
            );
            return Some((
                PropertyType::Value {
                    collection: Collection::List,
                    element: Element::Scalar(ScalarType::Mixed),
                },
                true,
            ));
        }
        let p = format!("{path}.[]");
        let mut s2 = segs.to_vec();
        s2.push(Seg::Elements);
        let (e, opt) = self.element(&a.elem, a.elements, &p, &s2, "list")?;
        Some((
            PropertyType::Value {
                collection: Collection::List,
                element: e,
            },
            opt,
        ))
    }

    /// The element of a list or dictionary: (element, nullable).
    fn element(&mut self, vs: &ValueStats, n: u64, path: &str, segs: &[Seg], what: &str) -> Option<(Element, bool)> {
        let nulls = vs.types[BType::Null as usize];
        let row = FieldReport {
            path: path.to_string(),
            realm: String::new(),
            bson: String::new(),
            required: false,
            present: n - nulls.min(n),
            of: n,
            presence: pct(n - nulls.min(n), n),
            types: histogram(vs),
            examples: vs.examples.iter().map(|e| e.text.clone()).collect(),
            arrays: None,
            keys: vs.object.as_ref().map(|o| KeysReport {
                distinct: o.fields.len() as u64,
                average_presence: avg_presence(o),
                max_per_object: o.max_keys,
                collapsed: o.collapsed.is_some(),
            }),
        };
        self.report(row);
        let row_index = self.fields.get(&self.coll).map_or(0, |v| v.len().saturating_sub(1));
        let mixed = |s: &mut Self, msg: String| {
            s.decide(Level::Warning, "type_conflict", path, msg);
            Some((Element::Scalar(ScalarType::Mixed), true))
        };
        let r = match shape(vs) {
            Shape::Nothing => {
                self.decide(
                    Level::Warning,
                    "all_null",
                    path,
                    format!("{what} elements are all null: `mixed` elements"),
                );
                Some((Element::Scalar(ScalarType::Mixed), true))
            }
            Shape::NoRealm => {
                self.decide(
                    Level::Warning,
                    "no_realm_type",
                    path,
                    format!(
                        "{what} elements are {}, which no Realm type can hold: the field is left out",
                        hist_text(vs)
                    ),
                );
                None
            }
            Shape::DbRef => Some((Element::Scalar(ScalarType::Mixed), true)),
            Shape::Mixed => mixed(
                self,
                format!(
                    "{what} elements of conflicting types ({}): `mixed` elements",
                    hist_text(vs)
                ),
            ),
            Shape::Array => {
                self.decide(
                    Level::Warning,
                    "nested_arrays",
                    path,
                    format!(
                        "{what} elements are arrays: Realm has no list of lists outside `mixed`, so `mixed` elements"
                    ),
                );
                Some((Element::Scalar(ScalarType::Mixed), true))
            }
            Shape::Scalar(s, widen) => {
                self.widen_note(vs, path, widen);
                if nulls > 0 {
                    self.decide(
                        Level::Info,
                        "null_seen",
                        path,
                        format!("{nulls} null {what} elements: nullable elements"),
                    );
                }
                match self.links.get(&(self.coll.clone(), path.to_string())).cloned() {
                    Some(target) => Some((Element::Object(target), what == "dictionary")),
                    None => Some((Element::Scalar(s), nulls > 0)),
                }
            }
            Shape::Object => {
                let o = vs.object.as_deref()?;
                if nulls > 0 {
                    self.decide(
                        Level::Warning,
                        "null_in_object_list",
                        path,
                        format!(
                            "{nulls} null {what} elements next to objects: a collection of embedded objects cannot hold \
                             null; those elements will not sync"
                        ),
                    );
                }
                let bad_key = o
                    .fields
                    .iter()
                    .find_map(|f| bad_property_name(&f.name).map(|w| (f.name.clone(), w)));
                if o.collapsed.is_some() || o.fields.is_empty() || bad_key.is_some() {
                    let why = match bad_key {
                        Some((k, w)) => format!("key `{k}` cannot be a property name ({w})"),
                        None if o.fields.is_empty() => "only empty objects".to_string(),
                        None => format!("more than {} distinct keys", super::stats::MAX_KEYS),
                    };
                    mixed(
                        self,
                        format!("{what} of objects that cannot be embedded objects ({why}): `mixed` elements"),
                    )
                } else {
                    let name = self.embedded_type(o, path, segs);
                    Some((Element::Object(name), what == "dictionary"))
                }
            }
        };
        if let Some(row) = self.fields.get_mut(&self.coll).and_then(|v| v.get_mut(row_index)) {
            match &r {
                Some((e, opt)) => {
                    let ty = PropertyType::Value {
                        collection: Collection::Single,
                        element: e.clone(),
                    };
                    row.realm = type_shorthand(&ty, *opt);
                    row.bson = bson_of(&ty, &self.schema, self.links);
                }
                None => row.realm = "(left out)".into(),
            }
        }
        r
    }

    /// Builds (or reuses) the embedded type for the objects `o` found at `path`.
    fn embedded_type(&mut self, o: &ObjStats, path: &str, segs: &[Seg]) -> String {
        let mut t = ObjectType::new(String::new(), ObjectKind::Embedded);
        t.properties = self.properties(o, path, segs);
        let named = seg_names(segs);
        let path_name = cap(&format!("{}{}", self.root_title, named.concat()));
        if self.dry > 0 {
            return path_name;
        }
        let mut candidates = Vec::new();
        if self.style == TitleStyle::Field {
            for i in (0..named.len()).rev() {
                let c = cap(&named[i..].concat());
                if !candidates.contains(&c) {
                    candidates.push(c);
                }
            }
        }
        if !candidates.contains(&path_name) {
            candidates.push(path_name.clone());
        }
        for c in &candidates {
            if self.reserved.contains(c) {
                continue;
            }
            match self.schema.types.get(c) {
                None => return self.register(c.clone(), t, path),
                Some(existing) if existing.kind == ObjectKind::Embedded && same_shape(existing, &t) => {
                    return c.clone();
                }
                Some(_) => {}
            }
        }
        let base = cap(&path_name[..path_name.len().min(crate::validate::MAX_TYPE_NAME - 4)]);
        let mut i = 2;
        loop {
            let c = format!("{base}{i}");
            if !self.reserved.contains(&c) && !self.schema.types.contains_key(&c) {
                self.decide(
                    Level::Info,
                    "title_renamed",
                    path,
                    format!("embedded type named `{c}`: `{path_name}` was taken by another type"),
                );
                return self.register(c, t, path);
            }
            i += 1;
        }
    }

    fn register(&mut self, name: String, mut t: ObjectType, path: &str) -> String {
        t.name = name.clone();
        self.embedded
            .insert(name.clone(), (self.coll.clone(), path.to_string()));
        self.schema.types.insert(name.clone(), t);
        name
    }

    pub fn finish(self) -> Built {
        let _ = (&self.database, &self.data_source);
        Built {
            schema: self.schema,
            decisions: self.decisions,
            fields: self.fields,
            embedded: self.embedded,
        }
    }
}

/// A step on a path, for naming embedded types.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Field(String),
    Elements,
    Values,
}

/// Type-name parts of a path: each field in PascalCase, singular when its elements are meant
/// (`items.[]` → `Item`).
fn seg_names(segs: &[Seg]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, s) in segs.iter().enumerate() {
        if let Seg::Field(f) = s {
            let elements = matches!(segs.get(i + 1), Some(Seg::Elements));
            out.push(pascal(&if elements { singular(f) } else { f.clone() }));
        }
    }
    out
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn avg_presence(o: &ObjStats) -> f64 {
    let k = o.fields.len() as u64;
    if k == 0 || o.count == 0 {
        return 0.0;
    }
    let present: u64 = o.fields.iter().map(|f| f.present).sum();
    present as f64 / (k * o.count) as f64
}

fn dict_of(e: Element) -> PropertyType {
    PropertyType::Value {
        collection: Collection::Dictionary,
        element: e,
    }
}

fn same_shape(a: &ObjectType, b: &ObjectType) -> bool {
    a.properties.len() == b.properties.len()
        && a.properties
            .iter()
            .zip(b.properties.iter())
            .all(|((ka, pa), (kb, pb))| ka == kb && pa.ty == pb.ty && pa.optional == pb.optional)
}

/// The bsonType written for a property type (for the field report).
fn bson_of(ty: &PropertyType, schema: &Schema, _links: &Links) -> String {
    let elem = |e: &Element| match e {
        Element::Scalar(s) => crate::mapping::bson_type(*s).to_string(),
        Element::Object(t) => match schema.types.get(t).map(|t| t.kind) {
            Some(ObjectKind::Embedded) => "object".to_string(),
            _ => "link".to_string(),
        },
    };
    match ty {
        PropertyType::Value { collection, element } => match collection {
            Collection::Single => elem(element),
            Collection::List | Collection::Set => format!("array of {}", elem(element)),
            Collection::Dictionary => format!("object of {}", elem(element)),
        },
        PropertyType::LinkingObjects { .. } => String::new(),
    }
}
