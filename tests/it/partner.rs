//! Partner-collection triggers verified by execution (#13 items 3 and 9).
//!
//! The plan's generated Atlas Functions run in a Node `vm` (`tests/node/partner.js`) with a fake
//! `context` backed by the mingo shim the mongosh scripts run on; every write to a watched
//! collection, the functions' own included, fires that collection's trigger (ordered, one event
//! at a time), and an event chain longer than 20 hops fails the run. The job follows the plan's
//! order: forward trigger on, copy; old-client writes the trigger misses (updates, `$unset`,
//! deletes, inserts); catch-up, twice; reverse trigger on; then a script of old- and new-client
//! inserts, updates (with `$unset`), replaces and deletes, with values the other side cannot
//! hold. Asserted, with an oracle of exact conversions written here (not the generated code):
//! - after the catch-up, every old document is in the partner collection converted exactly, or
//!   listed as refused; no partner document without its source (no zombie); a second catch-up
//!   writes nothing;
//! - at the end: for every document on both sides, every field both hold corresponds, or the
//!   difference is a refusal the functions logged for that document and field; every document on
//!   one side only is explained by a refusal or a listed copy refusal; every value a client wrote
//!   is still there unless a later write (either side) or a delete replaced it; no function
//!   failed; the echo ends at once (no event chain longer than 2 hops).
//!
//! `SYNCPLAN_DUMP_JOB=DIR` writes each job to DIR, to replay it with `node tests/node/partner.js`.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use serde_json::{Value, json};
use syncplan::diff::ChangeKind;
use syncplan::model::{Collection, Element, ObjectKind, Property, PropertyType, ScalarType, Schema};
use syncplan::plan::Strategy;

use crate::exec::{self, Case, norm};
use crate::support::{node_dir, require_node};

const MAX_HOPS: usize = 20;

// ---------- the oracle: what an exact conversion gives ----------

/// What the other side should hold for a value.
#[derive(Debug, Clone, PartialEq)]
enum Expect {
    /// This value (`None`: the field absent).
    Is(Option<Value>),
    /// A string holding this number (the server's number → string format is not specified).
    NumStr(f64),
    /// No exact form on the other side: refused.
    Refused,
    /// A pair this oracle does not know.
    Unknown,
}

fn scalar_of(s: &Schema, p: &Property) -> Option<(Collection, ScalarType)> {
    let PropertyType::Value { collection, element } = &p.ty else {
        return None;
    };
    let x = match element {
        Element::Scalar(x) => *x,
        Element::Object(t) => {
            let ty = s.types.get(t)?;
            if ty.kind == ObjectKind::Embedded {
                return None;
            }
            let k = ty.properties.get(ty.primary_key.as_ref()?)?;
            match k.ty.element() {
                Some(Element::Scalar(x)) => *x,
                _ => return None,
            }
        }
    };
    let x = if x == ScalarType::Counter { ScalarType::Int } else { x };
    Some((*collection, x))
}

fn canonical_int(s: &str) -> Option<i64> {
    let n: i64 = s.parse().ok()?;
    (n.to_string() == s && n.unsigned_abs() <= (1u64 << 53)).then_some(n)
}

fn conv(v: &Value, from: ScalarType, to: ScalarType) -> Expect {
    use ScalarType as S;
    if v.is_null() {
        return Expect::Is(Some(Value::Null));
    }
    let refuse_unless = |ok: Option<Value>| ok.map_or(Expect::Refused, |x| Expect::Is(Some(x)));
    match (from, to) {
        (a, b) if a == b => Expect::Is(Some(v.clone())),
        (S::Int, S::String) => v
            .as_i64()
            .map_or(Expect::Unknown, |n| Expect::Is(Some(json!(n.to_string())))),
        (S::Double | S::Float, S::String) => v.as_f64().map_or(Expect::Unknown, Expect::NumStr),
        (S::String, S::Int) => refuse_unless(v.as_str().and_then(canonical_int).map(|n| json!(n))),
        (S::String, S::Double | S::Float) => refuse_unless(v.as_str().and_then(|s| {
            let f: f64 = s.parse().ok()?;
            (f.is_finite() && format!("{f}") == s).then(|| json!(f))
        })),
        (S::Int, S::Double | S::Float) => Expect::Is(Some(v.clone())),
        (S::Double | S::Float, S::Int) => refuse_unless(
            v.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_991.0)
                .map(|f| json!(f)),
        ),
        (S::Double, S::Float) | (S::Float, S::Double) => Expect::Is(Some(v.clone())),
        (S::String, S::Bool) => refuse_unless(match v.as_str() {
            Some("true") => Some(json!(true)),
            Some("false") => Some(json!(false)),
            _ => None,
        }),
        (S::Bool, S::String) => Expect::Is(Some(json!(if v == &json!(true) { "true" } else { "false" }))),
        (S::ObjectId, S::String) => v.get("$oid").map_or(Expect::Unknown, |h| Expect::Is(Some(h.clone()))),
        (S::String, S::ObjectId) => refuse_unless(
            v.as_str()
                .filter(|s| s.len() == 24 && s.chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)))
                .map(|s| json!({"$oid": s})),
        ),
        _ => Expect::Unknown,
    }
}

