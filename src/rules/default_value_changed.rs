//! Change a default value (client-side notion).

use super::{Describe, Rule, Verdict};
use crate::diff::{Change, ChangeKind};

pub static RULE: Rule = Rule {
    id: "default_value_changed",
    summary: "A property's client-side default value changed",
    server: Verdict::NonBreaking,
    client: Verdict::NonBreaking,
    server_schema_versioning: Verdict::NonBreaking,
    tags: &[],
    why: "Defaults live only in the client model (the server schema has none), and realm-core does not compare them: \
existing objects keep their values; new objects get the new default.",
    action: "Ship the client change. Old and new clients create objects with different defaults until everyone updates.",
    development_mode: "Same verdict.",
    reference: "https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ *Add default value*, https://www.mongodb.com/docs/atlas/app-services/sync/data-model/create-a-schema/",
    applies: |c| c.kind == ChangeKind::DefaultChanged,
    describe,
};

fn describe(c: &Change, _: &super::Changes<'_>) -> Describe {
    let o = c.old_property().and_then(|p| p.default.clone()).unwrap_or_default();
    let n = c.new_property().and_then(|p| p.default.clone()).unwrap_or_default();
    Describe::msg(format!("default of {} changed from {o} to {n}", super::subject(c)))
}
