//! Remove a default value (client-side notion).

use super::{Describe, Rule, Verdict};
use crate::diff::{Change, ChangeKind};

pub static RULE: Rule = Rule {
    id: "default_value_removed",
    summary: "A property's client-side default value was removed",
    server: Verdict::NonBreaking,
    client: Verdict::NonBreaking,
    server_schema_versioning: Verdict::NonBreaking,
    tags: &[],
    why: "Defaults live only in the client model and realm-core does not compare them; without one, new objects get the \
type's zero value (or null for optional properties).",
    action: "Ship the client change; make sure code that creates objects now sets the value.",
    development_mode: "Same verdict.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ *Add default value*, https://www.mongodb.com/docs/atlas/app-services/sync/data-model/create-a-schema/",
    applies: |c| c.kind == ChangeKind::DefaultRemoved,
    describe,
};

fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    let o = c.old_property().and_then(|p| p.default.clone()).unwrap_or_default();
    Describe::msg(format!("{} no longer defaults to {o}", super::subject(c)))
}
