//! Remove a property (https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#breaking-change-quick-reference row 6, https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/).

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind};

pub static RULE: Rule = Rule {
    id: "property_removed",
    summary: "A property was removed",
    server: Verdict::Breaking,
    client: Verdict::NonBreaking,
    server_schema_versioning: Verdict::SchemaVersioning,
    tags: &[Tag::Destructive],
    why: "Removing a property from the server schema is breaking (row 6): clients that still declare it cannot sync. \
Removing it from the client model only is non-breaking: realm-core keeps the column in the file, and the server fills the \
field with an empty value (`null`, `0`, `\"\"`) for objects such clients create. The field is not deleted in Atlas.",
    action: "Remove the property from client models only and keep it in the server schema. Remove it from the server only \
with a breaking-change route (terminate and re-enable Sync, partner collection, or a schema version).",
    development_mode: "Same verdict: Development Mode does not remove fields from the server schema.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#breaking-change-quick-reference row 6, https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ *Remove property*, https://github.com/realm/realm-core/blob/master/src/realm/object-store/object_store.cpp",
    applies: |c| c.kind == ChangeKind::PropertyRemoved,
    describe,
};

fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    let was = c.old_property().and_then(|p| p.location.as_ref()).map(|l| format!(" (was at {l})")).unwrap_or_default();
    Describe::msg(format!("{} ({}) removed{was}", super::subject(c), super::shorthand_old(c)))
}
