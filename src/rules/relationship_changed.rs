//! A field gains, loses or retargets a relationship while its stored value type stays the same.

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind};

pub static RULE: Rule = Rule {
    id: "relationship_changed",
    summary: "A field gained, lost or retargeted a relationship (objectId field ⇄ link) with the same stored key type",
    server: Verdict::Breaking,
    client: Verdict::Breaking,
    server_schema_versioning: Verdict::Breaking,
    tags: &[Tag::ClientReset, Tag::DataDependent],
    why: "The documents do not change (a link is stored as the target's primary key), but the Realm property type does: \
a plain `objectId` becomes a link to an object type, or a link changes target. For the SDK model that is a property type \
change (realm-core `ChangePropertyType`, rejected in additive mode). The published table does not list relationships; \
rating the server side as a type change (row 9) is our reading, kept conservative because clients that declared the old \
shape can no longer sync the field.",
    action: "Leave existing fields as they are and add the link as a new property; or change it with a breaking-change \
route (terminate and re-enable Sync, clients update their model and client-reset).",
    development_mode: "Same verdict.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#breaking-change-quick-reference row 9, https://www.mongodb.com/docs/atlas/app-services/schemas/relationships/, https://github.com/realm/realm-core/blob/master/src/realm/object-store/schema.cpp",
    applies: |c| c.kind == ChangeKind::RelationshipChanged,
    describe,
};

fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    Describe::msg(format!(
        "{} changed from {} to {} (relationship only; stored values unchanged)",
        super::subject(c),
        super::shorthand_old(c),
        super::shorthand_new(c)
    ))
}
