//! Realm Java (`io.realm`, Java SDK 10.x). Local realms open in realm-core's Manual schema mode:
//! the migration must apply every change itself through `RealmSchema` (Realm Java reference,
//! `io.realm.RealmMigration`, `io.realm.RealmSchema`, `io.realm.RealmObjectSchema`).

use super::edit::*;
use crate::model::{ObjectKind, ObjectType};

pub struct Java;

fn header(t: &ObjectType, name: Option<&str>) -> String {
    let mut args = Vec::new();
    if let Some(n) = name {
        args.push(format!("name = \"{n}\""));
    }
    if t.kind == ObjectKind::Embedded {
        args.push("embedded = true".to_string());
    }
    let ann = if args.is_empty() {
        String::new()
    } else {
        format!("@RealmClass({})\n", args.join(", "))
    };
    format!(
        "{ann}public class {} extends {} {{",
        t.name,
        crate::sdk::JAVA.base(t.kind)
    )
}

impl SdkGuide for Java {
    fn kind_header(&self, _: &EditCx, t: &ObjectType) -> String {
        header(t, None)
    }

    fn rename_type_alternative(&self, cx: &EditCx, from: &ObjectType, to: &ObjectType) -> String {
        format!(
            "Non-breaking alternative: keep the persisted class name:\n\n{}",
            cx.code(&format!("{} ... }}", header(to, Some(&from.name))))
        )
    }

    fn partner_class(&self, cx: &EditCx, after: &ObjectType, title: &str) -> String {
        class_with(cx, after, &header(after, Some(title)), "}")
    }

    fn schema_version(&self, m: &MigrationNeeds) -> String {
        let mut s = String::from(
            "RealmConfiguration config = new RealmConfiguration.Builder()\n    .schemaVersion(/* current + 1 */)\n    .migration((realm, oldVersion, newVersion) -> {\n        RealmSchema schema = realm.getSchema();\n        // Realm Java checks the file against the model with no difference left: apply every\n        // change of this version here (schema.create, addField, addIndex, addPrimaryKey, ...).\n",
        );
        for (t, from, to) in &m.renames {
            s.push_str(&format!(
                "        schema.get(\"{t}\").renameField(\"{from}\", \"{}\");\n",
                to.name
            ));
        }
        s.push_str(&conversion_note(m, "//", "        "));
        s.push_str("    })\n    .build();");
        format!(
            "bump `schemaVersion` and write the migration (Realm Java opens local realms in Manual mode: a change the migration does not apply throws `RealmMigrationNeededException`):\n\n```java\n{s}\n```"
        )
    }
}
