//! Dart / Flutter (`realm` v2+), facts §4.1.4, §4.2, §4.4.

use super::*;
use crate::model::{ObjectKind, ObjectType};
use crate::plan::client::{ClientEdit, EditCx, SdkGuide};

pub struct Dart;

fn annotation(k: ObjectKind) -> &'static str {
    match k {
        ObjectKind::TopLevel => "@RealmModel()",
        ObjectKind::Embedded => "@RealmModel(ObjectType.embeddedObject)",
        ObjectKind::Asymmetric => "@RealmModel(ObjectType.asymmetricObject)",
    }
}

impl SdkGuide for Dart {
    fn class_header(&self, t: &ObjectType) -> String {
        format!("{}\nclass _{} {{", annotation(t.kind), t.name)
    }

    fn edit(&self, e: &ClientEdit, cx: &EditCx) -> String {
        let regen = " Then run `dart run realm generate`.";
        match e {
            ClientEdit::AddType { ty } => format!(
                "{}\n\nand add `{}.schema` to the configuration's schema list.{regen}",
                add_type(cx, ty, &self.class_header(ty), "}"),
                ty.name
            ),
            ClientEdit::RemoveType { ty } => format!("{}{regen}", remove_type(ty)),
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
            ClientEdit::AddProperty { owner, prop } => format!("{}{regen}", add_property(cx, owner, prop)),
            ClientEdit::RemoveProperty { owner, prop } => format!("{}{regen}", remove_property(cx, owner, prop)),
            ClientEdit::ChangeProperty { owner, before, after } => {
                format!("{}{regen}", change_property(cx, owner, before, after))
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
            ClientEdit::RemapName { owner, after, .. } => format!("{}{regen}", remap_name(cx, owner, after)),
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
                "// Flexible Sync\nfinal config = Configuration.flexibleSync(user, schemaObjects);",
            ),
        }
    }

    fn schema_version(&self, renames: &[(String, String, String)]) -> String {
        let mut m = String::from(
            "final config = Configuration.local(schemaObjects,\n    schemaVersion: /* current + 1 */,\n    migrationCallback: (migration, oldSchemaVersion) {\n",
        );
        for (t, from, to) in renames {
            m.push_str(&format!("  migration.renameProperty('{t}', '{from}', '{to}');\n"));
        }
        m.push_str("});");
        format!("bump `schemaVersion`:\n\n```dart\n{m}\n```")
    }

    fn client_reset(&self) -> String {
        "```dart\nfinal config = Configuration.flexibleSync(user, schemaObjects,\n    clientResetHandler: RecoverOrDiscardUnsyncedChangesHandler(\n      onBeforeReset: (beforeResetRealm) { /* back up */ },\n      onAfterRecovery: (beforeResetRealm, afterResetRealm) {},\n      onAfterDiscard: (beforeResetRealm, afterResetRealm) {},\n      onManualResetFallback: (clientResetError) { /* close the realm, then clientResetError.resetRealm() */ },\n    ));\n```".into()
    }
}
