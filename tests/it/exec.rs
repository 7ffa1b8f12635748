//! Plans verified by execution: the mongosh scripts of every plan run, in the plan's order, on
//! documents valid under OLD (with adversarial values), in Node against `mingo` (an independent
//! implementation of MongoDB's query, update and aggregation semantics) behind the mongosh shim
//! in `tests/node/shim/`. Asserted: every script parses (`node --check`); the run succeeds; every
//! document of the collection clients sync after the plan is valid under NEW, except the documents
//! the scripts report as refused, which keep their values; fields no finding touches keep their
//! values; converted values are the exact conversion; a second run writes nothing.
//!
//! What mingo cannot show (plan-safety.md §5): numbers are JS numbers, so int / long / double are
//! told apart by value, and BSON-type fidelity of conversions is not observable here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use syncplan::classify::{Classified, classify};
use syncplan::diff::{DiffOptions, diff};
use syncplan::load::load_one;
use syncplan::model::{Collection, Element, ObjectKind, ObjectType, PropertyType, ScalarType, Schema};
use syncplan::plan::{Plan, PlanOptions, Strategy, plan};
use syncplan::rules::Context;

use crate::support::{CRATE, node_dir, require_node};

pub const DB: &str = "app";
pub const DOCS: usize = 12;

pub fn examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(Path::new(CRATE).join("migrations-examples"))
        .expect("examples")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("before").is_dir() && p.join("after").is_dir())
        // Local-realm examples (keyless types, no server) have no MongoDB documents to migrate.
        .filter(|p| !syncplan::catalog::example_is_local(p))
        .collect();
    v.sort();
    v
}

pub struct Case {
    pub name: String,
    pub old: Schema,
    pub new: Schema,
    pub c: Classified,
    pub plan: Plan,
}

pub fn case(dir: &Path, strategy: Strategy, params: &[(&str, &str)]) -> Case {
    let o = load_one(&dir.join("before")).expect("before loads");
    let n = load_one(&dir.join("after")).expect("after loads");
    let hints = syncplan::catalog::example_hints(dir, &o.schema, &n.schema).expect("hints");
    case_of(
        &format!("{} --strategy {}", dir.display(), strategy.as_str()),
        o.schema,
        n.schema,
        hints,
        strategy,
        params,
    )
}

pub fn case_of(
    name: &str,
    old: Schema,
    new: Schema,
    renames: Vec<syncplan::diff::RenameHint>,
    strategy: Strategy,
    params: &[(&str, &str)],
) -> Case {
    let sv = strategy == Strategy::SchemaVersion;
    let c = classify(
        &diff(&old, &new, &DiffOptions { renames }),
        &Context {
            development_mode: false,
            schema_versioning: sv,
            local: false,
        },
    );
    let p = plan(
        &c,
        &old,
        &new,
        &PlanOptions {
            strategy: Some(strategy),
            schema_versioning: sv,
            database: Some(DB.into()),
            params: params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        },
    );
    Case {
        name: name.into(),
        old,
        new,
        c,
        plan: p,
    }
}

/// `database/collection` of a top-level type, as the plan's scripts address it.
pub fn collection_of(t: &ObjectType) -> String {
    let ns = t.namespace.as_ref();
    let db = ns
        .map(|n| n.database.clone())
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| DB.into());
    let coll = ns
        .map(|n| n.collection.clone())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| t.name.clone());
    format!("{db}/{coll}")
}

// ---------- documents valid under OLD, with adversarial values ----------