/// What `tp` (on the other side) should hold for the value `v` of `sp`.
fn expect(v: Option<&Value>, (ss, sp): (&Schema, &Property), (ts, tp): (&Schema, &Property)) -> Expect {
    let single = matches!(
        tp.ty,
        PropertyType::Value {
            collection: Collection::Single,
            ..
        }
    );
    let required = single && !tp.optional;
    let Some(v) = v else {
        return if required { Expect::Refused } else { Expect::Is(None) };
    };
    if v.is_null() && required {
        return Expect::Refused;
    }
    if sp.ty == tp.ty {
        // Embedded objects: the same shape when the embedded types did not change.
        return match tp.ty.target() {
            Some(e) if ts.kind_of(e) == Some(ObjectKind::Embedded) => {
                let shape = |s: &Schema| {
                    s.types.get(e).map(|t| {
                        t.properties
                            .values()
                            .map(|p| (p.name.clone(), p.ty.clone(), p.optional))
                            .collect::<Vec<_>>()
                    })
                };
                if shape(ss) == shape(ts) {
                    Expect::Is(Some(v.clone()))
                } else {
                    Expect::Unknown
                }
            }
            _ => Expect::Is(Some(v.clone())),
        };
    }
    let (Some((fc, fs)), Some((tc, tsc))) = (scalar_of(ss, sp), scalar_of(ts, tp)) else {
        return Expect::Unknown;
    };
    match (fc, tc) {
        (Collection::Single, Collection::Single) => conv(v, fs, tsc),
        (Collection::List | Collection::Set, Collection::List | Collection::Set) => {
            let Some(a) = v.as_array() else {
                return Expect::Unknown;
            };
            let mut out: Vec<Value> = Vec::new();
            for x in a {
                match conv(x, fs, tsc) {
                    Expect::Is(Some(y)) => {
                        if tc != Collection::Set || !out.iter().any(|o| norm(o) == norm(&y)) {
                            out.push(y);
                        } else if fc == Collection::Set {
                            return Expect::Refused; // two elements of a set would merge
                        }
                    }
                    Expect::Refused => return Expect::Refused,
                    _ => return Expect::Unknown,
                }
            }
            Expect::Is(Some(Value::Array(out)))
        }
        _ => Expect::Unknown,
    }
}

/// Whether `actual` is what `e` says (`None` for a refusal or an unknown pair: not decidable).
fn holds(e: &Expect, actual: Option<&Value>) -> Option<bool> {
    let absentish = |v: Option<&Value>| v.is_none_or(Value::is_null);
    match e {
        Expect::Is(None) => Some(actual.is_none()),
        Expect::Is(Some(Value::Null)) => Some(absentish(actual)),
        Expect::Is(Some(v)) => Some(actual.is_some_and(|a| norm(a) == norm(v))),
        Expect::NumStr(f) => Some(
            actual
                .and_then(Value::as_str)
                .and_then(|s| s.parse::<f64>().ok())
                .is_some_and(|x| x == *f),
        ),
        Expect::Refused | Expect::Unknown => None,
    }
}

// ---------- the pair under test ----------

/// One field both sides hold: its name on the old side and on the partner side.
struct Field {
    old: String,
    new: String,
}

struct Pair {
    ty: String,
    old_coll: String,
    new_coll: String,
    fields: Vec<Field>,
    fwd: String,
    rev: String,
    copy: String,
    data_source: String,
}

fn pair(cs: &Case) -> Pair {
    let p = cs
        .plan
        .partners
        .first()
        .unwrap_or_else(|| panic!("{}: no partner collection planned", cs.name));
    let ty = p.object_type.clone();
    let ot = &cs.old.types[&ty];
    let old_coll = exec::collection_of(ot);
    let db = old_coll.split_once('/').map(|(d, _)| d.to_string()).unwrap_or_default();
    let new_coll = format!("{db}/{}", p.partner_collection);
    // Renamed properties: new name → old name.
    let back: BTreeMap<String, String> =
        cs.c.findings
            .iter()
            .filter(|f| f.object_type.as_deref() == Some(ty.as_str()))
            .filter(|f| matches!(f.change.kind, ChangeKind::PropertyRenamed { .. }))
            .filter_map(|f| Some((f.property.clone()?, f.from.clone()?)))
            .collect();
    let fields = cs.new.types[&ty]
        .properties
        .values()
        .filter(|np| !matches!(np.ty, PropertyType::LinkingObjects { .. }))
        .filter_map(|np| {
            let old = back.get(&np.name).cloned().unwrap_or_else(|| np.name.clone());
            ot.properties.contains_key(&old).then(|| Field {
                old,
                new: np.name.clone(),
            })
        })
        .collect();
    // The trigger of each collection and its function.
    let mut fun: BTreeMap<String, String> = BTreeMap::new();
    let mut data_source = String::new();
    for (path, content) in &cs.plan.artifacts {
        if path.starts_with("server/triggers/") {
            let t: Value = serde_json::from_str(content).expect("trigger json");
            let f = t["event_processors"]["FUNCTION"]["config"]["function_name"]
                .as_str()
                .expect("function name");
            assert_eq!(t["disabled"], json!(true), "{}: triggers are created disabled", cs.name);
            data_source = t["config"]["service_name"].as_str().unwrap_or_default().to_string();
            let body = cs.plan.artifacts[&format!("server/functions/{f}.js")].clone();
            fun.insert(t["config"]["collection"].as_str().unwrap_or_default().to_string(), body);
        }
    }
    let copy = cs
        .plan
        .artifacts
        .iter()
        .find(|(k, _)| k.starts_with("scripts/partner-") && k.ends_with("-copy.js"))
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| panic!("{}: no copy script", cs.name));
    let coll = |c: &str| c.split_once('/').map(|(_, c)| c.to_string()).unwrap_or_default();
    Pair {
        fwd: fun
            .get(&coll(&old_coll))
            .cloned()
            .unwrap_or_else(|| panic!("{}: no forward trigger", cs.name)),
        rev: fun
            .get(&coll(&new_coll))
            .cloned()
            .unwrap_or_else(|| panic!("{}: no reverse trigger", cs.name)),
        ty,
        old_coll,
        new_coll,
        fields,
        copy,
        data_source,
    }
}

