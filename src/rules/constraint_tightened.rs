//! A schema constraint was added or tightened.

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind, Item};

pub static RULE: Rule = Rule {
    id: "constraint_tightened",
    summary: "A schema constraint (enum, minimum/maximum, minLength/maxLength, pattern, minItems/maxItems, validate ...) was added or tightened",
    server: Verdict::NeedsAction,
    client: Verdict::NonBreaking,
    server_schema_versioning: Verdict::NeedsAction,
    tags: &[Tag::NeedsBackfill, Tag::DataDependent],
    why: "App Services checks every synced document against its collection schema, constraints included: existing documents that violate the new constraint **stop syncing** (they are not sent to clients, and writes that violate it are rejected) until they are fixed, and they count toward the 100,000 unsynced-document limit. Whether any document is affected depends on the data, so count them first. A changed `pattern` or `validate` expression counts as tightened: syncplan cannot prove it accepts every value it accepted before. Sources: https://www.mongodb.com/docs/atlas/app-services/schemas/ and https://www.mongodb.com/docs/atlas/app-services/mongodb/internal-database-usage/ (unsynced documents)",
    action: "Count the documents that violate the new constraint (the query below) and fix them before deploying the schema; make sure clients never write values outside it.",
    development_mode: "Same verdict; Development Mode does not validate writes while it is on, so violations appear when it is turned off.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/schemas/, https://www.mongodb.com/docs/atlas/app-services/mongodb/internal-database-usage/",
    applies: |c| c.kind == ChangeKind::ConstraintTightened,
    describe,
};


/// `keyword: old → new` for each constraint keyword that differs.
pub fn constraint_delta(c: &Change) -> String {
    let get = |i: &Option<Item>| match i {
        Some(Item::Value(v)) => v.get("constraints").and_then(|x| x.as_object()).cloned().unwrap_or_default(),
        _ => Default::default(),
    };
    let (a, b) = (get(&c.old), get(&c.new));
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| {
            let s = |v: Option<&serde_json::Value>| v.map(|x| x.to_string()).unwrap_or_else(|| "none".into());
            format!("{k}: {} → {}", s(a.get(k)), s(b.get(k)))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    let mut d = Describe::msg(format!(
        "constraint tightened on {}: {}",
        super::subject(c),
        constraint_delta(c)
    ));
    d.help = count_query(c);
    d
}

/// A mongosh count of the documents the new constraints reject (MongoDB `$jsonSchema`), for
/// field constraints of a collection; `validate` expressions are App Services only.
fn count_query(c: &Change) -> Option<String> {
    let Some(Item::Value(v)) = &c.new else { return None };
    let coll = v.get("collection").and_then(|x| x.as_str())?;
    let cons = v.get("constraints").and_then(|x| x.as_object())?;
    if super::in_embedded(c) {
        return None;
    }
    let mut items = serde_json::Map::new();
    let mut field = serde_json::Map::new();
    let mut skipped = Vec::new();
    for (k, val) in cons {
        if k == "validate" || k.ends_with(".validate") || k == "format" {
            skipped.push(k.as_str());
        } else if let Some(ik) = k.strip_prefix("items.") {
            items.insert(ik.to_string(), val.clone());
        } else {
            field.insert(k.clone(), val.clone());
        }
    }
    if !items.is_empty() {
        field.insert("items".into(), serde_json::Value::Object(items));
    }
    let schema = match c.property.as_deref() {
        Some(p) => serde_json::json!({ "properties": { p: field } }),
        None => serde_json::Value::Object(field),
    };
    let mut s = format!(
        "Count the documents that violate it: `db.getCollection({}).countDocuments({{ $nor: [ {{ $jsonSchema: {} }} ] }})`.",
        serde_json::Value::String(coll.to_string()),
        schema
    );
    if !skipped.is_empty() {
        s.push_str(&format!(" ({} cannot be checked by MongoDB: review it by hand.)", skipped.join(", ")));
    }
    Some(s)
}
