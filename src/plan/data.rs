//! Typed data operations: where data lives (a collection plus a path through embedded objects,
//! lists and dictionaries, found from the schema graph) and what is done to it (convert, backfill,
//! rename, dedupe). Rendering to mongosh is in `mongo.rs`; this module holds no prose.
//!
//! Every operation is exact or refuses: a value that cannot be carried exactly stays as it is and
//! its document is reported (conversion semantics: https://www.mongodb.com/docs/manual/reference/operator/aggregation/convert/).

use std::collections::{BTreeMap, BTreeSet};

use petgraph::visit::EdgeRef;
use serde::Serialize;

use crate::graph::{EdgeKind, SchemaGraph};
use crate::model::{Collection, Element, ObjectKind, Property, PropertyType, ScalarType, Schema};

/// One step of a path from a top-level document to the object holding the field.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "field", rename_all = "kebab-case")]
pub enum Seg {
    /// An embedded object in a single field.
    Object(String),
    /// A list (or set) of embedded objects.
    List(String),
    /// A dictionary of embedded objects.
    Dictionary(String),
}

impl Seg {
    pub fn field(&self) -> &str {
        match self {
            Seg::Object(f) | Seg::List(f) | Seg::Dictionary(f) => f,
        }
    }
}

/// Where a field lives: the top-level type owning the documents, and the path to the object
/// holding the field (empty for a top-level field).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub owner: String,
    pub path: Vec<Seg>,
}

impl Location {
    /// `Person.addresses[].zip` style text.
    pub fn display(&self, field: &str) -> String {
        let mut s = self.owner.clone();
        for seg in &self.path {
            s.push('.');
            s.push_str(seg.field());
            match seg {
                Seg::Object(_) => {}
                Seg::List(_) => s.push_str("[]"),
                Seg::Dictionary(_) => s.push_str("{}"),
            }
        }
        s.push('.');
        s.push_str(field);
        s
    }
}

/// Every place where objects of `ty` live: itself when it is top-level, else every path from
/// every top-level owner through embedding edges (bounded by `max_depth`; embedded cycles are
/// invalid schemas and are cut there).
pub fn locations(s: &Schema, g: &SchemaGraph, ty: &str) -> Vec<Location> {
    const MAX_DEPTH: usize = 8;
    let Some(t) = s.types.get(ty) else {
        return vec![];
    };
    if t.kind != ObjectKind::Embedded {
        return vec![Location {
            owner: ty.to_string(),
            path: vec![],
        }];
    }
    let mut out = BTreeSet::new();
    // Walk the embedding edges backwards from ty: (type, path from that type down to ty).
    let mut stack: Vec<(String, Vec<Seg>)> = vec![(ty.to_string(), vec![])];
    while let Some((cur, path)) = stack.pop() {
        let Some(&ix) = g.index.get(&cur) else { continue };
        for e in g.graph.edges_directed(ix, petgraph::Direction::Incoming) {
            if e.weight().kind != EdgeKind::Embeds {
                continue;
            }
            let parent = &g.graph[e.source()];
            let Some(p) = s.property(parent, &e.weight().property) else {
                continue;
            };
            let seg = match &p.ty {
                PropertyType::Value {
                    collection: Collection::List | Collection::Set,
                    ..
                } => Seg::List(p.name.clone()),
                PropertyType::Value {
                    collection: Collection::Dictionary,
                    ..
                } => Seg::Dictionary(p.name.clone()),
                _ => Seg::Object(p.name.clone()),
            };
            let mut np = vec![seg];
            np.extend(path.iter().cloned());
            if np.len() > MAX_DEPTH {
                continue;
            }
            match s.kind_of(parent) {
                Some(ObjectKind::Embedded) => stack.push((parent.clone(), np)),
                Some(_) => {
                    out.insert(Location {
                        owner: parent.clone(),
                        path: np,
                    });
                }
                None => {}
            }
        }
    }
    out.into_iter().collect()
}

/// The shape of a stored value: collection kind and element scalar (links as their key type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Shape {
    pub collection: Collection,
    pub scalar: ScalarType,
    pub optional: bool,
}

