//! Partition-based sync read/write permissions changed.

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind, Item};

pub static RULE: Rule = Rule {
    id: "partition_permissions_changed",
    summary: "The partition-based sync read or write permission expressions changed",
    server: Verdict::NeedsAction,
    client: Verdict::NonBreaking,
    server_schema_versioning: Verdict::NeedsAction,
    tags: &[Tag::DataDependent, Tag::ClientReset],
    why: "Partition-based sync evaluates the `read` and `write` rules when a user opens a synced realm for a partition. A change moves partitions in or out of what a user may open: a user who loses read access gets a permission error when the session starts (and must reset or close that realm), and a rule that now admits more partition values (e.g. `null`) exposes those documents to everyone the rule covers. Whether clients are affected depends on which partitions they open. Source: https://www.mongodb.com/docs/atlas/app-services/reference/partition-based-sync/",
    action: "Review who gains and who loses access with the old and new expressions side by side; before narrowing access, ship clients that no longer open the partitions being removed.",
    development_mode: "Same verdict.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/reference/partition-based-sync/",
    applies: |c| c.kind == ChangeKind::PartitionPermissionsChanged,
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
    let part = |i: &Option<Item>, k: &str| match i {
        Some(Item::Value(v)) => v.get(k).map(|x| x.to_string()).unwrap_or_else(|| "none".into()),
        _ => "none".into(),
    };
    let mut changed = Vec::new();
    for k in ["read", "write"] {
        let (a, b) = (part(&c.old, k), part(&c.new, k));
        if a != b {
            changed.push(format!("{k}: {a} → {b}"));
        }
    }
    if changed.is_empty() {
        changed.push(format!("{} → {}", shown(&c.old), shown(&c.new)));
    }
    Describe::msg(format!("partition permissions changed ({})", changed.join("; ")))
}