// ---------- the job ----------

struct Sides<'a> {
    cs: &'a Case,
    p: &'a Pair,
}

impl Sides<'_> {
    fn schema(&self, side: usize) -> &Schema {
        if side == 0 { &self.cs.old } else { &self.cs.new }
    }
    fn prop(&self, side: usize, name: &str) -> &Property {
        &self.schema(side).types[&self.p.ty].properties[name]
    }
    fn coll(&self, side: usize) -> &str {
        if side == 0 { &self.p.old_coll } else { &self.p.new_coll }
    }
    /// The other side's name of a field, when both hold it.
    fn counterpart(&self, side: usize, f: &str) -> Option<&str> {
        self.p.fields.iter().find_map(|x| match side {
            0 if x.old == f => Some(x.new.as_str()),
            1 if x.new == f => Some(x.old.as_str()),
            _ => None,
        })
    }
    /// What side `1 - side` should hold for field `f` of document `d` of `side`.
    fn expect(&self, side: usize, d: &Value, f: &str) -> Expect {
        let Some(g) = self.counterpart(side, f) else {
            return Expect::Unknown;
        };
        expect(
            d.get(f),
            (self.schema(side), self.prop(side, f)),
            (self.schema(1 - side), self.prop(1 - side, g)),
        )
    }
    /// The other side's key of a document, when it has an exact one.
    fn other_id(&self, side: usize, d: &Value) -> Option<Value> {
        match self.expect(side, d, "_id") {
            Expect::Is(Some(v)) => Some(v),
            _ => None,
        }
    }
    /// A document of `side` numbered `i` (valid under that side's model, adversarial values).
    fn doc(&self, side: usize, i: usize) -> Value {
        let s = self.schema(side);
        exec::object(s, &s.types[&self.p.ty], i, 0)
    }
}

fn find<'a>(docs: &'a [Value], id: &Value) -> Option<&'a Value> {
    docs.iter().find(|d| norm(&d["_id"]) == norm(id))
}

fn op(coll: &str, kind: &str, id: Option<&Value>, body: Value) -> Value {
    let mut o = json!({"coll": coll, "op": kind});
    if let Some(id) = id {
        o["id"] = id.clone();
    }
    if let Value::Object(m) = body {
        for (k, v) in m {
            o[k] = v;
        }
    }
    o
}

