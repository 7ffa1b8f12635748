//! Remove an index (client side; realm-core `RemoveIndex`).

use super::{Describe, Rule, Verdict};
use crate::diff::{Change, ChangeKind};

pub static RULE: Rule = Rule {
    id: "index_removed",
    summary: "A property's index was removed from the client model",
    server: Verdict::NonBreaking,
    client: Verdict::NonBreaking,
    server_schema_versioning: Verdict::NonBreaking,
    tags: &[],
    why: "Indexes are local to each realm file and not synced; realm-core accepts `RemoveIndex` in every mode.",
    action: "Local realms: bump `schemaVersion` so existing files drop the index. Synced realms stay at schema version 0: \
existing files drop it at their next schema change, new or reset files at once. Check queries that relied on it.",
    development_mode: "Same verdict.",
    reference: "https://github.com/realm/realm-core/blob/master/src/realm/object-store/object_store.cpp (AddIndex/RemoveIndex row) (behaviour measured on realm-core 14.14.0)",
    applies: |c| c.kind == ChangeKind::IndexRemoved,
    describe,
};

fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    Describe::msg(format!("{} is no longer indexed", super::subject(c)))
}
