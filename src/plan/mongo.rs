//! Runnable MongoDB artifacts: `mongosh` snippets (backfills, conversions, counts), the
//! partner-collection aggregation, and App Services trigger/function files (https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ ; https://www.mongodb.com/docs/atlas/app-services/sync/configure/pause-or-terminate-sync/).

use serde_json::json;

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

/// The dry-run switch every data script starts with (`SYNCPLAN_DRY_RUN=1 mongosh ... --file`):
/// the script counts and reports, and writes nothing.
pub const DRY_RUN: &str =
    "const DRY_RUN = typeof process !== \"undefined\" && process.env.SYNCPLAN_DRY_RUN === \"1\";\n";

/// A named parameter: its value as given (`--param NAME=VALUE`), or unset.
pub struct Param<'a> {
    pub name: &'a str,
    pub value: Option<&'a str>,
}

/// One block of a data script: counts the documents to change and the refused ones (reported
/// with their `_id`s, machine-readable), stops if a needed parameter is unset, then (unless dry
/// run) updates with a pipeline that carries exact values only and reconciles the counts.
/// Idempotent: a second run matches only refused documents and changes nothing.
pub fn data_block(t: &Target, op: &super::data::DataOp, label: &str, param: Option<&Param>) -> Option<String> {
    let leaf = super::data::leaf(&op.op, "PARAM")?;
    let (new, refused, pending) = super::data::along("\"$$ROOT\"", &op.location.path, 0, leaf.as_ref());
    let mut s = String::from("{\n");
    s.push_str(&format!("  const coll = {};\n", coll(t)));
    s.push_str(&format!("  const label = {};\n", js_str(label)));
    if let Some(p) = param {
        match p.value {
            Some(v) => s.push_str(&format!("  const PARAM = {v}; // --param {}\n", p.name)),
            None => s.push_str(&format!(
                "  const PARAM = undefined; // set with: syncplan plan --param '{}=<mongosh value>'\n",
                p.name
            )),
        }
    }
    s.push_str(&format!("  const pending = {{ $expr: {pending} }};\n"));
    s.push_str(&format!("  const refused = {{ $expr: {refused} }};\n"));
    s.push_str("  const n = coll.countDocuments(pending);\n");
    s.push_str("  const refusedIds = coll.find(refused, { _id: 1 }).toArray().map((d) => d._id);\n");
    s.push_str(&format!(
        "  printjson({{ syncplan_refused: {{ collection: {}, path: label, count: refusedIds.length, ids: refusedIds.slice(0, 1000) }} }});\n",
        js_str(&t.collection)
    ));
    s.push_str("  print(`${label}: ${n} documents to change, ${refusedIds.length} refused (left as they are)`);\n");
    if let Some(p) = param {
        s.push_str(&format!(
            "  if (PARAM === undefined && n > 0 && !DRY_RUN) {{\n    throw new Error(`${{label}}: ${{n}} documents need a value: set the parameter {} (syncplan plan --param '{}=<value>')`);\n  }}\n",
            p.name, p.name
        ));
    }
    s.push_str("  if (!DRY_RUN && n > 0) {\n");
    s.push_str(&format!(
        "    const res = coll.updateMany(pending, [{{ $replaceWith: {new} }}]);\n"
    ));
    s.push_str("    if (res.matchedCount !== n) {\n      throw new Error(`${label}: counted ${n} documents, matched ${res.matchedCount}: the data changed meanwhile; run again`);\n    }\n");
    s.push_str("    print(`${label}: ${res.modifiedCount} documents changed`);\n  }\n}\n");
    Some(s)
}

// ---------- partner collections: field maps, triggers, copy and catch-up ----------
//
// Each direction (old → partner, partner → old) is a field map: the fields both sides hold, each
// with an exact conversion or a refusal. The trigger functions write only mapped fields, field by
// field, with values converted on the server (exact BSON semantics), never a whole-document
// replace; a refused value stays on its side and is logged; a write whose converted values the
// other side already holds is skipped, so the other trigger's echo ends the exchange (an update
// that changes nothing adds no oplog entry, hence no event:
// https://www.mongodb.com/docs/manual/reference/method/db.collection.updateMany/#oplog-entries).
// Change events: https://www.mongodb.com/docs/manual/reference/change-events/ ; the function
// context: https://www.mongodb.com/docs/atlas/atlas-ui/triggers/functions/ .

