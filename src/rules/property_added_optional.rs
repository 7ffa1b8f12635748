//! Add an optional property (https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#breaking-change-quick-reference row 4).

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind};

pub static RULE: Rule = Rule {
    id: "property_added_optional",
    summary: "An optional property (or a collection or link, which are never required) was added",
    server: Verdict::NonBreaking,
    client: Verdict::NonBreaking,
    server_schema_versioning: Verdict::NonBreaking,
    tags: &[Tag::Resync],
    why: "Adding an optional property is additive on both sides (quick-reference row 4; realm-core `AddProperty` is accepted \
in additive mode). The server re-inserts the collection's documents into Sync, a brief halt of propagation.",
    action: "Deploy the server schema, then ship clients that use the property. Local (non-synced) realms need a \
`schemaVersion` bump.",
    development_mode: "Same verdict; Development Mode adds the field when a client syncs it.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#breaking-change-quick-reference row 4, https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ *Add optional property*, https://github.com/realm/realm-core/blob/master/src/realm/object-store/object_store.cpp",
    applies: |c| c.kind == ChangeKind::PropertyAdded && !super::property_added_required::is_required_add(c),
    describe,
};

fn describe(c: &Change, all: &super::Changes<'_>) -> Describe {
    let mut d = Describe::msg(format!(
        "{} added as {}{}",
        super::subject(c),
        super::shorthand_new(c),
        super::persisted_name_note(c)
    ));
    d.help = super::property_added_required::rename_hint(c, all);
    d
}
