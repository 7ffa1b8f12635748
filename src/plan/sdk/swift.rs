//! Swift (RealmSwift ≥ 10.10, `@Persisted`), https://www.mongodb.com/docs/atlas/device-sdks/sdk/swift/model-data/object-models/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/swift/model-data/change-an-object-model/ ; https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ ; https://www.mongodb.com/docs/atlas/app-services/sync/error-handling/client-resets/.

use super::edit::*;
use crate::model::{ObjectType, Property};

pub struct Swift;

fn mapping(public: &str, persisted: &str) -> String {
    format!("override class func propertiesMapping() -> [String: String] {{\n    [\"{public}\": \"{persisted}\"]\n}}")
}

impl SdkGuide for Swift {
    fn rename_property_alternative(&self, cx: &EditCx, _: &ObjectType, before: &Property, after: &Property) -> String {
        format!(
            "Non-breaking alternative: keep the persisted name and map it (RealmSwift ≥ 10.33):\n\n{}",
            cx.code(&mapping(after.public_name(), &before.name))
        )
    }

    fn remap(&self, cx: &EditCx, owner: &ObjectType, before: &Property, after: &Property) -> String {
        format!(
            "{}\n\nand map it in `{}`:\n\n{}",
            remap_name(cx, owner, after),
            owner.name,
            cx.code(&mapping(after.public_name(), &before.name))
        )
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
}
