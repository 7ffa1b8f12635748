//! Swift (RealmSwift ≥ 10.10, `@Persisted`), https://www.mongodb.com/docs/atlas/device-sdks/sdk/swift/model-data/object-models/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/swift/model-data/change-an-object-model/ ; https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ ; https://www.mongodb.com/docs/atlas/app-services/sync/error-handling/client-resets/.

use super::*;
use crate::model::{ObjectKind, ObjectType};
use crate::plan::client::{ClientEdit, EditCx, MigrationNeeds, SdkGuide, conversion_note};

pub struct Swift;

fn base(k: ObjectKind) -> &'static str {
    match k {
        ObjectKind::TopLevel => "Object",
        ObjectKind::Embedded => "EmbeddedObject",
        ObjectKind::Asymmetric => "AsymmetricObject",
    }
}

fn mapping(public: &str, persisted: &str) -> String {
    format!("override class func propertiesMapping() -> [String: String] {{\n    [\"{public}\": \"{persisted}\"]\n}}")
}

impl SdkGuide for Swift {
    fn class_header(&self, t: &ObjectType) -> String {
        format!("class {}: {} {{", t.name, base(t.kind))
    }

    fn edit(&self, e: &ClientEdit, cx: &EditCx) -> String {
        match e {
            ClientEdit::AddType { ty } => add_type(cx, ty),
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
                    cx.code(&mapping(after.public_name(), &before.name))
                ),
            ),
            ClientEdit::RemapName { owner, before, after } => format!(
                "{}\n\nand map it in `{}`:\n\n{}",
                remap_name(cx, owner, after),
                owner.name,
                cx.code(&mapping(after.public_name(), &before.name))
            ),
            ClientEdit::ChangePrimaryKey { before, after } => change_pk(cx, before, after),
            ClientEdit::DropSubscriptions { field } => drop_subscriptions(
                cx,
                field,
                &format!(
                    "let subscriptions = realm.subscriptions\ntry await subscriptions.update {{\n    // remove the subscriptions whose query mentions {field}\n    subscriptions.remove(named: \"<subscription name>\")\n}}"
                ),
            ),
            ClientEdit::ChangeSyncConfiguration { message } => {
                change_sync(cx, message, "let config = user.flexibleSyncConfiguration()")
            }
            ClientEdit::AdoptPartnerType { before, after, title } => adopt_partner(
                cx,
                before,
                title,
                &class_with(cx, after, &format!("class {title}: {} {{", base(after.kind)), "}"),
                "Swift cannot map class names, so the class itself is named after the partner title; move the app's code from the old class to it.",
            ),
        }
    }

    fn schema_version(&self, m: &MigrationNeeds) -> String {
        let mut block = String::from(
            "let config = Realm.Configuration(\n    schemaVersion: <current + 1>,\n    migrationBlock: { migration, oldSchemaVersion in\n",
        );
        for (t, from, to) in &m.renames {
            block.push_str(&format!(
                "        migration.renameProperty(onType: \"{t}\", from: \"{from}\", to: \"{}\")\n",
                to.name
            ));
        }
        block.push_str(&conversion_note(m, "//", "        "));
        block.push_str("    }\n)");
        format!("bump `schemaVersion` (synced realms stay at 0):\n\n```swift\n{block}\n```")
    }

    fn client_reset(&self, partition: bool) -> String {
        let config = if partition {
            "user.configuration(partitionValue: <partition value>, clientResetMode:"
        } else {
            "user.flexibleSyncConfiguration(clientResetMode:"
        };
        format!(
            "```swift\nvar config = {config} .recoverOrDiscardUnsyncedChanges(\n    beforeReset: {{ before in /* back up what you need */ }},\n    afterReset: {{ before, after in /* reconcile */ }}\n))\n```"
        )
    }

    fn discard_realm(&self) -> String {
        "```swift\nlet config = user.flexibleSyncConfiguration()\n// Once, before the first open of this app version:\ntry Realm.deleteFiles(for: config)\n```".into()
    }

    fn sync_schema_version(&self) -> String {
        "not available in Swift: RealmSwift requires `schemaVersion` 0 for synced realms (since 10.46.0), so Swift apps cannot pick a sync schema version; keep Swift apps on a route that needs none, or update them in step with the server.".into()
    }
}
