//! Change an object type between top-level and embedded (realm-core `ChangeTableType`, https://github.com/realm/realm-core/blob/master/src/realm/object-store/schema.cpp).

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind};
use crate::model::ObjectKind;

pub static RULE: Rule = Rule {
    id: "object_type_kind_changed",
    summary: "An object type changed between top-level and embedded",
    server: Verdict::Breaking,
    client: Verdict::Breaking,
    server_schema_versioning: Verdict::Breaking,
    tags: &[Tag::ClientReset, Tag::NeedsBackfill],
    why: "realm-core reports `ChangeTableType` and rejects it in additive (sync) mode: \"Class 'X' has been changed from \
TopLevel to Embedded.\" On the server an embedded type lives inline in its parents' documents while a top-level type is a \
collection, so the stored data has to move.",
    action: "Treat it as a new type: create the new shape under a new name (partner collection or terminate/re-enable Sync), \
migrate the documents, and switch clients over.",
    development_mode: "Same verdict; apps created after 2023-09-13 may apply it from the client after deleting the local realm.",
    reference: "https://github.com/realm/realm-core/blob/master/src/realm/object-store/schema.cpp ; https://github.com/realm/realm-core/blob/master/src/realm/object-store/object_store.cpp (behaviour measured on realm-core 14.14.0)",
    applies: |c| match c.kind {
        ChangeKind::TypeKindChanged { before, after } => before == ObjectKind::Embedded || after == ObjectKind::Embedded,
        _ => false,
    },
    describe,
};

fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    let ChangeKind::TypeKindChanged { before, after } = c.kind else { return Describe::msg("") };
    Describe::msg(format!("{} changed from {before} to {after}", c.object_type.as_deref().unwrap_or("")))
}