pub fn scalar(s: ScalarType, i: usize) -> Value {
    match s {
        ScalarType::Bool => json!(i.is_multiple_of(2)),
        ScalarType::Int | ScalarType::Counter => [
            json!(0),
            json!(1),
            json!(7),
            json!(-5),
            json!(1_099_511_627_776i64),
            json!(42),
        ][i % 6]
            .clone(),
        ScalarType::Float | ScalarType::Double => [
            json!(1.5),
            json!(2.0),
            json!(-0.25),
            json!(1e300),
            json!(3.0),
            json!(0.1),
        ][i % 6]
            .clone(),
        ScalarType::String => [
            "abc",
            "false",
            "007",
            "12",
            "",
            "2.5",
            "true",
            "65a1b2c3d4e5f60718293a4b",
            "-3",
        ][i % 9]
            .into(),
        ScalarType::Date => json!({"$date": format!("2020-0{}-1{}T12:00:0{}.000Z", 1 + i % 9, i % 10, i % 10)}),
        ScalarType::ObjectId => json!({"$oid": format!("65a1b2c3d4e5f607182930{:02x}", i % 256)}),
        ScalarType::Decimal128 => json!({"$numberDecimal": (["3.25", "10", "-1.5"][i % 3])}),
        ScalarType::Uuid => json!({"$uuid": format!("3b241101-e2bb-4255-8caf-4136c566a9{:02x}", i % 256)}),
        ScalarType::Data => json!({"$binary": {"base64": "AQID", "subType": "00"}}),
        ScalarType::Mixed => [json!("m"), json!(5), Value::Null, json!(true)][i % 4].clone(),
    }
}

/// The primary-key value of document `i` of a type (unique).
pub fn key(s: ScalarType, i: usize) -> Value {
    match s {
        ScalarType::String => {
            if i.is_multiple_of(3) {
                json!(format!("{}", 100 + i))
            } else if i % 3 == 1 {
                json!(format!("k{i}"))
            } else {
                json!(format!("65a1b2c3d4e5f607182931{:02x}", i % 256))
            }
        }
        ScalarType::Int | ScalarType::Counter => json!(i as i64 + 1),
        ScalarType::ObjectId => json!({"$oid": format!("65a1b2c3d4e5f607182930{:02x}", i % 256)}),
        ScalarType::Uuid => json!({"$uuid": format!("3b241101-e2bb-4255-8caf-4136c566a9{:02x}", i % 256)}),
        other => scalar(other, i),
    }
}

pub fn key_type(s: &Schema, ty: &str) -> Option<ScalarType> {
    let t = s.types.get(ty)?;
    match t.primary_key.as_ref().and_then(|k| t.properties.get(k)).map(|p| &p.ty) {
        Some(PropertyType::Value {
            element: Element::Scalar(x),
            ..
        }) => Some(*x),
        _ => None,
    }
}

fn element(s: &Schema, e: &Element, i: usize, depth: usize) -> Value {
    match e {
        Element::Scalar(x) => scalar(*x, i),
        Element::Object(t) => match s.types.get(t) {
            Some(o) if o.kind == ObjectKind::Embedded => {
                if depth > 3 {
                    Value::Null
                } else {
                    object(s, o, i, depth + 1)
                }
            }
            _ => key_type(s, t).map(|k| key(k, i % DOCS)).unwrap_or(Value::Null),
        },
    }
}

pub fn object(s: &Schema, t: &ObjectType, i: usize, depth: usize) -> Value {
    let mut m = serde_json::Map::new();
    for (j, p) in t.properties.values().enumerate() {
        let PropertyType::Value { collection, element: e } = &p.ty else {
            continue;
        };
        let k = i + j;
        if t.primary_key.as_deref() == Some(p.name.as_str()) {
            m.insert(
                p.name.clone(),
                key(key_type(s, &t.name).unwrap_or(ScalarType::String), i),
            );
            continue;
        }
        let is_link = matches!(e, Element::Object(_));
        let v = match collection {
            Collection::Single => {
                if (p.optional || is_link) && k % 4 == 1 {
                    Value::Null
                } else if (p.optional || is_link) && k % 4 == 3 {
                    continue;
                } else {
                    let v = element(s, e, k, depth);
                    if v.is_null() && !(p.optional || is_link) {
                        continue;
                    }
                    v
                }
            }
            Collection::List => match k % 3 {
                0 => json!([]),
                // duplicates
                1 => json!([
                    element(s, e, k, depth),
                    element(s, e, k, depth),
                    element(s, e, k + 1, depth)
                ]),
                _ => json!([element(s, e, k + 2, depth)]),
            },
            Collection::Set => {
                let (a, b) = (element(s, e, k, depth), element(s, e, k + 1, depth));
                if a == b { json!([a]) } else { json!([a, b]) }
            }
            Collection::Dictionary => json!({"k1": element(s, e, k, depth), "k2": element(s, e, k + 3, depth)}),
        };
        m.insert(p.name.clone(), v);
    }
    Value::Object(m)
}

