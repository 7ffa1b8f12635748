//! C# / .NET (`Realm` NuGet, source generator), https://www.mongodb.com/docs/atlas/device-sdks/sdk/dotnet/model-data/define-object-model/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/swift/model-data/change-an-object-model/ ; https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ ; https://www.mongodb.com/docs/atlas/app-services/sync/error-handling/client-resets/.

use super::edit::*;

pub struct CSharp;

impl SdkGuide for CSharp {
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