/// Fields of a document other than `_id`.
fn fields_of(d: &Value) -> Vec<(String, Value)> {
    d.as_object()
        .into_iter()
        .flatten()
        .filter(|(k, _)| *k != "_id")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn without_id(d: &Value) -> Value {
    Value::Object(fields_of(d).into_iter().collect())
}

/// The client writes: (writes the forward trigger misses, writes with both triggers on).
fn script(s: &Sides, old_docs: &[Value]) -> (Vec<Value>, Vec<Value>) {
    let (oc, nc) = (s.coll(0), s.coll(1));
    let optional = |side: usize| -> Vec<String> {
        s.schema(side).types[&s.p.ty]
            .properties
            .values()
            .filter(|p| p.optional && p.name != "_id" && !matches!(p.ty, PropertyType::LinkingObjects { .. }))
            .map(|p| p.name.clone())
            .collect()
    };
    let id = |k: usize| old_docs[k % old_docs.len()]["_id"].clone();
    // The partner key of old document k (documents whose key has no exact form are skipped).
    let nid = |k: usize| s.other_id(0, &old_docs[k % old_docs.len()]);
    let fresh = |side: usize, i: usize| -> Value {
        let mut d = s.doc(side, i);
        d["_id"] = s.doc(side, i)["_id"].clone();
        d
    };
    let mut during = Vec::new();
    // An update of every field, an $unset, a delete and an insert that the trigger misses.
    during.push(op(
        oc,
        "update",
        Some(&id(0)),
        json!({"set": without_id(&s.doc(0, 20)), "unset": []}),
    ));
    if let Some(f) = optional(0).first() {
        during.push(op(oc, "update", Some(&id(1)), json!({"set": {}, "unset": [f]})));
    }
    during.push(op(oc, "delete", Some(&id(2)), json!({})));
    during.push(op(oc, "insert", None, json!({"doc": fresh(0, 30)})));

    let mut ops = Vec::new();
    ops.push(op(oc, "insert", None, json!({"doc": fresh(0, 40)})));
    ops.push(op(nc, "insert", None, json!({"doc": fresh(1, 41)})));
    // Field by field, each side, values the other side may not hold.
    let od = s.doc(0, 42);
    for (f, v) in fields_of(&od) {
        ops.push(op(oc, "update", Some(&id(3)), json!({"set": {f: v}, "unset": []})));
    }
    if let Some(n3) = nid(3) {
        let nd = s.doc(1, 43);
        for (f, v) in fields_of(&nd) {
            ops.push(op(nc, "update", Some(&n3), json!({"set": {f: v}, "unset": []})));
        }
        // An int ⇄ string style round trip: the old value back on the partner side.
        for (f, v) in fields_of(&od) {
            if let (Some(g), Expect::Is(Some(w))) = (s.counterpart(0, &f), s.expect(0, &od, &f)) {
                let _ = v;
                ops.push(op(nc, "update", Some(&n3), json!({"set": {g: w}, "unset": []})));
            }
        }
    }
    // $unset on each side, and a whole-document update.
    for f in optional(0) {
        ops.push(op(oc, "update", Some(&id(4)), json!({"set": {}, "unset": [f]})));
    }
    if let Some(n5) = nid(5) {
        for f in optional(1) {
            ops.push(op(nc, "update", Some(&n5), json!({"set": {}, "unset": [f]})));
        }
    }
    ops.push(op(
        oc,
        "update",
        Some(&id(6)),
        json!({"set": without_id(&s.doc(0, 44)), "unset": []}),
    ));
    if let Some(n6) = nid(6) {
        ops.push(op(
            nc,
            "update",
            Some(&n6),
            json!({"set": without_id(&s.doc(1, 45)), "unset": []}),
        ));
    }
    // Replaces.
    ops.push(op(
        oc,
        "replace",
        Some(&id(7)),
        json!({"doc": without_id(&s.doc(0, 46))}),
    ));
    if let Some(n8) = nid(8) {
        ops.push(op(nc, "replace", Some(&n8), json!({"doc": without_id(&s.doc(1, 47))})));
    }
    // A write of what the document already holds (no event), then deletes on each side.
    ops.push(op(
        oc,
        "update",
        Some(&id(9)),
        json!({"set": without_id(&old_docs[9 % old_docs.len()]), "unset": []}),
    ));
    ops.push(op(oc, "delete", Some(&id(10)), json!({})));
    if let Some(n11) = nid(11) {
        ops.push(op(nc, "delete", Some(&n11), json!({})));
    }
    (during, ops)
}

fn run(s: &Sides, docs: &BTreeMap<String, Vec<Value>>, during: &[Value], ops: &[Value], services: &[&str]) -> Value {
    require_node(&["mingo", "bson"]);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("job.json");
    let job = json!({
        "collections": docs,
        "forward": {"collection": s.coll(0), "source": s.p.fwd},
        "reverse": {"collection": s.coll(1), "source": s.p.rev},
        "copy": s.p.copy,
        "during": during,
        "ops": ops,
        "max_hops": MAX_HOPS,
        "services": services,
    });
    std::fs::write(&path, job.to_string()).expect("write job");
    if let Ok(d) = std::env::var("SYNCPLAN_DUMP_JOB") {
        std::fs::write(format!("{d}/{}.json", s.p.ty), job.to_string()).expect("dump");
    }
    let out = Command::new("node")
        .arg(node_dir().join("partner.js"))
        .arg(&path)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}: the trigger harness failed: {}",
        s.cs.name,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("harness json")
}

/// Ids the copy scripts listed as refused.
fn copy_refused(res: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for sc in res["scripts"].as_array().into_iter().flatten() {
        for l in sc["log"].as_array().into_iter().flatten() {
            if let Some(r) = l.as_str().and_then(|l| serde_json::from_str::<Value>(l).ok())
                && let Some(ids) = r["syncplan_refused"]["ids"].as_array()
            {
                out.extend(ids.iter().map(|i| norm(i).to_string()));
            }
        }
    }
    out
}

/// What one plan's triggers did: figures for the report.
#[derive(Debug, Default)]
#[allow(dead_code)] // printed (Debug) as the run's figures
pub struct Figures {
    pub events: u64,
    pub max_hop: u64,
    pub refusals: usize,
    pub fields_checked: usize,
}

