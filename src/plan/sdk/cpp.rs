//! C++ (`realm-cpp`), https://www.mongodb.com/docs/atlas/device-sdks/sdk/cpp/model-data/object-models/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/swift/model-data/change-an-object-model/ ; https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ ; https://www.mongodb.com/docs/atlas/app-services/sync/error-handling/client-resets/.

use crate::sdk::Sdk;

use super::edit::*;
use crate::model::{ObjectKind, ObjectType};

pub struct Cpp;

/// The schema macro of a kind of type (the row's "base").
fn macro_name(k: ObjectKind) -> &'static str {
    crate::sdk::CPP.base(k)
}

fn footer(t: &ObjectType, name: &str) -> String {
    let mut names: Vec<&str> = t.properties.values().map(|p| p.name.as_str()).collect();
    names.sort_by_key(|n| t.primary_key.as_deref() != Some(*n));
    format!("}};\n{}({name}, {});", macro_name(t.kind), names.join(", "))
}

impl SdkGuide for Cpp {
    fn add_type(&self, cx: &EditCx, ty: &ObjectType) -> String {
        format!(
            "Add the {} type `{}`:\n\n{}",
            super::edit::kind_word(ty.kind),
            ty.name,
            class_with(cx, ty, &class_header(Sdk::Cpp, ty), &footer(ty, &ty.name))
        )
    }

    fn kind_header(&self, _: &EditCx, after: &ObjectType) -> String {
        format!(
            "{}\n    ...\n{}",
            class_header(Sdk::Cpp, after),
            footer(after, &after.name)
        )
    }

    fn partner_class(&self, cx: &EditCx, after: &ObjectType, title: &str) -> String {
        class_with(cx, after, &format!("struct {title} {{"), &footer(after, title))
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
}
