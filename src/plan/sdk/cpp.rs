//! C++ (`realm-cpp`), https://www.mongodb.com/docs/atlas/device-sdks/sdk/cpp/model-data/object-models/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/swift/model-data/change-an-object-model/ ; https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ ; https://www.mongodb.com/docs/atlas/app-services/sync/error-handling/client-resets/.

use super::*;
use crate::model::{ObjectKind, ObjectType};
use crate::plan::client::{ClientEdit, EditCx, MigrationNeeds, SdkGuide};

pub struct Cpp;

fn macro_name(k: ObjectKind) -> &'static str {
    match k {
        ObjectKind::TopLevel => "REALM_SCHEMA",
        ObjectKind::Embedded => "REALM_EMBEDDED_SCHEMA",
        ObjectKind::Asymmetric => "REALM_ASYMMETRIC_SCHEMA",
    }
}

fn footer(t: &ObjectType, name: &str) -> String {
    let mut names: Vec<&str> = t.properties.values().map(|p| p.name.as_str()).collect();
    names.sort_by_key(|n| t.primary_key.as_deref() != Some(*n));
    format!("}};\n{}({name}, {});", macro_name(t.kind), names.join(", "))
}

const LISTED: &str = "\n\nUpdate the schema macro's member list to match.";

impl SdkGuide for Cpp {
    fn class_header(&self, t: &ObjectType) -> String {
        format!("struct {} {{", t.name)
    }

    fn edit(&self, e: &ClientEdit, cx: &EditCx) -> String {
        match e {
            ClientEdit::AddType { ty } => format!(
                "Add the {} type `{}`:\n\n{}",
                crate::plan::client::kind_word(ty.kind),
                ty.name,
                class_with(cx, ty, &self.class_header(ty), &footer(ty, &ty.name))
            ),
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
                &format!("{}\n    ...\n{}", self.class_header(after), footer(after, &after.name)),
            ),
            ClientEdit::AddProperty { owner, prop } => format!("{}{LISTED}", add_property(cx, owner, prop)),
            ClientEdit::RemoveProperty { owner, prop } => format!("{}{LISTED}", remove_property(cx, owner, prop)),
            ClientEdit::ChangeProperty { owner, before, after } => change_property(cx, owner, before, after),
            ClientEdit::RenameProperty { owner, before, after } => format!(
                "{}{LISTED}",
                rename_property(
                    cx,
                    owner,
                    before,
                    after,
                    "The C++ SDK has no name remapping: the member name is the persisted name, so a rename is breaking."
                )
            ),
            ClientEdit::RemapName { owner, after, .. } => format!(
                "{}\n\nThe C++ SDK cannot remap names: the member keeps the persisted name `{}`.",
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
            ClientEdit::AdoptPartnerType { before, after, title } => adopt_partner(
                cx,
                before,
                title,
                &class_with(cx, after, &format!("struct {title} {{"), &footer(after, title)),
                "The C++ SDK cannot map class names, so the struct is named after the partner title.",
            ),
        }
    }

    fn schema_version(&self, m: &MigrationNeeds) -> String {
        let lost = if m.renames.is_empty() && m.conversions.is_empty() {
            String::new()
        } else {
            " The C++ SDK has no migration callback: renamed or converted values cannot be migrated locally; delete the local realm instead.".into()
        };
        format!(
            "bump the schema version.{lost}\n\n```cpp\nrealm::db_config config;\nconfig.set_schema_version(/* current + 1 */);\n```"
        )
    }

    fn client_reset(&self, partition: bool) -> String {
        let note = if partition {
            "The C++ SDK syncs with Flexible Sync only. "
        } else {
            ""
        };
        format!(
            "{note}The C++ SDK sets no handler by default (core's default is manual):\n\n```cpp\nauto config = user.flexible_sync_configuration();\nconfig.set_client_reset_handler(realm::client_reset::recover_or_discard_unsynced_changes(\n    [](realm::db local) {{ /* before */ }},\n    [](realm::db local, realm::db remote) {{ /* after */ }}));\n```"
        )
    }

    fn discard_realm(&self) -> String {
        "```cpp\n// Open this app version's realm at a new path instead of the old file:\nauto config = user.flexible_sync_configuration();\nconfig.set_path(\"<new realm file path>\");\n```".into()
    }

    fn sync_schema_version(&self) -> String {
        "```cpp\nauto config = user.flexible_sync_configuration();\nconfig.set_schema_version(/* new server schema version */);\n```".into()
    }
}
