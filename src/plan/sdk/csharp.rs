//! C# / .NET (`Realm` NuGet, source generator), https://www.mongodb.com/docs/atlas/device-sdks/sdk/dotnet/model-data/define-object-model/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/swift/model-data/change-an-object-model/ ; https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ ; https://www.mongodb.com/docs/atlas/app-services/sync/error-handling/client-resets/.

use super::*;
use crate::model::{ObjectKind, ObjectType};
use crate::plan::client::{EditCx, MigrationNeeds, SdkGuide, conversion_note};

pub struct CSharp;

fn base(k: ObjectKind) -> &'static str {
    crate::sdk::CSHARP.base(k)
}

impl SdkGuide for CSharp {
    fn class_header(&self, t: &ObjectType) -> String {
        format!("public partial class {} : {}\n{{", t.name, base(t.kind))
    }

    fn rename_type_alternative(&self, cx: &EditCx, from: &ObjectType, to: &ObjectType) -> String {
        format!(
            "Non-breaking alternative: keep the persisted class name:\n\n{}",
            cx.code(&format!(
                "[MapTo(\"{}\")]\npublic partial class {} : {} {{ ... }}",
                from.name,
                to.name,
                base(to.kind)
            ))
        )
    }

    fn partner_class(&self, cx: &EditCx, after: &ObjectType, title: &str) -> String {
        class_with(
            cx,
            after,
            &format!(
                "[MapTo(\"{title}\")]\npublic partial class {} : {}\n{{",
                after.name,
                base(after.kind)
            ),
            "}",
        )
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
}
