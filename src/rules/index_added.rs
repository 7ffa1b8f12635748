//! Add an index (client side; realm-core `AddIndex`).

use super::{Describe, Rule, Verdict};
use crate::diff::{Change, ChangeKind};

pub static RULE: Rule = Rule {
    id: "index_added",
    summary: "A property was indexed in the client model",
    server: Verdict::NonBreaking,
    client: Verdict::NonBreaking,
    server_schema_versioning: Verdict::NonBreaking,
    tags: &[],
    why: "Indexes are local to each realm file and are not synced: realm-core accepts `AddIndex` in every mode, and in \
additive mode applies it when the schema version goes up. The App Services schema has no index concept (server-side \
indexes are Atlas indexes, outside the schema).",
    action: "Local realms: bump `schemaVersion` so existing files build the index. Synced realms stay at schema version 0: \
existing files build it at their next schema change (any additive change writes the schema), new or reset files at once.",
    development_mode: "Same verdict.",
    reference: "https://github.com/realm/realm-core/blob/master/src/realm/object-store/object_store.cpp (AddIndex/RemoveIndex row) (behaviour measured on realm-core 14.14.0)",
    applies: |c| c.kind == ChangeKind::IndexAdded,
    describe,
};

fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    Describe::msg(format!("{} is now indexed", super::subject(c)))
}
