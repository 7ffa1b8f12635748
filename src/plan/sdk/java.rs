//! Realm Java (`io.realm`, Java SDK 10.x). Local realms open in realm-core's Manual schema mode:
//! the migration must apply every change itself through `RealmSchema` (Realm Java reference,
//! `io.realm.RealmMigration`, `io.realm.RealmSchema`, `io.realm.RealmObjectSchema`).

use super::*;
use crate::model::{ObjectKind, ObjectType};
use crate::plan::client::{ClientEdit, EditCx, MigrationNeeds, SdkGuide, conversion_note};

pub struct Java;

fn header(t: &ObjectType, name: Option<&str>) -> String {
    let mut args = Vec::new();
    if let Some(n) = name {
        args.push(format!("name = \"{n}\""));
    }
    if t.kind == ObjectKind::Embedded {
        args.push("embedded = true".to_string());
    }
    let ann = if args.is_empty() {
        String::new()
    } else {
        format!("@RealmClass({})\n", args.join(", "))
    };
    format!("{ann}public class {} extends RealmObject {{", t.name)
}

impl SdkGuide for Java {
    fn class_header(&self, t: &ObjectType) -> String {
        header(t, None)
    }

    fn edit(&self, e: &ClientEdit, cx: &EditCx) -> String {
        match e {
            ClientEdit::AddType { ty } => format!(
                "{}\n\nList `{}.class` in your `@RealmModule` if the app declares modules.",
                add_type(cx, ty),
                ty.name
            ),
            ClientEdit::RemoveType { ty } => remove_type(ty),
            ClientEdit::RenameType { from, to } => rename_type(
                from,
                to,
                &format!(
                    "Non-breaking alternative: keep the persisted class name:\n\n{}",
                    cx.code(&format!("{} ... }}", header(to, Some(&from.name))))
                ),
            ),
            ClientEdit::ChangeTypeKind { before, after } => change_kind(cx, before, after, &self.class_header(after)),
            ClientEdit::AddProperty { owner, prop } => add_property(cx, owner, prop),
            ClientEdit::RemoveProperty { owner, prop } => remove_property(cx, owner, prop),
            ClientEdit::ChangeProperty { owner, before, after } => change_property(cx, owner, before, after),
            ClientEdit::RenameProperty { owner, before, after } => rename_property(
                cx,
                owner,
                before,
                after,
                &format!(
                    "Non-breaking alternative: keep the persisted name with `@RealmField(\"{}\")` on the renamed field.",
                    before.name
                ),
            ),
            ClientEdit::RemapName { owner, after, .. } => remap_name(cx, owner, after),
            ClientEdit::ChangePrimaryKey { before, after } => change_pk(cx, before, after),
            ClientEdit::DropSubscriptions { field } => drop_subscriptions(
                cx,
                field,
                &format!(
                    "realm.getSubscriptions().update(subscriptions -> {{\n    // remove the subscriptions whose query mentions {field}\n    subscriptions.remove(\"<subscription name>\");\n}});"
                ),
            ),
            ClientEdit::ChangeSyncConfiguration { message } => change_sync(
                cx,
                message,
                "SyncConfiguration config = new SyncConfiguration.Builder(user)\n    .initialSubscriptions((realm, subscriptions) -> { /* add subscriptions */ })\n    .build();",
            ),
            ClientEdit::AdoptPartnerType { before, after, title } => adopt_partner(
                cx,
                before,
                title,
                &class_with(cx, after, &header(after, Some(title)), "}"),
                "`@RealmClass(name = ...)` keeps the class name in code.",
            ),
        }
    }

    fn schema_version(&self, m: &MigrationNeeds) -> String {
        let mut s = String::from(
            "RealmConfiguration config = new RealmConfiguration.Builder()\n    .schemaVersion(/* current + 1 */)\n    .migration((realm, oldVersion, newVersion) -> {\n        RealmSchema schema = realm.getSchema();\n        // Realm Java checks the file against the model with no difference left: apply every\n        // change of this version here (schema.create, addField, addIndex, addPrimaryKey, ...).\n",
        );
        for (t, from, to) in &m.renames {
            s.push_str(&format!(
                "        schema.get(\"{t}\").renameField(\"{from}\", \"{}\");\n",
                to.name
            ));
        }
        s.push_str(&conversion_note(m, "//", "        "));
        s.push_str("    })\n    .build();");
        format!(
            "bump `schemaVersion` and write the migration (Realm Java opens local realms in Manual mode: a change the migration does not apply throws `RealmMigrationNeededException`):\n\n```java\n{s}\n```"
        )
    }

    fn client_reset(&self, partition: bool) -> String {
        let builder = if partition {
            "new SyncConfiguration.Builder(user, \"<partition value>\")"
        } else {
            "new SyncConfiguration.Builder(user)"
        };
        format!(
            "```java\nSyncConfiguration config = {builder}\n    .syncClientResetStrategy(new RecoverOrDiscardUnsyncedChangesStrategy() {{\n        @Override public void onBeforeReset(Realm realm) {{ }}\n        @Override public void onAfterRecovery(Realm before, Realm after) {{ }}\n        @Override public void onAfterDiscard(Realm before, Realm after) {{ }}\n        @Override public void onManualResetFallback(SyncSession session, ClientResetRequiredError error) {{\n            // close every instance of the realm, then\n            error.executeClientReset();\n        }}\n    }})\n    .build();\n```"
        )
    }

    fn discard_realm(&self) -> String {
        "```java\n// Once, before the first open of this app version:\nRealm.deleteRealm(config);\n```".into()
    }

    fn sync_schema_version(&self) -> String {
        "```java\nSyncConfiguration config = new SyncConfiguration.Builder(user)\n    .schemaVersion(/* new server schema version */)\n    .build();\n```".into()
    }
}
