//! Kotlin (io.realm.kotlin), https://www.mongodb.com/docs/atlas/device-sdks/sdk/kotlin/realm-database/schemas/define-realm-object-model/ ; https://www.mongodb.com/docs/atlas/device-sdks/sdk/swift/model-data/change-an-object-model/ ; https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ ; https://www.mongodb.com/docs/atlas/app-services/sync/error-handling/client-resets/.

use super::*;
use crate::model::{Collection, Element, ObjectKind, ObjectType, Property, PropertyType, ScalarType};
use crate::plan::client::{ClientEdit, EditCx, MigrationNeeds, SdkGuide, conversion_note};

pub struct Kotlin;

fn base(k: ObjectKind) -> &'static str {
    match k {
        ObjectKind::TopLevel => "RealmObject",
        ObjectKind::Embedded => "EmbeddedRealmObject",
        ObjectKind::Asymmetric => "AsymmetricRealmObject",
    }
}

/// The Kotlin class `DynamicRealmObject.getValue<T>` takes for a scalar.
fn value_class(p: &Property) -> Option<&'static str> {
    let PropertyType::Value {
        collection: Collection::Single,
        element: Element::Scalar(s),
    } = &p.ty
    else {
        return None;
    };
    Some(match s {
        ScalarType::Bool => "Boolean",
        ScalarType::Int | ScalarType::Counter => "Long",
        ScalarType::Float => "Float",
        ScalarType::Double => "Double",
        ScalarType::String => "String",
        ScalarType::Data => "ByteArray",
        ScalarType::Date => "RealmInstant",
        ScalarType::Decimal128 => "Decimal128",
        ScalarType::ObjectId => "BsonObjectId",
        ScalarType::Uuid => "RealmUUID",
        ScalarType::Mixed => "RealmAny",
    })
}

impl SdkGuide for Kotlin {
    fn class_header(&self, t: &ObjectType) -> String {
        format!("class {} : {} {{", t.name, base(t.kind))
    }

    fn edit(&self, e: &ClientEdit, cx: &EditCx) -> String {
        match e {
            ClientEdit::AddType { ty } => format!(
                "{}\n\nAdd `{}::class` to the `schema` set of the sync configuration.",
                add_type(cx, ty),
                ty.name
            ),
            ClientEdit::RemoveType { ty } => {
                format!("{} Remove `{}::class` from the `schema` set.", remove_type(ty), ty.name)
            }
            ClientEdit::RenameType { from, to } => rename_type(
                from,
                to,
                &format!(
                    "Non-breaking alternative (Kotlin SDK ≥ 1.8): keep the persisted class name:\n\n{}",
                    cx.code(&format!(
                        "@PersistedName(\"{}\")\nclass {} : {} {{ ... }}",
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
                    "Non-breaking alternative (Kotlin SDK ≥ 1.6): keep the persisted name:\n\n{}",
                    cx.code(&format!(
                        "@PersistedName(\"{}\")\n{}",
                        before.name,
                        cx.decl_new(owner, after)
                            .replace(&format!("@PersistedName(\"{}\")\n", after.name), "")
                    ))
                ),
            ),
            ClientEdit::RemapName { owner, after, .. } => remap_name(cx, owner, after),
            ClientEdit::ChangePrimaryKey { before, after } => change_pk(cx, before, after),
            ClientEdit::DropSubscriptions { field } => drop_subscriptions(
                cx,
                field,
                &format!(
                    "realm.subscriptions.update {{\n    // remove the subscriptions whose query mentions {field}\n    remove(\"<subscription name>\")\n}}"
                ),
            ),
            ClientEdit::ChangeSyncConfiguration { message } => change_sync(
                cx,
                message,
                "val config = SyncConfiguration.Builder(user, schema)\n    .initialSubscriptions { realm -> /* add subscriptions */ }\n    .build()",
            ),
            ClientEdit::AdoptPartnerType { before, after, title } => adopt_partner(
                cx,
                before,
                title,
                &class_with(
                    cx,
                    after,
                    &format!(
                        "@PersistedName(\"{title}\")\nclass {} : {} {{",
                        after.name,
                        base(after.kind)
                    ),
                    "}",
                ),
                "`@PersistedName` (Kotlin SDK ≥ 1.8) keeps the class name in code.",
            ),
        }
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

    fn client_reset(&self, partition: bool) -> String {
        let builder = if partition {
            "SyncConfiguration.Builder(user, <partition value>, schema)"
        } else {
            "SyncConfiguration.Builder(user, schema)"
        };
        format!(
            "```kotlin\nval config = {builder}\n    .syncClientResetStrategy(object : RecoverOrDiscardUnsyncedChangesStrategy {{\n        override fun onBeforeReset(realm: TypedRealm) {{}}\n        override fun onAfterRecovery(before: TypedRealm, after: MutableRealm) {{}}\n        override fun onAfterDiscard(before: TypedRealm, after: MutableRealm) {{}}\n        override fun onManualResetFallback(session: SyncSession, exception: ClientResetRequiredException) {{\n            // close the realm, then exception.executeClientReset()\n        }}\n    }})\n    .build()\n```"
        )
    }

    fn discard_realm(&self) -> String {
        "```kotlin\n// Once, before the first open of this app version:\nRealm.deleteRealm(config)\n```".into()
    }

    fn sync_schema_version(&self) -> String {
        "```kotlin\nval config = SyncConfiguration.Builder(user, schema)\n    .schemaVersion(<new server schema version>)\n    .build()\n```".into()
    }
}
