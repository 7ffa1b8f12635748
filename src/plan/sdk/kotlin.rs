//! Kotlin (io.realm.kotlin), https://www.mongodb.com/docs/atlas/device-sdks/sdk/kotlin/realm-database/schemas/define-realm-object-model/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/swift/model-data/change-an-object-model/ ; https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ ; https://www.mongodb.com/docs/atlas/app-services/sync/error-handling/client-resets/.

use super::edit::*;

use crate::model::{Collection, Element, ObjectType, Property, PropertyType};

pub struct Kotlin;

/// The Kotlin class `DynamicRealmObject.getValue<T>` takes for a scalar.
fn value_class(p: &Property) -> Option<&'static str> {
    let PropertyType::Value {
        collection: Collection::Single,
        element: Element::Scalar(s),
    } = &p.ty
    else {
        return None;
    };
    crate::sdk::KOTLIN.dynamic_scalar(*s)
}

impl SdkGuide for Kotlin {
    fn rename_property_alternative(
        &self,
        cx: &EditCx,
        owner: &ObjectType,
        before: &Property,
        after: &Property,
    ) -> String {
        format!(
            "Non-breaking alternative (Kotlin SDK ≥ 1.6): keep the persisted name:\n\n{}",
            cx.code(&format!(
                "@PersistedName(\"{}\")\n{}",
                before.name,
                cx.decl_new(owner, after)
                    .replace(&format!("@PersistedName(\"{}\")\n", after.name), "")
            ))
        )
    }

    fn schema_version(&self, m: &MigrationNeeds) -> String {
        let mut s = String::from(
            "val config = RealmConfiguration.Builder(schema)\n    .schemaVersion(<current + 1>)\n    .migration(AutomaticSchemaMigration { ctx ->\n",
        );
        for (t, from, to) in &m.renames {
            match value_class(to) {
                Some(k) => {
                    let get = if to.optional {
                        format!("getNullableValue<{k}>")
                    } else {
                        format!("getValue<{k}>")
                    };
                    s.push_str(&format!(
                        "        ctx.enumerate(\"{t}\") {{ old, new -> new?.set(\"{}\", old.{get}(\"{from}\")) }}\n",
                        to.name
                    ));
                }
                None => s.push_str(&format!(
                    "        // copy {t}.{from} into {} (a collection or link) here\n",
                    to.name
                )),
            }
        }
        s.push_str(&conversion_note(m, "//", "        "));
        s.push_str("    })\n    .build()");
        format!(
            "bump `schemaVersion` (Kotlin has no rename helper: values are copied in `enumerate`):\n\n```kotlin\n{s}\n```"
        )
    }
}
