//! Add a default value (https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#breaking-change-quick-reference row 2).

use super::{Describe, Rule, Verdict};
use crate::diff::{Change, ChangeKind};

pub static RULE: Rule = Rule {
    id: "default_value_added",
    summary: "A property got a client-side default value",
    server: Verdict::NonBreaking,
    client: Verdict::NonBreaking,
    server_schema_versioning: Verdict::NonBreaking,
    tags: &[],
    why: "Adding a default value is non-breaking on both sides (row 2). Defaults are a client/SDK notion: the App Services \
schema does not carry them and they are not type-checked. An Atlas document without the field still lacks it until a \
client writes it.",
    action: "Nothing to deploy on the server. Ship the client change.",
    development_mode: "Same verdict; defaults never reach the server schema.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/#breaking-change-quick-reference row 2, https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ *Add default value*, https://www.mongodb.com/docs/atlas/app-services/sync/data-model/create-a-schema/",
    applies: |c| c.kind == ChangeKind::DefaultAdded,
    describe,
};

fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    let v = c.new_property().and_then(|p| p.default.clone()).unwrap_or_default();
    Describe::msg(format!("{} now defaults to {v}", super::subject(c)))
}