/// Runs a case's partner triggers and asserts the invariants of the module doc.
pub fn verify(cs: &Case) -> Figures {
    require_node(&["mingo", "bson"]);
    let name = &cs.name;
    let p = pair(cs);
    // The functions use the old collection's data source (the only one the fake context knows).
    let ds = cs.old.types[&p.ty]
        .namespace
        .as_ref()
        .map(|n| n.data_source.clone())
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| "mongodb-atlas".into());
    assert_eq!(p.data_source, ds, "{name}: the triggers watch another data source");
    let services = [ds.as_str()];
    let services = &services[..];
    for (what, src) in [("forward", &p.fwd), ("reverse", &p.rev), ("copy", &p.copy)] {
        exec::node_check(&format!("{name} {what}"), src);
    }
    let s = Sides { cs, p: &p };
    let docs = exec::documents(&cs.old);
    let old_docs = docs[&p.old_coll].clone();
    let (during, ops) = script(&s, &old_docs);
    let res = run(&s, &docs, &during, &ops, services);
    assert_eq!(res["errors"], json!([]), "{name}: {}", res["errors"]);
    for sc in res["scripts"].as_array().into_iter().flatten() {
        assert!(
            sc["error"].is_null(),
            "{name}: {} failed: {}\n{}",
            sc["name"],
            sc["error"],
            sc["log"]
        );
    }
    let scripts = res["scripts"].as_array().expect("scripts");
    assert_eq!(
        scripts[2]["writes"],
        json!(0),
        "{name}: a second catch-up wrote documents"
    );
    let refused = copy_refused(&res);
    let mut fig = Figures {
        max_hop: res["max_hop"].as_u64().unwrap_or_default(),
        events: res["ops"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|o| o["events"].as_u64().unwrap_or_default())
            .sum(),
        refusals: res["refusals"].as_array().map_or(0, Vec::len),
        fields_checked: 0,
    };

    // After the catch-up: the partner collection is the exact image of the old one.
    let state = &res["after_catch_up"];
    let olds: Vec<Value> = state[&p.old_coll].as_array().cloned().unwrap_or_default();
    let news: Vec<Value> = state[&p.new_coll].as_array().cloned().unwrap_or_default();
    let fill = |f: &str| {
        cs.plan
            .artifacts
            .values()
            .any(|c| c.contains(&format!("--param {}.{f}\n", p.ty)))
    };
    for o in &olds {
        let listed = refused.contains(&norm(&o["_id"]).to_string());
        let Some(nid) = s.other_id(0, o) else {
            assert!(listed, "{name}: {} has no exact key and is not listed", o["_id"]);
            continue;
        };
        let Some(n) = find(&news, &nid) else {
            assert!(
                listed,
                "{name}: {} is missing from {} and not listed",
                o["_id"], p.new_coll
            );
            continue;
        };
        for f in &p.fields {
            if f.old == "_id" {
                continue;
            }
            let e = s.expect(0, o, &f.old);
            match holds(&e, n.get(&f.new)) {
                Some(true) => fig.fields_checked += 1,
                Some(false) => panic!(
                    "{name}: after the catch-up {}.{} of {} is {:?}, expected {e:?} from {:?}",
                    p.new_coll,
                    f.new,
                    o["_id"],
                    n.get(&f.new),
                    o.get(&f.old)
                ),
                None if e == Expect::Refused => {
                    let filled = fill(&f.new) && o.get(&f.old).is_none_or(Value::is_null);
                    assert!(
                        listed || filled,
                        "{name}: {}.{} of {} has no exact form and is not listed",
                        p.old_coll,
                        f.old,
                        o["_id"]
                    );
                }
                None => {}
            }
        }
    }
    for n in &news {
        let has_source = olds
            .iter()
            .any(|o| s.other_id(0, o).is_some_and(|k| norm(&k) == norm(&n["_id"])));
        assert!(
            has_source,
            "{name}: zombie {} in {} after the catch-up",
            n["_id"], p.new_coll
        );
    }

    // At the end.
    let fin = &res["final"];
    let olds: Vec<Value> = fin[&p.old_coll].as_array().cloned().unwrap_or_default();
    let news: Vec<Value> = fin[&p.new_coll].as_array().cloned().unwrap_or_default();
    let logged: Vec<Value> = res["refusals"].as_array().cloned().unwrap_or_default();
    let short = |c: &str| c.split_once('/').map(|(_, c)| c.to_string()).unwrap_or_default();
    let (oc, nc) = (short(&p.old_coll), short(&p.new_coll));
    let explained = |coll: &str, id: &Value, field: Option<&str>| {
        logged.iter().any(|r| {
            r["collection"] == json!(coll)
                && norm(&r["_id"]) == norm(id)
                && field.is_none_or(|f| r["field"] == json!(f))
        })
    };
    // A client write fires its collection's trigger (hop 1), whose write fires the other one
    // (hop 2), which finds the values already there and writes nothing: the echo ends at once.
    assert!(fig.max_hop <= 2, "{name}: an event chain of {} hops", fig.max_hop);
    for o in &olds {
        let nid = s.other_id(0, o);
        let n = nid.as_ref().and_then(|k| find(&news, k));
        let Some(n) = n else {
            let ok = refused.contains(&norm(&o["_id"]).to_string()) || explained(&oc, &o["_id"], None);
            assert!(
                ok,
                "{name}: {} is in {} only, with no refusal logged",
                o["_id"], p.old_coll
            );
            continue;
        };
        for f in &p.fields {
            if f.old == "_id" {
                continue;
            }
            let e = s.expect(0, o, &f.old);
            match holds(&e, n.get(&f.new)) {
                Some(true) => fig.fields_checked += 1,
                Some(false) | None if e != Expect::Unknown => {
                    let why = explained(&oc, &o["_id"], Some(&f.old))
                        || explained(&nc, &n["_id"], Some(&f.new))
                        || refused.contains(&norm(&o["_id"]).to_string());
                    let filled = fill(&f.new) && o.get(&f.old).is_none_or(Value::is_null);
                    assert!(
                        why || filled,
                        "{name}: {}.{} = {:?} and {}.{} = {:?} of {} differ with no refusal logged",
                        p.old_coll,
                        f.old,
                        o.get(&f.old),
                        p.new_coll,
                        f.new,
                        n.get(&f.new),
                        o["_id"]
                    );
                }
                _ => {}
            }
        }
    }
    for n in &news {
        let has = olds
            .iter()
            .any(|o| s.other_id(0, o).is_some_and(|k| norm(&k) == norm(&n["_id"])));
        assert!(
            has || explained(&nc, &n["_id"], None),
            "{name}: {} is in {} only, with no refusal logged (a zombie?)",
            n["_id"],
            p.new_coll
        );
    }

    // No written value lost: the last client write of each field is still there, unless the
    // other side wrote that field later or the document was deleted since.
    let op_res: Vec<Value> = res["ops"].as_array().cloned().unwrap_or_default();
    let known_old: Vec<Value> = olds
        .iter()
        .chain(old_docs.iter())
        .chain(
            ops.iter()
                .filter(|o| o["coll"] == json!(p.old_coll))
                .filter_map(|o| o.get("doc").filter(|d| d.get("_id").is_some())),
        )
        .cloned()
        .collect();
    let key = |side: usize, id: &Value| -> String {
        if side == 0 {
            return norm(id).to_string();
        }
        known_old
            .iter()
            .find(|o| s.other_id(0, o).is_some_and(|k| norm(&k) == norm(id)))
            .map_or_else(|| format!("new:{}", norm(id)), |o| norm(&o["_id"]).to_string())
    };
    let mut last: BTreeMap<(usize, String, String), (usize, Option<Value>)> = BTreeMap::new();
    let mut cross: BTreeMap<(usize, String, String), usize> = BTreeMap::new();
    let mut deleted: BTreeMap<String, usize> = BTreeMap::new();
    for (i, o) in ops.iter().enumerate() {
        if op_res.get(i).is_none_or(|r| r["matched"] == json!(0)) {
            continue;
        }
        let side = usize::from(o["coll"] != json!(p.old_coll));
        let id = o.get("id").cloned().unwrap_or_else(|| o["doc"]["_id"].clone());
        let k = key(side, &id);
        let mut write = |f: &str, v: Option<Value>| {
            last.insert((side, k.clone(), f.to_string()), (i, v));
            if let Some(g) = s.counterpart(side, f) {
                cross.insert((1 - side, k.clone(), g.to_string()), i);
            }
        };
        match o["op"].as_str() {
            Some("insert" | "replace") => {
                for pn in s.schema(side).types[&p.ty].properties.keys() {
                    if pn != "_id" {
                        write(pn, o["doc"].get(pn).cloned());
                    }
                }
            }
            Some("update") => {
                for (f, v) in o["set"].as_object().into_iter().flatten() {
                    write(f, Some(v.clone()));
                }
                for f in o["unset"].as_array().into_iter().flatten() {
                    write(f.as_str().unwrap_or_default(), None);
                }
            }
            _ => {
                deleted.insert(k, i);
            }
        }
    }
    for ((side, k, f), (i, v)) in &last {
        if deleted.get(k).is_some_and(|d| d > i) || cross.get(&(*side, k.clone(), f.clone())).is_some_and(|c| c > i) {
            continue;
        }
        let docs = if *side == 0 { &olds } else { &news };
        let d = docs.iter().find(|d| key(*side, &d["_id"]) == *k);
        let Some(d) = d else {
            panic!(
                "{name}: the document {k} written by op {i} is gone from {}",
                s.coll(*side)
            );
        };
        let ok = match v {
            None => d.get(f).is_none(),
            Some(v) => d.get(f).is_some_and(|a| norm(a) == norm(v)),
        };
        assert!(
            ok,
            "{name}: {}.{f} of {k} is {:?}, but op {i} wrote {v:?} and nothing wrote it since (a written value lost)\nops: {}",
            s.coll(*side),
            d.get(f),
            json!(ops)
        );
    }
    // Nothing to compare only when no document could be carried at all (all listed as refused).
    let carried_any = res["after_catch_up"][&p.new_coll]
        .as_array()
        .is_some_and(|a| !a.is_empty());
    assert!(
        fig.fields_checked > 0 || (!carried_any && !refused.is_empty()),
        "{name}: no field was checked"
    );
    fig
}