/// Documents of every collection of `s`, keyed by collection name.
pub fn documents(s: &Schema) -> BTreeMap<String, Vec<Value>> {
    let mut out = BTreeMap::new();
    for t in s.types.values().filter(|t| t.kind != ObjectKind::Embedded) {
        let docs: Vec<Value> = (0..DOCS).map(|i| object(s, t, i, 0)).collect();
        out.insert(collection_of(t), docs);
    }
    out
}

/// The App Services `$jsonSchema` of every collection of `s` (what the server validates).
pub fn schemas(s: &Schema) -> BTreeMap<String, (String, Value)> {
    let files = syncplan::devmode::devmode(s, DB);
    let mut out = BTreeMap::new();
    for t in s.types.values().filter(|t| t.kind != ObjectKind::Embedded) {
        let path = format!("data_sources/mongodb-atlas/{DB}/{}/schema.json", t.name);
        let v: Value = serde_json::from_str(&files[&path]).expect("schema json");
        out.insert(collection_of(t), (t.name.clone(), v));
    }
    out
}

// ---------- running ----------

pub struct Outcome {
    pub runs: Vec<Value>,
    pub invalid: Value,
    pub invalid_before: Value,
}

pub fn run_job(
    name: &str,
    docs: &BTreeMap<String, Vec<Value>>,
    scripts: &[(String, String)],
    new_schemas: &BTreeMap<String, Value>,
    old_schemas: &BTreeMap<String, Value>,
    env: &[(&str, &str)],
) -> Outcome {
    require_node(&["mingo", "bson"]);
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |job: &Value| -> Value {
        let path = dir.path().join("job.json");
        std::fs::write(&path, job.to_string()).expect("write job");
        let out = Command::new("node")
            .arg(node_dir().join("shim/run.js"))
            .arg(&path)
            .output()
            .expect("node runs");
        assert!(
            out.status.success(),
            "{name}: the shim failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("shim json")
    };
    let scripts_json: Vec<Value> = scripts.iter().map(|(n, s)| json!({"name": n, "source": s})).collect();
    let env: serde_json::Map<String, Value> = env.iter().map(|(k, v)| (k.to_string(), json!(v))).collect();
    let before = run(&json!({"collections": docs, "scripts": [], "schemas": old_schemas}));
    let res = run(&json!({
        "collections": docs, "scripts": scripts_json, "repeat": 2,
        "schemas": new_schemas, "env": env,
    }));
    Outcome {
        runs: res["runs"].as_array().cloned().unwrap_or_default(),
        invalid: res["invalid"].clone(),
        invalid_before: before["invalid"].clone(),
    }
}

/// Every script of the plan, in step order.
pub fn scripts(p: &Plan) -> Vec<(String, String)> {
    p.steps
        .iter()
        .filter_map(|s| {
            s.script.as_ref().map(|sc| {
                (
                    s.artifacts
                        .first()
                        .cloned()
                        .unwrap_or_else(|| format!("step-{}", s.number)),
                    sc.clone(),
                )
            })
        })
        .collect()
}

pub fn node_check(name: &str, script: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("script.js");
    std::fs::write(&path, script).expect("write");
    let out = Command::new("node")
        .arg("--check")
        .arg(&path)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{name}: the script does not parse: {}\n{script}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Refusals the scripts reported: (collection, _id as EJSON text).
fn refused(run: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for s in run["scripts"].as_array().into_iter().flatten() {
        for line in s["log"].as_array().into_iter().flatten() {
            let Some(l) = line.as_str() else { continue };
            let Ok(v) = serde_json::from_str::<Value>(l) else {
                continue;
            };
            if let Some(r) = v.get("syncplan_refused") {
                let coll = r["collection"].as_str().unwrap_or_default().to_string();
                for id in r["ids"].as_array().into_iter().flatten() {
                    out.insert((coll.clone(), id.to_string()));
                }
            }
        }
    }
    out
}

/// Normalises an EJSON value for comparisons (numbers by value, as the shim stores them).
pub fn norm(v: &Value) -> Value {
    match v {
        Value::Object(m) if m.len() == 1 => {
            let (k, x) = m.iter().next().expect("one key");
            match k.as_str() {
                "$numberDecimal" | "$numberLong" | "$numberInt" => {
                    json!(x.as_str().and_then(|s| s.parse::<f64>().ok()).unwrap_or(f64::NAN))
                }
                _ => json!({ k: norm(x) }),
            }
        }
        Value::Object(m) => Value::Object(m.iter().map(|(k, x)| (k.clone(), norm(x))).collect()),
        Value::Array(a) => Value::Array(a.iter().map(norm).collect()),
        Value::Number(n) => json!(n.as_f64()),
        other => other.clone(),
    }
}

/// Runs a case and asserts the invariants; returns the final state of the first run.
pub fn verify(cs: &Case) -> Value {
    let name = &cs.name;
    let scripts = scripts(&cs.plan);
    for (n, s) in &scripts {
        node_check(&format!("{name} {n}"), s);
    }
    let docs = documents(&cs.old);
    let old_schemas: BTreeMap<String, Value> = schemas(&cs.old).into_iter().map(|(c, (_, s))| (c, s)).collect();
    let new_by_coll = schemas(&cs.new);
    // Where NEW's documents live after the plan: the partner collection for partnered types
    // (same database), keyed by the source `database/collection`.
    let mut partner: BTreeMap<String, String> = BTreeMap::new();
    for p in &cs.plan.partners {
        if let Some(t) = cs.old.types.get(&p.object_type) {
            let src = collection_of(t);
            let db = src.split_once('/').map(|(d, _)| d.to_string()).unwrap_or_default();
            partner.insert(src, format!("{db}/{}", p.partner_collection));
        }
    }
    let mut new_schemas = BTreeMap::new();
    for (coll, (_, s)) in &new_by_coll {
        new_schemas.insert(partner.get(coll).cloned().unwrap_or(coll.clone()), s.clone());
    }
    let out = run_job(name, &docs, &scripts, &new_schemas, &old_schemas, &[]);
    assert_eq!(
        out.invalid_before,
        json!({}),
        "{name}: the generated documents are not valid under OLD"
    );
    let first = &out.runs[0];
    for s in first["scripts"].as_array().into_iter().flatten() {
        assert!(
            s["error"].is_null() && (s["quit"].is_null() || s["quit"] == json!(0)),
            "{name}: script {} failed: {} {}\nlog: {}",
            s["name"],
            s["error"],
            s["quit"],
            s["log"]
        );
    }
    let refusals = refused(first);
    // A plan with a part left to the user says so; what it does run must still be safe.
    let complete = cs.plan.complete;
    assert_eq!(
        complete,
        !cs.plan.steps.iter().any(|s| s.left_to_user),
        "{name}: plan.complete disagrees with its steps"
    );
    // Every document valid under NEW, except those reported as refused.
    if let Some(m) = out.invalid.as_object().filter(|_| complete) {
        for (coll, bad) in m {
            for b in bad.as_array().into_iter().flatten() {
                let reported = refusals.iter().any(|(c, id)| {
                    let (db, _) = coll.split_once('/').unwrap_or_default();
                    let src = format!("{db}/{c}");
                    let bid = b["_id"].to_string();
                    (src == *coll || partner.get(&src) == Some(coll)) && *id == bid
                });
                assert!(
                    reported,
                    "{name}: {coll} document {} is invalid under NEW and not reported as refused: {} (refused: {refusals:?})",
                    b["_id"], b["violations"],
                );
            }
        }
    }
    // Fields no finding touches keep their values; converted values are exact.
    let touched: BTreeSet<(String, String)> =
        cs.c.findings
            .iter()
            .flat_map(|f| {
                let t = f.object_type.clone().unwrap_or_default();
                let mut v = vec![(t.clone(), f.property.clone().unwrap_or_default())];
                if let Some(from) = &f.from {
                    v.push((t, from.clone()));
                }
                v
            })
            .collect();
    let state = &first["state"];
    for t in cs.new.types.values().filter(|t| t.kind != ObjectKind::Embedded) {
        let Some(ot) = cs.old.types.get(&t.name) else { continue };
        let src = collection_of(ot);
        let dst = partner.get(&src).cloned().unwrap_or_else(|| collection_of(t));
        let Some(orig) = docs.get(&src) else { continue };
        let after = state[&dst].as_array().cloned().unwrap_or_default();
        let id_changed = touched.contains(&(t.name.clone(), "_id".into()));
        for o in orig {
            if id_changed {
                continue;
            }
            let Some(a) = after.iter().find(|a| norm(&a["_id"]) == norm(&o["_id"])) else {
                if !complete {
                    continue;
                }
                let oid = o["_id"].to_string();
                let reported = refusals.iter().any(|(_, id)| *id == oid);
                assert!(
                    reported,
                    "{name}: {src} document {} is missing from {dst} and not reported",
                    o["_id"]
                );
                continue;
            };
            for (pname, p) in &t.properties {
                let Some(op) = ot.properties.get(pname) else { continue };
                let same_def = op.ty == p.ty && op.optional == p.optional;
                // Embedded contents change with findings on embedded types (checked by the tests
                // of those changes).
                let embeds_changed =
                    p.ty.target()
                        .is_some_and(|x| cs.new.kind_of(x) == Some(ObjectKind::Embedded))
                        && touched
                            .iter()
                            .any(|(ty, _)| cs.new.kind_of(ty) == Some(ObjectKind::Embedded));
                // Links hold the target's key: they change with it.
                let key_changed =
                    p.ty.target()
                        .is_some_and(|x| touched.contains(&(x.to_string(), "_id".into())));
                if same_def && !embeds_changed && !key_changed && !touched.contains(&(t.name.clone(), pname.clone())) {
                    assert_eq!(
                        norm(&a[pname]),
                        norm(&o[pname]),
                        "{name}: {dst}.{pname} of {} changed though no finding touches it",
                        o["_id"]
                    );
                }
            }
        }
    }
    // A second run changes nothing.
    let second = &out.runs[1];
    for s in second["scripts"].as_array().into_iter().flatten() {
        assert!(
            s["error"].is_null(),
            "{name}: second run of {} failed: {}",
            s["name"],
            s["error"]
        );
        assert_eq!(
            s["writes"],
            json!(0),
            "{name}: second run of {} wrote documents: not idempotent",
            s["name"]
        );
    }
    assert_eq!(first["state"], second["state"], "{name}: a second run changed the data");
    first["state"].clone()
}

/// A mongosh literal valid for a scalar type (what a user would pass with --param).
fn literal(s: ScalarType) -> Option<&'static str> {
    Some(match s {
        ScalarType::Bool => "false",
        ScalarType::Int | ScalarType::Counter => "NumberLong(3)",
        ScalarType::Float | ScalarType::Double => "0.5",
        ScalarType::Decimal128 => "NumberDecimal(\"1.5\")",
        ScalarType::String => "\"filled\"",
        ScalarType::Date => "new Date(\"2024-01-01T00:00:00.000Z\")",
        ScalarType::ObjectId => "ObjectId(\"65a1b2c3d4e5f60718293fff\")",
        _ => return None,
    })
}

/// A value for every parameter a plan of OLD → NEW can ask for (`Type.field`, and
/// `Type.field (old collection)` for the reverse direction of a partner collection).
pub fn fill_params(old: &Schema, new: &Schema) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (s, suffix) in [(new, ""), (old, " (old collection)")] {
        for t in s.types.values() {
            for p in t.properties.values() {
                if let Some(Element::Scalar(x)) = p.ty.element()
                    && let Some(l) = literal(*x)
                {
                    out.push((format!("{}.{}{suffix}", t.name, p.name), l.to_string()));
                }
            }
        }
    }
    out
}