/// How a value is carried from one side to the other.
#[derive(Debug, Clone, PartialEq)]
pub enum Carry {
    /// Stored the same way on both sides.
    Same,
    /// Converted value by value, exactly or not at all.
    Convert(super::data::Shape, super::data::Shape),
    /// No exact form: only null or missing carries; any other value is refused.
    Refuse,
}

/// One field a direction carries: `from` in the source collection, `to` in the other one.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldMap {
    pub from: String,
    pub to: String,
    pub carry: Carry,
    /// How the other side's value is carried back (to tell whether the two sides already agree
    /// when the conversion is not one-to-one, e.g. a list with duplicates and its set).
    pub back: Carry,
    /// The other side requires a value: a null or missing one is refused (the triggers never
    /// write a default).
    pub required: bool,
    /// For the copy only: the named parameter (name, value given) that fills a required value
    /// missing on the source side, as the user chose it.
    pub fill: Option<(String, Option<String>)>,
}

/// One direction of a partner pair.
#[derive(Debug, Clone, PartialEq)]
pub struct Direction {
    pub from: Target,
    pub to: Target,
    /// How `_id` maps.
    pub id: Carry,
    pub fields: Vec<FieldMap>,
}

/// Server expressions of one mapped field, over `$$ROOT` of a source document.
struct FieldExpr {
    /// The value to store (meaningful when `ok` and `has`).
    value: String,
    /// The value carries exactly (else it is refused and left on its side).
    ok: String,
    /// The other side should hold the field (false: it should be absent).
    has: String,
}

fn field_expr(f: &FieldMap, fill: Option<&str>) -> Option<FieldExpr> {
    let v = format!("\"$$ROOT.{}\"", f.from);
    let absent = format!("{{ $in: [{{ $type: {v} }}, [\"missing\", \"null\"]] }}");
    let missing = format!("{{ $eq: [{{ $type: {v} }}, \"missing\"] }}");
    let (value, exact) = match &f.carry {
        Carry::Same => (v.clone(), "true".to_string()),
        Carry::Convert(a, b) => {
            let (val, exact, _) = super::data::value_conv(&v, a, b, 0)?;
            (val, exact)
        }
        Carry::Refuse => (v.clone(), absent.clone()),
    };
    Some(if f.required {
        match fill {
            Some(p) => FieldExpr {
                value: format!("{{ $cond: [{absent}, {{ $literal: {p} }}, {value}] }}"),
                ok: format!("{{ $cond: [{absent}, HAS_{p}, {exact}] }}"),
                has: "true".into(),
            },
            None => FieldExpr {
                value,
                ok: format!("{{ $and: [{{ $not: [{absent}] }}, {exact}] }}"),
                has: "true".into(),
            },
        }
    } else {
        FieldExpr {
            value,
            ok: exact,
            has: format!("{{ $not: [{missing}] }}"),
        }
    })
}

/// (new `_id`, exact?) over `$$ROOT` of a source document.
fn id_expr(c: &Carry) -> Option<(String, String)> {
    let v = "\"$$ROOT._id\"";
    match c {
        Carry::Same => Some((v.into(), "true".into())),
        Carry::Convert(a, b) => {
            let (val, exact, _) = super::data::value_conv(v, a, b, 0)?;
            Some((val, exact))
        }
        Carry::Refuse => None,
    }
}

