//! Dart / Flutter (`realm` v2+), https://www.mongodb.com/docs/atlas/device-sdks/sdk/flutter/realm-database/model-data/define-realm-object-schema/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/swift/model-data/change-an-object-model/ ; https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ ; https://www.mongodb.com/docs/atlas/app-services/sync/error-handling/client-resets/.

use super::edit::*;

pub struct Dart;

impl SdkGuide for Dart {
    fn schema_version(&self, m: &MigrationNeeds) -> String {
        let mut s = String::from(
            "final config = Configuration.local(schemaObjects,\n    schemaVersion: /* current + 1 */,\n    migrationCallback: (migration, oldSchemaVersion) {\n",
        );
        for (t, from, to) in &m.renames {
            s.push_str(&format!(
                "  migration.renameProperty('{t}', '{from}', '{}');\n",
                to.name
            ));
        }
        s.push_str(&conversion_note(m, "//", "  "));
        s.push_str("});");
        format!("bump `schemaVersion`:\n\n```dart\n{s}\n```")
    }
}