fn strategies_for(c: &Case) -> bool {
    !c.plan.steps.is_empty()
}

#[test]
fn every_example_and_strategy_runs_safely_on_documents_of_old() {
    let strategies = [
        Strategy::Auto,
        Strategy::PartnerCollection,
        Strategy::SchemaVersion,
        Strategy::TerminateResync,
    ];
    let mut ran = 0;
    for dir in examples() {
        for s in strategies {
            let probe = case(&dir, s, &[]);
            let params = fill_params(&probe.old, &probe.new);
            let refs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let cs = case(&dir, s, &refs);
            if !strategies_for(&cs) || scripts(&cs.plan).is_empty() {
                continue;
            }
            verify(&cs);
            ran += 1;
        }
    }
    assert!(ran >= 20, "only {ran} plans with scripts ran");
}

// ---------- defects of #13, each with a pair that exposed it ----------

pub fn model_case(name: &str, before: &str, after: &str, strategy: Strategy, params: &[(&str, &str)]) -> Case {
    let dir = tempfile::tempdir().expect("tempdir");
    let load = |sub: &str, text: &str| {
        let d = dir.path().join(sub);
        std::fs::create_dir_all(&d).expect("mkdir");
        std::fs::write(d.join("model.json"), text).expect("write");
        load_one(&d.join("model.json")).expect("model loads").schema
    };
    let (o, n) = (load("before", before), load("after", after));
    case_of(name, o, n, vec![], strategy, params)
}

