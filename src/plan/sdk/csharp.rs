//! C# / .NET (`Realm` NuGet, source generator), https://www.mongodb.com/docs/atlas/device-sdks/sdk/dotnet/model-data/define-object-model/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/swift/model-data/change-an-object-model/ ; https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ ; https://www.mongodb.com/docs/atlas/app-services/sync/error-handling/client-resets/.

use super::*;
use crate::model::{ObjectKind, ObjectType};
use crate::plan::client::{ClientEdit, EditCx, MigrationNeeds, SdkGuide, conversion_note};

pub struct CSharp;

fn base(k: ObjectKind) -> &'static str {
    match k {
        ObjectKind::TopLevel => "IRealmObject",
        ObjectKind::Embedded => "IEmbeddedObject",
        ObjectKind::Asymmetric => "IAsymmetricObject",
    }
}

impl SdkGuide for CSharp {
    fn class_header(&self, t: &ObjectType) -> String {
        format!("public partial class {} : {}\n{{", t.name, base(t.kind))
    }

    fn edit(&self, e: &ClientEdit, cx: &EditCx) -> String {
        match e {
            ClientEdit::AddType { ty } => add_type(cx, ty),
            ClientEdit::RemoveType { ty } => remove_type(ty),
            ClientEdit::RenameType { from, to } => rename_type(
                from,
                to,
                &format!(
                    "Non-breaking alternative: keep the persisted class name:\n\n{}",
                    cx.code(&format!(
                        "[MapTo(\"{}\")]\npublic partial class {} : {} {{ ... }}",
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
                    "Non-breaking alternative: keep the persisted name with `[MapTo(\"{}\")]` on the renamed property.",
                    before.name
                ),
            ),
            ClientEdit::RemapName { owner, after, .. } => remap_name(cx, owner, after),
            ClientEdit::ChangePrimaryKey { before, after } => change_pk(cx, before, after),
            ClientEdit::DropSubscriptions { field } => drop_subscriptions(
                cx,
                field,
                &format!(
                    "realm.Subscriptions.Update(() =>\n{{\n    // remove the subscriptions whose query mentions {field}\n    realm.Subscriptions.Remove(\"<subscription name>\");\n}});"
                ),
            ),
            ClientEdit::ChangeSyncConfiguration { message } => {
                change_sync(cx, message, "var config = new FlexibleSyncConfiguration(user);")
            }
            ClientEdit::AdoptPartnerType { before, after, title } => adopt_partner(
                cx,
                before,
                title,
                &class_with(
                    cx,
                    after,
                    &format!(
                        "[MapTo(\"{title}\")]\npublic partial class {} : {}\n{{",
                        after.name,
                        base(after.kind)
                    ),
                    "}",
                ),
                "`[MapTo]` on the class keeps its name in code.",
            ),
        }
    }

    fn schema_version(&self, m: &MigrationNeeds) -> String {
        let mut s = String::from(
            "var config = new RealmConfiguration\n{\n    SchemaVersion = /* current + 1 */,\n    MigrationCallback = (migration, oldSchemaVersion) =>\n    {\n",
        );
        for (t, from, to) in &m.renames {
            s.push_str(&format!(
                "        migration.RenameProperty(\"{t}\", \"{from}\", \"{}\");\n",
                to.name
            ));
        }
        s.push_str(&conversion_note(m, "//", "        "));
        s.push_str("    }\n};");
        format!("bump `SchemaVersion`:\n\n```csharp\n{s}\n```")
    }

    fn client_reset(&self, partition: bool) -> String {
        let config = if partition {
            "new PartitionSyncConfiguration(\"<partition value>\", user)"
        } else {
            "new FlexibleSyncConfiguration(user)"
        };
        format!(
            "```csharp\nvar config = {config}\n{{\n    ClientResetHandler = new RecoverOrDiscardUnsyncedChangesHandler\n    {{\n        OnBeforeReset = beforeFrozen => {{ /* back up */ }},\n        OnAfterRecovery = (beforeFrozen, after) => {{ }},\n        OnAfterDiscard = (beforeFrozen, after) => {{ }},\n        ManualResetFallback = err => {{ /* close the realm, then */ err.InitiateClientReset(); }},\n    }}\n}};\n```"
        )
    }

    fn discard_realm(&self) -> String {
        "```csharp\n// Once, before the first open of this app version:\nRealm.DeleteRealm(config);\n```".into()
    }

    fn sync_schema_version(&self) -> String {
        "```csharp\nvar config = new FlexibleSyncConfiguration(user) { SchemaVersion = /* new server schema version */ };\n```".into()
    }
}
