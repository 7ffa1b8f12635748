//! Change a property's type, keeping its name (https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#breaking-change-quick-reference row 9, https://github.com/realm/realm-core/blob/master/src/realm/object-store/schema.cpp `ChangePropertyType`).

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind};

pub static RULE: Rule = Rule {
    id: "property_type_changed",
    summary: "A property's type changed (scalar type, list/set/dictionary, element type, to-one vs to-many, embedded vs link)",
    server: Verdict::Breaking,
    client: Verdict::Breaking,
    server_schema_versioning: Verdict::Breaking,
    tags: &[Tag::ClientReset, Tag::NeedsBackfill],
    why: "Changing a property's type is breaking on both sides (row 9). realm-core reports `ChangePropertyType` for a new \
base type, link target or collection kind and rejects it in additive mode. Existing documents must be converted or they \
stop syncing.",
    action: "Add a new property with the new type instead (additive), copy the values over with a conversion, and retire \
the old one from clients. Otherwise: partner collection with a conversion stage, or terminate/re-enable Sync after \
converting every document.",
    development_mode: "Breaking changes can be made from the client only for apps created after 2023-09-13 (delete the local realm first); otherwise same verdict.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#breaking-change-quick-reference row 9, https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ *Change property type*, https://github.com/realm/realm-core/blob/master/src/realm/object-store/schema.cpp (behaviour measured on realm-core 14.14.0)",
    applies: |c| c.kind == ChangeKind::PropertyTypeChanged,
    describe,
};

fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    let mut d =
        Describe::msg(format!("{} changed from {} to {}", super::subject(c), super::shorthand_old(c), super::shorthand_new(c)));
    if c.property.as_deref() == Some("_id") {
        // The key's own type changed (realm-core `ChangePropertyType` on the primary key).
        d.help = Some(
            "This is the primary key `_id`, which no second property can replace and no update can change in place: use \
the partner-collection strategy (an aggregation converts `_id` with `$toString`, `$toObjectId`, ... into a new collection \
with `$out`, triggers keep both in step)."
                .into(),
        );
        d.tags = Some(vec![super::Tag::ClientReset, super::Tag::NeedsBackfill, super::Tag::Destructive]);
    }
    d
}
