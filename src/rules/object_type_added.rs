//! Add an object type (https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#breaking-change-quick-reference row 1, https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/).

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind};
use crate::model::ObjectKind;

pub static RULE: Rule = Rule {
    id: "object_type_added",
    summary: "A new object type (collection or embedded type) was added",
    server: Verdict::NonBreaking,
    client: Verdict::NonBreaking,
    server_schema_versioning: Verdict::NonBreaking,
    tags: &[Tag::Resync],
    why: "Adding an object type is additive on both sides (App Services *Update Your Data Model*, quick-reference row 1; \
realm-core `AddTable` is accepted in additive sync mode). For a new collection the server reads its existing documents \
and re-inserts them into Sync, which briefly halts change propagation.",
    action: "Deploy the server schema first, then ship clients that declare the type. Devices that already have a realm file \
need no migration for a synced realm; local (non-synced) realms bump `schemaVersion`.",
    development_mode: "Same verdict. Development Mode creates the collection `<database>.<Type>` when a client first syncs the type.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#breaking-change-quick-reference row 1, https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ *Add object type*, https://github.com/realm/realm-core/blob/master/src/realm/object-store/object_store.cpp; https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/",
    applies: |c| c.kind == ChangeKind::TypeAdded,
    describe,
};

fn describe(c: &Change, all: &super::Changes<'_>) -> Describe {
    let t = c.new_type();
    let kind = t.map(|t| t.kind).unwrap_or(ObjectKind::TopLevel);
    let name = c.object_type.clone().unwrap_or_default();
    let mut d = Describe::msg(match t.and_then(|t| t.namespace.as_ref()) {
        Some(ns) => format!("{kind} type {name} added (collection {ns})"),
        None => format!("{kind} type {name} added"),
    });
    if kind == ObjectKind::Embedded {
        // An embedded type has no collection of its own: nothing is re-read.
        d.tags = Some(vec![]);
    }
    let removed = &all.removed().types;
    if let Some(first) = removed.first() {
        let mut olds = removed.iter().take(3).map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", ");
        if removed.len() > 3 {
            olds.push_str(&format!(" (or one of {} other removed types)", removed.len() - 3));
        }
        d.help = Some(format!(
            "If this renames {olds}, rerun with `--rename {first}={name}` to see it as a rename; better, keep the persisted \
class name and rename only in code where the SDK maps class names (Kotlin `@PersistedName`, .NET `[MapTo]`, Dart `@MapTo`)."
        ));
    }
    d
}
