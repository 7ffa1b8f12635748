//! Client Recovery turned on or off (`is_recovery_mode_disabled`).

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind, Item};

pub static RULE: Rule = Rule {
    id: "recovery_mode_changed",
    summary: "Client Recovery was turned on or off (is_recovery_mode_disabled)",
    server: Verdict::NonBreaking,
    client: Verdict::NonBreaking,
    server_schema_versioning: Verdict::NonBreaking,
    tags: &[Tag::DataDependent],
    why: "A configuration change the documentation lists as non-breaking, but it changes which client-reset handlers work: with Client Recovery disabled, the recover modes (`recoverUnsyncedChanges`, `recoverOrDiscardUnsyncedChanges`) cannot recover unsynced changes, so a client reset discards them or falls back to the manual handler. Source: https://www.mongodb.com/docs/atlas/app-services/sync/configure/sync-settings/",
    action: "When disabling it, check that every client's reset handler copes with discarded changes (discard or manual mode).",
    development_mode: "Same verdict.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/sync/configure/sync-settings/",
    applies: |c| c.kind == ChangeKind::RecoveryModeChanged,
    describe,
};


fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    let off = matches!(&c.new, Some(Item::Value(serde_json::Value::Bool(true))));
    Describe::msg(if off {
        "Client Recovery disabled: recover-mode client-reset handlers can no longer recover unsynced changes".to_string()
    } else {
        "Client Recovery enabled: recover-mode client-reset handlers recover unsynced changes again".to_string()
    })
}
