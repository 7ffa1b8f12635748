//! `mapTo` added or changed with the persisted name kept.

use super::{Describe, Rule, Verdict};
use crate::diff::{Change, ChangeKind};

pub static RULE: Rule = Rule {
    id: "client_name_remapped",
    summary: "The SDK-side name changed while the persisted name stayed (mapTo / @PersistedName / [MapTo])",
    server: Verdict::NonBreaking,
    client: Verdict::NonBreaking,
    server_schema_versioning: Verdict::NonBreaking,
    tags: &[],
    why: "realm-core compares properties by persisted name, so a renamed code name that maps to the same persisted name is \
no schema change at all (measured: nothing reported, accepted in every mode). This is the documented way to rename a \
property without a breaking change.",
    action: "Ship the client change; nothing to do on the server.",
    development_mode: "Same verdict.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#breaking-change-quick-reference note on rows 7–8, https://www.mongodb.com/docs/atlas/device-sdks/ (rename property) (behaviour measured on realm-core 14.14.0)",
    applies: |c| c.kind == ChangeKind::ClientNameChanged,
    describe,
};

fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    let o = c.old_property().map(|p| p.public_name().to_string()).unwrap_or_default();
    let n = c.new_property().map(|p| p.public_name().to_string()).unwrap_or_default();
    Describe::msg(format!("{} keeps persisted name \"{}\"; SDK name {o} → {n}", super::subject(c), c.property.as_deref().unwrap_or("")))
}
