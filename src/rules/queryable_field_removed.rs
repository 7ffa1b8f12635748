//! Remove a Flexible Sync queryable field (https://www.mongodb.com/docs/atlas/app-services/sync/configure/sync-settings/).

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind, Item};

pub static RULE: Rule = Rule {
    id: "queryable_field_removed",
    summary: "A Flexible Sync queryable field was removed",
    server: Verdict::Breaking,
    client: Verdict::NonBreaking,
    server_schema_versioning: Verdict::Breaking,
    tags: &[Tag::ClientReset, Tag::DataDependent],
    why: "Devices whose subscriptions still use the field have their sessions dropped and must client-reset; devices not \
using it are unaffected. It is breaking for exactly the devices that query on it.",
    action: "First ship clients that no longer subscribe on the field and let them update, then remove it from the sync \
configuration.",
    development_mode: "Same verdict.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/sync/configure/sync-settings/ (DAS sync-settings, *Consequences of Adding or Removing Queryable Fields*)",
    applies: |c| c.kind == ChangeKind::QueryableFieldRemoved,
    describe,
};

fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    let scope = match &c.old {
        Some(Item::Value(serde_json::Value::String(s))) if s == "collection" => "collection-level",
        _ => "global",
    };
    Describe::msg(format!(
        "{scope} queryable field {} removed: devices subscribing on it must client-reset",
        super::subject(c)
    ))
}
