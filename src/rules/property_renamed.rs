//! Rename a property (https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#breaking-change-quick-reference row 8, https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/).

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind, RenameVia};

pub static RULE: Rule = Rule {
    id: "property_renamed",
    summary: "A property's persisted name changed (a --rename hint, or the same SDK name over a new persisted name)",
    server: Verdict::Breaking,
    client: Verdict::Breaking,
    server_schema_versioning: Verdict::Breaking,
    tags: &[Tag::ClientReset, Tag::NeedsBackfill],
    why: "Renaming a property is breaking on both sides (row 8). Existing documents keep the old field name and stop \
syncing until they are updated; clients on the old name cannot sync the new one.",
    action: "Do not rename the persisted field: rename only in code with name remapping (Swift `propertiesMapping()`, \
Kotlin `@PersistedName`, JS `mapTo`, Dart `@MapTo`, .NET `[MapTo]`; not C++), which is non-breaking. If the server field \
must change: partner collection, or terminate/re-enable Sync after renaming the field in every document (`$rename`).",
    development_mode: "Breaking changes can be made from the client only for apps created after 2023-09-13 (delete the local realm first); otherwise same verdict.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#breaking-change-quick-reference row 8, https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ *Rename property*, https://www.mongodb.com/docs/atlas/device-sdks/",
    applies: |c| matches!(c.kind, ChangeKind::PropertyRenamed { .. }),
    describe,
};

fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    let t = c.object_type.as_deref().unwrap_or("");
    let via = match c.kind {
        ChangeKind::PropertyRenamed { via: RenameVia::SameClientName } => " (same SDK name, new persisted name)",
        ChangeKind::PropertyRenamed { via: RenameVia::Hint } => " (--rename hint)",
        _ => "",
    };
    Describe::msg(format!("{t}.{} renamed to {t}.{}{via}", c.from.as_deref().unwrap_or(""), c.property.as_deref().unwrap_or("")))
}