/// Every example (and scenario) whose plan picks, or can be forced to, the partner collection.
#[test]
fn partner_triggers_converge_without_loss_on_every_example() {
    let mut ran = Vec::new();
    for dir in exec::examples() {
        let probe = exec::case(&dir, Strategy::PartnerCollection, &[]);
        if probe.plan.partners.is_empty() {
            continue;
        }
        let params = exec::fill_params(&probe.old, &probe.new);
        let refs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let cs = exec::case(&dir, Strategy::PartnerCollection, &refs);
        let fig = verify(&cs);
        ran.push((
            dir.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            fig,
        ));
    }
    eprintln!("partner triggers: {ran:#?}");
    let names: Vec<&str> = ran.iter().map(|(n, _)| n.as_str()).collect();
    for must in [
        "property_type_changed",
        "property_made_optional",
        "property_removed",
        "scenario_divtracker_id_objectid",
        "scenario_partner_data_source",
    ] {
        assert!(names.contains(&must), "{must} was not run: {names:?}");
    }
    assert!(ran.len() >= 8, "only {} examples ran: {names:?}", ran.len());
}

const THREE_BEFORE: &str = r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {
    "_id": "objectId", "a": "int", "b": "string?", "c": "string[]", "d": "bool", "gone": "string?", "same": "int"}}]}"#;
