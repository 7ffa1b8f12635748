//! Add a required property (facts §1.1 row 3, §1.3).

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind};
use crate::model::{Collection, Element, PropertyType, ScalarType};

pub static RULE: Rule = Rule {
    id: "property_added_required",
    summary: "A required property was added",
    server: Verdict::NonBreaking,
    client: Verdict::NonBreaking,
    server_schema_versioning: Verdict::NonBreaking,
    tags: &[Tag::NeedsBackfill, Tag::Resync, Tag::DataDependent],
    why: "The published table rates it non-breaking (row 3), but existing documents without the field **stop syncing** \
(apparent data loss) until they are backfilled. Unsynced documents are tracked in `__realm_sync.unsynced_documents`, which \
is limited to **100,000** documents: a large collection can exceed it (then terminate and re-enable Sync, or ask support to \
raise the limit). Clients that open a schema subset without the field get it filled with a zero value (`0`, `\"\"`).",
    action: "Prefer an optional property. If it must be required: backfill every existing document (`updateMany` with a \
default) before deploying the schema, and count the documents that would fail first.",
    development_mode: "Same verdict; Development Mode adds the field, existing documents still need the backfill.",
    reference: "facts §1.1 row 3, §1.3 *Add required property*",
    applies: |c| c.kind == ChangeKind::PropertyAdded && is_required_add(c),
    describe,
};

/// A required single scalar (collections, links and `mixed` are never required).
pub fn is_required_add(c: &Change) -> bool {
    c.new_property().is_some_and(|p| {
        !p.optional
            && matches!(&p.ty, PropertyType::Value { collection: Collection::Single, element: Element::Scalar(s) } if *s != ScalarType::Mixed)
    })
}

/// When properties were also removed from the same type, suggest the rename hint and remapping.
pub fn rename_hint(c: &Change, all: &[Change]) -> Option<String> {
    let removed: Vec<&str> = all
        .iter()
        .filter(|o| o.kind == ChangeKind::PropertyRemoved && o.object_type == c.object_type)
        .filter_map(|o| o.property.as_deref())
        .collect();
    if removed.is_empty() {
        return None;
    }
    let t = c.object_type.as_deref().unwrap_or("");
    // The hint names the type as it is on each side (the old name if the type was renamed too).
    let old_t = all
        .iter()
        .find(|o| matches!(o.kind, ChangeKind::TypeRenamed { .. }) && o.object_type == c.object_type)
        .and_then(|o| o.from.as_deref())
        .unwrap_or(t);
    let new = c.property.as_deref().unwrap_or("");
    let olds = removed.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", ");
    Some(format!(
        "If this renames {olds}, rerun with `--rename {old_t}.{}={t}.{new}` to see it as a rename; better, keep the persisted \
name and rename only in code (`mapTo`, `@PersistedName`, `[MapTo]`, `@MapTo`, Swift `propertiesMapping()`), which is non-breaking.",
        removed[0]
    ))
}

fn describe(c: &Change, all: &[Change]) -> Describe {
    let mut d = Describe::msg(format!(
        "{} added as required {}: existing documents without it stop syncing until backfilled",
        super::subject(c),
        super::shorthand_new(c)
    ));
    d.help = rename_hint(c, all);
    d
}
