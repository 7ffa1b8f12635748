//! Runnable MongoDB artifacts: `mongosh` snippets (backfills, conversions, counts), the
//! partner-collection aggregation, and App Services trigger/function files (facts §1.3–§1.4).

use serde_json::json;

use crate::model::{Collection, Element, Property, PropertyType, ScalarType, type_shorthand};

/// Where a collection lives, as the scripts address it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub data_source: String,
    pub database: Option<String>,
    pub collection: String,
}

/// The script prologue: `const DATABASE = ...` (a placeholder the user must set when unknown).
pub fn prologue(t: &Target) -> String {
    match &t.database {
        Some(db) => format!(
            "// mongosh \"<your Atlas connection string>\" --file <this file>\nconst DATABASE = {};\n",
            js_str(db)
        ),
        None => "// mongosh \"<your Atlas connection string>\" --file <this file>\n\
                 // The database is not known from the inputs: set it before running.\n\
                 const DATABASE = \"<set the database name>\";\n\
                 if (DATABASE.startsWith(\"<\")) { throw new Error(\"set DATABASE first\"); }\n"
            .to_string(),
    }
}

pub fn js_str(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

fn coll(t: &Target) -> String {
    format!("db.getSiblingDB(DATABASE).getCollection({})", js_str(&t.collection))
}

/// mongosh literal of a value of scalar type `s` used to fill missing required fields.
pub fn zero_value(s: ScalarType, default: Option<&serde_json::Value>) -> (String, bool) {
    if let Some(d) = default {
        let lit = match (s, d) {
            (ScalarType::Int | ScalarType::Counter, serde_json::Value::Number(n)) => format!("NumberLong({n})"),
            (ScalarType::Decimal128, v) => format!("NumberDecimal({})", js_str(v.to_string().trim_matches('"'))),
            (ScalarType::Date, serde_json::Value::String(v)) => format!("new Date({})", js_str(v)),
            (_, v) => v.to_string(),
        };
        return (lit, false);
    }
    // (literal, is it a placeholder the team should review)
    match s {
        ScalarType::Bool => ("false".into(), false),
        ScalarType::Int | ScalarType::Counter => ("NumberLong(0)".into(), false),
        ScalarType::Float | ScalarType::Double => ("0.0".into(), false),
        ScalarType::String => ("\"\"".into(), false),
        ScalarType::Data => ("BinData(0, \"\")".into(), false),
        ScalarType::Date => ("new Date(0)".into(), true),
        ScalarType::Decimal128 => ("NumberDecimal(\"0\")".into(), false),
        ScalarType::ObjectId => (
            "new ObjectId() /* one value for all documents: replace if each needs its own */".into(),
            true,
        ),
        ScalarType::Uuid => (
            "UUID() /* one value for all documents: replace if each needs its own */".into(),
            true,
        ),
        ScalarType::Mixed => ("null".into(), false),
    }
}

/// The MongoDB `$jsonSchema` bsonType(s) of a scalar (MongoDB knows no `float`, `uuid`, `mixed`).
fn mongo_bson(s: ScalarType) -> serde_json::Value {
    match s {
        ScalarType::Bool => json!("bool"),
        ScalarType::Int | ScalarType::Counter => json!(["long", "int"]),
        ScalarType::Float | ScalarType::Double => json!("double"),
        ScalarType::String => json!("string"),
        ScalarType::Data | ScalarType::Uuid => json!("binData"),
        ScalarType::Date => json!("date"),
        ScalarType::Decimal128 => json!("decimal"),
        ScalarType::ObjectId => json!("objectId"),
        ScalarType::Mixed => serde_json::Value::Null,
    }
}

/// `$jsonSchema` fragment for a property (links as the stored key type), or None for mixed.
pub fn json_schema(p: &Property, key: Option<ScalarType>) -> Option<serde_json::Value> {
    let PropertyType::Value { collection, element } = &p.ty else {
        return None;
    };
    let scalar = match element {
        Element::Scalar(s) => Some(*s),
        Element::Object(_) => key,
    };
    let elem = match (element, scalar) {
        (Element::Object(_), None) => json!({"bsonType": "object"}),
        (_, Some(s)) => {
            let b = mongo_bson(s);
            if b.is_null() {
                return None;
            }
            json!({ "bsonType": b })
        }
        _ => return None,
    };
    Some(match collection {
        Collection::Single => elem,
        Collection::List | Collection::Set => json!({"bsonType": "array", "items": elem}),
        Collection::Dictionary => json!({"bsonType": "object", "additionalProperties": elem}),
    })
}

/// Counts documents that would fail `field`'s new definition (required and/or of a type).
pub fn count_failing(t: &Target, field: &str, p: &Property, key: Option<ScalarType>) -> String {
    let mut schema = json!({"properties": {}});
    let required = !p.optional && !p.ty.is_collection() && !matches!(p.ty.element(), Some(Element::Object(_)));
    if required {
        schema["required"] = json!([field]);
    }
    if let Some(fs) = json_schema(p, key) {
        schema["properties"][field] = fs;
    }
    format!(
        "const failing = {}.countDocuments({{ $nor: [{{ $jsonSchema: {} }}] }});\nprint(`{} documents would fail {}: ${{failing}}`);\n",
        coll(t),
        schema,
        t.collection,
        format_args!("{field}: {}", type_shorthand(&p.ty, p.optional))
            .to_string()
            .replace('`', "'")
    )
}

/// Fills `field` where it is missing or null.
pub fn backfill(t: &Target, field: &str, p: &Property) -> (String, bool) {
    let s = match p.ty.element() {
        Some(Element::Scalar(s)) => *s,
        _ => ScalarType::Mixed,
    };
    let (value, placeholder) = zero_value(s, p.default.as_ref());
    let f = js_str(field);
    (
        format!(
            "const res = {}.updateMany(\n  {{ $or: [{{ {f}: {{ $exists: false }} }}, {{ {f}: null }}] }},\n  {{ $set: {{ {f}: {value} }} }}\n);\nprint(`backfilled ${{res.modifiedCount}} documents`);\n",
            coll(t)
        ),
        placeholder,
    )
}

/// The aggregation expression converting `$field` of the old shape to the new one, if one exists.
pub fn conversion(
    field: &str,
    old: &Property,
    new: &Property,
    old_key: Option<ScalarType>,
    new_key: Option<ScalarType>,
) -> Option<String> {
    let src = js_str(&format!("${field}"));
    let (
        PropertyType::Value {
            collection: oc,
            element: oe,
        },
        PropertyType::Value {
            collection: nc,
            element: ne,
        },
    ) = (&old.ty, &new.ty)
    else {
        return None;
    };
    let scalar = |e: &Element, key: Option<ScalarType>| match e {
        Element::Scalar(s) => Some(*s),
        Element::Object(_) => key,
    };
    let (os, ns) = (scalar(oe, old_key)?, scalar(ne, new_key)?);
    let to = match ns {
        ScalarType::Bool => "bool",
        ScalarType::Int | ScalarType::Counter => "long",
        ScalarType::Float | ScalarType::Double => "double",
        ScalarType::String => "string",
        ScalarType::Date => "date",
        ScalarType::Decimal128 => "decimal",
        ScalarType::ObjectId => "objectId",
        ScalarType::Data | ScalarType::Uuid | ScalarType::Mixed => return None,
    };
    let conv = |input: &str| {
        if os == ns
            || (matches!(os, ScalarType::Int | ScalarType::Counter)
                && matches!(ns, ScalarType::Int | ScalarType::Counter))
        {
            input.to_string()
        } else {
            format!("{{ $convert: {{ input: {input}, to: \"{to}\", onError: {ON_ERROR}, onNull: null }} }}")
        }
    };
    match (oc, nc) {
        (Collection::Single, Collection::Single) => Some(conv(&src)),
        (Collection::Single, Collection::List | Collection::Set) => Some(format!(
            "{{ $cond: [{{ $eq: [{{ $type: {src} }}, \"missing\"] }}, [], [{}]] }}",
            conv(&src)
        )),
        (Collection::List | Collection::Set, Collection::List | Collection::Set) => Some(format!(
            "{{ $map: {{ input: {{ $ifNull: [{src}, []] }}, as: \"v\", in: {} }} }}",
            conv("\"$$v\"")
        )),
        _ => None,
    }
}

/// Placeholder in conversion expressions for the `onError` value: `null` in the conversion
/// itself, a sentinel string in the pre-check that counts unconvertible values.
const ON_ERROR: &str = "ON_ERROR";
const SENTINEL: &str = "\"__syncplan_unconvertible__\"";

/// The conversion expression as run (unconvertible values become null).
pub fn lossy(expr: &str) -> String {
    expr.replace(ON_ERROR, "null")
}

/// Counts documents whose `field` cannot be converted and stops unless `FORCE` is set.
pub fn precheck(t: &Target, field: &str, expr: &str) -> String {
    let probe = expr.replace(ON_ERROR, SENTINEL);
    let f = js_str(field);
    format!(
        "const unconvertible = {}.countDocuments({{ {f}: {{ $exists: true }}, $expr: {{ $in: [{SENTINEL}, {{ $concatArrays: [[{probe}]] }}] }} }});\n\
         print(`${{unconvertible}} documents hold a value of {field} that cannot be converted`);\n\
         if (unconvertible > 0 && typeof FORCE === \"undefined\") {{\n  throw new Error(\"fix the unconvertible values first, or define `const FORCE = true` to turn them into null\");\n}}\n",
        coll(t)
    )
}

/// Converts `field` in place (documents missing it are left alone).
pub fn convert_in_place(t: &Target, field: &str, expr: &str) -> String {
    let f = js_str(field);
    let check = precheck(t, field, expr);
    let expr = lossy(expr);
    format!(
        "{check}\nconst res = {}.updateMany(\n  {{ {f}: {{ $exists: true }} }},\n  [{{ $set: {{ {f}: {expr} }} }}]\n);\nprint(`converted ${{res.modifiedCount}} documents`);\n",
        coll(t)
    )
}

pub fn rename_field(t: &Target, from: &str, to: &str) -> String {
    format!(
        "const res = {}.updateMany(\n  {{ {}: {{ $exists: true }} }},\n  {{ $rename: {{ {}: {} }} }}\n);\nprint(`renamed in ${{res.modifiedCount}} documents`);\n",
        coll(t),
        js_str(from),
        js_str(from),
        js_str(to)
    )
}

/// Stages that turn a document of the old collection into one of the partner collection.
pub type Stages = Vec<String>;

/// The partner-collection initialisation: `$match`, the transform stages, `$out`.
pub fn partner_pipeline(t: &Target, partner: &str, stages: &[String]) -> String {
    let mut s = format!("{}.aggregate([\n  {{ $match: {{}} }},\n", coll(t));
    for st in stages {
        s.push_str(&format!("  {st},\n"));
    }
    s.push_str(&format!("  {{ $out: {} }}\n]);\n", js_str(partner)));
    s.push_str(&format!(
        "print(`{partner}: ${{db.getSiblingDB(DATABASE).getCollection({}).countDocuments()}} documents`);\n",
        js_str(partner)
    ));
    s
}

/// Re-runnable catch-up: documents the initial `$out` missed are inserted, existing partner
/// documents (kept current by the triggers) are left alone.
pub fn partner_catch_up(t: &Target, partner: &str, stages: &[String]) -> String {
    let mut s = format!("{}.aggregate([\n  {{ $match: {{}} }},\n", coll(t));
    for st in stages {
        s.push_str(&format!("  {st},\n"));
    }
    s.push_str(&format!(
        "  {{ $merge: {{ into: {}, on: \"_id\", whenMatched: \"keepExisting\", whenNotMatched: \"insert\" }} }}\n]);\n",
        js_str(partner)
    ));
    s
}

/// App Services database trigger config (`triggers/<name>.json`).
pub fn trigger_config(name: &str, t: &Target, function_name: &str, disabled: bool) -> String {
    crate::devmode::pretty(&json!({
        "name": name,
        "type": "DATABASE",
        "disabled": disabled,
        "config": {
            "service_name": t.data_source,
            "database": t.database.clone().unwrap_or_else(|| "<set the database name>".into()),
            "collection": t.collection,
            "operation_types": ["INSERT", "UPDATE", "REPLACE", "DELETE"],
            "full_document": true,
            "full_document_before_change": false,
            "unordered": false,
            "match": {},
            "project": {}
        },
        "event_processors": {"FUNCTION": {"config": {"function_name": function_name}}}
    }))
}

/// A migration function (`functions/<name>.js`): deletes the partner document on delete; otherwise
/// transforms the changed document and `$merge`s it into the partner collection.
pub fn migration_function(from: &Target, to_collection: &str, stages: &[String], id_expr: &str) -> String {
    let db = from
        .database
        .clone()
        .unwrap_or_else(|| "<set the database name>".into());
    let mut s = String::from("exports = async function (changeEvent) {\n");
    s.push_str(&format!(
        "  const db = context.services.get({}).db({});\n",
        js_str(&from.data_source),
        js_str(&db)
    ));
    s.push_str(&format!(
        "  const source = db.collection({});\n",
        js_str(&from.collection)
    ));
    s.push_str(&format!("  const target = db.collection({});\n", js_str(to_collection)));
    s.push_str("  const id = changeEvent.documentKey._id;\n");
    s.push_str("  if (changeEvent.operationType === \"delete\") {\n");
    s.push_str(&format!(
        "    await target.deleteOne({{ _id: {id_expr} }});\n    return;\n  }}\n"
    ));
    s.push_str("  const pipeline = [\n    { $match: { _id: id } },\n");
    for st in stages {
        s.push_str(&format!("    {st},\n"));
    }
    s.push_str(&format!(
        "    {{ $merge: {{ into: {}, on: \"_id\", whenMatched: \"replace\", whenNotMatched: \"insert\" }} }}\n  ];\n",
        js_str(to_collection)
    ));
    s.push_str("  await source.aggregate(pipeline).toArray();\n};\n");
    s
}