const THREE_AFTER: &str = r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {
    "_id": "objectId", "a": "string", "b": "string", "c": "string<>", "d": "string", "added": "int?", "same": "int"}}]}"#;

/// #13 (9): the copy script and both functions parse with three changed fields of different
/// kinds (two of them of one type: int → string, bool → string), and run without loss.
#[test]
fn partner_scripts_parse_and_converge_with_three_changes_of_different_kinds() {
    let cs = exec::model_case(
        "three changes",
        THREE_BEFORE,
        THREE_AFTER,
        Strategy::PartnerCollection,
        &[("Task.b", "\"filled\"")],
    );
    assert_eq!(cs.plan.strategy, Strategy::PartnerCollection);
    let mut parsed = 0;
    for (path, content) in &cs.plan.artifacts {
        if path.ends_with(".js") {
            exec::node_check(path, content);
            parsed += 1;
        }
    }
    assert!(parsed >= 4, "copy, catch-up and two functions: {parsed}");
    let fig = verify(&cs);
    assert!(
        fig.refusals > 0,
        "values the other side cannot hold were written: {fig:?}"
    );
    // The mongosh scripts are safe on their own too (valid under NEW or listed; idempotent).
    exec::verify(&cs);
}

/// The echo ends at once: a write on one side fires the other trigger, whose write (the same
/// values) fires nothing more. And a function fed its own collection's event twice writes once.
#[test]
fn partner_echo_stops_after_one_hop() {
    let cs = exec::model_case(
        "echo",
        THREE_BEFORE,
        THREE_AFTER,
        Strategy::PartnerCollection,
        &[("Task.b", "\"x\"")],
    );
    let p = pair(&cs);
    let s = Sides { cs: &cs, p: &p };
    let docs = exec::documents(&cs.old);
    let old_docs = docs[&p.old_coll].clone();
    let id = old_docs[0]["_id"].clone();
    let ops = vec![
        op(&p.old_coll, "update", Some(&id), json!({"set": {"a": 77}, "unset": []})),
        op(
            &p.new_coll,
            "update",
            Some(&id),
            json!({"set": {"a": "78"}, "unset": []}),
        ),
        op(&p.old_coll, "update", Some(&id), json!({"set": {"a": 78}, "unset": []})),
    ];
    let res = run(&s, &docs, &[], &ops, &["mongodb-atlas"]);
    assert_eq!(res["errors"], json!([]));
    let o = res["ops"].as_array().expect("ops");
    // 1: the client's event + the partner's event (no write back). 2: the same the other way.
    assert_eq!(o[0]["events"], json!(2), "{}", res["ops"]);
    assert_eq!(o[1]["events"], json!(2), "{}", res["ops"]);
    // 3: writing what both sides already hold fires nothing.
    assert_eq!(o[2]["events"], json!(0), "{}", res["ops"]);
    let n = find(res["final"][&p.new_coll].as_array().expect("partner"), &id).expect("partner doc");
    assert_eq!(n["a"], json!("78"));
    let old = find(res["final"][&p.old_coll].as_array().expect("old"), &id).expect("old doc");
    assert_eq!(old["a"], json!(78));
}

