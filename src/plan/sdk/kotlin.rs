//! Kotlin (io.realm.kotlin), facts §4.1.2, §4.2, §4.4.

use super::*;
use crate::model::{ObjectKind, ObjectType};
use crate::plan::client::{ClientEdit, EditCx, SdkGuide};

pub struct Kotlin;

fn base(k: ObjectKind) -> &'static str {
    match k {
        ObjectKind::TopLevel => "RealmObject",
        ObjectKind::Embedded => "EmbeddedRealmObject",
        ObjectKind::Asymmetric => "AsymmetricRealmObject",
    }
}

impl SdkGuide for Kotlin {
    fn class_header(&self, t: &ObjectType) -> String {
        format!("class {} : {} {{", t.name, base(t.kind))
    }

    fn edit(&self, e: &ClientEdit, cx: &EditCx) -> String {
        match e {
            ClientEdit::AddType { ty } => format!(
                "{}\n\nand add `{}::class` to the `schema` set of your sync configuration.",
                add_type(cx, ty, &self.class_header(ty), "}"),
                ty.name
            ),
            ClientEdit::RemoveType { ty } => {
                format!("{} Remove `{}::class` from the `schema` set.", remove_type(ty), ty.name)
            }
            ClientEdit::RenameType { from, to } => rename_type(
                from,
                to,
                &format!(
                    "Non-breaking alternative (Kotlin SDK ≥ 1.8): keep the persisted class name:\n\n{}",
                    cx.code(&format!(
                        "@PersistedName(\"{}\")\nclass {} : {} {{ ... }}",
                        from.name,
                        to.name,
                        base(to.kind)
                    ))
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
                    "Non-breaking alternative (Kotlin SDK ≥ 1.6): keep the persisted name:\n\n{}",
                    cx.code(&format!(
                        "@PersistedName(\"{}\")\n{}",
                        before.name,
                        cx.decl_new(owner, after)
                            .replace(&format!("@PersistedName(\"{}\")\n", after.name), "")
                    ))
                ),
            ),
            ClientEdit::RemapName { owner, after, .. } => remap_name(cx, owner, after),
            ClientEdit::ChangePrimaryKey { before, after } => change_pk(cx, before, after),
            ClientEdit::DropSubscriptions { field } => drop_subscriptions(
                cx,
                field,
                &format!(
                    "realm.subscriptions.update {{\n    // remove the subscriptions whose query mentions {field}\n    remove(\"<subscription name>\")\n}}"
                ),
            ),
            ClientEdit::ChangeSyncConfiguration { message } => change_sync(
                cx,
                message,
                "// Flexible Sync\nval config = SyncConfiguration.Builder(user, schema).initialSubscriptions { /* ... */ }.build()\n// Partition-based Sync\nval config = SyncConfiguration.Builder(user, <partition value>, schema).build()",
            ),
        }
    }

    fn schema_version(&self, renames: &[(String, String, String)]) -> String {
        let mut m = String::from(
            "val config = RealmConfiguration.Builder(schema)\n    .schemaVersion(<current + 1>)\n    .migration(AutomaticSchemaMigration { ctx ->\n",
        );
        for (t, from, to) in renames {
            m.push_str(&format!(
                "        ctx.enumerate(\"{t}\") {{ old, new -> new?.set(\"{to}\", old.getValue<Any?>(\"{from}\")) }}\n"
            ));
        }
        m.push_str("    })\n    .build()");
        format!(
            "bump `schemaVersion` (Kotlin has no rename helper: copy values in `enumerate`):\n\n```kotlin\n{m}\n```"
        )
    }

    fn client_reset(&self) -> String {
        "```kotlin\nval config = SyncConfiguration.Builder(user, schema)\n    .syncClientResetStrategy(object : RecoverOrDiscardUnsyncedChangesStrategy {\n        override fun onBeforeReset(realm: TypedRealm) {}\n        override fun onAfterRecovery(before: TypedRealm, after: MutableRealm) {}\n        override fun onAfterDiscard(before: TypedRealm, after: MutableRealm) {}\n        override fun onManualResetFallback(session: SyncSession, exception: ClientResetRequiredException) {\n            // close the realm, then exception.executeClientReset()\n        }\n    })\n    .build()\n```".into()
    }
}
