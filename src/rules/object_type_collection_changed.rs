//! Same title, other database/collection (https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/).

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind, Item};

pub static RULE: Rule = Rule {
    id: "object_type_collection_changed",
    summary: "An object type (same title) now maps to another database or collection",
    server: Verdict::Breaking,
    client: Verdict::NonBreaking,
    server_schema_versioning: Verdict::Breaking,
    tags: &[Tag::Resync, Tag::Destructive],
    why: "Device Sync maps a type to the one collection whose schema has that `title` (titles are unique per synced data \
source). Moving the title to another collection means the documents synced so far stay behind in the old collection \
while clients now sync the new one. Our inference from the mapping rules: the published table does not list this change; \
clients do not see collection names, so their model is unaffected.",
    action: "Copy the documents into the new collection before the switch (an aggregation with `$out`/`$merge`), then \
terminate and re-enable Sync so clients download the new collection.",
    development_mode: "Same verdict.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/data-model-map/ ; https://www.mongodb.com/docs/atlas/app-services/sync/configure/pause-or-terminate-sync/ (our inference; not in the published table)",
    applies: |c| c.kind == ChangeKind::TypeCollectionChanged,
    describe,
};

fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    let v = |i: &Option<Item>| match i {
        Some(Item::Value(serde_json::Value::String(s))) => s.clone(),
        _ => String::new(),
    };
    Describe::msg(format!("{} moved from collection {} to {}", c.object_type.as_deref().unwrap_or(""), v(&c.old), v(&c.new)))
}
