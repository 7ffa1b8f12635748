//! JavaScript / TypeScript (`realm` v12), https://www.mongodb.com/docs/atlas/device-sdks/sdk/node/model-data/define-a-realm-object-model/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/swift/model-data/change-an-object-model/ ; https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ ; https://www.mongodb.com/docs/atlas/app-services/sync/error-handling/client-resets/.

use super::edit::*;

use crate::model::{ObjectKind, ObjectType};

pub struct Js {
    pub typescript: bool,
}

impl Js {
    fn lang(&self) -> &'static str {
        if self.typescript { "ts" } else { "js" }
    }
}

impl SdkGuide for Js {
    fn kind_header(&self, _: &EditCx, t: &ObjectType) -> String {
        let generic = if self.typescript {
            format!("<{}>", t.name)
        } else {
            String::new()
        };
        let kind = match t.kind {
            ObjectKind::TopLevel => "",
            ObjectKind::Embedded => " embedded: true,",
            ObjectKind::Asymmetric => " asymmetric: true,",
        };
        format!(
            "class {} extends Realm.Object{generic} {{\n  static schema = {{ name: \"{}\",{kind} properties: {{ /* ... */ }} }};\n}}",
            t.name, t.name
        )
    }

    fn partner_class(&self, cx: &EditCx, after: &ObjectType, title: &str) -> String {
        // The generated class, synced under the partner title (`schema.name` is persisted).
        let class = cx
            .class_of(after)
            .replace(&format!("name: \"{}\"", after.name), &format!("name: \"{title}\""));
        cx.code(&class)
    }

    fn schema_version(&self, m: &MigrationNeeds) -> String {
        let mut s = String::from(
            "const config = {\n  schema,\n  schemaVersion: /* current + 1 */,\n  onMigration: (oldRealm, newRealm) => {\n",
        );
        for (t, from, to) in &m.renames {
            s.push_str(&format!(
                "    const olds = oldRealm.objects(\"{t}\");\n    const news = newRealm.objects(\"{t}\");\n    for (let i = 0; i < olds.length; i++) news[i][\"{}\"] = olds[i][\"{from}\"];\n",
                to.name
            ));
        }
        s.push_str(&conversion_note(m, "//", "    "));
        s.push_str("  },\n};");
        format!(
            "bump `schemaVersion` (not allowed together with `sync`):\n\n```{}\n{s}\n```",
            self.lang()
        )
    }
}
