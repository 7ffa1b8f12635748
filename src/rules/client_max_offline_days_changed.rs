//! `client_max_offline_days` changed.

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind, Item};

pub static RULE: Rule = Rule {
    id: "client_max_offline_days_changed",
    summary: "The client maximum offline time (client_max_offline_days) changed",
    server: Verdict::NonBreaking,
    client: Verdict::NonBreaking,
    server_schema_versioning: Verdict::NonBreaking,
    tags: &[Tag::DataDependent, Tag::ClientReset],
    why: "Backend compaction drops the history that devices offline longer than this need: such a device goes through a client reset when it reconnects. Lowering it resets more devices (those offline between the new and the old limit); raising it keeps more history. Source: https://www.mongodb.com/docs/atlas/app-services/sync/configure/sync-settings/",
    action: "Before lowering it, check how long real devices stay offline; make sure every client has a client-reset handler.",
    development_mode: "Same verdict.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/sync/configure/sync-settings/, https://www.mongodb.com/docs/atlas/app-services/sync/go-to-production/optimize-sync-atlas-usage/",
    applies: |c| c.kind == ChangeKind::ClientMaxOfflineDaysChanged,
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
    Describe::msg(format!("client_max_offline_days changed from {} to {}", shown(&c.old), shown(&c.new)))
}
