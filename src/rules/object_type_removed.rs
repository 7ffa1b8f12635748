//! Remove an object type (https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#breaking-change-quick-reference row 5, https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/).

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind};

pub static RULE: Rule = Rule {
    id: "object_type_removed",
    summary: "An object type was removed",
    server: Verdict::Breaking,
    client: Verdict::NonBreaking,
    server_schema_versioning: Verdict::SchemaVersioning,
    tags: &[Tag::Destructive],
    why: "Removing a type from the server schema is breaking: its documents stop syncing and clients that still declare it \
cannot open their realm until Sync is terminated and re-enabled. Removing it from the client model only is non-breaking: \
realm-core keeps the table in the file (`RemoveTable` is ignored in additive mode). With schema versioning the server \
creates a new schema version instead.",
    action: "Remove the type from client models only and leave the server schema in place (the documented recommendation). \
Remove it from the server only with a breaking-change route (terminate and re-enable Sync, or a schema version).",
    development_mode: "Same verdict: Development Mode does not remove server schemas when a client stops declaring a type.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#breaking-change-quick-reference row 5, https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ *Remove object type*, https://github.com/realm/realm-core/blob/master/src/realm/object-store/object_store.cpp; https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/",
    applies: |c| c.kind == ChangeKind::TypeRemoved,
    describe,
};

fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    let kind = c.old_type().map(|t| t.kind.to_string()).unwrap_or_default();
    Describe::msg(format!("{kind} type {} removed", c.object_type.as_deref().unwrap_or("")))
}
