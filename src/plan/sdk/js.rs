//! JavaScript / TypeScript (`realm` v12), facts §4.1.3, §4.2, §4.4.

use super::*;
use crate::model::{ObjectKind, ObjectType};
use crate::plan::client::{ClientEdit, EditCx, SdkGuide};

pub struct Js {
    pub typescript: bool,
}

impl SdkGuide for Js {
    fn class_header(&self, t: &ObjectType) -> String {
        let kind = match t.kind {
            ObjectKind::TopLevel => String::new(),
            ObjectKind::Embedded => "embedded: true, ".into(),
            ObjectKind::Asymmetric => "asymmetric: true, ".into(),
        };
        let generic = if self.typescript {
            format!("<{}>", t.name)
        } else {
            String::new()
        };
        format!(
            "class {} extends Realm.Object{generic} {{ // static schema = {{ name: \"{}\", {kind}properties: {{ ... }} }}",
            t.name, t.name
        )
    }

    fn edit(&self, e: &ClientEdit, cx: &EditCx) -> String {
        match e {
            ClientEdit::AddType { ty } => format!(
                "{}\n\nand add `{}` to the `schema` array of the realm configuration.",
                add_type(cx, ty, &self.class_header(ty), "}"),
                ty.name
            ),
            ClientEdit::RemoveType { ty } => format!("{} Remove it from the `schema` array.", remove_type(ty)),
            ClientEdit::RenameType { from, to } => rename_type(
                from,
                to,
                "Realm JS has no object-level `mapTo` (`schema.name` is the persisted name): keep `name` as the old name and rename only the class, or use a partner collection / terminate and re-enable Sync.",
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
                "// Flexible Sync\nconst config = { schema, sync: { user, flexible: true } };\n// Partition-based Sync\nconst config = { schema, sync: { user, partitionValue: \"<partition value>\" } };",
            ),
        }
    }

    fn schema_version(&self, renames: &[(String, String, String)]) -> String {
        let mut m = String::from(
            "const config = {\n  schema,\n  schemaVersion: /* current + 1 */,\n  onMigration: (oldRealm, newRealm) => {\n",
        );
        for (t, from, to) in renames {
            m.push_str(&format!(
                "    const olds = oldRealm.objects(\"{t}\");\n    const news = newRealm.objects(\"{t}\");\n    for (let i = 0; i < olds.length; i++) news[i][\"{to}\"] = olds[i][\"{from}\"];\n"
            ));
        }
        m.push_str("  },\n};");
        let lang = if self.typescript { "ts" } else { "js" };
        format!("bump `schemaVersion` (not allowed together with `sync`):\n\n```{lang}\n{m}\n```")
    }

    fn client_reset(&self) -> String {
        let lang = if self.typescript { "ts" } else { "js" };
        format!(
            "```{lang}\nconst config = {{\n  schema,\n  sync: {{\n    user,\n    flexible: true,\n    clientReset: {{\n      mode: Realm.ClientResetMode.RecoverOrDiscardUnsyncedChanges,\n      onBefore: (localRealm) => {{ /* back up */ }},\n      onAfter: (localRealm, remoteRealm) => {{ /* reconcile */ }},\n      onFallback: (session, path) => {{ /* ask the user, then session.reconnect() */ }},\n    }},\n  }},\n}};\n```"
        )
    }
}