pub fn docs_of<'a>(state: &'a Value, coll: &str) -> Vec<&'a Value> {
    state[coll].as_array().map(|a| a.iter().collect()).unwrap_or_default()
}

fn original<'a>(docs: &'a BTreeMap<String, Vec<Value>>, coll: &str, id: &Value) -> &'a Value {
    docs[coll]
        .iter()
        .find(|d| norm(&d["_id"]) == norm(id))
        .expect("original document")
}

/// #13 (10): `$convert` of "false" to bool gives true, doubles truncate to ints, and unconvertible
/// values became null. Now each value converts exactly or stays as it was, reported.
#[test]
fn conversions_are_exact_or_refused() {
    let before = r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {
        "_id": "objectId", "done": "string", "qty": "double", "code": "int", "n": "string"}}]}"#;
    let after = r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {
        "_id": "objectId", "done": "bool", "qty": "int", "code": "string", "n": "int"}}]}"#;
    let cs = model_case("conversions", before, after, Strategy::TerminateResync, &[]);
    let state = verify(&cs);
    let docs = documents(&cs.old);
    let mut refused_seen = 0;
    for d in docs_of(&state, "app/Task") {
        let o = original(&docs, "app/Task", &d["_id"]);
        // string → bool: only "true"/"false" convert.
        match o["done"].as_str() {
            Some("true") => assert_eq!(d["done"], json!(true)),
            Some("false") => assert_eq!(d["done"], json!(false), "\"false\" must become false"),
            _ => {
                assert_eq!(d["done"], o["done"], "an unconvertible string is kept");
                refused_seen += 1;
            }
        }
        // double → int: integral values only, never truncated.
        let q = o["qty"].as_f64().expect("qty");
        if q.fract() == 0.0 && q.abs() < 9.0e15 {
            assert_eq!(norm(&d["qty"]), norm(&o["qty"]));
        } else {
            assert_eq!(norm(&d["qty"]), norm(&o["qty"]), "{q} must not be truncated");
        }
        // int → string: exact.
        assert_eq!(d["code"], json!(o["code"].as_i64().expect("code").to_string()));
        // string → int: base-10 canonical integers only ("007", "2.5", "" are refused).
        let s = o["n"].as_str().expect("n");
        match s.parse::<i64>() {
            Ok(v) if v.to_string() == s => assert_eq!(norm(&d["n"]), norm(&json!(v))),
            _ => assert_eq!(d["n"], o["n"], "{s:?} is refused, not nulled"),
        }
    }
    assert!(refused_seen > 0, "the adversarial values include unconvertible strings");
}

