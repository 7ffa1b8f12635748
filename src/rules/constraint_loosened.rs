//! A schema constraint was removed or loosened.

use super::{Describe, Rule, Verdict};
use crate::diff::{Change, ChangeKind, Item};

pub static RULE: Rule = Rule {
    id: "constraint_loosened",
    summary: "A schema constraint was removed or loosened",
    server: Verdict::NonBreaking,
    client: Verdict::NonBreaking,
    server_schema_versioning: Verdict::NonBreaking,
    tags: &[],
    why: "Every document valid before stays valid: nothing stops syncing. Clients may now receive values outside the old limits (an app that assumed them should handle them). Sources: https://www.mongodb.com/docs/atlas/app-services/schemas/ and https://www.mongodb.com/docs/atlas/app-services/mongodb/internal-database-usage/ (unsynced documents)",
    action: "Nothing to do on the server; check that client code does not rely on the old limits.",
    development_mode: "Same verdict.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/schemas/, https://www.mongodb.com/docs/atlas/app-services/mongodb/internal-database-usage/",
    applies: |c| c.kind == ChangeKind::ConstraintLoosened,
    describe,
};


/// `keyword: old → new` for each constraint keyword that differs.
fn constraint_delta(c: &Change) -> String {
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
    Describe::msg(format!("constraint loosened on {}: {}", super::subject(c), constraint_delta(c)))
}
