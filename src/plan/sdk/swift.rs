//! Swift (RealmSwift ≥ 10.10, `@Persisted`), facts §4.1.1, §4.2, §4.4.

use super::*;
use crate::model::{ObjectKind, ObjectType};
use crate::plan::client::{ClientEdit, EditCx, SdkGuide};

pub struct Swift;

fn base(k: ObjectKind) -> &'static str {
    match k {
        ObjectKind::TopLevel => "Object",
        ObjectKind::Embedded => "EmbeddedObject",
        ObjectKind::Asymmetric => "AsymmetricObject",
    }
}

impl SdkGuide for Swift {
    fn class_header(&self, t: &ObjectType) -> String {
        format!("class {}: {} {{", t.name, base(t.kind))
    }

    fn edit(&self, e: &ClientEdit, cx: &EditCx) -> String {
        match e {
            ClientEdit::AddType { ty } => add_type(cx, ty, &self.class_header(ty), "}"),
            ClientEdit::RemoveType { ty } => remove_type(ty),
            ClientEdit::RenameType { from, to } => rename_type(
                from,
                to,
                "Swift has no public API to keep the old class name (only the underscored `_realmObjectName()`): use a partner collection or terminate/re-enable Sync.",
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
                    "Non-breaking alternative: keep the persisted name and map it (RealmSwift ≥ 10.33):\n\n{}",
                    cx.code(&format!(
                        "override class func propertiesMapping() -> [String: String] {{\n    [\"{}\": \"{}\"]\n}}",
                        after.public_name(),
                        before.name
                    ))
                ),
            ),
            ClientEdit::RemapName { owner, before, after } => format!(
                "{}\n\nand map it in `{}`:\n\n{}",
                remap_name(cx, owner, after),
                owner.name,
                cx.code(&format!(
                    "override class func propertiesMapping() -> [String: String] {{\n    [\"{}\": \"{}\"]\n}}",
                    after.public_name(),
                    before.name
                ))
            ),
            ClientEdit::ChangePrimaryKey { before, after } => change_pk(cx, before, after),
            ClientEdit::DropSubscriptions { field } => drop_subscriptions(
                cx,
                field,
                &format!(
                    "try await realm.subscriptions.update {{\n    // remove the subscriptions whose query mentions {field}\n    realm.subscriptions.remove(named: \"<subscription name>\")\n}}"
                ),
            ),
            ClientEdit::ChangeSyncConfiguration { message } => change_sync(
                cx,
                message,
                "// Flexible Sync\nvar config = user.flexibleSyncConfiguration()\n// Partition-based Sync\nvar config = user.configuration(partitionValue: <partition value>)",
            ),
        }
    }

    fn schema_version(&self, renames: &[(String, String, String)]) -> String {
        let mut block = String::from(
            "let config = Realm.Configuration(\n    schemaVersion: <current + 1>,\n    migrationBlock: { migration, oldSchemaVersion in\n",
        );
        for (t, from, to) in renames {
            block.push_str(&format!(
                "        migration.renameProperty(onType: \"{t}\", from: \"{from}\", to: \"{to}\")\n"
            ));
        }
        block.push_str("    }\n)");
        format!("bump `schemaVersion` (synced realms: leave it at 0):\n\n```swift\n{block}\n```")
    }

    fn client_reset(&self) -> String {
        "```swift\nvar config = user.flexibleSyncConfiguration(clientResetMode: .recoverOrDiscardUnsyncedChanges(\n    beforeReset: { before in /* back up what you need */ },\n    afterReset: { before, after in /* reconcile */ }\n))\n```".into()
    }
}