/// #13 (2): a change inside an embedded type targeted a collection named after the embedded type.
/// Now every owner and every path (single, list, dictionary) is converted.
#[test]
fn embedded_changes_reach_every_owner_and_path() {
    let before = r#"{"schema": [
        {"name": "Person", "primaryKey": "_id", "properties": {"_id": "objectId", "home": "Address?", "addresses": "Address[]", "places": "Address{}"}},
        {"name": "Company", "primaryKey": "_id", "properties": {"_id": "objectId", "hq": "Address?"}},
        {"name": "Address", "embedded": true, "properties": {"street": "string", "zip": "int"}}]}"#;
    let after = before.replace("\"zip\": \"int\"", "\"zip\": \"string\"");
    let cs = model_case("embedded", before, &after, Strategy::TerminateResync, &[]);
    let data: Vec<String> = cs
        .plan
        .steps
        .iter()
        .flat_map(|s| s.data.iter().map(|d| d.location.display("zip")))
        .collect();
    assert_eq!(
        data,
        [
            "Company.hq.zip",
            "Person.home.zip",
            "Person.addresses[].zip",
            "Person.places{}.zip"
        ]
    );
    let state = verify(&cs);
    let mut seen = 0;
    let mut check = |a: &Value| {
        if a.is_object() {
            assert!(a["zip"].is_string(), "zip not converted in {a}");
            seen += 1;
        }
    };
    for p in docs_of(&state, "app/Person") {
        check(&p["home"]);
        p["addresses"].as_array().into_iter().flatten().for_each(&mut check);
        p["places"]
            .as_object()
            .into_iter()
            .flat_map(|m| m.values())
            .for_each(&mut check);
    }
    for c in docs_of(&state, "app/Company") {
        check(&c["hq"]);
    }
    assert!(seen > 20, "only {seen} embedded objects checked");
    assert!(
        state.get("app/Address").is_none(),
        "no collection named after the embedded type"
    );
}

