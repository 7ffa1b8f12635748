//! Partition key or its type changed (https://www.mongodb.com/docs/atlas/app-services/reference/config/sync/ ; https://www.mongodb.com/docs/atlas/app-services/sync/configure/sync-settings/).

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind, Item};

pub static RULE: Rule = Rule {
    id: "partition_key_changed",
    summary: "The partition-based sync partition key (or its type, or whether it is required) changed",
    server: Verdict::Breaking,
    client: Verdict::Breaking,
    server_schema_versioning: Verdict::Breaking,
    tags: &[Tag::ClientReset, Tag::NeedsBackfill],
    why: "The partition key decides which realm each document belongs to. Changing it requires terminating and re-enabling \
Sync (client reset for every client), and every document needs a value in the new key.",
    action: "Backfill the new partition field in every document, terminate Sync, change the key, re-enable Sync, and ship \
clients that open realms with the new partition values.",
    development_mode: "Same verdict.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/reference/config/sync/ ; https://www.mongodb.com/docs/atlas/app-services/sync/configure/sync-settings/",
    applies: |c| c.kind == ChangeKind::PartitionKeyChanged,
    describe,
};

fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    let v = |i: &Option<Item>| match i {
        Some(Item::Value(v)) => {
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("?").to_string();
            let req = match v.get("required").and_then(|x| x.as_bool()) {
                Some(true) => ", required",
                Some(false) => ", optional",
                None => "",
            };
            format!("{} ({}{req})", s("key"), s("type"))
        }
        _ => "none".into(),
    };
    Describe::msg(format!("partition key changed from {} to {}", v(&c.old), v(&c.new)))
}
