//! Required → optional (https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#breaking-change-quick-reference row 10).

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind};

pub static RULE: Rule = Rule {
    id: "property_made_optional",
    summary: "A required property became optional",
    server: Verdict::Breaking,
    client: Verdict::Breaking,
    server_schema_versioning: Verdict::SchemaVersioning,
    tags: &[Tag::ClientReset],
    why: "Changing required to optional is breaking on both sides (row 10; realm-core `MakePropertyNullable` is rejected \
in additive mode): old clients still declare the property required and cannot accept nulls. With schema versioning the \
server side becomes a new schema version; the client side stays breaking.",
    action: "Use a schema version, a partner collection, or terminate and re-enable Sync; every client updates its model.",
    development_mode: "Breaking changes can be made from the client only for apps created after 2023-09-13 (delete the local realm first); otherwise same verdict.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#breaking-change-quick-reference row 10 and its schema-versioning table, https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/, https://github.com/realm/realm-core/blob/master/src/realm/object-store/object_store.cpp",
    applies: |c| c.kind == ChangeKind::MadeOptional,
    describe,
};

fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    Describe::msg(format!("{} made optional ({} → {})", super::subject(c), super::shorthand_old(c), super::shorthand_new(c)))
}