/// #13 (8): backfills used placeholder values ("" for an owner id). Now the value is a named
/// parameter and the script refuses to run until it is set.
#[test]
fn backfills_need_a_named_parameter() {
    let before = r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "owner_id": "string?"}}]}"#;
    let after = r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "owner_id": "string"}}]}"#;
    let unset = model_case("backfill unset", before, after, Strategy::TerminateResync, &[]);
    let sc = scripts(&unset.plan);
    assert_eq!(sc.len(), 1);
    assert!(!sc[0].1.contains("\"\""), "no placeholder value: {}", sc[0].1);
    let docs = documents(&unset.old);
    let out = run_job("backfill unset", &docs, &sc, &BTreeMap::new(), &BTreeMap::new(), &[]);
    let s = &out.runs[0]["scripts"][0];
    assert!(
        s["error"].as_str().is_some_and(|e| e.contains("Task.owner_id")),
        "the script must refuse and name the parameter: {s}"
    );
    assert_eq!(s["writes"], json!(0));
    assert_eq!(out.runs[0]["state"], json!(docs), "nothing written");
    // Dry run reports without writing, even unset.
    let dry = run_job(
        "backfill dry",
        &docs,
        &sc,
        &BTreeMap::new(),
        &BTreeMap::new(),
        &[("SYNCPLAN_DRY_RUN", "1")],
    );
    assert!(dry.runs[0]["scripts"][0]["error"].is_null());
    assert_eq!(dry.runs[0]["scripts"][0]["writes"], json!(0));
    // Set: every document has the chosen value where it had none, others keep theirs.
    let set = model_case(
        "backfill set",
        before,
        after,
        Strategy::TerminateResync,
        &[("Task.owner_id", "\"user-1\"")],
    );
    let state = verify(&set);
    for d in docs_of(&state, "app/Task") {
        let o = original(&docs, "app/Task", &d["_id"]);
        let want = if o["owner_id"].is_string() {
            o["owner_id"].clone()
        } else {
            json!("user-1")
        };
        assert_eq!(d["owner_id"], want);
    }
}