/// The JS expression mapping the event's key `id` to the other side's `_id`, or `undefined`
/// when it has no exact form there (the same strict forms as the server expressions: lowercase
/// 24-hex object ids, canonical base-10 integers).
fn js_map_id(c: &Carry) -> String {
    use crate::model::ScalarType as S;
    let Carry::Convert(a, b) = c else {
        return if *c == Carry::Same {
            "id".into()
        } else {
            "undefined".into()
        };
    };
    let int = |s: S| matches!(s, S::Int | S::Counter);
    match (a.scalar, b.scalar) {
        (x, y) if x == y || (int(x) && int(y)) => "id".into(),
        (S::String, S::ObjectId) => {
            "typeof id === \"string\" && /^[0-9a-f]{24}$/.test(id) ? new BSON.ObjectId(id) : undefined".into()
        }
        (S::ObjectId, S::String) => "id instanceof BSON.ObjectId ? id.toHexString() : undefined".into(),
        (x, S::String) if int(x) => "typeof id === \"number\" && Number.isSafeInteger(id) ? String(id) : id instanceof BSON.Long ? id.toString() : undefined".into(),
        (S::String, y) if int(y) => "typeof id === \"string\" && /^(0|-?[1-9][0-9]{0,18})$/.test(id) && String(BSON.Long.fromString(id)) === id ? BSON.Long.fromString(id) : undefined".into(),
        _ => "undefined".into(),
    }
}

impl Direction {
    /// The JS identifier of field `i`'s fill parameter, when it has one.
    fn fill_ident(&self, i: usize) -> Option<String> {
        self.fields[i].fill.as_ref().map(|_| format!("PARAM_{i}"))
    }

    /// Whether every mapped value and the key have an exact form (else part of the direction is
    /// left to the user).
    pub fn exact(&self) -> bool {
        id_expr(&self.id).is_some()
            && js_map_id(&self.id) != "undefined"
            && self
                .fields
                .iter()
                .all(|f| f.carry != Carry::Refuse && field_expr(f, None).is_some())
    }

    fn exprs(&self, fill: bool) -> Vec<FieldExpr> {
        self.fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let p = if fill { self.fill_ident(i) } else { None };
                // A conversion with no expression refuses every value (it never happens for the
                // maps the planner builds: it checks each conversion has one).
                field_expr(f, p.as_deref()).unwrap_or_else(|| FieldExpr {
                    value: "null".into(),
                    ok: "false".into(),
                    has: "false".into(),
                })
            })
            .collect()
    }

    /// The whole converted document (`_id` given), and whether every value carries.
    fn doc(&self, id: &str, ex: &[FieldExpr]) -> String {
        let mut parts = vec![format!("_id: {id}")];
        for (f, e) in self.fields.iter().zip(ex) {
            parts.push(format!(
                "{}: {{ $cond: [{}, {}, \"$$REMOVE\"] }}",
                js_str(&f.to),
                e.has,
                e.value
            ));
        }
        format!("{{ {} }}", parts.join(", "))
    }

    fn all_ok(id_ok: &str, ex: &[FieldExpr]) -> String {
        let mut v = vec![id_ok.to_string()];
        v.extend(ex.iter().map(|e| e.ok.clone()));
        format!("{{ $and: [{}] }}", v.join(", "))
    }

    /// `{ v: {f0: value}, h: {f0: has}, ok: {f0: ok} }` for a `$project` (booleans wrapped so a
    /// constant `true` is not read as an inclusion).
    fn parts(ex: &[FieldExpr]) -> String {
        let map = |g: &dyn Fn(&FieldExpr) -> String| {
            ex.iter()
                .enumerate()
                .map(|(i, e)| format!("f{i}: {}", g(e)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if ex.is_empty() {
            return "v: { $literal: {} }, h: { $literal: {} }, ok: { $literal: {} }".into();
        }
        format!(
            "v: {{ {} }}, h: {{ {} }}, ok: {{ {} }}",
            map(&|e| format!("{{ $cond: [{}, {}, null] }}", e.has, e.value)),
            map(&|e| format!("{{ $and: [{}] }}", e.has)),
            map(&|e| format!("{{ $and: [{}] }}", e.ok))
        )
    }

    /// `$set` of the other side's field `to` from `$$new` (field `i` of `parts`), kept as it is
    /// when the value is refused.
    fn set_from_new(&self, i: usize, guarded: bool) -> String {
        let to = &self.fields[i].to;
        let val = format!("{{ $cond: [\"$$new.h.f{i}\", \"$$new.v.f{i}\", \"$$REMOVE\"] }}");
        if guarded {
            format!("{}: {{ $cond: [\"$$new.ok.f{i}\", {val}, \"${to}\"] }}", js_str(to))
        } else {
            format!("{}: {val}", js_str(to))
        }
    }

    /// Whether the two sides already agree on field `i` (over a source document holding the
    /// other side's document as `p`): the other side holds the converted value (same value and
    /// BSON type; absent on both sides counts as equal), or its value carried back is the
    /// source's (a value with several exact forms there, e.g. a list with duplicates and its set).
    fn agrees(&self, i: usize, e: &FieldExpr, p: &str) -> String {
        let f = &self.fields[i];
        let eq = |a: &str, b: &str| {
            format!("{{ $and: [{{ $eq: [{{ $type: {a} }}, {{ $type: {b} }}] }}, {{ $eq: [{a}, {b}] }}] }}")
        };
        let now = format!("{{ $cond: [{}, {}, \"$$REMOVE\"] }}", e.has, e.value);
        let theirs = format!("\"$$ROOT.{p}.{}\"", f.to);
        let mut alts = vec![eq(&now, &theirs)];
        let back = FieldMap {
            from: format!("{p}.{}", f.to),
            to: f.from.clone(),
            carry: f.back.clone(),
            back: f.carry.clone(),
            required: false,
            fill: None,
        };
        if let Some(b) = field_expr(&back, None) {
            let mine = format!("\"$$ROOT.{}\"", f.from);
            let carried = format!("{{ $cond: [{}, {}, \"$$REMOVE\"] }}", b.has, b.value);
            alts.push(format!(
                "{{ $and: [{{ $eq: [{{ $type: \"$$ROOT.{p}\" }}, \"object\"] }}, {}, {}] }}",
                b.ok,
                eq(&carried, &mine)
            ));
        }
        format!("{{ $or: [{}] }}", alts.join(", "))
    }

    /// Whether the other side's `p.<to>` already equals field `i` (value and BSON type; absent
    /// on both sides counts as equal), over a document holding `v`/`h` and the partner as `p`.
    fn same(&self, i: usize, p: &str) -> String {
        let to = &self.fields[i].to;
        let a = format!("{{ $cond: [\"$h.f{i}\", \"$v.f{i}\", \"$$REMOVE\"] }}");
        let b = format!("\"${p}.{to}\"");
        format!("{{ $and: [{{ $eq: [{{ $type: {a} }}, {{ $type: {b} }}] }}, {{ $eq: [{a}, {b}] }}] }}")
    }
}

/// App Services database trigger config (`triggers/<name>.json`). The function re-reads the
/// document, so the event needs no full document.
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
            "full_document": false,
            "full_document_before_change": false,
            "unordered": false,
            "match": {},
            "project": {}
        },
        "event_processors": {"FUNCTION": {"config": {"function_name": function_name}}}
    }))
}

