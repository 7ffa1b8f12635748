//! Add a Flexible Sync queryable field (https://www.mongodb.com/docs/atlas/app-services/sync/configure/sync-settings/).

use super::{Describe, Rule, Verdict};
use crate::diff::{Change, ChangeKind, Item};

pub static RULE: Rule = Rule {
    id: "queryable_field_added",
    summary: "A Flexible Sync queryable field was added (global or collection-level)",
    server: Verdict::NonBreaking,
    client: Verdict::NonBreaking,
    server_schema_versioning: Verdict::NonBreaking,
    tags: &[],
    why: "Adding a queryable field is non-breaking. Devices can query it only once they have caught up to the point in sync \
history where it was added.",
    action: "Deploy the sync configuration before shipping clients whose subscriptions use the field.",
    development_mode: "Same verdict; Development Mode adds fields used in subscriptions automatically.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/sync/configure/sync-settings/ (DAS sync-settings, *Consequences of Adding or Removing Queryable Fields*)",
    applies: |c| c.kind == ChangeKind::QueryableFieldAdded,
    describe,
};

fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    let scope = match &c.new {
        Some(Item::Value(serde_json::Value::String(s))) if s == "collection" => "collection-level",
        _ => "global",
    };
    Describe::msg(format!("{scope} queryable field {} added", super::subject(c)))
}