/// #13 (7): list → set was an identity and its check could not see duplicates.
#[test]
fn list_to_set_removes_duplicates() {
    let before =
        r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "tags": "string[]"}}]}"#;
    let after =
        r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "tags": "string<>"}}]}"#;
    let cs = model_case("list to set", before, after, Strategy::TerminateResync, &[]);
    assert!(!scripts(&cs.plan).is_empty(), "list → set needs a data step");
    let state = verify(&cs);
    let docs = documents(&cs.old);
    let mut deduped = 0;
    for d in docs_of(&state, "app/Task") {
        let o = original(&docs, "app/Task", &d["_id"]);
        let mut want: Vec<Value> = Vec::new();
        for v in o["tags"].as_array().expect("tags") {
            if !want.contains(v) {
                want.push(v.clone());
            }
        }
        if want.len() != o["tags"].as_array().map_or(0, Vec::len) {
            deduped += 1;
        }
        assert_eq!(d["tags"], json!(want));
    }
    assert!(deduped > 0, "the documents include lists with duplicates");
}

/// #13 (9): partner scripts did not parse with two changed fields of one type.
#[test]
fn partner_scripts_parse_and_run_with_several_changes() {
    let before = r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "a": "int", "b": "int", "c": "string", "d": "date?"}}]}"#;
    let after = r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "a": "string", "b": "double", "c": "string", "d": "date"}}]}"#;
    let probe = model_case("partner", before, after, Strategy::PartnerCollection, &[]);
    assert_eq!(probe.plan.strategy, Strategy::PartnerCollection);
    let cs = model_case(
        "partner",
        before,
        after,
        Strategy::PartnerCollection,
        &[("Task.d", "new Date(\"2024-01-01T00:00:00.000Z\")")],
    );
    for (path, content) in &cs.plan.artifacts {
        if path.ends_with(".js") {
            node_check(path, content);
        }
    }
    let state = verify(&cs);
    assert_eq!(docs_of(&state, "app/Task_v2").len(), DOCS);
}

/// #13 (1): a primary-key change had no step rewriting the documents, references were neither
/// reported nor converted, and unconvertible keys were offered a FORCE that nulled them. Now each
/// document is re-keyed by reinsert, every reference is repointed, and unconvertible keys are
/// refused and listed with the documents that reference them.
#[test]
fn primary_key_changes_rekey_by_reinsert_and_repoint_references() {
    let before = r#"{"schema": [
        {"name": "Task", "primaryKey": "_id", "properties": {"_id": "string", "title": "string"}},
        {"name": "Project", "primaryKey": "_id", "properties": {"_id": "objectId", "lead": "Task?", "tasks": "Task[]"}}]}"#;
    let after = before.replace("\"_id\": \"string\"", "\"_id\": \"objectId\"");
    let cs = model_case("rekey", before, &after, Strategy::TerminateResync, &[]);
    assert!(cs.plan.complete, "{:#?}", cs.plan.steps);
    let sc = scripts(&cs.plan);
    assert!(sc.iter().any(|(n, _)| n.contains("rekey")), "a re-key step: {sc:?}");
    let state = verify(&cs);
    let docs = documents(&cs.old);
    let tasks = docs_of(&state, "app/Task");
    // Every original task survives: re-keyed when its key is 24 hex digits, else untouched.
    assert_eq!(tasks.len(), DOCS);
    let mut rekeyed = 0;
    for o in &docs["app/Task"] {
        let k = o["_id"].as_str().expect("string key");
        let hex = k.len() == 24 && k.chars().all(|c| c.is_ascii_hexdigit());
        let want = if hex { json!({"$oid": k}) } else { json!(k) };
        let t = tasks
            .iter()
            .find(|t| t["_id"] == want)
            .expect("task kept or re-keyed, never nulled");
        assert_eq!(t["title"], o["title"]);
        rekeyed += usize::from(hex);
    }
    assert!(
        rekeyed > 0 && rekeyed < DOCS,
        "the keys include convertible and unconvertible ones"
    );
    // References follow their target's new key.
    for p in docs_of(&state, "app/Project") {
        let check = |v: &Value| {
            if let Some(s) = v.as_str() {
                assert!(
                    !(s.len() == 24 && s.chars().all(|c| c.is_ascii_hexdigit())),
                    "stale reference {s}"
                );
            }
        };
        check(&p["lead"]);
        p["tasks"].as_array().into_iter().flatten().for_each(check);
    }
    // A second run re-keys nothing (checked by verify) and the keys are never null.
    assert!(tasks.iter().all(|t| !t["_id"].is_null()));
}