/// A partner trigger's function (`functions/<name>.js`), field-level and loss-free:
/// - delete: deletes the other side's document (no zombie);
/// - insert, or any event while the other side has no document: inserts the converted document,
///   unless a value has no exact form there (then nothing is written and each refusal is logged);
/// - update: only the top-level fields the event names (`updatedFields`, `removedFields`,
///   `truncatedArrays`), as a field-level `$set`/`$unset` on the other side;
/// - replace: every mapped field, compared with the other side's current document;
/// - fields the other side does not map are never written; a refused value is logged, not
///   written; fields whose converted value the other side already holds are not written, and
///   when none is left nothing is written (so the other trigger's echo of this write ends there).
///
/// The document is re-read (not taken from the event), so a late or repeated event acts on the
/// current state: a document deleted since is deleted on the other side too.
pub fn partner_function(d: &Direction) -> String {
    let db = |t: &Target| t.database.clone().unwrap_or_else(|| "<set the database name>".into());
    let ex = d.exprs(false);
    let mut s = String::from("exports = async function (changeEvent) {\n");
    s.push_str("  // Events without a document (invalidate, drop, ...) carry nothing to copy.\n");
    s.push_str("  if (!changeEvent || !changeEvent.documentKey) return;\n");
    s.push_str(&format!(
        "  const source = context.services.get({}).db({}).collection({});\n",
        js_str(&d.from.data_source),
        js_str(&db(&d.from)),
        js_str(&d.from.collection)
    ));
    s.push_str(&format!(
        "  const target = context.services.get({}).db({}).collection({});\n",
        js_str(&d.to.data_source),
        js_str(&db(&d.to)),
        js_str(&d.to.collection)
    ));
    s.push_str("  const id = changeEvent.documentKey._id;\n");
    s.push_str(&format!(
        "  const refuse = (field, reason) =>\n    console.log(EJSON.stringify({{ syncplan_refused: {{ collection: {}, into: {}, _id: id, field, reason }} }}));\n",
        js_str(&d.from.collection),
        js_str(&d.to.collection)
    ));
    s.push_str(&format!("  const pid = {};\n", js_map_id(&d.id)));
    s.push_str(&format!(
        "  if (pid === undefined) {{\n    refuse(\"_id\", {});\n    return;\n  }}\n",
        js_str(&format!("the key has no exact form in {}", d.to.collection))
    ));
    s.push_str("  if (changeEvent.operationType === \"delete\") {\n    await target.deleteOne({ _id: pid });\n    return;\n  }\n");
    let names: Vec<String> = d.fields.iter().map(|f| js_str(&f.from)).collect();
    s.push_str(&format!("  const FIELDS = [{}];\n", names.join(", ")));
    s.push_str("  let todo = FIELDS.map((_, i) => i);\n");
    s.push_str("  if (changeEvent.operationType === \"update\") {\n");
    s.push_str("    const u = changeEvent.updateDescription || {};\n");
    s.push_str("    const paths = [\n      ...Object.keys(u.updatedFields || {}),\n      ...(u.removedFields || []),\n      ...(u.truncatedArrays || []).map((t) => t.field),\n    ];\n");
    s.push_str("    const top = new Set(paths.map((p) => String(p).split(\".\")[0]));\n");
    s.push_str("    todo = todo.filter((i) => top.has(FIELDS[i]));\n");
    s.push_str("    if (todo.length === 0) return; // no field the other side holds changed\n  }\n");
    let p = "__syncplan_partner";
    let same: Vec<String> = (0..d.fields.len())
        .map(|i| format!("f{i}: {}", d.agrees(i, &ex[i], p)))
        .collect();
    let oks: Vec<String> = ex
        .iter()
        .enumerate()
        .map(|(i, e)| format!("f{i}: {{ $and: [{}] }}", e.ok))
        .collect();
    s.push_str("  const [st] = await source\n    .aggregate([\n      { $match: { _id: id } },\n");
    s.push_str(&format!(
        "      {{ $lookup: {{ from: {}, pipeline: [{{ $match: {{ _id: pid }} }}], as: \"{p}\" }} }},\n",
        js_str(&d.to.collection)
    ));
    s.push_str(&format!(
        "      {{ $set: {{ {p}: {{ $arrayElemAt: [\"${p}\", 0] }} }} }},\n"
    ));
    let obj = |v: &[String]| {
        if v.is_empty() {
            "{ $literal: {} }".to_string()
        } else {
            format!("{{ {} }}", v.join(", "))
        }
    };
    s.push_str(&format!(
        "      {{ $project: {{ _id: 0, exists: {{ $eq: [{{ $type: \"${p}\" }}, \"object\"] }}, ok: {}, same: {} }} }},\n    ])\n    .toArray();\n",
        obj(&oks),
        obj(&same)
    ));
    s.push_str("  if (!st) {\n    // Deleted since the event: the other side follows.\n    await target.deleteOne({ _id: pid });\n    return;\n  }\n");
    s.push_str("  if (!st.exists) {\n");
    s.push_str("    // First write to the other side: the whole converted document, or nothing.\n");
    s.push_str("    const refused = FIELDS.map((_, i) => i).filter((i) => !st.ok[\"f\" + i]);\n");
    s.push_str(&format!(
        "    if (refused.length > 0) {{\n      refused.forEach((i) => refuse(FIELDS[i], {}));\n      return;\n    }}\n",
        js_str(&format!(
            "no exact form in {}: the document is not copied until it has one",
            d.to.collection
        ))
    ));
    s.push_str(&format!(
        "    await source\n      .aggregate([\n        {{ $match: {{ _id: id }} }},\n        {{ $replaceWith: {} }},\n        {{ $merge: {{ into: {}, on: \"_id\", whenMatched: \"keepExisting\", whenNotMatched: \"insert\" }} }},\n      ])\n      .toArray();\n    return;\n  }}\n",
        d.doc("{ $literal: pid }", &ex),
        js_str(&d.to.collection)
    ));
    s.push_str(&format!(
        "  todo.filter((i) => !st.ok[\"f\" + i]).forEach((i) => refuse(FIELDS[i], {}));\n",
        js_str(&format!("no exact form in {}: left as it is there", d.to.collection))
    ));
    s.push_str("  const write = todo.filter((i) => st.ok[\"f\" + i] && !st.same[\"f\" + i]);\n");
    s.push_str(
        "  // The other side already holds every value (e.g. the other trigger's own echo): no write, no event.\n",
    );
    s.push_str("  if (write.length === 0) return;\n");
    let sets: Vec<String> = (0..d.fields.len())
        .map(|i| {
            format!(
                "    [{}, {{ {} }}],\n",
                js_str(&d.fields[i].to),
                d.set_from_new(i, true)
            )
        })
        .collect();
    s.push_str(&format!("  const SET = [\n{}  ];\n", sets.concat()));
    s.push_str("  const set = Object.assign({}, ...write.map((i) => SET[i][1]));\n");
    s.push_str(&format!(
        "  await source\n    .aggregate([\n      {{ $match: {{ _id: id }} }},\n      {{ $project: {{ _id: {{ $literal: pid }}, {} }} }},\n      {{ $merge: {{ into: {}, on: \"_id\", whenMatched: [{{ $set: set }}], whenNotMatched: \"discard\" }} }},\n    ])\n    .toArray();\n}};\n",
        Direction::parts(&ex),
        js_str(&d.to.collection)
    ));
    s
}

