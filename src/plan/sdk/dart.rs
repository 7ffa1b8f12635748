//! Dart / Flutter (`realm` v2+), https://www.mongodb.com/docs/atlas/device-sdks/sdk/flutter/realm-database/model-data/define-realm-object-schema/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/swift/model-data/change-an-object-model/ ; https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ ; https://www.mongodb.com/docs/atlas/app-services/sync/error-handling/client-resets/.

use super::*;
use crate::model::{ObjectKind, ObjectType};
use crate::plan::client::{EditCx, MigrationNeeds, SdkGuide, conversion_note};

pub struct Dart;

fn annotation(k: ObjectKind) -> &'static str {
    crate::sdk::DART.base(k)
}

impl SdkGuide for Dart {
    fn class_header(&self, t: &ObjectType) -> String {
        format!("{}\nclass _{} {{", annotation(t.kind), t.name)
    }

    fn rename_type_alternative(&self, cx: &EditCx, from: &ObjectType, to: &ObjectType) -> String {
        format!(
            "Non-breaking alternative: keep the persisted class name:\n\n{}",
            cx.code(&format!(
                "{}\n@MapTo('{}')\nclass _{} {{ ... }}",
                annotation(to.kind),
                from.name,
                to.name
            ))
        )
    }

    fn partner_class(&self, cx: &EditCx, after: &ObjectType, title: &str) -> String {
        class_with(
            cx,
            after,
            &format!(
                "{}\n@MapTo('{title}')\nclass _{} {{",
                annotation(after.kind),
                after.name
            ),
            "}",
        )
    }

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
