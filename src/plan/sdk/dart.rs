//! Dart / Flutter (`realm` v2+), https://www.mongodb.com/docs/atlas/device-sdks/sdk/flutter/realm-database/model-data/define-realm-object-schema/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/swift/model-data/change-an-object-model/ ; https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ ; https://www.mongodb.com/docs/atlas/app-services/sync/error-handling/client-resets/.

use super::*;
use crate::model::{ObjectKind, ObjectType};
use crate::plan::client::{ClientEdit, EditCx, MigrationNeeds, SdkGuide, conversion_note};

pub struct Dart;

fn annotation(k: ObjectKind) -> &'static str {
    match k {
        ObjectKind::TopLevel => "@RealmModel()",
        ObjectKind::Embedded => "@RealmModel(ObjectType.embeddedObject)",
        ObjectKind::Asymmetric => "@RealmModel(ObjectType.asymmetricObject)",
    }
}

const REGEN: &str = "\n\nThen run `dart run realm generate`.";

impl SdkGuide for Dart {
    fn class_header(&self, t: &ObjectType) -> String {
        format!("{}\nclass _{} {{", annotation(t.kind), t.name)
    }

    fn edit(&self, e: &ClientEdit, cx: &EditCx) -> String {
        match e {
            ClientEdit::AddType { ty } => format!(
                "{}\n\nAdd `{}.schema` to the configuration's schema list.{REGEN}",
                add_type(cx, ty),
                ty.name
            ),
            ClientEdit::RemoveType { ty } => format!("{}{REGEN}", remove_type(ty)),
            ClientEdit::RenameType { from, to } => rename_type(
                from,
                to,
                &format!(
                    "Non-breaking alternative: keep the persisted class name:\n\n{}",
                    cx.code(&format!(
                        "{}\n@MapTo('{}')\nclass _{} {{ ... }}",
                        annotation(to.kind),
                        from.name,
                        to.name
                    ))
                ),
            ),
            ClientEdit::ChangeTypeKind { before, after } => change_kind(cx, before, after, &self.class_header(after)),
            ClientEdit::AddProperty { owner, prop } => format!("{}{REGEN}", add_property(cx, owner, prop)),
            ClientEdit::RemoveProperty { owner, prop } => format!("{}{REGEN}", remove_property(cx, owner, prop)),
            ClientEdit::ChangeProperty { owner, before, after } => {
                format!("{}{REGEN}", change_property(cx, owner, before, after))
            }
            ClientEdit::RenameProperty { owner, before, after } => rename_property(
                cx,
                owner,
                before,
                after,
                &format!(
                    "Non-breaking alternative: keep the persisted name with `@MapTo('{}')` on the renamed field.",
                    before.name
                ),
            ),
            ClientEdit::RemapName { owner, after, .. } => format!("{}{REGEN}", remap_name(cx, owner, after)),
            ClientEdit::ChangePrimaryKey { before, after } => change_pk(cx, before, after),
            ClientEdit::DropSubscriptions { field } => drop_subscriptions(
                cx,
                field,
                &format!(
                    "realm.subscriptions.update((mutableSubscriptions) {{\n  // remove the subscriptions whose query mentions {field}\n  mutableSubscriptions.removeByName('<subscription name>');\n}});"
                ),
            ),
            ClientEdit::ChangeSyncConfiguration { message } => change_sync(
                cx,
                message,
                "final config = Configuration.flexibleSync(user, schemaObjects);",
            ),
            ClientEdit::AdoptPartnerType { before, after, title } => adopt_partner(
                cx,
                before,
                title,
                &class_with(
                    cx,
                    after,
                    &format!(
                        "{}\n@MapTo('{title}')\nclass _{} {{",
                        annotation(after.kind),
                        after.name
                    ),
                    "}",
                ),
                "`@MapTo` on the class keeps its name in code; then run `dart run realm generate`.",
            ),
        }
    }

    fn schema_version(&self, m: &MigrationNeeds) -> String {
        let mut s = String::from(
            "final config = Configuration.local(schemaObjects,\n    schemaVersion: /* current + 1 */,\n    migrationCallback: (migration, oldSchemaVersion) {\n",
        );
        for (t, from, to) in &m.renames {
            s.push_str(&format!(
                "  migration.renameProperty('{t}', '{from}', '{}');\n",
                to.name
            ));
        }
        s.push_str(&conversion_note(m, "//", "  "));
        s.push_str("});");
        format!("bump `schemaVersion`:\n\n```dart\n{s}\n```")
    }

    fn client_reset(&self, partition: bool) -> String {
        let note = if partition {
            "The Flutter SDK opens synced realms with Flexible Sync only; for a partition-based app use the configuration your SDK version offers.\n\n"
        } else {
            ""
        };
        format!(
            "{note}```dart\nfinal config = Configuration.flexibleSync(user, schemaObjects,\n    clientResetHandler: RecoverOrDiscardUnsyncedChangesHandler(\n      onBeforeReset: (beforeResetRealm) {{ /* back up */ }},\n      onAfterRecovery: (beforeResetRealm, afterResetRealm) {{}},\n      onAfterDiscard: (beforeResetRealm, afterResetRealm) {{}},\n      onManualResetFallback: (clientResetError) {{\n        // close the realm, then:\n        clientResetError.resetRealm();\n      }},\n    ));\n```"
        )
    }

    fn discard_realm(&self) -> String {
        "```dart\n// Once, before the first open of this app version:\nRealm.deleteRealm(config.path);\n```".into()
    }

    fn sync_schema_version(&self) -> String {
        "```dart\nfinal config = Configuration.flexibleSync(user, schemaObjects,\n    schemaVersion: /* new server schema version */);\n```".into()
    }
}
