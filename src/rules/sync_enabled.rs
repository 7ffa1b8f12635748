//! Sync configured for the first time (none → partition-based or Flexible Sync).

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind, Item};

pub static RULE: Rule = Rule {
    id: "sync_enabled",
    summary: "Device Sync was configured for the first time",
    server: Verdict::NonBreaking,
    client: Verdict::NonBreaking,
    server_schema_versioning: Verdict::NonBreaking,
    tags: &[Tag::Resync],
    why: "Before this change no client synced with this app, so no synced client can break: the sync configuration (mode, partition key, queryable fields) is new, not changed. The server reads the synced collections' documents into Sync when it starts. Source: https://www.mongodb.com/docs/atlas/app-services/sync/configure/sync-settings/",
    action: "Check that the new configuration validates (`syncplan validate`): every synced collection needs the partition key or the queryable fields it configures. Ship clients that open synced realms.",
    development_mode: "Same verdict; Development Mode may then create schemas from client models.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/sync/configure/sync-settings/",
    applies: |c| c.kind == ChangeKind::SyncEnabled,
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
    Describe::msg(format!("Sync enabled for the first time ({} sync); there were no synced clients", shown(&c.new)))
}
