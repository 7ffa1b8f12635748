//! Primary key name or type changed (realm-core `ChangePrimaryKey` / `ChangePropertyType`).

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind, Item};

pub static RULE: Rule = Rule {
    id: "primary_key_changed",
    summary: "The primary key changed (its type, or which property it is)",
    server: Verdict::Breaking,
    client: Verdict::Breaking,
    server_schema_versioning: Verdict::Breaking,
    tags: &[Tag::ClientReset, Tag::NeedsBackfill, Tag::Destructive],
    why: "The primary key `_id` identifies every object in sync. Changing its type is a property type change (row 9); \
changing which property is the key is `ChangePrimaryKey` in realm-core; both are rejected in additive mode. Every \
document must be rewritten (an `_id` cannot be updated in place), and links stored as the old key type break.",
    action: "Use the partner-collection strategy: an aggregation converts `_id` (`$toString`, `$toObjectId`, ...) into a \
new collection (`$out`), triggers keep both in step, and clients move to the new type.",
    development_mode: "Same verdict.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/sync/configure/pause-or-terminate-sync/ (the documented partner-collection example converts `_id` objectId → string), https://github.com/realm/realm-core/blob/master/src/realm/object-store/schema.cpp (behaviour measured on realm-core 14.14.0)",
    applies: |c| c.kind == ChangeKind::PrimaryKeyChanged,
    describe,
};

fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    let v = |i: &Option<Item>| match i {
        Some(Item::Value(serde_json::Value::String(s))) => s.clone(),
        _ => "none".into(),
    };
    Describe::msg(format!("primary key of {} changed from {} to {}", c.object_type.as_deref().unwrap_or(""), v(&c.old), v(&c.new)))
}
