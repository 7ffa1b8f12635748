//! JavaScript / TypeScript (`realm` v12), https://www.mongodb.com/docs/atlas/device-sdks/sdk/node/model-data/define-a-realm-object-model/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/swift/model-data/change-an-object-model/ ; https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ ; https://www.mongodb.com/docs/atlas/app-services/sync/error-handling/client-resets/.

use super::*;
use crate::model::{ObjectKind, ObjectType};
use crate::plan::client::{ClientEdit, EditCx, MigrationNeeds, SdkGuide, conversion_note};

pub struct Js {
    pub typescript: bool,
}

impl Js {
    fn lang(&self) -> &'static str {
        if self.typescript { "ts" } else { "js" }
    }
}

impl SdkGuide for Js {
    fn class_header(&self, t: &ObjectType) -> String {
        let generic = if self.typescript {
            format!("<{}>", t.name)
        } else {
            String::new()
        };
        let kind = match t.kind {
            ObjectKind::TopLevel => "",
            ObjectKind::Embedded => " embedded: true,",
            ObjectKind::Asymmetric => " asymmetric: true,",
        };
        format!(
            "class {} extends Realm.Object{generic} {{\n  static schema = {{ name: \"{}\",{kind} properties: {{ /* ... */ }} }};\n}}",
            t.name, t.name
        )
    }

    fn edit(&self, e: &ClientEdit, cx: &EditCx) -> String {
        match e {
            ClientEdit::AddType { ty } => format!(
                "{}\n\nAdd `{}` to the `schema` array of the realm configuration.",
                add_type(cx, ty),
                ty.name
            ),
            ClientEdit::RemoveType { ty } => format!("{} Remove it from the `schema` array.", remove_type(ty)),
            ClientEdit::RenameType { from, to } => rename_type(
                from,
                to,
                "Realm JS has no class-level `mapTo` (`schema.name` is the persisted name): to avoid the breaking change keep `name` as the old name and rename only the JavaScript class.",
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
                    "Non-breaking alternative: keep the persisted name with `mapTo`: `{}: {{ type: \"{}\", mapTo: \"{}\" }}`.",
                    after.public_name(),
                    crate::model::type_shorthand(&after.ty, after.optional),
                    before.name
                ),
            ),
            ClientEdit::RemapName { owner, after, .. } => remap_name(cx, owner, after),
            ClientEdit::ChangePrimaryKey { before, after } => change_pk(cx, before, after),
            ClientEdit::DropSubscriptions { field } => drop_subscriptions(
                cx,
                field,
                &format!(
                    "await realm.subscriptions.update((mutableSubs) => {{\n  // remove the subscriptions whose query mentions {field}\n  mutableSubs.removeByName(\"<subscription name>\");\n}});"
                ),
            ),
            ClientEdit::ChangeSyncConfiguration { message } => change_sync(
                cx,
                message,
                "const config = { schema, sync: { user, flexible: true } };",
            ),
            ClientEdit::AdoptPartnerType { before, after, title } => {
                // The generated class, synced under the partner title (`schema.name` is persisted).
                let class = cx
                    .class_of(after)
                    .replace(&format!("name: \"{}\"", after.name), &format!("name: \"{title}\""));
                adopt_partner(
                    cx,
                    before,
                    title,
                    &cx.code(&class),
                    "`schema.name` is the persisted type name, so the class keeps its name in code.",
                )
            }
        }
    }

    fn schema_version(&self, m: &MigrationNeeds) -> String {
        let mut s = String::from(
            "const config = {\n  schema,\n  schemaVersion: /* current + 1 */,\n  onMigration: (oldRealm, newRealm) => {\n",
        );
        for (t, from, to) in &m.renames {
            s.push_str(&format!(
                "    const olds = oldRealm.objects(\"{t}\");\n    const news = newRealm.objects(\"{t}\");\n    for (let i = 0; i < olds.length; i++) news[i][\"{}\"] = olds[i][\"{from}\"];\n",
                to.name
            ));
        }
        s.push_str(&conversion_note(m, "//", "    "));
        s.push_str("  },\n};");
        format!(
            "bump `schemaVersion` (not allowed together with `sync`):\n\n```{}\n{s}\n```",
            self.lang()
        )
    }

    fn client_reset(&self, partition: bool) -> String {
        let mode = if partition {
            "partitionValue: \"<partition value>\""
        } else {
            "flexible: true"
        };
        format!(
            "```{}\nconst config = {{\n  schema,\n  sync: {{\n    user,\n    {mode},\n    clientReset: {{\n      mode: Realm.ClientResetMode.RecoverOrDiscardUnsyncedChanges,\n      onBefore: (localRealm) => {{ /* back up */ }},\n      onAfter: (localRealm, remoteRealm) => {{ /* reconcile */ }},\n      onFallback: (session, path) => {{\n        // close every open instance of the realm, then:\n        Realm.App.Sync.initiateClientReset(app, path);\n      }},\n    }},\n  }},\n}};\n```",
            self.lang()
        )
    }

    fn discard_realm(&self) -> String {
        format!(
            "```{}\n// Once, before the first open of this app version:\nRealm.deleteFile(config);\n```",
            self.lang()
        )
    }

    fn sync_schema_version(&self) -> String {
        format!(
            "```{}\nconst config = {{ schema, schemaVersion: /* new server schema version */, sync: {{ user, flexible: true }} }};\n```",
            self.lang()
        )
    }
}
