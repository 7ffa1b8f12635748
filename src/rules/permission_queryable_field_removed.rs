//! A queryable field that a role still refers to was removed.

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind, Item};

pub static RULE: Rule = Rule {
    id: "permission_queryable_field_removed",
    summary: "A queryable field was removed while a role's expression still refers to it",
    server: Verdict::Breaking,
    client: Verdict::NonBreaking,
    server_schema_versioning: Verdict::Breaking,
    tags: &[Tag::ClientReset, Tag::Destructive],
    why: "Under Flexible Sync a role may only refer to queryable fields. Removing one that a document filter (or an insert/delete expression) uses makes the role Sync incompatible: a session it applies to is denied access, and sessions using it had their role change (client reset). Source: https://www.mongodb.com/docs/atlas/app-services/rules/sync-compatibility/",
    action: "Rewrite the roles so they no longer refer to the field (or keep the field queryable), deploy that first, then remove the queryable field.",
    development_mode: "Same verdict.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/rules/sync-compatibility/",
    applies: |c| c.kind == ChangeKind::PermissionQueryableFieldRemoved,
    describe,
};


fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    let roles = match &c.new {
        Some(Item::Value(v)) => v
            .get("roles")
            .and_then(|r| r.as_array())
            .map(|r| r.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>().join(", "))
            .unwrap_or_default(),
        _ => String::new(),
    };
    Describe::msg(format!(
        "queryable field {} removed while role(s) {roles} still refer to it: those roles are no longer Sync compatible",
        super::subject(c)
    ))
}
