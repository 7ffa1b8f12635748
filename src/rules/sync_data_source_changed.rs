//! The linked data source (cluster) Sync runs on changed.

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind, Item};

pub static RULE: Rule = Rule {
    id: "sync_data_source_changed",
    summary: "The linked data source (cluster) that Device Sync uses changed",
    server: Verdict::Breaking,
    client: Verdict::Breaking,
    server_schema_versioning: Verdict::Breaking,
    tags: &[Tag::ClientReset],
    why: "The cluster to sync cannot be changed while Device Sync is enabled: Sync must be terminated, pointed at the other data source and re-enabled, which client-resets every client; the data must be in the new cluster before Sync starts there. Source: https://www.mongodb.com/docs/atlas/app-services/sync/configure/sync-settings/",
    action: "Copy the synced data to the new cluster, terminate Sync, change the data source, re-enable Sync, and ship clients with a client-reset handler.",
    development_mode: "Same verdict.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/sync/configure/sync-settings/",
    applies: |c| c.kind == ChangeKind::SyncDataSourceChanged,
    describe,
};

/// One side's value, compact.
fn shown(i: &Option<Item>) -> String {
    match i {
        Some(Item::Value(serde_json::Value::Null)) | None => "none".into(),
        Some(Item::Value(serde_json::Value::String(s))) => s.clone(),
        Some(Item::Value(v)) => v.to_string(),
        _ => "?".into(),
    }
}

fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    Describe::msg(format!("Sync data source changed from {} to {}", shown(&c.old), shown(&c.new)))
}
