//! A role of rules.json / default_rule.json was added, removed or changed.

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind, Item};

pub static RULE: Rule = Rule {
    id: "permission_changed",
    summary: "A data access role (rules.json or default_rule.json) was added, removed or changed",
    server: Verdict::NeedsAction,
    client: Verdict::NonBreaking,
    server_schema_versioning: Verdict::NeedsAction,
    tags: &[Tag::DataDependent, Tag::ClientReset],
    why: "Roles decide which documents a user may read and write. With Device Sync, App Services assigns a role when a session starts and expands its expressions then; if the role a session would get differs from the one of its previous session, the client goes through a **client reset**. A change of `apply_when`, `document_filters`, `read`/`write` or field-level permissions also moves documents in or out of users' view. Whether a client is affected depends on its user. Source: https://www.mongodb.com/docs/atlas/app-services/rules/sync-compatibility/",
    action: "Compare the old and new role side by side; check it stays Sync compatible (`syncplan validate`); ship a client-reset handler before narrowing access.",
    development_mode: "Same verdict; Development Mode does not change roles.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/rules/sync-compatibility/",
    applies: |c| c.kind == ChangeKind::PermissionChanged,
    describe,
};


fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    let p = c.property.as_deref().unwrap_or("?");
    let role = p.rsplit_once("roles.").map_or(p, |(_, r)| r);
    let on = match c.object_type.as_deref() {
        Some(t) => format!(" of {t}"),
        None => p
            .strip_prefix("default_rule.")
            .and_then(|x| x.split_once(".roles."))
            .map(|(ds, _)| format!(" of the default rule of {ds}"))
            .unwrap_or_default(),
    };
    let what = match (&c.old, &c.new) {
        (Some(Item::Value(serde_json::Value::Null)), _) => "added",
        (_, Some(Item::Value(serde_json::Value::Null))) => "removed",
        _ => "changed",
    };
    let mut keys = Vec::new();
    if let (Some(Item::Value(a)), Some(Item::Value(b))) = (&c.old, &c.new)
        && let (Some(a), Some(b)) = (a.as_object(), b.as_object())
    {
        for k in a.keys().chain(b.keys()) {
            if a.get(k) != b.get(k) && !keys.contains(&k.as_str()) {
                keys.push(k.as_str());
            }
        }
    }
    let detail = if keys.is_empty() {
        String::new()
    } else {
        format!(" ({})", keys.join(", "))
    };
    Describe::msg(format!("role \"{role}\"{on} {what}{detail}"))
}