/// A value the other side cannot hold stays on its side and is reported; the other side keeps
/// its value (never null, never a default); a field only the partner has survives old-client
/// writes, and a removed field survives new-client writes.
#[test]
fn partner_refusals_keep_values_on_their_side() {
    let cs = exec::model_case(
        "refusals",
        THREE_BEFORE,
        THREE_AFTER,
        Strategy::PartnerCollection,
        &[("Task.b", "\"x\"")],
    );
    let p = pair(&cs);
    let s = Sides { cs: &cs, p: &p };
    let docs = exec::documents(&cs.old);
    let id = docs[&p.old_coll][0]["_id"].clone();
    let ops = vec![
        // New client: "abc" has no int form; old keeps its a.
        op(
            &p.new_coll,
            "update",
            Some(&id),
            json!({"set": {"a": "abc", "added": 5}, "unset": []}),
        ),
        // Old client: null for b, which the partner requires: refused, partner keeps its b.
        op(
            &p.old_coll,
            "update",
            Some(&id),
            json!({"set": {"b": null, "gone": "kept"}, "unset": []}),
        ),
        // Old client replaces the document: the partner-only field stays.
        op(
            &p.old_coll,
            "replace",
            Some(&id),
            json!({"doc": {"a": 9, "b": "bb", "c": ["x", "x", "y"], "d": true, "same": 1}}),
        ),
    ];
    let res = run(&s, &docs, &[], &ops, &["mongodb-atlas"]);
    assert_eq!(res["errors"], json!([]));
    let fin = &res["final"];
    let o = find(fin[&p.old_coll].as_array().expect("old"), &id)
        .expect("old")
        .clone();
    let n = find(fin[&p.new_coll].as_array().expect("new"), &id)
        .expect("new")
        .clone();
    assert_eq!(
        n["added"],
        json!(5),
        "a partner-only field survives an old-side replace"
    );
    assert_eq!(
        o.get("gone"),
        None,
        "the old client's replace removed it (its own write)"
    );
    assert_eq!(n["a"], json!("9"));
    assert_eq!(n["c"], json!(["x", "y"]), "list → set dedupes");
    assert_eq!(n["d"], json!("true"));
    let refusals: Vec<(String, String)> = res["refusals"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            (
                r["collection"].as_str().unwrap_or_default().into(),
                r["field"].as_str().unwrap_or_default().into(),
            )
        })
        .collect();
    assert!(refusals.contains(&("Task_v2".into(), "a".into())), "{refusals:?}");
    assert!(refusals.contains(&("Task".into(), "b".into())), "{refusals:?}");
}

/// #13 (9): the partner schema is written under the old collection's data source (here not the
/// default `mongodb-atlas`: the example `scenario_partner_data_source`), its functions use that
/// data source, and an unchanged `int` field keeps its bsonType (Development Mode would say `long`).
#[test]
fn partner_schema_lives_under_the_old_data_source_and_keeps_int() {
    let dir = std::path::Path::new(crate::support::CRATE).join("migrations-examples/scenario_partner_data_source");
    let cs = exec::case(&dir, Strategy::PartnerCollection, &[]);
    let path = "server/data_sources/atlas-eu/tasks/Task_v2/schema.json";
    let schema: Value = serde_json::from_str(
        cs.plan
            .artifacts
            .get(path)
            .unwrap_or_else(|| panic!("no {path}: {:?}", cs.plan.artifacts.keys().collect::<Vec<_>>())),
    )
    .expect("schema json");
    assert_eq!(schema["properties"]["count"]["bsonType"], json!("int"), "{schema}");
    assert_eq!(schema["properties"]["priority"]["bsonType"], json!("long"), "{schema}");
    assert_eq!(schema["title"], json!("TaskV2"));
    assert!(
        !cs.plan
            .artifacts
            .keys()
            .any(|k| k.contains("data_sources/mongodb-atlas/")),
        "nothing under the default data source"
    );
    let p = pair(&cs);
    assert_eq!(p.data_source, "atlas-eu");
    assert!(p.fwd.contains("context.services.get(\"atlas-eu\")"));
    verify(&cs);
}

/// A key with no exact form on the partner side (int → objectId, found by the random pairs, seed
/// 1001): the plan says it is incomplete, the copy refuses and lists every document instead of
/// failing or writing anything, and the functions refuse every event (logged), writing nothing.
#[test]
fn partner_copy_refuses_every_document_when_the_key_has_no_exact_form() {
    let before = r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {"_id": "int", "a": "string"}}]}"#;
    let after =
        r#"{"schema": [{"name": "Task", "primaryKey": "_id", "properties": {"_id": "objectId", "a": "string"}}]}"#;
    let cs = exec::model_case("no exact key", before, after, Strategy::PartnerCollection, &[]);
    assert_eq!(cs.plan.strategy, Strategy::PartnerCollection);
    assert!(
        !cs.plan.complete,
        "a key that cannot be carried leaves part of the plan to the user"
    );
    let state = exec::verify(&cs);
    assert!(exec::docs_of(&state, "app/Task_v2").is_empty(), "nothing copied");
    assert_eq!(exec::docs_of(&state, "app/Task").len(), exec::DOCS, "nothing lost");
    let p = pair(&cs);
    assert!(p.fwd.contains("const pid = undefined;"), "{}", p.fwd);
    let s = Sides { cs: &cs, p: &p };
    let docs = exec::documents(&cs.old);
    let id = docs[&p.old_coll][0]["_id"].clone();
    let ops = vec![op(
        &p.old_coll,
        "update",
        Some(&id),
        json!({"set": {"a": "x"}, "unset": []}),
    )];
    let res = run(&s, &docs, &[], &ops, &["mongodb-atlas"]);
    assert_eq!(res["errors"], json!([]));
    assert_eq!(res["final"][&p.new_coll], json!([]));
    assert!(
        res["refusals"]
            .as_array()
            .is_some_and(|r| r.iter().any(|x| x["field"] == json!("_id"))),
        "{}",
        res["refusals"]
    );
}
