//! Optional → required (https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#breaking-change-quick-reference row 10).

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind};

pub static RULE: Rule = Rule {
    id: "property_made_required",
    summary: "An optional property became required",
    server: Verdict::Breaking,
    client: Verdict::Breaking,
    server_schema_versioning: Verdict::SchemaVersioning,
    tags: &[Tag::ClientReset, Tag::NeedsBackfill],
    why: "Changing optional to required is breaking on both sides (row 10; realm-core `MakePropertyRequired` is rejected \
in additive mode). Documents holding null or missing the field stop syncing until fixed. With schema versioning the \
server side becomes a new schema version; the client side stays breaking.",
    action: "Backfill every document that lacks the field or holds null, then change it with a breaking-change route \
(schema version, partner collection, or terminate/re-enable Sync).",
    development_mode: "Breaking changes can be made from the client only for apps created after 2023-09-13 (delete the local realm first); otherwise same verdict.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#breaking-change-quick-reference row 10 and its schema-versioning table, https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/, https://github.com/realm/realm-core/blob/master/src/realm/object-store/object_store.cpp",
    applies: |c| c.kind == ChangeKind::MadeRequired,
    describe,
};

fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    Describe::msg(format!("{} made required ({} → {})", super::subject(c), super::shorthand_old(c), super::shorthand_new(c)))
}
