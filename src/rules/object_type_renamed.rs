//! Rename an object type (https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#breaking-change-quick-reference row 7, https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/).

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind, RenameVia};

pub static RULE: Rule = Rule {
    id: "object_type_renamed",
    summary: "An object type was renamed (same collection under a new title, or a --rename hint)",
    server: Verdict::Breaking,
    client: Verdict::Breaking,
    server_schema_versioning: Verdict::Breaking,
    tags: &[Tag::ClientReset, Tag::Destructive],
    why: "Renaming an object type is breaking on both sides (quick-reference row 7). The type name is the schema `title` \
that Device Sync matches to client classes; clients on the old name stop syncing.",
    action: "Avoid the rename: keep the persisted (server) name and rename only in code where the SDK can map class names \
(Kotlin `@PersistedName` on the class, .NET `[MapTo]`, Dart `@MapTo`). Otherwise use a partner collection, or terminate \
and re-enable Sync with a client reset.",
    development_mode: "Breaking changes can be made from the client only for apps created after 2023-09-13 (delete the local realm first); otherwise same verdict.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#breaking-change-quick-reference row 7, https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ *Rename object type*, https://www.mongodb.com/docs/atlas/app-services/sync/configure/pause-or-terminate-sync/, https://www.mongodb.com/docs/atlas/device-sdks/; https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/",
    applies: |c| matches!(c.kind, ChangeKind::TypeRenamed { .. }),
    describe,
};

fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    let from = c.from.as_deref().unwrap_or("");
    let to = c.object_type.as_deref().unwrap_or("");
    let via = match c.kind {
        ChangeKind::TypeRenamed { via: RenameVia::SameCollection } => " (same collection, new title)",
        ChangeKind::TypeRenamed { via: RenameVia::Hint } => " (--rename hint)",
        _ => "",
    };
    Describe::msg(format!("object type {from} renamed to {to}{via}"))
}
