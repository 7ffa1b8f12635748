//! Add a required property (https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#breaking-change-quick-reference row 3, https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/).

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind};
use crate::model::{Collection, Element, PropertyType, ScalarType};

pub static RULE: Rule = Rule {
    id: "property_added_required",
    summary: "A required property was added",
    server: Verdict::NeedsAction,
    client: Verdict::NonBreaking,
    server_schema_versioning: Verdict::NeedsAction,
    tags: &[Tag::NeedsBackfill, Tag::Resync, Tag::DataDependent],
    why: "The published table rates it non-breaking (row 3), so it is not breaking; it is **needs-action** here because existing documents without the field **stop syncing** \
(apparent data loss) until they are backfilled. Unsynced documents are tracked in `__realm_sync.unsynced_documents`, which \
is limited to **100,000** documents: a large collection can exceed it (then terminate and re-enable Sync, or ask support to \
raise the limit). Clients that open a schema subset without the field get it filled with a zero value (`0`, `\"\"`).",
    action: "Prefer an optional property. If it must be required: backfill every existing document (`updateMany` with a \
default) before deploying the schema, and count the documents that would fail first.",
    development_mode: "Same verdict; Development Mode adds the field, existing documents still need the backfill.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#breaking-change-quick-reference row 3, https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ *Add required property*",
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

/// Removed properties named in a rename hint; the rest are counted.
const HINT_NAMES: usize = 3;

/// When properties were also removed from the same type, suggest the rename hint and remapping.
/// Removals of the same property type come first (the likelier renames), then the others, each in
/// name order; at most [`HINT_NAMES`] are named, so the hint stays short (and linear in size) when
/// a type loses thousands of properties.
pub fn rename_hint(c: &Change, all: &super::Changes<'_>) -> Option<String> {
    let t = c.object_type.as_deref()?;
    if let Some(old) = c.from.as_deref() {
        let new = c.property.as_deref().unwrap_or("");
        return Some(format!(
            "The SDK name is that of the removed `{old}`, but the persisted name changed: realm-core sees a removal plus an \
addition, so stored values stay under `{old}` and the data does not follow. Keep the persisted name (map the new code name to \
`{old}`), or rerun with `--rename {t}.{old}={t}.{new}` to plan the move of the values."
        ));
    }
    let r = all.removed();
    let removed = r.properties.get(t).filter(|v| !v.is_empty())?;
    let same: &[&str] = c
        .new_property()
        .and_then(|p| r.by_type.get(&(t, &p.ty, p.optional)))
        .map_or(&[], |v| v.as_slice());
    let mut named: Vec<&str> = same.iter().take(HINT_NAMES).copied().collect();
    // Fewer than HINT_NAMES of the same type: the others follow (skipping at most those few).
    for n in removed {
        if named.len() >= HINT_NAMES {
            break;
        }
        if !same.contains(n) {
            named.push(n);
        }
    }
    // The hint names the type as it is on each side (the old name if the type was renamed too).
    let old_t = r.renamed_from.get(t).copied().unwrap_or(t);
    let new = c.property.as_deref().unwrap_or("");
    let mut olds = named.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    if removed.len() > named.len() {
        olds.push_str(&format!(" (or one of {} other removed properties)", removed.len() - named.len()));
    }
    Some(format!(
        "If this renames {olds}, rerun with `--rename {old_t}.{}={t}.{new}` to see it as a rename; better, keep the persisted \
name and rename only in code (`mapTo`, `@PersistedName`, `[MapTo]`, `@MapTo`, Swift `propertiesMapping()`), which is non-breaking.",
        named[0]
    ))
}

fn describe(c: &Change, all: &super::Changes<'_>) -> Describe {
    let mut d = Describe::msg(format!(
        "{} added as required {}: existing documents without it stop syncing until backfilled{}",
        super::subject(c),
        super::shorthand_new(c),
        super::persisted_name_note(c)
    ));
    d.help = rename_hint(c, all);
    d
}
