//! A collection becomes asymmetric (Data Ingest) or stops being one (https://www.mongodb.com/docs/atlas/app-services/sync/configure/sync-settings/ ; https://github.com/realm/realm-core/blob/master/src/realm/object-store/schema.cpp).

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind};
use crate::model::ObjectKind;

pub static RULE: Rule = Rule {
    id: "asymmetric_table_changed",
    summary: "An object type changed between top-level and asymmetric (sync config `asymmetric_tables`)",
    server: Verdict::Breaking,
    client: Verdict::Breaking,
    server_schema_versioning: Verdict::Breaking,
    tags: &[Tag::ClientReset],
    why: "Adding or removing a collection in `asymmetric_tables` corresponds to a change of table type on the client, \
which realm-core treats as `ChangeTableType` and rejects in additive mode. Asymmetric types are write-only and cannot be \
queried, so existing subscriptions on the type also break.",
    action: "Introduce a new asymmetric type (or a new top-level type) under a new name and move writers to it, instead of \
converting the existing one.",
    development_mode: "Same verdict.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/schemas/relationships/ *Asymmetric*, https://www.mongodb.com/docs/atlas/app-services/sync/configure/sync-settings/, https://github.com/realm/realm-core/blob/master/src/realm/object-store/schema.cpp",
    applies: |c| match c.kind {
        ChangeKind::TypeKindChanged { before, after } => before != ObjectKind::Embedded && after != ObjectKind::Embedded,
        _ => false,
    },
    describe,
};

fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    let ChangeKind::TypeKindChanged { before, after } = c.kind else { return Describe::msg("") };
    Describe::msg(format!("{} changed from {before} to {after}", c.object_type.as_deref().unwrap_or("")))
}