/// The partner copy, which is also the catch-up and the reconcile after a trigger suspension
/// (idempotent: a second run writes nothing):
/// 1. deletes partner documents whose source document is gone (writes missed by the triggers,
///    e.g. a delete between the copy's read and its write: no zombie);
/// 2. brings partner documents up to date field by field, for the mapped fields only, with
///    values that carry exactly (refused ones stay as they are there and are listed);
/// 3. inserts the documents not copied yet whose values all carry (`$merge` `keepExisting`,
///    never `$out`); the others are counted and listed.
///
/// Run it before new clients write to the partner collection (it takes the old side's values).
pub fn partner_copy(d: &Direction, reverse_id: &Carry) -> String {
    let ex = d.exprs(true);
    // A key with no exact form in the partner collection: every document is refused and listed
    // (the plan says this part is left to the user), nothing is written.
    let (id, id_ok) = id_expr(&d.id).unwrap_or_else(|| ("\"$$ROOT._id\"".into(), "false".into()));
    let (rid, rid_ok) = id_expr(reverse_id).unwrap_or(("null".into(), "false".into()));
    let all_ok = Direction::all_ok(&id_ok, &ex);
    let partner = &d.to.collection;
    let mut s = String::from(DRY_RUN);
    s.push_str("{\n");
    s.push_str(&format!("  const source = {};\n", coll(&d.from)));
    s.push_str(&format!("  const partner = {};\n", coll(&d.to)));
    s.push_str(&format!(
        "  const label = {};\n",
        js_str(&format!("{} → {partner}", d.from.collection))
    ));
    for (i, f) in d.fields.iter().enumerate() {
        if let Some((name, value)) = &f.fill {
            match value {
                Some(v) => s.push_str(&format!("  const PARAM_{i} = {v}; // --param {name}\n")),
                None => s.push_str(&format!(
                    "  const PARAM_{i} = undefined; // set with: syncplan plan --param '{name}=<mongosh value>'\n"
                )),
            }
            s.push_str(&format!("  const HAS_PARAM_{i} = PARAM_{i} !== undefined;\n"));
        }
    }
    s.push_str(&format!("  const carried = {{ $expr: {all_ok} }};\n"));
    s.push_str("  const refusedIds = source.find({ $nor: [carried] }, { _id: 1 }).toArray().map((d) => d._id);\n");
    s.push_str(&format!(
        "  printjson({{ syncplan_refused: {{ collection: {}, path: label, count: refusedIds.length, ids: refusedIds.slice(0, 1000) }} }});\n",
        js_str(&d.from.collection)
    ));
    for (i, f) in d.fields.iter().enumerate() {
        if let Some((name, _)) = &f.fill {
            s.push_str(&format!(
                "  if (!HAS_PARAM_{i} && !DRY_RUN && source.countDocuments({{ $expr: {{ $in: [{{ $type: \"$$ROOT.{}\" }}, [\"missing\", \"null\"]] }} }}) > 0) {{\n    throw new Error(\"documents need a value: set the parameter {name} (syncplan plan --param '{name}=<value>')\");\n  }}\n",
                f.from
            ));
        }
    }
    // 1. orphans
    s.push_str(&format!(
        "  const orphans = partner\n    .aggregate([\n      {{ $project: {{ _id: 1, sid: {rid}, ok: {{ $and: [{rid_ok}] }} }} }},\n      {{ $match: {{ ok: true }} }},\n      {{ $lookup: {{ from: {}, localField: \"sid\", foreignField: \"_id\", as: \"src\" }} }},\n      {{ $match: {{ src: {{ $size: 0 }} }} }},\n      {{ $project: {{ _id: 1 }} }},\n    ])\n    .toArray()\n    .map((d) => d._id);\n",
        js_str(&d.from.collection)
    ));
    // 2. field level
    let fields_stage = format!("{{ $project: {{ _id: {id}, {} }} }}", Direction::parts(&ex));
    let differs: Vec<String> = (0..d.fields.len())
        .map(|i| format!("{{ $and: [\"$ok.f{i}\", {{ $not: [{}] }}] }}", d.same(i, "p")))
        .collect();
    s.push_str(&format!(
        "  const fieldLevel = [\n    {{ $match: {{ $expr: {id_ok} }} }},\n    {fields_stage},\n  ];\n"
    ));
    s.push_str(&format!(
        "  const changed = source\n    .aggregate([\n      ...fieldLevel,\n      {{ $lookup: {{ from: {}, localField: \"_id\", foreignField: \"_id\", as: \"p\" }} }},\n      {{ $match: {{ $expr: {{ $gt: [{{ $size: \"$p\" }}, 0] }} }} }},\n      {{ $set: {{ p: {{ $arrayElemAt: [\"$p\", 0] }} }} }},\n      {{ $match: {{ $expr: {{ $or: [{}] }} }} }},\n      {{ $project: {{ _id: 1 }} }},\n    ])\n    .toArray().length;\n",
        js_str(partner),
        if differs.is_empty() { "false".to_string() } else { differs.join(", ") }
    ));
    s.push_str("  const n = source.countDocuments(carried);\n");
    s.push_str("  const before = partner.countDocuments({});\n");
    s.push_str("  print(`${label}: ${orphans.length} partner documents whose source is gone, ${changed} to update field by field, ${n} carried (those not in the partner collection yet are inserted), ${refusedIds.length} refused (not copied)`);\n");
    s.push_str("  if (!DRY_RUN) {\n");
    s.push_str("    if (orphans.length > 0) {\n      partner.deleteMany({ _id: { $in: orphans } });\n    }\n");
    let sets: Vec<String> = (0..d.fields.len()).map(|i| d.set_from_new(i, true)).collect();
    if !sets.is_empty() {
        s.push_str(&format!(
            "    source\n      .aggregate([\n        ...fieldLevel,\n        {{ $merge: {{ into: {}, on: \"_id\", whenMatched: [{{ $set: {{ {} }} }}], whenNotMatched: \"discard\" }} }},\n      ])\n      .toArray();\n",
            js_str(partner),
            sets.join(", ")
        ));
    }
    s.push_str(&format!(
        "    source\n      .aggregate([\n        {{ $match: carried }},\n        {{ $replaceWith: {} }},\n        {{ $merge: {{ into: {}, on: \"_id\", whenMatched: \"keepExisting\", whenNotMatched: \"insert\" }} }},\n      ])\n      .toArray();\n",
        d.doc(&id, &ex),
        js_str(partner)
    ));
    s.push_str("    print(`${label}: ${orphans.length} deleted, ${partner.countDocuments({}) - before + orphans.length} inserted`);\n  }\n}\n");
    s
}

