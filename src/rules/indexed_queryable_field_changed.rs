//! Change the indexed queryable field (https://www.mongodb.com/docs/atlas/app-services/sync/configure/sync-settings/).

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind, Item};

pub static RULE: Rule = Rule {
    id: "indexed_queryable_field_changed",
    summary: "The indexed queryable field was added, removed or changed",
    server: Verdict::Breaking,
    client: Verdict::NonBreaking,
    server_schema_versioning: Verdict::Breaking,
    tags: &[Tag::ClientReset],
    why: "The indexed queryable field can only be changed while Sync is terminated; re-enabling Sync makes every client \
client-reset. Client models do not declare it.",
    action: "Terminate Sync, change `indexed_queryable_fields_names`, re-enable Sync; ship a client-reset handler first.",
    development_mode: "Same verdict.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/reference/config/sync/ ; https://www.mongodb.com/docs/atlas/app-services/sync/configure/sync-settings/ (DAS sync-settings, *Configure Indexed Queryable Fields*)",
    applies: |c| c.kind == ChangeKind::IndexedQueryableFieldChanged,
    describe,
};

fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    let v = |i: &Option<Item>| match i {
        Some(Item::Value(v)) => v.to_string(),
        _ => "[]".into(),
    };
    Describe::msg(format!("indexed queryable fields changed from {} to {}", v(&c.old), v(&c.new)))
}
