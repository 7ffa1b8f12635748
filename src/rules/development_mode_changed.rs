//! Development Mode turned on or off.

use super::{Describe, Rule, Tag, Verdict};
use crate::diff::{Change, ChangeKind, Item};

pub static RULE: Rule = Rule {
    id: "development_mode_changed",
    summary: "Development Mode was turned on or off",
    server: Verdict::NonBreaking,
    client: Verdict::NonBreaking,
    server_schema_versioning: Verdict::NonBreaking,
    tags: &[Tag::DataDependent],
    why: "A configuration change the documentation lists as non-breaking. While Development Mode is on, any client can change the server schema and writes are not validated; turning it on also enables anonymous authentication and disables deployment drafts. It is not meant for production. Source: https://www.mongodb.com/docs/atlas/app-services/sync/configure/sync-settings/",
    action: "Turn Development Mode off before release; when turning it off, validate the schema it produced (`syncplan validate`) and check the documents written meanwhile.",
    development_mode: "This rule is about the setting itself.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/sync/configure/sync-settings/",
    applies: |c| c.kind == ChangeKind::DevelopmentModeChanged,
    describe,
};


fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    let on = matches!(&c.new, Some(Item::Value(serde_json::Value::Bool(true))));
    Describe::msg(if on {
        "Development Mode enabled: clients can change the server schema, writes are not validated, anonymous authentication is on".to_string()
    } else {
        "Development Mode disabled: the schema is enforced again".to_string()
    })
}