impl Shape {
    pub fn of(p: &Property, key: Option<ScalarType>) -> Option<Shape> {
        let PropertyType::Value { collection, element } = &p.ty else {
            return None;
        };
        let scalar = match element {
            Element::Scalar(s) => *s,
            Element::Object(_) => key?,
        };
        Some(Shape {
            collection: *collection,
            scalar,
            optional: p.optional,
        })
    }
}

/// What is done at a location.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Op {
    /// Convert `field` from one shape to another, value by value, exactly or not at all.
    Convert { field: String, from: Shape, to: Shape },
    /// Fill `field` where it is missing or null with the named parameter's value.
    Backfill { field: String, param: String },
    /// Rename `from` to `to` where `to` does not exist yet.
    Rename { from: String, to: String },
}

/// One data operation on every document of a collection, at one location.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataOp {
    pub location: Location,
    pub op: Op,
}

/// The BSON type names a scalar is stored as (server `$type` names).
pub fn bson_types(s: ScalarType) -> &'static [&'static str] {
    match s {
        ScalarType::Bool => &["bool"],
        ScalarType::Int | ScalarType::Counter | ScalarType::Float | ScalarType::Double | ScalarType::Decimal128 => {
            &["int", "long", "double", "decimal"]
        }
        ScalarType::String => &["string"],
        ScalarType::Date => &["date"],
        ScalarType::ObjectId => &["objectId"],
        ScalarType::Uuid | ScalarType::Data => &["binData"],
        ScalarType::Mixed => &[],
    }
}

fn is_num(s: ScalarType) -> bool {
    matches!(
        s,
        ScalarType::Int | ScalarType::Counter | ScalarType::Float | ScalarType::Double | ScalarType::Decimal128
    )
}

fn is_integer(s: ScalarType) -> bool {
    matches!(s, ScalarType::Int | ScalarType::Counter)
}

fn convert_to(s: ScalarType) -> Option<&'static str> {
    Some(match s {
        ScalarType::Bool => "bool",
        ScalarType::Int | ScalarType::Counter => "long",
        ScalarType::Float | ScalarType::Double => "double",
        ScalarType::Decimal128 => "decimal",
        ScalarType::String => "string",
        ScalarType::Date => "date",
        ScalarType::ObjectId => "objectId",
        _ => return None,
    })
}

