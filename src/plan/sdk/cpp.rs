//! C++ (`realm-cpp`), facts §4.1.6, §4.2, §4.4.

use super::*;
use crate::model::{ObjectKind, ObjectType};
use crate::plan::client::{ClientEdit, EditCx, SdkGuide};

pub struct Cpp;

fn macro_name(k: ObjectKind) -> &'static str {
    match k {
        ObjectKind::TopLevel => "REALM_SCHEMA",
        ObjectKind::Embedded => "REALM_EMBEDDED_SCHEMA",
        ObjectKind::Asymmetric => "REALM_ASYMMETRIC_SCHEMA",
    }
}

fn footer(t: &ObjectType) -> String {
    let mut names: Vec<&str> = t.properties.values().map(|p| p.name.as_str()).collect();
    names.sort_by_key(|n| t.primary_key.as_deref() != Some(*n));
    format!("}};\n{}({}, {})", macro_name(t.kind), t.name, names.join(", "))
}

impl SdkGuide for Cpp {
    fn class_header(&self, t: &ObjectType) -> String {
        format!("struct {} {{", t.name)
    }

    fn edit(&self, e: &ClientEdit, cx: &EditCx) -> String {
        let listed = |owner: &ObjectType| {
            format!(
                " Update the `{}({}, ...)` list to match.",
                macro_name(owner.kind),
                owner.name
            )
        };
        match e {
            ClientEdit::AddType { ty } => add_type(cx, ty, &self.class_header(ty), &footer(ty)),
            ClientEdit::RemoveType { ty } => {
                format!("{} Remove its `{}` line too.", remove_type(ty), macro_name(ty.kind))
            }
            ClientEdit::RenameType { from, to } => rename_type(
                from,
                to,
                "The C++ SDK cannot map class names: use a partner collection or terminate/re-enable Sync.",
            ),
            ClientEdit::ChangeTypeKind { before, after } => change_kind(
                cx,
                before,
                after,
                &format!("{}\n    ...\n{}", self.class_header(after), footer(after)),
            ),
            ClientEdit::AddProperty { owner, prop } => format!("{}{}", add_property(cx, owner, prop), listed(owner)),
            ClientEdit::RemoveProperty { owner, prop } => {
                format!("{}{}", remove_property(cx, owner, prop), listed(owner))
            }
            ClientEdit::ChangeProperty { owner, before, after } => change_property(cx, owner, before, after),
            ClientEdit::RenameProperty { owner, before, after } => format!(
                "{}{}",
                rename_property(
                    cx,
                    owner,
                    before,
                    after,
                    "The C++ SDK has no name remapping: the member name is the persisted name, so a rename is breaking."
                ),
                listed(owner)
            ),
            ClientEdit::RemapName { owner, after, .. } => format!(
                "{} (C++ cannot remap names: the member must keep the persisted name `{}`.)",
                remap_name(cx, owner, after),
                after.name
            ),
            ClientEdit::ChangePrimaryKey { before, after } => change_pk(cx, before, after),
            ClientEdit::DropSubscriptions { field } => drop_subscriptions(
                cx,
                field,
                &format!(
                    "realm.subscriptions().update([](realm::mutable_sync_subscription_set& subs) {{\n    // remove the subscriptions whose query mentions {field}\n    subs.remove(\"<subscription name>\");\n}}).get();"
                ),
            ),
            ClientEdit::ChangeSyncConfiguration { message } => {
                change_sync(cx, message, "auto config = user.flexible_sync_configuration();")
            }
        }
    }

    fn schema_version(&self, _renames: &[(String, String, String)]) -> String {
        "bump the schema version (the C++ SDK has no migration callback: renames and conversions cannot be migrated locally; delete the local realm instead):\n\n```cpp\nrealm::db_config config;\nconfig.set_schema_version(/* current + 1 */);\n```".into()
    }

    fn client_reset(&self) -> String {
        "the C++ SDK sets no handler by default (core's default is manual):\n\n```cpp\nauto config = user.flexible_sync_configuration();\nconfig.set_client_reset_handler(realm::client_reset::recover_or_discard_unsynced_changes(\n    [](realm::db local) { /* before */ },\n    [](realm::db local, realm::db remote) { /* after */ }));\n```".into()
    }
}