/// A field that holds keys of the re-keyed type: `collection.field`, a single link or a list/set.
pub struct KeyRef {
    pub target: Target,
    pub field: String,
    pub many: bool,
}

/// Re-keys documents by reinsert (an `_id` cannot be updated, plan-safety I3): for each document
/// whose key converts exactly, insert the document with the new key (skipped when a previous run
/// already did), repoint every reference, then delete the old document. Keyed by the old `_id`,
/// so a re-run resumes. Keys that do not convert are refused and listed with the documents that
/// reference them; they are never nulled.
pub fn rekey(t: &Target, from: &super::data::Shape, to: &super::data::Shape, refs: &[KeyRef]) -> Option<String> {
    let op = super::data::Op::Convert {
        field: "_id".into(),
        from: *from,
        to: *to,
    };
    let leaf = super::data::leaf(&op, "PARAM")?;
    let (new, refused, pending) = super::data::along("\"$$ROOT\"", &[], 0, leaf.as_ref());
    let mut s = String::from(DRY_RUN);
    s.push_str("{\n");
    s.push_str(&format!("  const coll = {};\n", coll(t)));
    s.push_str(&format!(
        "  const label = {};\n",
        js_str(&format!("{}._id", t.collection))
    ));
    s.push_str(&format!("  const refused = {{ $expr: {refused} }};\n"));
    s.push_str(&format!("  const pending = {{ $expr: {pending} }};\n"));
    s.push_str("  const refusedIds = coll.find(refused, { _id: 1 }).toArray().map((d) => d._id);\n");
    s.push_str(&format!(
        "  printjson({{ syncplan_refused: {{ collection: {}, path: label, count: refusedIds.length, ids: refusedIds.slice(0, 1000) }} }});\n",
        js_str(&t.collection)
    ));
    for r in refs {
        s.push_str(&format!(
            "  {{\n    const holders = {}.find({{ {}: {{ $in: refusedIds }} }}, {{ _id: 1 }}).toArray().map((d) => d._id);\n    printjson({{ syncplan_refused: {{ collection: {}, path: {}, count: holders.length, ids: holders.slice(0, 1000) }} }});\n  }}\n",
            coll(&r.target),
            js_str(&r.field),
            js_str(&r.target.collection),
            js_str(&format!("{}.{} (references a refused key)", r.target.collection, r.field))
        ));
    }
    s.push_str("  const todo = coll.find({ $and: [pending, { $nor: [refused] }] }).toArray();\n");
    s.push_str(
        "  print(`${label}: ${todo.length} documents to re-key, ${refusedIds.length} refused (left as they are)`);\n",
    );
    s.push_str("  if (!DRY_RUN) {\n    let moved = 0;\n    for (const d of todo) {\n");
    s.push_str(&format!(
        "      const nd = coll.aggregate([{{ $match: {{ _id: d._id }} }}, {{ $replaceWith: {new} }}]).toArray()[0];\n"
    ));
    s.push_str("      if (coll.countDocuments({ _id: nd._id }) === 0) {\n        coll.insertOne(nd);\n      }\n");
    for r in refs {
        let c = coll(&r.target);
        let f = js_str(&r.field);
        if r.many {
            s.push_str(&format!(
                "      {c}.updateMany({{ {f}: d._id }}, {{ $set: {{ {}: nd._id }} }}, {{ arrayFilters: [{{ \"x\": d._id }}] }});\n",
                js_str(&format!("{}.$[x]", r.field))
            ));
        } else {
            s.push_str(&format!(
                "      {c}.updateMany({{ {f}: d._id }}, {{ $set: {{ {f}: nd._id }} }});\n"
            ));
        }
    }
    s.push_str("      coll.deleteOne({ _id: d._id });\n      moved++;\n    }\n");
    s.push_str("    print(`${label}: ${moved} documents re-keyed`);\n  }\n}\n");
    Some(s)
}