fn j(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

fn type_in(v: &str, types: &[&str]) -> String {
    let list: Vec<String> = types.iter().map(|t| j(t)).collect();
    format!("{{ $in: [{{ $type: {v} }}, [{}]] }}", list.join(", "))
}

/// Converting one scalar value `v` (an expression) from `from` to `to`: (converted, exact?) as
/// expressions over `$$c` (the converted value) and `v`, or None when no value converts exactly.
fn scalar_conv(v: &str, from: ScalarType, to: ScalarType) -> Option<(String, String)> {
    if from == to || (is_integer(from) && is_integer(to)) || to == ScalarType::Mixed {
        return Some((v.to_string(), "true".into()));
    }
    if from == ScalarType::Mixed {
        // A mixed value is carried only when it already has the new type.
        return Some((v.to_string(), type_in(v, bson_types(to))));
    }
    let target = convert_to(to)?;
    let conv = |input: &str| {
        format!(
            "{{ $convert: {{ input: {input}, to: {}, onError: null, onNull: null }} }}",
            j(target)
        )
    };
    let c = "\"$$c\"";
    let typed = type_in(c, bson_types(to));
    Some(match (from, to) {
        (ScalarType::String, ScalarType::Bool) => (
            format!(
                "{{ $switch: {{ branches: [{{ case: {{ $eq: [{v}, \"true\"] }}, then: true }}, {{ case: {{ $eq: [{v}, \"false\"] }}, then: false }}], default: null }} }}"
            ),
            format!("{{ $eq: [{{ $type: {c} }}, \"bool\"] }}"),
        ),
        (f, ScalarType::Bool) if is_num(f) => (format!("{{ $eq: [{v}, 1] }}"), format!("{{ $in: [{v}, [0, 1]] }}")),
        (ScalarType::Bool, t) if is_num(t) => (conv(v), "true".into()),
        (f, t) if is_num(f) && is_num(t) => {
            // Exact when the value survives the round trip (integral for integer targets,
            // within 2^53 for doubles).
            let mut ok = format!("{{ $and: [{typed}, {{ $eq: [{c}, {v}] }}");
            if matches!(t, ScalarType::Double | ScalarType::Float) && is_integer(f) {
                ok.push_str(&format!(", {{ $lte: [{{ $abs: {v} }}, 9007199254740991] }}"));
            }
            ok.push_str("] }");
            (conv(v), ok)
        }
        (f, ScalarType::String) => {
            // Exact when converting back gives the original value.
            let back = convert_to(f)?;
            if matches!(f, ScalarType::Uuid | ScalarType::Data | ScalarType::Mixed) {
                return None;
            }
            (
                conv(v),
                format!(
                    "{{ $and: [{typed}, {{ $eq: [{{ $convert: {{ input: {c}, to: {}, onError: null, onNull: null }} }}, {v}] }}] }}",
                    j(back)
                ),
            )
        }
        (ScalarType::String, t) => {
            if matches!(t, ScalarType::Uuid | ScalarType::Data) {
                return None;
            }
            // Exact when the canonical string of the result is the original string.
            (
                conv(v),
                format!(
                    "{{ $and: [{typed}, {{ $eq: [{{ $convert: {{ input: {c}, to: \"string\", onError: null, onNull: null }} }}, {v}] }}] }}"
                ),
            )
        }
        (ScalarType::Date, t) if is_num(t) => (conv(v), typed),
        (f, ScalarType::Date) if is_num(f) => (
            format!(
                "{{ $convert: {{ input: {{ $convert: {{ input: {v}, to: \"long\", onError: null, onNull: null }} }}, to: \"date\", onError: null, onNull: null }} }}"
            ),
            format!("{{ $and: [{typed}, {{ $eq: [{{ $trunc: [{v}, 0] }}, {v}] }}] }}"),
        ),
        _ => return None,
    })
}

/// `{ converted, ok }` for one element `v`: the value to store and whether it is exact. A value of
/// another type than the source (already converted, or null) is left as it is and is ok.
fn element_conv(v: &str, from: ScalarType, to: ScalarType) -> Option<(String, String)> {
    let (conv, ok) = scalar_conv(v, from, to)?;
    if conv == v {
        return Some((conv, ok));
    }
    let src = type_in(v, bson_types(from));
    // The new value, or the old one when it is not exact.
    let value =
        format!("{{ $let: {{ vars: {{ c: {conv} }}, in: {{ $cond: [{{ $and: [{src}, {ok}] }}, \"$$c\", {v}] }} }} }}");
    let exact = format!("{{ $or: [{{ $not: [{src}] }}, {{ $let: {{ vars: {{ c: {conv} }}, in: {ok} }} }}] }}");
    Some((value, exact))
}

/// (new value, is the whole value carried exactly, does it need a change) of a field `v` of shape
/// `from` converted to `to`; None when no value converts.
pub fn value_conv(v: &str, from: &Shape, to: &Shape, depth: usize) -> Option<(String, String, String)> {
    let e = format!("\"$$e{depth}\"");
    let src_el = type_in(v, bson_types(from.scalar));
    match (from.collection, to.collection) {
        (Collection::Single, Collection::Single) => {
            let (val, ok) = element_conv(v, from.scalar, to.scalar)?;
            // Optional → required in the same change (the diff reports the type change alone): a
            // null or missing value has no value under NEW and nothing here chooses one, so it is
            // refused and listed, never carried as if exact.
            let ok = if from.optional && !to.optional {
                format!("{{ $and: [{{ $not: [{{ $in: [{{ $type: {v} }}, [\"missing\", \"null\"]] }}] }}, {ok}] }}")
            } else {
                ok
            };
            let pending = if val == v { "false".into() } else { src_el };
            Some((val, ok, pending))
        }
        (Collection::List | Collection::Set, Collection::List | Collection::Set) => {
            let (val, ok) = element_conv(&e, from.scalar, to.scalar)?;
            let all_ok = format!("{{ $allElementsTrue: [{{ $map: {{ input: {v}, as: \"e{depth}\", in: {ok} }} }}] }}");
            let mapped = format!("{{ $map: {{ input: {v}, as: \"e{depth}\", in: {val} }} }}");
            // A set holds each value once: the converted elements must stay distinct, and a list
            // becoming a set drops its duplicates (keeping first occurrences).
            let (newv, ok) = if to.collection == Collection::Set {
                let dedup = format!(
                    "{{ $reduce: {{ input: {mapped}, initialValue: [], in: {{ $cond: [{{ $in: [\"$$this\", \"$$value\"] }}, \"$$value\", {{ $concatArrays: [\"$$value\", [\"$$this\"]] }}] }} }} }}"
                );
                let ok = if from.collection == Collection::Set {
                    format!("{{ $and: [{all_ok}, {{ $eq: [{{ $size: {dedup} }}, {{ $size: {v} }}] }}] }}")
                } else {
                    all_ok
                };
                (dedup, ok)
            } else {
                (mapped, all_ok)
            };
            let is_arr = format!("{{ $isArray: {v} }}");
            let value = format!("{{ $cond: [{{ $and: [{is_arr}, {ok}] }}, {newv}, {v}] }}");
            let exact = format!("{{ $or: [{{ $not: [{is_arr}] }}, {ok}] }}");
            let pending = if val == e && from.collection == to.collection {
                "false".to_string()
            } else if val == e {
                // list → set: pending while duplicates remain
                format!("{{ $and: [{is_arr}, {{ $ne: [{{ $size: {newv} }}, {{ $size: {v} }}] }}] }}")
            } else {
                format!(
                    "{{ $and: [{is_arr}, {{ $anyElementTrue: [{{ $map: {{ input: {v}, as: \"e{depth}\", in: {} }} }}] }}] }}",
                    type_in(&e, bson_types(from.scalar))
                )
            };
            Some((value, exact, pending))
        }
        (Collection::Dictionary, Collection::Dictionary) => {
            let kv = format!("\"$$e{depth}.v\"");
            let (val, ok) = element_conv(&kv, from.scalar, to.scalar)?;
            if val == kv {
                return Some((v.to_string(), "true".into(), "false".into()));
            }
            let pairs = format!("{{ $objectToArray: {v} }}");
            let all_ok =
                format!("{{ $allElementsTrue: [{{ $map: {{ input: {pairs}, as: \"e{depth}\", in: {ok} }} }}] }}");
            let newv = format!(
                "{{ $arrayToObject: {{ $map: {{ input: {pairs}, as: \"e{depth}\", in: {{ k: \"$$e{depth}.k\", v: {val} }} }} }} }}"
            );
            let is_obj = format!("{{ $eq: [{{ $type: {v} }}, \"object\"] }}");
            let value = format!("{{ $cond: [{{ $and: [{is_obj}, {all_ok}] }}, {newv}, {v}] }}");
            let exact = format!("{{ $or: [{{ $not: [{is_obj}] }}, {all_ok}] }}");
            let pending = format!(
                "{{ $and: [{is_obj}, {{ $anyElementTrue: [{{ $map: {{ input: {pairs}, as: \"e{depth}\", in: {} }} }}] }}] }}",
                type_in(&kv, bson_types(from.scalar))
            );
            Some((value, exact, pending))
        }
        (Collection::Single, Collection::List | Collection::Set) => {
            let (val, ok) = element_conv(v, from.scalar, to.scalar)?;
            let absent = format!("{{ $in: [{{ $type: {v} }}, [\"missing\", \"null\"]] }}");
            let value = format!(
                "{{ $cond: [{absent}, [], {{ $cond: [{{ $isArray: {v} }}, {v}, {{ $cond: [{ok}, [{val}], {v}] }}] }}] }}"
            );
            let exact = format!("{{ $or: [{absent}, {{ $isArray: {v} }}, {ok}] }}");
            let pending = format!("{{ $not: [{{ $isArray: {v} }}] }}");
            Some((value, exact, pending))
        }
        (Collection::List | Collection::Set, Collection::Single) => {
            let first = format!("{{ $arrayElemAt: [{v}, 0] }}");
            let (val, ok) = element_conv(&first, from.scalar, to.scalar)?;
            let is_arr = format!("{{ $isArray: {v} }}");
            let fits = if to.optional {
                format!("{{ $lte: [{{ $size: {v} }}, 1] }}")
            } else {
                format!("{{ $eq: [{{ $size: {v} }}, 1] }}")
            };
            let carry = format!("{{ $and: [{fits}, {{ $or: [{{ $eq: [{{ $size: {v} }}, 0] }}, {ok}] }}] }}");
            let value = format!(
                "{{ $cond: [{{ $and: [{is_arr}, {carry}] }}, {{ $cond: [{{ $eq: [{{ $size: {v} }}, 0] }}, null, {val}] }}, {v}] }}"
            );
            let exact = format!("{{ $or: [{{ $not: [{is_arr}] }}, {carry}] }}");
            Some((value, exact, is_arr))
        }
        _ => None,
    }
}

/// Applies `leaf` (object reference → new object, refused?, pending?) along `path` from `obj`.
/// Returns (new object, refused, pending) expressions.
pub fn along(
    obj: &str,
    path: &[Seg],
    depth: usize,
    leaf: &dyn Fn(&str, usize) -> (String, String, String),
) -> (String, String, String) {
    let Some((seg, rest)) = path.split_first() else {
        return leaf(obj, depth);
    };
    let field = format!("\"{}.{}\"", obj.trim_matches('"'), seg.field());
    let key = j(seg.field());
    let var = format!("o{depth}");
    let vref = format!("\"$${var}\"");
    let (inner, refused, pending) = along(&vref, rest, depth + 1, leaf);
    let is_obj = |x: &str| format!("{{ $eq: [{{ $type: {x} }}, \"object\"] }}");
    match seg {
        Seg::Object(_) => {
            let bind = |e: &str| format!("{{ $let: {{ vars: {{ {var}: {field} }}, in: {e} }} }}");
            (
                format!(
                    "{{ $cond: [{}, {{ $mergeObjects: [{obj}, {{ {key}: {} }}] }}, {obj}] }}",
                    is_obj(&field),
                    bind(&inner)
                ),
                format!("{{ $and: [{}, {}] }}", is_obj(&field), bind(&refused)),
                format!("{{ $and: [{}, {}] }}", is_obj(&field), bind(&pending)),
            )
        }
        Seg::List(_) => {
            let map = |e: &str, fallback: &str| {
                format!(
                    "{{ $map: {{ input: {field}, as: \"{var}\", in: {{ $cond: [{}, {e}, {fallback}] }} }} }}",
                    is_obj(&vref)
                )
            };
            (
                format!(
                    "{{ $cond: [{{ $isArray: {field} }}, {{ $mergeObjects: [{obj}, {{ {key}: {} }}] }}, {obj}] }}",
                    map(&inner, &vref)
                ),
                format!(
                    "{{ $and: [{{ $isArray: {field} }}, {{ $anyElementTrue: [{}] }}] }}",
                    map(&refused, "false")
                ),
                format!(
                    "{{ $and: [{{ $isArray: {field} }}, {{ $anyElementTrue: [{}] }}] }}",
                    map(&pending, "false")
                ),
            )
        }
        Seg::Dictionary(_) => {
            let kv = format!("kv{depth}");
            let pairs = format!("{{ $objectToArray: {field} }}");
            let bind = |e: &str| format!("{{ $let: {{ vars: {{ {var}: \"$${kv}.v\" }}, in: {e} }} }}");
            let map = |e: &str, fallback: &str| {
                format!(
                    "{{ $map: {{ input: {pairs}, as: \"{kv}\", in: {{ $cond: [{}, {}, {fallback}] }} }} }}",
                    is_obj(&format!("\"$${kv}.v\"")),
                    bind(e)
                )
            };
            let new_pairs = format!(
                "{{ $map: {{ input: {pairs}, as: \"{kv}\", in: {{ k: \"$${kv}.k\", v: {{ $cond: [{}, {}, \"$${kv}.v\"] }} }} }} }}",
                is_obj(&format!("\"$${kv}.v\"")),
                bind(&inner)
            );
            (
                format!(
                    "{{ $cond: [{}, {{ $mergeObjects: [{obj}, {{ {key}: {{ $arrayToObject: {new_pairs} }} }}] }}, {obj}] }}",
                    is_obj(&field)
                ),
                format!(
                    "{{ $and: [{}, {{ $anyElementTrue: [{}] }}] }}",
                    is_obj(&field),
                    map(&refused, "false")
                ),
                format!(
                    "{{ $and: [{}, {{ $anyElementTrue: [{}] }}] }}",
                    is_obj(&field),
                    map(&pending, "false")
                ),
            )
        }
    }
}

/// The leaf of an operation at an object reference: (new object, refused, pending).
/// The expressions at an object reference and depth: (new object, refused, pending).
pub type Leaf = Box<dyn Fn(&str, usize) -> (String, String, String)>;

/// An operation with the user's value for its parameter, if it has one: (parameter name, value).
pub type WithParam = (Op, Option<(String, Option<String>)>);

/// `param` is the JS identifier holding a backfill's value.
pub fn leaf(op: &Op, param: &str) -> Option<Leaf> {
    match op.clone() {
        Op::Convert { field, from, to } => {
            // Check it converts at all.
            value_conv("\"$$x\"", &from, &to, 0)?;
            Some(Box::new(move |obj: &str, depth: usize| {
                let v = format!("\"{}.{}\"", obj.trim_matches('"'), field);
                let (val, exact, pending) = value_conv(&v, &from, &to, depth).unwrap_or_default();
                let missing = format!("{{ $eq: [{{ $type: {v} }}, \"missing\"] }}");
                // A field becoming required has no value to give an absent one: refused too.
                let refused_when_missing = from.optional && !to.optional && from.collection == Collection::Single;
                let refused = if refused_when_missing {
                    format!("{{ $not: [{exact}] }}")
                } else {
                    format!("{{ $and: [{{ $not: [{missing}] }}, {{ $not: [{exact}] }}] }}")
                };
                (
                    format!(
                        "{{ $cond: [{missing}, {obj}, {{ $mergeObjects: [{obj}, {{ {}: {val} }}] }}] }}",
                        j(&field)
                    ),
                    refused,
                    format!("{{ $and: [{{ $not: [{missing}] }}, {pending}] }}"),
                )
            }))
        }
        Op::Backfill { field, .. } => {
            let ident = param.to_string();
            Some(Box::new(move |obj: &str, _| {
                let v = format!("\"{}.{}\"", obj.trim_matches('"'), field);
                let absent = format!("{{ $in: [{{ $type: {v} }}, [\"missing\", \"null\"]] }}");
                let fill = &ident;
                (
                    format!(
                        "{{ $cond: [{absent}, {{ $mergeObjects: [{obj}, {{ {}: {{ $literal: {fill} }} }}] }}, {obj}] }}",
                        j(&field)
                    ),
                    "false".into(),
                    absent,
                )
            }))
        }
        Op::Rename { from, to } => Some(Box::new(move |obj: &str, depth: usize| {
            let f = format!("\"{}.{}\"", obj.trim_matches('"'), from);
            let t = format!("\"{}.{}\"", obj.trim_matches('"'), to);
            let has_from = format!("{{ $ne: [{{ $type: {f} }}, \"missing\"] }}");
            let has_to = format!("{{ $ne: [{{ $type: {t} }}, \"missing\"] }}");
            let kv = format!("r{depth}");
            (
                format!(
                    "{{ $cond: [{{ $and: [{has_from}, {{ $not: [{has_to}] }}] }}, {{ $arrayToObject: {{ $map: {{ input: {{ $objectToArray: {obj} }}, as: \"{kv}\", in: {{ k: {{ $cond: [{{ $eq: [\"$${kv}.k\", {}] }}, {}, \"$${kv}.k\"] }}, v: \"$${kv}.v\" }} }} }} }}, {obj}] }}",
                    j(&from),
                    j(&to)
                ),
                // Both present: renaming would destroy the existing value (I1).
                format!("{{ $and: [{has_from}, {has_to}] }}"),
                has_from,
            )
        })),
    }
}

/// Data operations of one finding, by owner collection (all owners, all paths).
pub fn at_all_locations(s: &Schema, g: &SchemaGraph, ty: &str, op: Op) -> Vec<DataOp> {
    locations(s, g, ty)
        .into_iter()
        .map(|location| DataOp {
            location,
            op: op.clone(),
        })
        .collect()
}

/// Groups operations by owner type (deterministic).
pub fn by_owner(ops: &[DataOp]) -> BTreeMap<String, Vec<&DataOp>> {
    let mut m: BTreeMap<String, Vec<&DataOp>> = BTreeMap::new();
    for o in ops {
        m.entry(o.location.owner.clone()).or_default().push(o);
    }
    m
}
