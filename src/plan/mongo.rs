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
pub fn migration_function(
    from: &Target,
    to_collection: &str,
    stages: &[String],
    id_expr: &str,
    prelude: &str,
) -> String {
    let db = from
        .database
        .clone()
        .unwrap_or_else(|| "<set the database name>".into());
    let mut s = String::from("exports = async function (changeEvent) {\n");
    s.push_str(prelude);
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

/// The exact transformation of a partner copy: the refusal test (any value that cannot be carried)
/// and the stages, from top-level data operations. `params` are (JS identifier, name, value).
pub struct Transform {
    pub refused: String,
    pub stages: Vec<String>,
    pub params: Vec<(String, String, Option<String>)>,
    /// Operations with no exact form (the copy would be incomplete).
    pub manual: bool,
}

pub fn transform(ops: &[super::data::WithParam], unset: &[String]) -> Transform {
    let mut refused = Vec::new();
    let mut stages = Vec::new();
    let mut params = Vec::new();
    let mut manual = false;
    for (i, (op, param)) in ops.iter().enumerate() {
        let ident = format!("PARAM_{i}");
        let Some(leaf) = super::data::leaf(op, &ident) else {
            manual = true;
            continue;
        };
        let (new, r, _) = super::data::along("\"$$ROOT\"", &[], 0, leaf.as_ref());
        refused.push(r);
        stages.push(format!("{{ $replaceWith: {new} }}"));
        if let Some((name, value)) = param {
            params.push((ident, name.clone(), value.clone()));
        }
    }
    if !unset.is_empty() {
        let list: Vec<String> = unset.iter().map(|u| js_str(u)).collect();
        stages.push(format!("{{ $unset: [{}] }}", list.join(", ")));
    }
    let refused = if refused.is_empty() {
        "false".to_string()
    } else {
        format!("{{ $or: [{}] }}", refused.join(", "))
    };
    Transform {
        refused,
        stages,
        params,
        manual,
    }
}

fn param_lines(t: &Transform, indent: &str) -> String {
    let mut s = String::new();
    for (ident, name, value) in &t.params {
        match value {
            Some(v) => s.push_str(&format!("{indent}const {ident} = {v}; // --param {name}\n")),
            None => s.push_str(&format!(
                "{indent}const {ident} = undefined; // set with: syncplan plan --param '{name}=<mongosh value>'\n"
            )),
        }
    }
    s
}

/// The partner-collection copy: every document whose values all carry exactly is transformed and
/// inserted into the partner collection where absent (`$merge` `keepExisting`, never `$out`: a
/// re-run keeps what the triggers wrote); refused documents are counted and listed, not copied.
/// The same script is the initial copy and the catch-up (idempotent).
pub fn partner_copy(t: &Target, partner: &str, tr: &Transform) -> String {
    let mut s = String::from(DRY_RUN);
    s.push_str("{\n");
    s.push_str(&format!("  const source = {};\n", coll(t)));
    s.push_str(&format!(
        "  const partner = db.getSiblingDB(DATABASE).getCollection({});\n",
        js_str(partner)
    ));
    s.push_str(&format!(
        "  const label = {};\n",
        js_str(&format!("{} → {partner}", t.collection))
    ));
    s.push_str(&param_lines(tr, "  "));
    s.push_str(&format!("  const refused = {{ $expr: {} }};\n", tr.refused));
    s.push_str("  const refusedIds = source.find(refused, { _id: 1 }).toArray().map((d) => d._id);\n");
    s.push_str(&format!(
        "  printjson({{ syncplan_refused: {{ collection: {}, path: label, count: refusedIds.length, ids: refusedIds.slice(0, 1000) }} }});\n",
        js_str(&t.collection)
    ));
    s.push_str("  const n = source.countDocuments({ $nor: [refused] });\n");
    s.push_str("  const before = partner.countDocuments({});\n");
    s.push_str("  print(`${label}: ${n} documents to copy (those already in the partner collection are kept), ${refusedIds.length} refused (not copied)`);\n");
    for (ident, name, _) in &tr.params {
        s.push_str(&format!(
            "  if ({ident} === undefined && !DRY_RUN) {{\n    throw new Error(\"set the parameter {name} (syncplan plan --param '{name}=<value>')\");\n  }}\n"
        ));
    }
    s.push_str("  if (!DRY_RUN) {\n    source.aggregate([\n      { $match: { $nor: [refused] } },\n");
    for st in &tr.stages {
        s.push_str(&format!("      {st},\n"));
    }
    s.push_str(&format!(
        "      {{ $merge: {{ into: {}, on: \"_id\", whenMatched: \"keepExisting\", whenNotMatched: \"insert\" }} }}\n    ]).toArray();\n",
        js_str(partner)
    ));
    s.push_str("    print(`${label}: ${partner.countDocuments({}) - before} documents inserted`);\n  }\n}\n");
    s
}

/// Parameter declarations for a function body.
pub fn params_prelude(t: &Transform) -> String {
    param_lines(t, "  ")
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
