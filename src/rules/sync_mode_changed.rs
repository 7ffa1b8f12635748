//! Partition-based ⇄ Flexible Sync (https://www.mongodb.com/docs/atlas/app-services/sync/configure/sync-settings/).

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind, Item};

pub static RULE: Rule = Rule {
    id: "sync_mode_changed",
    summary: "The sync mode changed (partition-based ⇄ flexible)",
    server: Verdict::Breaking,
    client: Verdict::Breaking,
    server_schema_versioning: Verdict::Breaking,
    tags: &[Tag::ClientReset],
    why: "Changing the sync `type` requires terminating and re-enabling Sync (our reading of the docs), so every client \
resets; clients also change how they open the realm (partition value vs subscriptions). Partition-based → Flexible has a \
dedicated automatic migration.",
    action: "Use the documented PBS → FLX migration where it applies; otherwise terminate, reconfigure, re-enable, and ship \
clients with the new sync configuration and a client-reset handler.",
    development_mode: "Same verdict.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/reference/config/sync/ ; https://www.mongodb.com/docs/atlas/app-services/sync/configure/sync-settings/",
    applies: |c| c.kind == ChangeKind::SyncModeChanged,
    describe,
};

fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    let v = |i: &Option<Item>| match i {
        Some(Item::Value(serde_json::Value::String(s))) => s.clone(),
        _ => "none".into(),
    };
    Describe::msg(format!("sync mode changed from {} to {}", v(&c.old), v(&c.new)))
}
